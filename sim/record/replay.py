"""Replays: every game as a JSON Lines file that can be re-run exactly, verified and branched.

A replay is the game's record in the python-chess sense: the header pins everything the seed
decided (the scenario by content hash, the seed, every chance outcome, who played each side) and
then one line per move with its events, the counterpart's line and reasons, and a digest of the
state after it. Replaying is folding the moves through `sim.core.rules.step`; verifying also
re-creates the counterparts and checks they make the same moves for the same reasons.

Reading a replay never executes anything: each line goes through `json.loads` only and every
field is checked for type and size before it is used, so a damaged, truncated or hand-edited
file is one `ReplayError` naming the file, the line and what is wrong. The format is documented
in the README ("Replays, debrief and history").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from attrs import field, frozen

from sim import __version__
from sim.ai.counterpart import Choice
from sim.ai.match import MAX_MOVES, Match, Turn
from sim.ai.personas import DIFFICULTIES, make_counterpart
from sim.core.catalogue import shipped_folder
from sim.core.errors import IllegalMoveError, ScenarioError
from sim.core.moves import Move
from sim.core.scenario import Scenario, load_scenario
from sim.core.state import Game, GameState
from sim.core.view import RoleView

FORMAT = "leverage-replay"
VERSION = 1
HUMAN = "human"  # the persona recorded for a side a person played
SUFFIX = ".jsonl"

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_LINE_BYTES = 256 * 1024
MAX_TEXT = 4000  # characters in any one string a replay carries (a line, an event's text)
MAX_NAME = 80
_DIGEST = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PERSONA = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PACK = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # a workshop pack's id (sim.record.workshop)


class ReplayError(ValueError):
    """A replay that cannot be used: unreadable, damaged, truncated, hand-edited, or recorded
    against a scenario that is missing or has changed. The message is one line:
    `FILE: line N (turn T): what is wrong`."""

    def __init__(self, source: str, message: str, line: int | None = None, turn: int | None = None):
        self.source = source
        self.line = line
        self.turn = turn
        self.reason = message
        where = source
        if line is not None:
            where += f": line {line}"
            if turn is not None:
                where += f" (turn {turn})"
        elif turn is not None:
            where += f": turn {turn}"
        super().__init__(f"{where}: {message}")


# -- the values a replay holds ---------------------------------------------------------------


@frozen
class Player:
    """Who played one side: a counterpart persona, or `HUMAN` with the person's name if given."""

    persona: str
    name: str | None = None

    @property
    def is_human(self) -> bool:
        return self.persona == HUMAN


@frozen
class Header:
    scenario_id: str
    scenario_digest: str
    seed: int
    roles: tuple[str, str]
    players: tuple[Player, Player]
    difficulty: str
    batna: tuple[float, float]  # chance: each side's drawn BATNA
    event_rounds: tuple[int | None, ...]  # chance: the round each scenario event happens in
    app_version: str = __version__
    version: int = VERSION
    scenario_source: str | None = None  # where the scenario file was, if it is not shipped
    pack: str | None = None  # the workshop pack the game was played from, if any
    # A game in the app, saved as it is played: the workshop pack's TOML text and the folder its
    # finished replay is handed in to, so a resumed workshop game still lands in the class's
    # folder (sim.record.autosave). Absent from every other replay.
    workshop_pack: str | None = None
    workshop_folder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "app_version": self.app_version,
            "scenario": self.scenario_id,
            "scenario_digest": self.scenario_digest,
        }
        if self.scenario_source is not None:
            out["scenario_source"] = self.scenario_source
        out["seed"] = self.seed
        out["roles"] = list(self.roles)
        out["personas"] = {
            role: player.persona for role, player in zip(self.roles, self.players, strict=True)
        }
        names = {
            role: p.name
            for role, p in zip(self.roles, self.players, strict=True)
            if p.name is not None
        }
        if names:
            out["names"] = names
        if self.pack is not None:
            out["pack"] = self.pack
        out["difficulty"] = self.difficulty
        out["chance"] = {"batna": list(self.batna), "event_rounds": list(self.event_rounds)}
        workshop = {
            key: value
            for key, value in (("pack", self.workshop_pack), ("folder", self.workshop_folder))
            if value is not None
        }
        if workshop:
            out["workshop"] = workshop
        return out


@frozen
class RecordedTurn:
    """One move line: the move and what the file says it caused."""

    turn: int  # 1 for the first move of the game
    round: int
    actor: int
    move: Move
    events: tuple[dict, ...] = field(hash=False)
    digest: str
    line: str | None = None  # what the counterpart said; None for a person's move
    reasons: dict | None = field(default=None, hash=False)


