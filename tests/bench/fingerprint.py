"""A fingerprint of many games, to show that a refactor changed nothing, bit for bit.

Speed work on the belief, the frontier or the offer policy must leave every replay as it was.
The golden games check a handful; this plays about 140 games (every shipped scenario, pairs
of personas at every difficulty, counterparts against a random player that makes every kind of
move, and NegMAS-style generated domains) and hashes, move by move, every choice with its
reasons and line, the state's digest and the counterparts' belief arrays (posterior, each
log-likelihood factor, summary, doubts, modelled points, priorities). Games are also played
without the belief arrays hashed, so that a cache that only changes when it is looked at
still shows.

    python tests/bench/fingerprint.py before.json   # on the old code
    python tests/bench/fingerprint.py after.json    # on the new
    cmp before.json after.json                      # silent if nothing changed

It reads the belief's private arrays on purpose: it is a tool for the people changing them.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogue_checks import random_move  # noqa: E402
from generated_case import random_case  # noqa: E402

from sim.ai.match import Match  # noqa: E402
from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES, make_counterpart  # noqa: E402
from sim.core.catalogue import shipped_scenarios  # noqa: E402
from sim.core.state import Game  # noqa: E402
from sim.core.view import RoleView  # noqa: E402

MOVES_AT_MOST = 400  # a game against a random player can run long; its first moves are enough
SIZES, ROUNDS = (10, 5, 4, 3), 100  # the generated domains' issues and round limit (vs_negmas's)


def belief_bytes(counterpart) -> bytes:
    """Everything a Bayesian counterpart's belief holds, as bytes (nothing for a scripted one)."""
    belief = getattr(counterpart, "belief", None)
    if belief is None:
        return b""
    return b"".join(
        (
            belief.posterior().tobytes(),
            belief.batna_loglik.tobytes(),
            belief.weight_loglik.tobytes(),
            belief.horizon_loglik.tobytes(),
            belief.offer_loglik.tobytes(),
            repr(belief.summary()).encode(),
            repr(belief.doubted()).encode(),
            repr(belief.known_batna).encode(),
            belief.their_points().tobytes(),
            belief.priorities().tobytes(),
        )
    )


def play(game: Game, counterparts, rng: np.random.Generator | None = None, deep: bool = True):
    """The hash of one game; `rng` drives the random player on any seat without a counterpart."""
    match = Match(game, counterparts)
    digest = hashlib.sha256()
    while not match.is_over and len(match.turns) < MOVES_AT_MOST:
        counterpart = match.counterpart_to_move()
        if counterpart is None:
            assert rng is not None
            match.apply(random_move(rng, match.state))
        else:
            choice = counterpart.decide(RoleView(match.state, match.to_move))
            digest.update(repr(choice).encode())
            match.apply(choice.move, choice)
        digest.update(match.state.digest().encode())
        if deep:
            for seated in counterparts:
                if seated is not None:
                    digest.update(belief_bytes(seated))
    return digest.hexdigest()


def fingerprints() -> dict[str, str]:
    out: dict[str, str] = {}
    personas = BAYESIAN_PERSONAS
    for index, scenario in enumerate(sorted(shipped_scenarios(), key=lambda s: s.id)):
        for k in range(4):
            seed = 100 + 7 * index + k
            first, second = personas[(index + k) % 5], personas[(index + 2 * k + 1) % 5]
            level = DIFFICULTIES[(index + k) % 3]
            game = Game.new(scenario, seed)
            name = f"{scenario.id}-{seed}-{first}-{second}-{level}"
            for deep in (True, False):
                pair = (
                    make_counterpart(game, 0, first, level),
                    make_counterpart(game, 1, second, level),
                )
                out[name + ("" if deep else "-shallow")] = play(game, pair, deep=deep)
        for k in range(3):
            seed = 300 + 5 * index + k
            persona, level, side = personas[(index + k) % 5], DIFFICULTIES[k], k % 2
            game = Game.new(scenario, seed)
            name = f"{scenario.id}-{seed}-random-{persona}-{level}"
            for deep in (True, False):
                seats: list = [None, None]
                seats[side] = make_counterpart(game, side, persona, level)
                rng = np.random.default_rng(seed)
                out[name + ("" if deep else "-shallow")] = play(game, tuple(seats), rng, deep)
    for number in range(2):
        scenario, values, _, _ = random_case(
            np.random.Generator(np.random.PCG64(100 + number)), "negmas-999", SIZES, ROUNDS
        )
        reserved = (100 * values[0], 100 * values[1])
        for seed in range(3):
            game = Game.restore(scenario, seed, reserved, ())
            for deep, second in ((True, "reciprocator"), (False, "hardliner")):
                pair = (
                    make_counterpart(game, 0, "hardliner", "hard"),
                    make_counterpart(game, 1, second, "hard"),
                )
                out[f"negmas-{number}-{seed}" + ("" if deep else "-shallow")] = play(
                    game, pair, deep=deep
                )
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/bench/fingerprint.py OUT.json")
    out = fingerprints()
    Path(sys.argv[1]).write_text(json.dumps(out, indent=0, sort_keys=True))
    print(f"{len(out)} games hashed into {sys.argv[1]}")


if __name__ == "__main__":
    main()
