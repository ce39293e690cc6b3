"""Move-by-move analysis of a 20-round game: how long grading every move of one side takes.

The game is The Offer stretched to 20 rounds (no deadline for the employer) and played by two
people who hold to the last round: 40 moves, 20 of them graded, each play-out running to the end
of the game, which is the longest analysis a game of this length asks for. The target is under
2 s. Absolute time on a shared machine means little, so it is also printed as a ratio against a
reference measured in the same run: one plain simulated game of the shipped scenario
(reciprocator against reciprocator).

    python tests/bench/bench_grades.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from sim.ai.match import Match
from sim.ai.selfplay import Lineup, new_match
from sim.analysis.grades import grade_game
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Hold, Move
from sim.core.scenario import Scenario, parse_scenario
from sim.core.state import Game

ROUNDS = 20
TARGET_SECONDS = 2.0


def best_of(repeats: int, work: Callable[[], object]) -> tuple[float, float]:
    """The fastest of `repeats` runs: (wall seconds, CPU seconds of this process). On a shared
    machine the wall clock includes waiting for a core; the CPU time does not."""
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def long_scenario() -> Scenario:
    shipped = resolve_scenario("job-offer")
    with open(shipped.source, "rb") as file:
        text = file.read().decode("utf-8")
    text = text.replace("max_rounds = 12", f"max_rounds = {ROUNDS}", 1)
    text = text.replace("deadline = 10\n", "", 1)
    return parse_scenario(text.encode("utf-8"), "job-offer, 20 rounds")


def twenty_round_game() -> Match:
    match = Match(Game.new(long_scenario(), 3), (None, None))
    while not match.is_over:
        match.apply(Move(Hold()))
    assert match.state.outcome is not None and match.state.outcome.round == ROUNDS
    return match


def plain_game() -> None:
    new_match(resolve_scenario("job-offer"), 3, Lineup(("reciprocator", "reciprocator"))).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    match = twenty_round_game()
    graded = len(grade_game(match, 0, ("human", "human")))  # also warms caches
    reference, reference_cpu = best_of(5, plain_game)
    analysis, analysis_cpu = best_of(args.repeats, lambda: grade_game(match, 0, ("human", "human")))
    verdict = "ok" if analysis < TARGET_SECONDS else "OVER TARGET"
    print(f"game: {len(match.turns)} moves over {ROUNDS} rounds, {graded} graded")
    print(f"{'':34} {'wall ms':>9} {'cpu ms':>9}")
    print(
        f"{'plain simulated game (reference)':34} {reference * 1e3:9.1f} {reference_cpu * 1e3:9.1f}"
    )
    print(f"{'analysis of the 20-round game':34} {analysis * 1e3:9.1f} {analysis_cpu * 1e3:9.1f}")
    print(f"analysis / plain game: {analysis / reference:.1f}x wall; under 2 s wall: {verdict}")


if __name__ == "__main__":
    main()
