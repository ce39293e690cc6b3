"""Re-running a replay: `verify` (every move, line, reason, event and digest), `branch` (the game
after N moves, to play on differently), `fold` (the rules only, no counterpart) and `rebuild`
(for the viewer)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from attrs import frozen

from sim.ai.counterpart import Choice, Counterpart
from sim.ai.match import Match, Turn
from sim.ai.personas import make_counterpart
from sim.core.errors import IllegalMoveError
from sim.core.safe_text import plain
from sim.core.scenario import Scenario
from sim.core.state import GameState
from sim.core.view import RoleView
from sim.record.replay.errors import ReplayError
from sim.record.replay.scenario import game_of, scenario_for
from sim.record.replay.types import Replay
from sim.record.replay.writer import dumps, end_line


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
    counterparts: list[Counterpart | None] = []
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
                f"{plain(path or 'list')}: {len(recorded)} entries in the file, "
                f"{len(rerun)} in the re-run"
            )
    # The path holds the file's own keys (a forged `reasons` may have any): shown made safe.
    return f"{plain(path or 'value')}: file has {_short(recorded)}, re-run gives {_short(rerun)}"


def _short(value: Any) -> str:
    """A value from the file or the re-run, quoted in a one-line message. JSON escapes C0
    controls but not C1 ones (U+009B is a CSI to some terminals) nor bidi overrides, which a
    forged line can hold: `plain` shows each as "?"."""
    text = plain(json.dumps(value, ensure_ascii=False), limit=10_000)
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
        if state.outcome is not None:  # the game is over
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


@contextmanager
def _divergence_as_error(replay: Replay) -> Iterator[None]:
    """For a caller that wants the match, not the divergence: re-running differently from the
    file is a `ReplayError` naming the turn."""
    try:
        yield
    except _Diverged as diverged:
        raise ReplayError(
            replay.source,
            f"does not re-run: {diverged.divergence.what}",
            turn=diverged.divergence.turn,
        ) from None


def verify(replay: Replay, scenario: Scenario | str | Path | None = None) -> Divergence | None:
    """Re-run a replay: every counterpart move, line and reasons, every event and state digest,
    and the ending. None when everything matches; otherwise the first divergence. Raises
    `ReplayError` when the scenario is missing or changed; `scenario` may name its file."""
    found = scenario_for(replay, scenario)
    try:
        match = _replay_moves(replay, found, len(replay.turns))
    except _Diverged as diverged:
        return diverged.divergence
    return _ending_differs(replay, match, found)


def _ending_differs(replay: Replay, match: Match, scenario: Scenario) -> Divergence | None:
    """Where the file's end line differs from the game the moves reach, or None."""
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
    with _divergence_as_error(replay):
        return _replay_moves(replay, scenario, turn, take_over)


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
    ending = _ending_differs(replay, match, scenario)
    if ending is not None:  # an edited end line (the points) is not what the moves reached
        raise ReplayError(replay.source, ending.what, len(replay.turns) + 2)
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
    with _divergence_as_error(replay):
        return _replay_moves(replay, scenario, len(replay.turns), on_turn=on_turn)


def states(match: Match) -> Iterator[GameState]:
    """The state before the first move, then after each move."""
    yield match.game.initial_state()
    for turn in match.turns:
        yield turn.state