@frozen
class Ending:
    kind: str
    round: int
    payoffs: tuple[float, float]
    package: tuple[int, ...] | None
    walked_by: int | None
    mediated: bool
    turns: int


@frozen
class Replay:
    header: Header
    turns: tuple[RecordedTurn, ...]
    end: Ending | None
    source: str = field(default="<memory>", eq=False)

    @property
    def finished(self) -> bool:
        return self.end is not None


# -- writing ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """The JSON form of a value: numpy scalars and arrays become numbers and lists, tuples become
    lists, non-finite numbers become null (JSON has no NaN)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
    if callable(tolist):
        return _plain(tolist())
    return str(value)


def dumps(value: Any) -> str:
    """One replay line: deterministic JSON (keys in the order written, no NaN)."""
    return json.dumps(_plain(value), ensure_ascii=False, allow_nan=False)


def header_for(
    game: Game,
    players: tuple[Player, Player],
    difficulty: str,
    scenario_source: str | None = None,
    pack: str | None = None,
) -> Header:
    scenario = game.scenario
    if scenario_source is None and not _is_shipped(scenario):
        scenario_source = scenario.source
    return Header(
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        seed=game.seed,
        roles=scenario.role_ids,
        players=players,
        difficulty=difficulty,
        batna=(float(game.batna[0]), float(game.batna[1])),
        event_rounds=tuple(game.event_rounds),
        scenario_source=scenario_source,
        pack=pack,
    )


def players_of(
    match: Match, names: tuple[str | None, str | None] = (None, None)
) -> tuple[Player, Player]:
    """Who plays each side of a match: its counterpart's persona, or a person (no counterpart)."""
    players = []
    for role, counterpart in enumerate(match.counterparts):
        if counterpart is None:
            players.append(Player(HUMAN, names[role]))
        else:
            players.append(Player(str(counterpart.persona), names[role]))
    return players[0], players[1]


def turn_line(match: Match, turn: Turn, number: int) -> dict[str, Any]:
    scenario = match.game.scenario
    out: dict[str, Any] = {
        "turn": number,
        "round": turn.round,
        "actor": scenario.roles[turn.actor].id,
        "move": turn.move.to_dict(),
        "events": [event.to_dict(scenario) for event in turn.events],
    }
    if turn.choice is not None:
        out["line"] = turn.choice.line
        out["reasons"] = turn.choice.reasons.to_dict()
    out["digest"] = turn.state.digest()
    return out


def end_line(state: GameState, turns: int) -> dict[str, Any]:
    outcome = state.outcome
    roles = state.scenario.role_ids
    return {
        "end": {
            "kind": outcome.kind,
            "round": outcome.round,
            "payoffs": {roles[r]: outcome.payoffs[r] for r in (0, 1)},
            "package": list(outcome.package) if outcome.package is not None else None,
            "walked_by": roles[outcome.walked_by] if outcome.walked_by is not None else None,
            "mediated": outcome.mediated,
        },
        "turns": turns,
    }


def replay_text(
    match: Match,
    players: tuple[Player, Player] | None = None,
    difficulty: str = "normal",
    *,
    pack: str | None = None,
) -> str:
    """The whole replay of a match as text: identical games give identical bytes."""
    players = players or players_of(match)
    lines = [dumps(header_for(match.game, players, difficulty, pack=pack).to_dict())]
    lines += [
        dumps(turn_line(match, turn, number)) for number, turn in enumerate(match.turns, start=1)
    ]
    if match.state.is_over:
        lines.append(dumps(end_line(match.state, len(match.turns))))
    return "\n".join(lines) + "\n"


