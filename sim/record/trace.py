"""The move-by-move trace: one JSON object per move, as `leverage simulate --trace` prints it.

Each line: {"game", "round", "actor", "move", "events", "standing_offers", "points"} and, for a
counterpart's move, its "line" and "reasons". Other layers add keys through `TRACE_EXTRAS`:
each extra is a function (match, turn) -> (key, value) or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sim.ai.bayesian import trace_belief
from sim.ai.match import Match, Turn
from sim.record.trace_leverage import leverage_extra

TraceExtra = Callable[[Match, Turn], tuple[str, Any] | None]
TRACE_EXTRAS: list[TraceExtra] = []
TRACE_EXTRAS.append(leverage_extra)  # "leverage": both sides' true and perceived leverage
TRACE_EXTRAS.append(trace_belief)  # "belief": each AI side's estimate of the other's BATNA


def trace_line(game_index: int, match: Match, turn: Turn) -> dict[str, Any]:
    scenario = match.game.scenario
    roles = scenario.role_ids
    state = turn.state
    space = match.game.space
    standing = {
        roles[r]: list(package) if (package := state.standing[r]) is not None else None
        for r in (0, 1)
    }
    points = {
        roles[r]: {
            roles[offerer]: space.points_of(package)[r]
            for offerer in (0, 1)
            if (package := state.standing[offerer]) is not None
        }
        for r in (0, 1)
    }
    line: dict[str, Any] = {
        "game": game_index,
        "round": turn.round,
        "actor": roles[turn.actor],
        "move": turn.move.to_dict(),
        "events": [event.to_dict(scenario) for event in turn.events],
        "standing_offers": standing,
        "points": points,
    }
    if turn.choice is not None:
        line["line"] = turn.choice.line
        line["reasons"] = turn.choice.reasons.to_dict()
    if state.outcome is not None:
        outcome = state.outcome
        line["outcome"] = {
            "kind": outcome.kind,
            "round": outcome.round,
            "payoffs": {roles[r]: round(outcome.payoffs[r], 4) for r in (0, 1)},
            "package": list(outcome.package) if outcome.package is not None else None,
        }
    for extra in TRACE_EXTRAS:
        item = extra(match, turn)
        if item is not None:
            line[item[0]] = item[1]
    return line
