"""Practice history: every finished game a person played, in a small SQLite database, so progress
shows over weeks — by scenario and by persona faced.

The database lives in the data folder (`$LEVERAGE_HOME`, else the user data folder) as
`history.sqlite3`. History must never get in the way of playing: every failure (a damaged file,
a database another program holds locked, a full disk) becomes a `HistoryError` with one clear
line, and `record_game` turns that into a warning the caller can show instead of raising. The
date a game was played is stored here (history is about time; the rules never see it).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attrs import asdict, frozen

from sim.ai.match import Match
from sim.core.validate import is_int, is_number
from sim.record.paths import HISTORY_FILE, history_file

FILE_NAME = HISTORY_FILE
SCHEMA_VERSION = 1
LOCK_TIMEOUT = 0.5  # seconds a reader waits for a busy database before saying so
# Seconds a finished game waits to be written. Other windows (a class on one `serve` shares one
# data folder) write the same file; each write is brief, but thirty of them at the end of a
# session queue up, and at half a second a third of a class's games went unrecorded. Only a
# database held by another program for this long costs the game its entry (play goes on).
WRITE_TIMEOUT = 5.0

_COLUMNS = (
    "played_at",
    "scenario",
    "role",
    "persona",
    "difficulty",
    "seed",
    "outcome",
    "rounds",
    "points",
    "batna",
    "surplus_share",
    "efficiency",
    "replay",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id INTEGER PRIMARY KEY,
    played_at TEXT NOT NULL,
    scenario TEXT NOT NULL,
    role TEXT NOT NULL,
    persona TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    seed INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    rounds INTEGER NOT NULL,
    points REAL NOT NULL,
    batna REAL NOT NULL,
    surplus_share REAL,
    efficiency REAL,
    replay TEXT
);
CREATE INDEX IF NOT EXISTS games_by_time ON games (played_at, id);
"""


class HistoryError(Exception):
    """The history database cannot be used right now; the message says why and what to do."""


@frozen
class GameRecord:
    """One finished game from the side the person played. `surplus_share` is the person's
    share of the joint gain over both BATNAs (None without a deal, or when there was no gain to
    share); `efficiency` is the joint gain reached as a share of the most any package offered."""

    played_at: str
    scenario: str
    role: str
    persona: str  # whom they faced
    difficulty: str
    seed: int
    outcome: str  # deal, walk-away, deadline
    rounds: int
    points: float
    batna: float
    surplus_share: float | None
    efficiency: float | None
    replay: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def record_of(
    match: Match,
    role: int,
    persona: str,
    difficulty: str,
    replay: str | Path | None = None,
    played_at: str | None = None,
) -> GameRecord:
    """The history entry for a finished match, seen from `role` (the person's side)."""
    state = match.state
    if state.outcome is None:
        raise ValueError("only a finished game goes into the history")
    scenario = state.scenario
    space = match.game.space
    payoffs = state.outcome.payoffs
    batna = state.batna
    gains = (payoffs[0] - batna[0], payoffs[1] - batna[1])
    joint = gains[0] + gains[1]
    best = float((space.points[0] + space.points[1]).max()) - batna[0] - batna[1]
    share = round(gains[role] / joint, 4) if state.outcome.is_deal and joint > 1e-9 else None
    efficiency = round(max(0.0, joint) / best, 4) if best > 1e-9 else None
    return GameRecord(
        played_at=played_at or datetime.now(UTC).isoformat(timespec="seconds"),
        scenario=scenario.id,
        role=scenario.roles[role].id,
        persona=persona,
        difficulty=difficulty,
        seed=match.game.seed,
        outcome=state.outcome.kind,
        rounds=state.outcome.round,
        points=round(payoffs[role], 4),
        batna=round(batna[role], 4),
        surplus_share=share,
        efficiency=efficiency,
        replay=str(replay) if replay is not None else None,
    )


def history_path() -> Path:
    return history_file()


