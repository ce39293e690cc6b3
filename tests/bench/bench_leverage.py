"""Benchmark: one turn's leverage on the largest shipped scenario, against scoring every package.

One turn's leverage is what the trace and the TUI compute after each move: both roles' true and
perceived leverage with components (`assess`), and each role's changes and reasons since the
previous move (`explain`, reusing the previous assessment). The reference, in the same run, is
one evaluation of every package's points: rebuilding the (2, N) points array from the issue
tables. Run: `python tests/bench/bench_leverage.py`; target: one turn under 1 ms.
"""

from __future__ import annotations

import time

import numpy as np

from sim.core.catalogue import resolve_scenario, shipped_ids
from sim.core.leverage import assess, explain
from sim.core.moves import Hold, Move, Propose, SignalAlternative
from sim.core.rules import step
from sim.core.state import Game


def largest_scenario():
    scenarios = [resolve_scenario(i) for i in shipped_ids()]
    return max(scenarios, key=lambda s: s.package_count())


def _mid_game(scenario):
    """A state a few moves in: offers on the table, a signal, a round or two passed."""
    state = Game.new(scenario, 1).initial_state()
    sizes = state.space.sizes
    low = tuple(0 for _ in sizes)
    high = tuple(size - 1 for size in sizes)
    for move in (
        Move(Propose(low)),
        Move(Propose(high), SignalAlternative(50.0)),
        Move(Hold()),
    ):
        state, _ = step(state, move)
    previous = state
    state, _ = step(state, Move(Propose(tuple(size // 2 for size in sizes))))
    return previous, state


def _score_every_package(space) -> np.ndarray:
    points = np.zeros((2, space.size))
    for issue, table in enumerate(space.tables):
        points += table[:, space.packages[:, issue]]
    return points


def _best_ms(actions, repeat: int, number: int) -> list[float]:
    """Each action's best time (ms) over `repeat` rounds of `number` calls, the actions taking
    turns within a round so that both see the same load on a shared machine."""
    best = [float("inf")] * len(actions)
    for _ in range(repeat):
        for index, action in enumerate(actions):
            start = time.perf_counter()
            for _ in range(number):
                action()
            best[index] = min(best[index], (time.perf_counter() - start) / number)
    return [seconds * 1000 for seconds in best]


def measure(repeat: int = 40, number: int = 20) -> dict[str, float]:
    scenario = largest_scenario()
    previous, state = _mid_game(scenario)
    before = assess(previous)

    def one_turn():
        now = assess(state)
        for role in (0, 1):
            explain(previous, state, role, before=before, now=now)

    one_turn()  # warm caches (the frontier is built once per outcome space)
    turn_ms, points_ms = _best_ms(
        [one_turn, lambda: _score_every_package(state.space)], repeat, number
    )
    return {
        "scenario": scenario.id,
        "packages": scenario.package_count(),
        "turn_ms": turn_ms,
        "points_ms": points_ms,
        "ratio": turn_ms / points_ms,
    }


def main() -> None:
    figures = measure()
    print(f"scenario            {figures['scenario']} ({figures['packages']} packages)")
    print(
        f"one turn's leverage {figures['turn_ms']:.3f} ms  (both roles: true, perceived, components, reasons)"
    )
    print(f"score every package {figures['points_ms']:.3f} ms")
    print(f"ratio               {figures['ratio']:.2f}x  (target: one turn under 1 ms)")


if __name__ == "__main__":
    main()
