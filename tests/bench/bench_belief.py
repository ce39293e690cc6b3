"""Reading the BATNA: how close the counterpart's belief gets to a scripted opponent's true BATNA.

Over many seeded games on the shipped scenarios (events switched off, so the BATNA stays put),
the Bayesian counterpart plays a scripted time-dependent opponent (`TimeBasedCounterpart`) whose
BATNA is drawn at random from the public range the counterpart's brief allows, and whose
concession exponent is drawn from Boulware (0.3) to Conceder (3). After rounds 3, 6 and 10 it
prints the mean absolute error of the belief's mean, as a share of the opponent's points range,
beside the prior alone (the reference, same games). A game that ended earlier counts with its
final belief. Also shown: the same games with a counterpart that asks no questions (offers,
talk volunteered and events only).

    python tests/bench/bench_belief.py [--games 600] [--seed 1] [--json]

Target: at most 0.10 by round 6, and under half the prior's error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
from attrs import evolve

from sim.ai.bayesian import LEVELS, BayesianCounterpart
from sim.ai.belief import Belief
from sim.ai.match import Match
from sim.ai.timebased import TimeBasedCounterpart
from sim.core.catalogue import shipped_scenarios
from sim.core.seeding import Streams
from sim.core.state import Game
from sim.core.view import RoleView

ROUNDS = (3, 6, 10)


def play(scenario, seed: int, reader: int, their_batna: float, exponent: float, asks: bool):
    """One game; returns {round: belief mean after it} and the prior mean."""
    batna = [0.0, 0.0]
    batna[reader] = scenario.roles[reader].batna.low
    batna[1 - reader] = their_batna
    game = Game.restore(scenario, seed, (batna[0], batna[1]), ())
    streams = Streams(seed)
    ours = BayesianCounterpart(
        reader, streams.counterpart(reader), streams.dialogue(reader), "reciprocator", "normal"
    )
    if not asks:
        ours.configure(ours.style, evolve(LEVELS["normal"], asks=False))
    theirs = TimeBasedCounterpart(1 - reader, streams.counterpart(1 - reader), "scripted", exponent)
    pair = [None, None]
    pair[reader], pair[1 - reader] = ours, theirs
    match = Match(game, (pair[0], pair[1]))
    prior = Belief(RoleView(match.state, reader)).summary()["batna_mean"]
    after: dict[int, float] = {}
    while not match.is_over:
        turn = match.play_counterpart()
        after[turn.round] = ours.belief_summary()["batna_mean"]
    means = {}
    last = prior
    for r in range(1, max(ROUNDS) + 1):
        last = after.get(r, last)
        means[r] = last
    return means, prior


def run(games: int, seed: int) -> dict:
    rng = np.random.Generator(np.random.PCG64(seed))
    scenarios = [evolve(s, events=()) for s in shipped_scenarios()]
    setups = [(s, reader) for s in scenarios for reader in (0, 1)]
    errors = {"asks": {r: [] for r in ROUNDS}, "no-questions": {r: [] for r in ROUNDS}, "prior": []}
    start = time.perf_counter()
    for index in range(games):
        scenario, reader = setups[index % len(setups)]
        they = 1 - reader
        low, high = scenario.roles[they].batna_public
        their_batna = float(rng.integers(round(low), round(high) + 1))
        exponent = float(np.exp(rng.uniform(np.log(0.3), np.log(3.0))))
        space = Game.restore(scenario, 0, (0.0, 0.0), ()).space
        span = space.best_for(they) - space.worst_for(they)
        for mode in ("asks", "no-questions"):
            means, prior = play(
                scenario, seed + index, reader, their_batna, exponent, mode == "asks"
            )
            for r in ROUNDS:
                errors[mode][r].append(abs(means[r] - their_batna) / span)
        errors["prior"].append(abs(prior - their_batna) / span)
    elapsed = time.perf_counter() - start
    prior = float(np.mean(errors["prior"]))
    result = {"games": games, "seconds": round(elapsed, 1), "prior_mae": round(prior, 4)}
    for mode in ("asks", "no-questions"):
        result[mode] = {
            f"round_{r}": {
                "mae": round(float(np.mean(errors[mode][r])), 4),
                "ratio_to_prior": round(float(np.mean(errors[mode][r])) / prior, 3),
            }
            for r in ROUNDS
        }
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.games, args.seed)
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"Reading the BATNA: {result['games']} games against scripted time-dependent opponents ({result['seconds']} s)"
    )
    print(f"  prior alone            MAE {result['prior_mae']:.3f} of their points range")
    for mode, label in (("asks", "counterpart"), ("no-questions", "asking nothing")):
        for r in ROUNDS:
            row = result[mode][f"round_{r}"]
            print(
                f"  {label:15s} round {r:2d}  MAE {row['mae']:.3f}   {row['ratio_to_prior']:.2f}x the prior's error"
            )
    at6 = result["asks"]["round_6"]
    miss_abs = at6["mae"] - 0.10
    miss_ratio = at6["ratio_to_prior"]
    first = "met" if miss_abs <= 0 else f"missed by {miss_abs:.3f}"
    second = "met" if miss_ratio < 0.5 else f"missed: {miss_ratio:.2f}x"
    print(f"  target by round 6: MAE <= 0.10 ({first}), under half the prior's error ({second})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