def write_replay(
    match: Match,
    path: str | Path,
    players: tuple[Player, Player] | None = None,
    difficulty: str = "normal",
    *,
    pack: str | None = None,
) -> Path:
    """Write a played (or partly played) match to `path`; returns the path. `pack` is the id of
    the workshop pack the game was played from (an optional header field)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(replay_text(match, players, difficulty, pack=pack), encoding="utf-8")
    temporary.replace(path)
    return path


def replay_name(game: Game, players: tuple[Player, Player], stamp: str | None = None) -> str:
    """A file name that says what the game was: `job-offer-seed3-linear-v-human[-STAMP].jsonl`."""
    who = "-v-".join(p.persona for p in players)
    tail = f"-{stamp}" if stamp else ""
    return f"{game.scenario.id}-seed{game.seed}-{who}{tail}{SUFFIX}"


class ReplayRecorder:
    """Keeps a replay file up to date while a match is played: the header at once, a line after
    every move, the end line when the game ends. Each line is flushed as it is written, so a game
    interrupted half way is a readable replay in progress (one without its end line). The TUI
    attaches one to every game it plays."""

    def __init__(
        self,
        match: Match,
        path: str | Path,
        players: tuple[Player, Player] | None = None,
        difficulty: str = "normal",
    ):
        self.match = match
        self.path = Path(path)
        self.error: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.error = (
                f"{self.path.parent}: cannot create the replays folder ({error.strerror or error})"
            )
        players = players or players_of(match)
        lines = [dumps(header_for(match.game, players, difficulty).to_dict())]
        lines += [dumps(turn_line(match, turn, n)) for n, turn in enumerate(match.turns, start=1)]
        self._ended = False
        if self.error is None:
            self._write(lines, mode="w")
        if match.state.is_over:
            self._end()
        match.listeners.append(self.on_turn)

    def on_turn(self, turn: Turn) -> None:
        if self._ended or self.error is not None:
            return
        self._write([dumps(turn_line(self.match, turn, len(self.match.turns)))])
        if turn.state.is_over:
            self._end()

    def _end(self) -> None:
        self._ended = True
        self._write([dumps(end_line(self.match.state, len(self.match.turns)))])

    def _write(self, lines: list[str], mode: str = "a") -> None:
        """Append lines. A failure (a full disk, a folder gone) stops the recording and is kept
        in `error` for the screen to show; it never interrupts the game being played."""
        try:
            with self.path.open(mode, encoding="utf-8") as stream:
                stream.write("".join(line + "\n" for line in lines))
                stream.flush()
        except OSError as error:
            self.error = f"{self.path}: the replay could not be written ({error.strerror or error})"


# -- reading ---------------------------------------------------------------------------------


def read_replay(path: str | Path) -> Replay:
    """Read and check a replay file (JSON only, nothing is executed). Raises `ReplayError`."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReplayError(name, f"cannot read the file ({error.strerror or error})") from None
    if path.is_dir():
        raise ReplayError(name, "is a folder, not a replay file")
    if size > MAX_FILE_BYTES:
        raise ReplayError(
            name, f"file is {size} bytes; a replay may be at most {MAX_FILE_BYTES} bytes"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReplayError(name, f"cannot read the file ({error.strerror or error})") from None
    return parse_replay(raw, name)


def parse_replay(raw: bytes, source: str = "<memory>") -> Replay:
    if not raw.strip():
        raise ReplayError(source, "the file is empty: not a replay")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReplayError(source, f"not UTF-8 text (byte {error.start}): not a replay") from None
    lines = text.split("\n")
    complete = text.endswith("\n")
    if complete:
        lines.pop()
    if len(lines) > MAX_MOVES + 2:
        raise ReplayError(source, f"{len(lines)} lines; a replay has at most {MAX_MOVES + 2}")
    reader = _LineReader(source)
    header = reader.header(lines[0], complete or len(lines) > 1)
    turns: list[RecordedTurn] = []
    end: Ending | None = None
    for index, line_text in enumerate(lines[1:], start=2):
        last = index == len(lines)
        data = reader.load(line_text, index, len(turns) + 1, cut=last and not complete)
        if end is not None:
            raise ReplayError(
                source, "a line after the end line: the file was edited or joined", index
            )
        if "end" in data:
            end = reader.ending(data, index, header, len(turns))
        else:
            turns.append(reader.turn(data, index, header, len(turns) + 1))
    if not complete:
        # The last line parsed but has no newline: a writer stopped mid-file.
        raise ReplayError(
            source, "the file does not end with a newline: it was cut short", len(lines)
        )
    return Replay(header, tuple(turns), end, source)


class _LineReader:
    """Checks a replay's lines field by field; the first problem is raised with its line."""

    def __init__(self, source: str):
        self.source = source
        self.line = 1
        self.at_turn: int | None = None

    def fail(self, message: str) -> ReplayError:
        return ReplayError(self.source, message, self.line, self.at_turn)

    def load(self, text: str, line: int, turn: int | None, cut: bool = False) -> dict:
        self.line, self.at_turn = line, turn
        if len(text.encode("utf-8")) > MAX_LINE_BYTES:
            raise self.fail(f"line is longer than {MAX_LINE_BYTES} bytes")
        if not text.strip():
            raise self.fail("empty line: the file was edited")
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        except RecursionError:
            raise self.fail("JSON nested too deeply") from None
        except ValueError as error:
            if cut:
                raise self.fail("the line is incomplete: the file was cut short") from None
            raise self.fail(f"not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise self.fail(f"expected a JSON object (got {_kind(data)})")
        return data

    # -- fields --

    def get(self, data: dict, key: str, kinds, what: str, path: str = "", optional: bool = False):
        where = f"{path}.{key}" if path else key
        if key not in data:
            if optional:
                return None
            raise self.fail(f"{where}: missing")
        value = data[key]
        if value is None and optional:
            return None
        if isinstance(value, bool) and bool not in _as_tuple(kinds):
            raise self.fail(f"{where}: expected {what} (got {_kind(value)})")
        if not isinstance(value, kinds):
            raise self.fail(f"{where}: expected {what} (got {_kind(value)})")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise self.fail(f"{where}: text longer than {MAX_TEXT} characters")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(f"{where}: expected a finite number")
        return value

    def only(self, data: dict, allowed: set[str], path: str = "") -> None:
        for key in data:
            if key not in allowed:
                where = f"{path}.{key}" if path else key
                raise self.fail(
                    f"{where}: unknown field (expected one of: {', '.join(sorted(allowed))})"
                )

    def header(self, text: str, complete: bool) -> Header:
        data = self.load(text, 1, None, cut=not complete)
        if data.get("format") != FORMAT:
            raise self.fail(
                f'format: expected "{FORMAT}" (got {_kind(data.get("format"))}): not a Leverage replay'
            )
        version = self.get(data, "version", int, "a whole number")
        if version != VERSION:
            newer = " (written by a newer Leverage)" if version > VERSION else ""
            raise self.fail(
                f"version: unsupported replay version {version}{newer}; this game reads version {VERSION}"
            )
        self.only(
            data,
            {
                "format",
                "version",
                "app_version",
                "scenario",
                "scenario_digest",
                "scenario_source",
                "seed",
                "roles",
                "personas",
                "names",
                "pack",
                "difficulty",
                "chance",
                "workshop",
            },
        )
        app_version = self.get(data, "app_version", str, "a string")
        scenario_id = self.get(data, "scenario", str, "a scenario id")
        if not _ID.match(scenario_id):
            raise self.fail(f'scenario: expected a scenario id (got "{scenario_id[:40]}")')
        digest = self.get(data, "scenario_digest", str, "a sha256 hex digest")
        if not _SHA256.match(digest):
            raise self.fail(
                "scenario_digest: expected 64 hex digits (a sha256 of the scenario file)"
            )
        source = self.get(data, "scenario_source", str, "a path", optional=True)
        seed = self.get(data, "seed", int, "a whole number")
        if not 0 <= seed < 2**63:
            raise self.fail(f"seed: expected a whole number from 0 to 2**63-1 (got {seed})")
        roles = self.get(data, "roles", list, "a list of two role ids")
        if (
            len(roles) != 2
            or not all(isinstance(r, str) and _ID.match(r) for r in roles)
            or roles[0] == roles[1]
        ):
            raise self.fail("roles: expected a list of two different role ids")
        personas = self.get(data, "personas", dict, "an object of persona by role")
        names = self.get(data, "names", dict, "an object of name by role", optional=True) or {}
        players = []
        for role in roles:
            persona = personas.get(role)
            if not isinstance(persona, str) or not _PERSONA.match(persona):
                raise self.fail(
                    f'personas.{role}: expected a persona or "{HUMAN}" (got {_kind(persona)})'
                )
            name = names.get(role)
            if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
                raise self.fail(f"names.{role}: expected a name of at most {MAX_NAME} characters")
            players.append(Player(persona, name))
        self.only(personas, set(roles), "personas")
        self.only(names, set(roles), "names")
        pack = self.get(data, "pack", str, "a workshop pack id", optional=True)
        if pack is not None and not _PACK.match(pack):
            raise self.fail(f'pack: expected a workshop pack id (got "{pack[:40]}")')
        difficulty = self.get(data, "difficulty", str, "a difficulty")
        if difficulty not in DIFFICULTIES:
            raise self.fail(
                f'difficulty: expected one of {", ".join(DIFFICULTIES)} (got "{difficulty[:40]}")'
            )
        chance = self.get(data, "chance", dict, "an object")
        self.only(chance, {"batna", "event_rounds"}, "chance")
        batna = self.get(chance, "batna", list, "a list of two numbers", "chance")
        if len(batna) != 2 or not all(_is_number(b) for b in batna):
            raise self.fail("chance.batna: expected a list of two finite numbers (one per role)")
        rounds = self.get(chance, "event_rounds", list, "a list of rounds", "chance")
        if len(rounds) > 40 or not all(r is None or (_is_int(r) and 1 <= r <= 61) for r in rounds):
            raise self.fail(
                "chance.event_rounds: expected a list of rounds (whole numbers) or null"
            )
        workshop = self.get(data, "workshop", dict, "an object", optional=True) or {}
        self.only(workshop, {"pack", "folder"}, "workshop")
        workshop_pack = self.get(workshop, "pack", str, "a pack's TOML text", "workshop", True)
        workshop_folder = self.get(workshop, "folder", str, "a folder", "workshop", True)
        return Header(
            scenario_id=scenario_id,
            scenario_digest=digest,
            seed=seed,
            roles=(roles[0], roles[1]),
            players=(players[0], players[1]),
            difficulty=difficulty,
            batna=(float(batna[0]), float(batna[1])),
            event_rounds=tuple(rounds),
            app_version=app_version,
            version=version,
            scenario_source=source,
            pack=pack,
            workshop_pack=workshop_pack,
            workshop_folder=workshop_folder,
        )

    def turn(self, data: dict, line: int, header: Header, expected: int) -> RecordedTurn:
        self.only(data, {"turn", "round", "actor", "move", "events", "line", "reasons", "digest"})
        number = self.get(data, "turn", int, "a whole number")
        self.at_turn = number
        if number != expected:
            raise self.fail(
                f"turn {number} is out of order (expected turn {expected}): lines were moved, removed or added"
            )
        round_number = self.get(data, "round", int, "a whole number")
        if not 1 <= round_number <= 61:
            raise self.fail(f"round: expected a round from 1 to 61 (got {round_number})")
        actor = self.get(data, "actor", str, "a role id")
        if actor not in header.roles:
            raise self.fail(
                f'actor: unknown role "{actor[:40]}" (roles: {", ".join(header.roles)})'
            )
        move_data = self.get(data, "move", dict, "an object")
        try:
            move = Move.from_dict(move_data)
        except ValueError as error:
            raise self.fail(f"move.{error}") from None
        except (TypeError, AttributeError):
            raise self.fail("move: not a move") from None
        events = self.get(data, "events", list, "a list of events")
        for index, event in enumerate(events):
            where = f"events[{index}]"
            if not isinstance(event, dict):
                raise self.fail(f"{where}: expected an object (got {_kind(event)})")
            self.get(event, "kind", str, "a string", where)
            self.get(event, "round", int, "a whole number", where)
            self.get(event, "text", str, "a string", where)
        line_text = self.get(data, "line", str, "a string", optional=True)
        reasons = self.get(data, "reasons", dict, "an object", optional=True)
        if reasons is not None:
            self.get(reasons, "tactic", str, "a string", "reasons")
        digest = self.get(data, "digest", str, "a state digest")
        if not _DIGEST.match(digest):
            raise self.fail("digest: expected 16 hex digits")
        return RecordedTurn(
            number,
            round_number,
            header.roles.index(actor),
            move,
            tuple(events),
            digest,
            line_text,
            reasons,
        )

    def ending(self, data: dict, line: int, header: Header, turns: int) -> Ending:
        self.at_turn = None
        self.only(data, {"end", "turns"})
        body = self.get(data, "end", dict, "an object")
        self.only(body, {"kind", "round", "payoffs", "package", "walked_by", "mediated"}, "end")
        count = self.get(data, "turns", int, "a whole number")
        if count != turns:
            raise self.fail(
                f"turns: the end line counts {count} moves but the file holds {turns}: lines are missing or added"
            )
        kind = self.get(body, "kind", str, "a string", "end")
        if kind not in ("deal", "walk-away", "deadline"):
            raise self.fail(f'end.kind: expected deal, walk-away or deadline (got "{kind[:40]}")')
        round_number = self.get(body, "round", int, "a whole number", "end")
        payoffs = self.get(body, "payoffs", dict, "an object of points by role", "end")
        values = []
        for role in header.roles:
            value = payoffs.get(role)
            if not _is_number(value):
                raise self.fail(f"end.payoffs.{role}: expected a number (got {_kind(value)})")
            values.append(float(value))
        self.only(payoffs, set(header.roles), "end.payoffs")
        package = self.get(body, "package", list, "a list of option indices", "end", optional=True)
        if package is not None and not all(_is_int(o) for o in package):
            raise self.fail("end.package: expected a list of option indices")
        walked = self.get(body, "walked_by", str, "a role id", "end", optional=True)
        if walked is not None and walked not in header.roles:
            raise self.fail(f'end.walked_by: unknown role "{walked[:40]}"')
        mediated = self.get(body, "mediated", bool, "true or false", "end")
        return Ending(
            kind,
            round_number,
            (values[0], values[1]),
            tuple(package) if package is not None else None,
            header.roles.index(walked) if walked is not None else None,
            mediated,
            count,
        )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _as_tuple(kinds) -> tuple:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) < 1e9
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value[:30]}"' if len(value) <= 30 else f'"{value[:27]}..."'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)


