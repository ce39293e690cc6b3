"""Writing replays: the deterministic JSON form of a match (identical games give identical bytes),
whole at once (`write_replay`), and the lines a game played in the app is appended with as it goes
(`sim.record.autosave.GameRecorder`)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from sim.ai.match import Match, Turn
from sim.core.catalogue import is_shipped
from sim.core.files import write_whole
from sim.core.state import Game, GameState
from sim.record.paths import GAME_SUFFIX as SUFFIX
from sim.record.replay.types import HUMAN, Header, Player


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
    workshop_pack: str | None = None,
    workshop_folder: str | None = None,
) -> Header:
    """A game's header. `pack` is the id of the workshop pack it was played from; a game saved
    in the app also keeps the pack itself and the folder its replay goes to, so that resuming it
    finds both (`workshop_pack`, `workshop_folder`)."""
    scenario = game.scenario
    if scenario_source is None and not is_shipped(scenario):
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
        workshop_pack=workshop_pack,
        workshop_folder=workshop_folder,
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
    assert outcome is not None, "the end line is written once the game is over"
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
    return write_replay_text(path, replay_text(match, players, difficulty, pack=pack))


def write_replay_text(path: str | Path, text: str) -> Path:
    """Write a replay's text to `path` whole or not at all: a reader never meets half a file,
    and a failed write leaves nothing behind (`sim.core.files.write_whole`)."""
    return write_whole(path, text)


def replay_name(game: Game, players: tuple[Player, Player], stamp: str | None = None) -> str:
    """A file name that says what the game was: `job-offer-seed3-linear-v-human[-STAMP].jsonl`."""
    who = "-v-".join(p.persona for p in players)
    tail = f"-{stamp}" if stamp else ""
    return f"{game.scenario.id}-seed{game.seed}-{who}{tail}{SUFFIX}"
