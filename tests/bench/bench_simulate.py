"""Simulated games per second, per shipped scenario, counterpart against counterpart.

Absolute speed on a shared machine means little, so each figure is also printed as a ratio
against a reference measured in the same run: building that scenario's outcome space from
scratch (enumerating every package and both sides' points with numpy). "A game costs N builds"
stays comparable from machine to machine.

    python tests/bench/bench_simulate.py [--games 200] [--persona P] [--opponent P]
"""

from __future__ import annotations

import argparse
import time

from sim.ai.personas import DEFAULT_PERSONA
from sim.ai.selfplay import Lineup, play_games
from sim.core.catalogue import resolve_scenario, shipped_ids
from sim.core.outcomes import OutcomeSpace


def best_of(repeats: int, work) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--persona", default=DEFAULT_PERSONA)
    parser.add_argument("--opponent", default=DEFAULT_PERSONA)
    args = parser.parse_args()
    lineup = Lineup((args.persona, args.opponent))
    print(
        f"{'scenario':<20} {'games/s':>9} {'ms/game':>9} {'space build ms':>15} {'game / build':>13}"
    )
    for scenario_id in shipped_ids():
        scenario = resolve_scenario(scenario_id)
        reference = best_of(20, lambda s=scenario: OutcomeSpace.of(s))
        list(play_games(scenario, 0, 5, lineup))  # warm caches
        start = time.perf_counter()
        finished = list(play_games(scenario, 1, args.games, lineup))
        elapsed = time.perf_counter() - start
        per_game = elapsed / len(finished)
        print(
            f"{scenario_id:<20} {len(finished) / elapsed:>9.1f} {per_game * 1000:>9.2f} "
            f"{reference * 1000:>15.3f} {per_game / reference:>13.1f}"
        )


if __name__ == "__main__":
    main()