class History:
    """The practice history database. Open it, add games, read them back; every sqlite failure
    comes out as a `HistoryError` naming the file and what to do."""

    def __init__(self, path: str | Path | None = None, timeout: float | None = None):
        self.path = Path(path) if path is not None else history_path()
        self.timeout = timeout  # None: LOCK_TIMEOUT to read, WRITE_TIMEOUT to add a game
        self.skipped = 0  # rows the last `games()` left out: a column held the wrong type

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if not create and not self.path.exists():
            return None
        if self.path.is_dir():
            raise HistoryError(f"{self.path}: is a folder, not the history database")
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            timeout = self.timeout
            if timeout is None:
                timeout = WRITE_TIMEOUT if create else LOCK_TIMEOUT
            connection = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise self._problem(error) from None
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryError(
                    f"{self.path}: written by a newer Leverage (history version {version}); "
                    f"this one reads version {SCHEMA_VERSION}"
                )
            self._check_columns(connection)
            if create:
                connection.executescript(_SCHEMA)
                if version == 0:
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as error:
            connection.close()
            raise self._problem(error) from None
        except HistoryError:
            connection.close()
            raise
        return connection

    def _check_columns(self, connection: sqlite3.Connection) -> None:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(games)")}
        if not columns:
            return
        missing = [c for c in _COLUMNS if c not in columns]
        if missing:
            raise HistoryError(
                f"{self.path}: the history database is damaged (table games lacks "
                f"{', '.join(missing)}); move the file aside and a new history starts"
            )

    def _problem(self, error: Exception) -> HistoryError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return HistoryError(
                f"{self.path}: the history database is busy (another program has it locked); "
                "try again when it is closed"
            )
        if isinstance(error, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "corrupt" in text
        ):
            return HistoryError(
                f"{self.path}: the history database is damaged ({text}); move the file aside "
                "and a new history starts"
            )
        if isinstance(error, OSError):
            return HistoryError(f"{self.path}: cannot open the history ({error.strerror or error})")
        return HistoryError(f"{self.path}: the history database cannot be used ({text})")

    def add(self, record: GameRecord) -> None:
        connection = self._connect(create=True)
        assert connection is not None
        try:
            values = [getattr(record, column) for column in _COLUMNS]
            placeholders = ", ".join("?" for _ in _COLUMNS)
            connection.execute(
                f"INSERT INTO games ({', '.join(_COLUMNS)}) VALUES ({placeholders})", values
            )
        except sqlite3.Error as error:
            raise self._problem(error) from None
        finally:
            connection.close()

    def games(self, scenario: str | None = None, persona: str | None = None) -> list[GameRecord]:
        """Every recorded game, oldest first (optionally of one scenario or persona)."""
        connection = self._connect(create=False)
        if connection is None:
            return []
        try:
            query = f"SELECT {', '.join(_COLUMNS)} FROM games"
            conditions, values = [], []
            if scenario is not None:
                conditions.append("scenario = ?")
                values.append(scenario)
            if persona is not None:
                conditions.append("persona = ?")
                values.append(persona)
            if conditions:
                query += " WHERE " + " AND ".join(conditions)
            rows = connection.execute(query + " ORDER BY played_at, id", values).fetchall()
        except sqlite3.Error as error:
            raise self._problem(error) from None
        finally:
            connection.close()
        records = [_record(row) for row in rows]
        self.skipped = sum(1 for record in records if record is None)
        return [record for record in records if record is not None]


# What each column must hold for a row to be shown: another program (or a hand edit) can put
# text in `points` or NULL in `scenario`, which SQLite allows whatever the schema says.
_TEXT = {"played_at", "scenario", "role", "persona", "difficulty", "outcome"}
_WHOLE = {"seed", "rounds"}
_NUMBER = {"points", "batna"}
_OPTIONAL_NUMBER = {"surplus_share", "efficiency"}


def _record(row: Iterable[Any]) -> GameRecord | None:
    """A row as a record, or None when a column holds the wrong type of value."""
    data = dict(zip(_COLUMNS, row, strict=True))
    for column, value in data.items():
        if column in _TEXT:
            ok = isinstance(value, str) and 0 < len(value) <= 80 and value.isprintable()
        elif column in _WHOLE:
            ok = is_int(value)
        elif column in _NUMBER:
            ok = is_number(value)
        elif column in _OPTIONAL_NUMBER:
            ok = value is None or is_number(value)
        else:  # replay: a path or nothing
            ok = value is None or (isinstance(value, str) and value.isprintable())
        if not ok:
            return None
    return GameRecord(**data)


def record_game(record: GameRecord, path: str | Path | None = None) -> str | None:
    """Add a finished game (`record_of`) to the history. Never raises for a database problem:
    returns None when the game was recorded, or a one-line warning to show the player (play
    goes on)."""
    try:
        History(path).add(record)
    except HistoryError as error:
        return f"Not added to your practice history: {error}"
    return None


# -- progress ------------------------------------------------------------------------------------

SPARKS = "▁▂▃▄▅▆▇█"


