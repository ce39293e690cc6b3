"""Linear in length: one negotiation through the NegMAS adapter at 1,000 rounds against 100.

If nothing in a move costs work proportional to the moves before it, a game ten times as long
costs about ten times as much (target: at most 12x). Both games are played on the same domain
(`vs_negmas.Domain`, with the round limit raised for the long one), our counterpart against
NegMAS's Boulware, and each is timed as the best of several runs, taken in turns. Rounds actually played are
printed too: Boulware concedes late, so both games run most of their length.

    python tests/bench/bench_length.py [--long 1000] [--repeats 3] [--persona hardliner] [--profile]

`--profile` also prints the top entries (own time) of cProfile over one long game.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from attrs import evolve

sys.path.insert(0, str(Path(__file__).resolve().parent))

from negmas import SAOMechanism  # noqa: E402
from negmas.sao import BoulwareTBNegotiator  # noqa: E402
from vs_negmas import Domain, LeverageNegotiator  # noqa: E402  (needs the bench extra)

SHORT = 100


def domain_of_length(rounds: int, seed: int) -> Domain:
    """The throughput run's domain (`vs_negmas.throughput`), with a round limit of `rounds`."""
    domain = Domain(np.random.Generator(np.random.PCG64(seed + 99)), 999)
    scenario = domain.scenario
    roles = tuple(evolve(role, deadline=rounds) for role in scenario.roles)
    domain.scenario = evolve(scenario, max_rounds=rounds, roles=roles)
    return domain


def play(domain: Domain, seed: int, persona: str) -> int:
    """One negotiation, ours (first) against Boulware; the rounds our engine played."""
    rounds = domain.scenario.max_rounds
    random.seed(seed)  # NegMAS's agents draw from the global generator
    mechanism = SAOMechanism(issues=domain.issues, n_steps=rounds)
    ours = LeverageNegotiator(domain, 0, seed, persona, name="ours")
    mechanism.add(ours, ufun=domain.ufun(0))
    mechanism.add(BoulwareTBNegotiator(name="boulware"), ufun=domain.ufun(1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mechanism.run()
    return ours.match.state.round


def timed(domain: Domain, seed: int, persona: str) -> tuple[float, int]:
    start = time.perf_counter()
    rounds = play(domain, seed, persona)
    return time.perf_counter() - start, rounds


def best_seconds(
    short: Domain, long: Domain, seed: int, persona: str, repeats: int
) -> tuple[tuple[float, int], tuple[float, int]]:
    """The best time of each game, played in turns (a long game, then as many short ones as
    fit in it) so that both meet the same load on a shared machine."""
    best_short, best_long = (float("inf"), 0), (float("inf"), 0)
    shorts = max(1, long.scenario.max_rounds // short.scenario.max_rounds)
    for _ in range(repeats):
        best_long = min(best_long, timed(long, seed, persona))
        for _ in range(shorts):
            best_short = min(best_short, timed(short, seed, persona))
    return best_short, best_long


def profile(domain: Domain, seed: int, persona: str, top: int = 20) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(play, domain, seed, persona)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=1000, help="rounds of the long game")
    parser.add_argument("--repeats", type=int, default=3, help="runs per game; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--persona", default="hardliner")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    short, long = domain_of_length(SHORT, args.seed), domain_of_length(args.long, args.seed)
    play(short, args.seed, args.persona)  # warm caches (outcome space, frontier)
    (short_s, short_rounds), (long_s, long_rounds) = best_seconds(
        short, long, args.seed, args.persona, args.repeats
    )
    ratio = long_s / short_s
    per_round = (long_s / long_rounds) / (short_s / short_rounds)
    limit = 12 * args.long / SHORT / 10
    verdict = "met" if ratio <= limit else f"missed by {ratio - limit:.1f}"
    print(f"{SHORT:>5} rounds: {short_s * 1000:8.1f} ms ({short_rounds} rounds played)")
    print(f"{args.long:>5} rounds: {long_s * 1000:8.1f} ms ({long_rounds} rounds played)")
    print(
        f"ratio {ratio:.2f}x (target <= {limit:g}x: {verdict}); per round played {per_round:.2f}x"
    )
    if args.profile:
        print(profile(long, args.seed, args.persona))
    return 0


if __name__ == "__main__":
    sys.exit(main())