# -- the scenario a replay was recorded against ----------------------------------------------


def _is_shipped(scenario: Scenario) -> bool:
    candidate = shipped_folder() / f"{scenario.id}.toml"
    try:
        return candidate.is_file() and Path(scenario.source).resolve() == candidate.resolve()
    except (OSError, ValueError):
        return False


def scenario_for(replay: Replay, scenario: Scenario | str | Path | None = None) -> Scenario:
    """The scenario a replay was recorded against, checked by content hash: the one given, else
    the shipped one with its id, else the file named in the header. Raises `ReplayError` when it
    is missing or its content has changed since."""
    header = replay.header
    source = replay.source
    if isinstance(scenario, Scenario):
        found = scenario
    else:
        candidates: list[Path] = []
        if scenario is not None:
            candidates.append(Path(scenario))
        else:
            shipped = shipped_folder() / f"{header.scenario_id}.toml"
            if shipped.is_file():
                candidates.append(shipped)
            if header.scenario_source:
                candidates.append(Path(header.scenario_source))
        found = None
        mismatch: Scenario | None = None
        for path in candidates:
            try:
                loaded = load_scenario(path)
            except ScenarioError as error:
                if scenario is not None:
                    raise ReplayError(source, f"scenario {path}: {error.problems[0]}", 1) from None
                continue
            if loaded.digest == header.scenario_digest:
                found = loaded
                break
            mismatch = mismatch or loaded
        if found is None:
            if mismatch is not None:
                raise ReplayError(
                    source,
                    f'scenario "{header.scenario_id}" has changed since this game was recorded '
                    f"({mismatch.source} has sha256 {mismatch.digest[:12]}..., the replay expects "
                    f"{header.scenario_digest[:12]}...)",
                    1,
                )
            where = f" (looked in {', '.join(str(p) for p in candidates)})" if candidates else ""
            raise ReplayError(
                source,
                f'scenario "{header.scenario_id}" not found{where}; name its file with --scenario',
                1,
            )
    if found.digest != header.scenario_digest:
        raise ReplayError(
            source,
            f'scenario "{header.scenario_id}" has changed since this game was recorded '
            f"(sha256 {found.digest[:12]}..., the replay expects {header.scenario_digest[:12]}...)",
            1,
        )
    if found.id != header.scenario_id:
        raise ReplayError(
            source, f'scenario: the replay is of "{header.scenario_id}", not "{found.id}"', 1
        )
    if found.role_ids != header.roles:
        raise ReplayError(source, f"roles: the scenario's roles are {', '.join(found.role_ids)}", 1)
    if len(header.event_rounds) != len(found.events):
        raise ReplayError(
            source,
            f"chance.event_rounds: {len(header.event_rounds)} entries but the scenario has {len(found.events)} events",
            1,
        )
    if any(r is not None and r > found.max_rounds for r in header.event_rounds):
        raise ReplayError(
            source, f"chance.event_rounds: a round after the last ({found.max_rounds})", 1
        )
    return found