def progress(records: list[GameRecord]) -> dict[str, Any]:
    """Progress over time, overall, by scenario and by persona faced: games, deals, mean share of
    the surplus and efficiency, and the change from the first half of the games to the second."""
    return {
        "games": len(records),
        "overall": _summary(records),
        "by_scenario": {
            key: _summary(group) for key, group in _grouped(records, "scenario").items()
        },
        "by_persona": {key: _summary(group) for key, group in _grouped(records, "persona").items()},
    }


def _grouped(records: list[GameRecord], field_name: str) -> dict[str, list[GameRecord]]:
    groups: dict[str, list[GameRecord]] = {}
    for record in records:
        groups.setdefault(getattr(record, field_name), []).append(record)
    return dict(sorted(groups.items()))


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


# A game branched in the replay viewer is saved as "<the game's save id>-b<turn>" (its replay
# file has the same name): practice on a position, not a fresh game.
_BRANCH_NAME = re.compile(r"-b\d+$")


def is_branch(replay: str | Path | None) -> bool:
    """Whether a replay file is a game branched from another in the replay viewer."""
    return replay is not None and bool(_BRANCH_NAME.search(Path(replay).stem))


def _summary(records: list[GameRecord]) -> dict[str, Any]:
    branches = sum(1 for r in records if is_branch(r.replay))
    # Branches are listed but left out of the figures: replaying a lost position from its
    # worst moment would drag the practice trend down for no fault of the player's.
    records = [r for r in records if not is_branch(r.replay)]
    shares = [r.surplus_share if r.surplus_share is not None else 0.0 for r in records]
    half = len(records) // 2
    trend = None
    if half >= 1:
        early, late = _mean(shares[:half]), _mean(shares[-half:])
        assert early is not None and late is not None  # each half holds at least one game
        trend = round(late - early, 4)
    return {
        "games": len(records),
        "deals": sum(1 for r in records if r.outcome == "deal"),
        "mean_share": _mean(shares),
        "mean_efficiency": _mean([r.efficiency or 0.0 for r in records]),
        "mean_above_batna": _mean([r.points - r.batna for r in records]),
        "trend": trend,
        "shares": shares,
        "branches": branches,
    }


def sparkline(values: list[float | None]) -> str:
    """One character per game: the share of the surplus (0 → ▁, 1 → █); · for no deal."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
            continue
        clamped = min(1.0, max(0.0, value))
        out.append(SPARKS[min(len(SPARKS) - 1, int(clamped * len(SPARKS)))])
    return "".join(out)


def render_progress(records: list[GameRecord], width: int = 40) -> str:
    """The text chart `leverage history` prints."""
    if not records:
        return "No games in your practice history yet. Play one with 'leverage play'.\n"
    lines = [
        f"Practice history: {len(records)} {_plural(len(records), 'game')} from {records[0].played_at[:10]} to {records[-1].played_at[:10]}",
        "Each mark is one game, oldest first: your share of the surplus",
        "(▁ none … █ all; · no deal).",
        "",
    ]

    def block(title: str, groups: dict[str, list[GameRecord]]) -> None:
        lines.append(title)
        for key, group in groups.items():
            summary = _summary(group)
            marks = sparkline(
                [r.surplus_share if r.outcome == "deal" else None for r in group][-width:]
            )
            trend = summary["trend"]
            arrow = "" if trend is None else f" · trend {round(trend * 100):+d}%"
            # Two lines a group, so the chart fits an 80-column terminal: the marks beside the
            # name, the figures under them.
            lines.append(f"  {key:<20} {marks}")
            figures = (
                f" · share {summary['mean_share']:.0%} · efficiency "
                f"{summary['mean_efficiency']:.0%}{arrow}"
                if summary["games"]
                else ""
            )
            branched = summary["branches"]
            branches = (
                f" (+{branched} {'branch' if branched == 1 else 'branches'})" if branched else ""
            )
            lines.append(
                f"      {summary['games']} {_plural(summary['games'], 'game')}, "
                f"{summary['deals']} {_plural(summary['deals'], 'deal')}{branches}{figures}"
            )
        lines.append("")

    block("By scenario", _grouped(records, "scenario"))
    block("By persona faced", _grouped(records, "persona"))
    lines.append("Latest games")
    for record in records[-10:]:
        share = f"{record.surplus_share:.0%}" if record.surplus_share is not None else "—"
        lines.append(
            f"  {record.played_at[:16].replace('T', ' ')}  {record.scenario}, "
            f"{record.role} vs {record.persona}"
        )
        lines.append(
            f"  {'':<16}  {record.outcome}: {record.points:g} pts (BATNA {record.batna:g}), "
            f"share {share}"
        )
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