def game_of(replay: Replay, scenario: Scenario) -> Game:
    """The game as its seed set it up, from the chance outcomes the header recorded."""
    header = replay.header
    return Game.restore(scenario, header.seed, header.batna, header.event_rounds)


# -- re-running: verify and branch -----------------------------------------------------------


@frozen
class Divergence:
    """The first place a re-run differs from the file."""

    turn: int
    what: str

    def describe(self, source: str) -> str:
        return f"{source}: turn {self.turn}: {self.what}"


class _Diverged(Exception):
    def __init__(self, turn: int, what: str):
        self.divergence = Divergence(turn, what)
        super().__init__(what)


def _rebuild(replay: Replay, scenario: Scenario, take_over: int | None = None) -> Match:
    game = game_of(replay, scenario)
    counterparts = []
    for role, player in enumerate(replay.header.players):
        if player.is_human or role == take_over:
            counterparts.append(None)
            continue
        try:
            counterparts.append(
                make_counterpart(game, role, player.persona, replay.header.difficulty)
            )
        except ValueError as error:
            raise ReplayError(
                replay.source, f"personas.{replay.header.roles[role]}: {error}", 1
            ) from None
    return Match(game, (counterparts[0], counterparts[1]))


def _compare(recorded: Any, rerun: Any) -> bool:
    return recorded == json.loads(dumps(rerun))


def _first_difference(recorded: Any, rerun: Any, path: str = "") -> str:
    """Where two JSON values first differ, as a short path: `reasons.target: 41.2 vs 40.9`."""
    rerun = json.loads(dumps(rerun))
    if isinstance(recorded, dict) and isinstance(rerun, dict):
        for key in list(recorded) + [k for k in rerun if k not in recorded]:
            if recorded.get(key) != rerun.get(key):
                return _first_difference(
                    recorded.get(key), rerun.get(key), f"{path}.{key}" if path else key
                )
    if isinstance(recorded, list) and isinstance(rerun, list):
        for index, (a, b) in enumerate(zip(recorded, rerun, strict=False)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
        if len(recorded) != len(rerun):
            return (
                f"{path or 'list'}: {len(recorded)} entries in the file, {len(rerun)} in the re-run"
            )
    return f"{path or 'value'}: file has {_short(recorded)}, re-run gives {_short(rerun)}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _replay_moves(
    replay: Replay,
    scenario: Scenario,
    upto: int,
    take_over: int | None = None,
    on_turn: Callable[[Match, Turn], None] | None = None,
) -> Match:
    """Fold the first `upto` recorded moves through the rules, letting each counterpart decide
    its own moves again and checking everything the file recorded. Raises `_Diverged`."""
    match = _rebuild(replay, scenario, take_over)
    roles = scenario.role_ids
    for recorded in replay.turns[:upto]:
        number = recorded.turn
        state = match.state
        if state.is_over:
            raise _Diverged(
                number,
                f"the game was already over ({state.outcome.kind}) but the file has more moves",
            )
        if recorded.actor != state.to_move:
            raise _Diverged(
                number,
                f"actor: file has {roles[recorded.actor]}, but it is {roles[state.to_move]}'s move",
            )
        if recorded.round != state.round:
            raise _Diverged(
                number, f"round: file has {recorded.round}, re-run is in round {state.round}"
            )
        counterpart = match.counterparts[state.to_move]
        choice: Choice | None = None
        if counterpart is not None:
            choice = counterpart.decide(RoleView(state, state.to_move))
            if choice.move != recorded.move:
                raise _Diverged(
                    number,
                    f"move: the {roles[state.to_move]} counterpart ({counterpart.persona}) now plays "
                    f"{_short(choice.move.to_dict())}, the file has {_short(recorded.move.to_dict())}",
                )
            if recorded.line != choice.line:
                raise _Diverged(
                    number,
                    f"line: file has {_short(recorded.line)}, re-run says {_short(choice.line)}",
                )
            if recorded.reasons is None or not _compare(recorded.reasons, choice.reasons.to_dict()):
                if recorded.reasons is None:
                    raise _Diverged(number, "reasons: missing for a counterpart's move")
                raise _Diverged(
                    number,
                    _first_difference(recorded.reasons, choice.reasons.to_dict(), "reasons"),
                )
        elif replay.header.players[recorded.actor].is_human and (
            recorded.reasons is not None or recorded.line is not None
        ):
            raise _Diverged(
                number, "reasons: a person's move carries a counterpart's reasons or line"
            )
        try:
            turn = match.apply(recorded.move, choice)
        except IllegalMoveError as error:
            raise _Diverged(number, f"move: not legal here ({error})") from None
        events = [event.to_dict(scenario) for event in turn.events]
        if not _compare(list(recorded.events), events):
            raise _Diverged(number, _first_difference(list(recorded.events), events, "events"))
        digest = turn.state.digest()
        if digest != recorded.digest:
            raise _Diverged(number, f"digest: file has {recorded.digest}, re-run reaches {digest}")
        if on_turn is not None:
            on_turn(match, turn)
    return match


def verify(replay: Replay, scenario: Scenario | None = None) -> Divergence | None:
    """Re-run a replay: every counterpart move, line and reasons, every event and state digest,
    and the ending. None when everything matches; otherwise the first divergence. Raises
    `ReplayError` when the scenario is missing or changed."""
    scenario = scenario_for(replay, scenario)
    try:
        match = _replay_moves(replay, scenario, len(replay.turns))
    except _Diverged as diverged:
        return diverged.divergence
    last = len(replay.turns)
    if replay.end is None:
        return None
    state = match.state
    if not state.is_over:
        return Divergence(
            last,
            f"end: the file says the game ended ({replay.end.kind}) but after turn {last} it goes on",
        )
    recorded = end_line(state, last)
    rerun_end = dict(recorded["end"])
    file_end = {
        "kind": replay.end.kind,
        "round": replay.end.round,
        "payoffs": {scenario.roles[r].id: replay.end.payoffs[r] for r in (0, 1)},
        "package": list(replay.end.package) if replay.end.package is not None else None,
        "walked_by": scenario.roles[replay.end.walked_by].id
        if replay.end.walked_by is not None
        else None,
        "mediated": replay.end.mediated,
    }
    if not _compare(file_end, rerun_end):
        return Divergence(last, _first_difference(file_end, rerun_end, "end"))
    return None


def branch(
    replay: Replay, turn: int, scenario: Scenario | None = None, take_over: int | None = None
) -> Match:
    """A new match that is the recorded game after its first `turn` moves (0: before any move),
    rebuilt exactly: same seed, same chance, counterparts re-run so their memories match. The
    match can then be played on differently. `take_over` makes that role a person's from here.
    Raises `ReplayError` if the file does not re-run up to that turn."""
    if not 0 <= turn <= len(replay.turns):
        raise ValueError(f"turn must be from 0 to {len(replay.turns)} (got {turn})")
    scenario = scenario_for(replay, scenario)
    try:
        return _replay_moves(replay, scenario, turn, take_over)
    except _Diverged as diverged:
        raise ReplayError(
            replay.source,
            f"does not re-run: {diverged.divergence.what}",
            turn=diverged.divergence.turn,
        ) from None


def fold(replay: Replay, scenario: Scenario | None = None) -> Match:
    """The recorded game rebuilt by folding its moves through the rules, without re-running any
    counterpart (so it works even after the AI changed); every state digest is checked. Both
    sides of the match are left without a counterpart. Raises `ReplayError` when a move is not
    legal or a digest differs: the file was edited or the rules changed."""
    scenario = scenario_for(replay, scenario)
    match = Match(game_of(replay, scenario), (None, None))
    for recorded in replay.turns:
        if match.state.is_over:
            raise ReplayError(
                replay.source,
                "the game was already over but the file has more moves",
                turn=recorded.turn,
            )
        if recorded.actor != match.state.to_move:
            raise ReplayError(
                replay.source, "actor: it is the other side's move here", turn=recorded.turn
            )
        try:
            turn = match.apply(recorded.move)
        except IllegalMoveError as error:
            raise ReplayError(
                replay.source, f"move: not legal here ({error})", turn=recorded.turn
            ) from None
        if turn.state.digest() != recorded.digest:
            raise ReplayError(
                replay.source,
                f"digest: file has {recorded.digest}, the rules reach {turn.state.digest()} "
                "(the file was edited or the rules changed; see 'leverage replay verify')",
                turn=recorded.turn,
            )
    return match


def rebuild(
    replay: Replay,
    scenario: Scenario | None = None,
    on_turn: Callable[[Match, Turn], None] | None = None,
) -> Match:
    """The whole recorded game as a match with its counterparts re-run (every turn with its
    state and choice), for the viewer; `on_turn(match, turn)` is called after each move (to read
    what a counterpart believed then). Raises `ReplayError` if the file does not re-run."""
    scenario = scenario_for(replay, scenario)
    try:
        return _replay_moves(replay, scenario, len(replay.turns), on_turn=on_turn)
    except _Diverged as diverged:
        raise ReplayError(
            replay.source,
            f"does not re-run: {diverged.divergence.what}",
            turn=diverged.divergence.turn,
        ) from None


def states(match: Match) -> Iterator[GameState]:
    """The state before the first move, then after each move."""
    yield match.game.initial_state()
    for turn in match.turns:
        yield turn.state


__all__ = [
    "FORMAT",
    "HUMAN",
    "VERSION",
    "Divergence",
    "Ending",
    "Header",
    "Player",
    "RecordedTurn",
    "Replay",
    "ReplayError",
    "ReplayRecorder",
    "branch",
    "fold",
    "game_of",
    "header_for",
    "parse_replay",
    "players_of",
    "read_replay",
    "rebuild",
    "replay_name",
    "replay_text",
    "scenario_for",
    "verify",
    "write_replay",
]
