"""What the counterparts teach: scripted human-side strategies against every persona.

A practice partner is only as good as what it rewards. Each scripted human-side player below
plays every Bayesian persona at every difficulty, in both roles of every shipped scenario, over
many seeds (the human's BATNA drawn uniformly over its public range, so the counterpart cannot
know it). Per cell it prints the human's mean points, its share of the joint surplus over both
BATNAs (no deal: no surplus for either), the agreement rate, and the same-seed difference from
the baseline player (± two standard errors). Then one summary line per target of issue 10.

The players (`Human` subclasses):
- **baseline**: time-based concession (linear) to its true reservation, trading across issues by
  its own points (a frequency model of what the counterpart keeps offering), silent.
- **stubborn**: opens at its best package and never moves; takes what beats its BATNA at its
  last chance.
- **eager**: concedes fast (a Conceder curve, exponent 3).
- **liar**: the baseline, but signals an alternative a third of its range above the truth, and
  lies the same way when asked.
- **honest**: the baseline, but answers every question truthfully and discloses its facts.
- **staller**: holds (and takes breaks) for the first half, then concedes linearly and accepts late.
- **waiter**: holds at its best until the last tenth of its time, then concedes quickly.

    python tests/bench/bench_strategies.py [--quick] [--seeds 12] [--json FILE]

`--quick` runs 3 seeds a cell (about a minute or two on a quiet machine).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from sim.ai.counterpart import Choice, Reasons
from sim.ai.match import Match
from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES, make_counterpart
from sim.core.catalogue import shipped_scenarios
from sim.core.moves import (
    Accept,
    Answer,
    Disclose,
    Hold,
    Move,
    Propose,
    SignalAlternative,
    TakeBreak,
    WalkAway,
)
from sim.core.state import Event, Game
from sim.core.view import RoleView

STRATEGIES = ("baseline", "stubborn", "eager", "liar", "honest", "staller", "waiter")
EXPLOITS = ("stubborn", "liar", "staller", "waiter")


class Human:
    """A scripted human-side player: a time-based curve to its reservation, a frequency model
    of the other side's offers to trade across issues, and hooks for talk and timing."""

    persona = "scripted-human"
    exponent = 1.0

    def __init__(self, role: int, seed: int):
        self.role = role
        self.seed = seed  # deterministic: the players draw nothing

    # -- hooks --

    @staticmethod
    def horizon(view: RoleView) -> int:
        """The round it must have agreed by: its deadline, or the other side's if known and
        sooner (a deadline told in the brief, disclosed or answered)."""
        theirs = view.their_known_deadline
        return view.deadline if theirs is None else min(view.deadline, theirs)

    def last_chance(self, view: RoleView) -> bool:
        return view.last_move_of_game_for_me() or view.round >= self.horizon(view)

    def progress(self, view: RoleView) -> float:
        """Share of its concession made by now (0: best package, 1: reservation)."""
        t = min(1.0, max(0.0, (view.round - 1) / max(1, self.horizon(view) - 1)))
        return t ** (1 / self.exponent)

    def talk(self, view: RoleView):
        return None

    def stalls(self, view: RoleView) -> bool:
        return False

    # -- the protocol --

    def decide(self, view: RoleView) -> Choice:
        reservation = view.reservation()
        best = float(view.my_points.max())
        target = best - (best - reservation) * self.progress(view)
        next_view_target = target
        talk = self.talk(view)
        offer = view.their_offer
        if offer is not None:
            value = view.points_of(offer)
            if value >= reservation and (
                value >= next_view_target - 1e-9 or self.last_chance(view)
            ):
                return Choice(Move(Accept(), talk), "", Reasons("accept", target))
        if view.last_move_of_game_for_me():
            return Choice(Move(WalkAway(), talk), "", Reasons("walk", target))
        if self.stalls(view) and view.my_offer is not None:
            if view.breaks_left > 0 and talk is None and view.rounds_left > 3:
                return Choice(Move(TakeBreak()), "", Reasons("break", target))
            return Choice(Move(Hold(), talk), "", Reasons("hold", target))
        package = self.package(view, target)
        if package == view.my_offer:
            return Choice(Move(Hold(), talk), "", Reasons("hold", target))
        return Choice(Move(Propose(package), talk), "", Reasons("propose", target))

    def package(self, view: RoleView, target: float) -> tuple[int, ...]:
        points = view.my_points
        eligible = np.flatnonzero(points >= target - 1e-9)
        if eligible.size == 0:
            return view.package_at(int(points.argmax()))
        offers = view.their_offers
        chosen = view.packages[eligible]
        liking = np.zeros(len(eligible))
        for issue in range(chosen.shape[1]):
            if offers:
                counts = np.bincount(
                    [o.package[issue] for o in offers], minlength=len(view.issues[issue].options)
                )
                liking += counts[chosen[:, issue]] / len(offers)
        # Among packages worth at least its target, the one the other side seems to like most,
        # then the one that asks least above target (a trade, not a gift).
        order = np.lexsort((points[eligible], -liking))
        return view.package_at(int(eligible[order[0]]))

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None:
        return None

    def belief_summary(self) -> dict[str, float] | None:
        return None


class Baseline(Human):
    pass


class Stubborn(Human):
    def progress(self, view: RoleView) -> float:
        return 0.0


class Eager(Human):
    exponent = 3.0


class Liar(Human):
    def _claim(self, view: RoleView) -> float:
        span = float(view.my_points.max() - view.my_points.min())
        return float(round(view.batna + span / 3))

    def talk(self, view: RoleView):
        question = view.question_to_me
        if question is not None and question.topic == "batna":
            return Answer("lie", self._claim(view))
        if question is None and view.round == 1:
            return SignalAlternative(self._claim(view))
        return None


class Honest(Human):
    def talk(self, view: RoleView):
        question = view.question_to_me
        if question is not None:
            return Answer("truthful")
        told = {d.fact for d in view.my_disclosures}
        for fact in view.my_facts:
            if fact not in told:
                return Disclose(fact)
        return None


class Staller(Human):
    def stalls(self, view: RoleView) -> bool:
        return view.round <= self.horizon(view) // 2

    def progress(self, view: RoleView) -> float:
        end = self.horizon(view)
        half = end // 2
        return min(1.0, max(0.0, (view.round - half) / max(1, end - 1 - half)))


class Waiter(Human):
    def progress(self, view: RoleView) -> float:
        end = self.horizon(view)
        start = math.floor(0.9 * end)
        if view.round < start:
            return 0.0
        return min(1.0, (view.round - start + 1) / max(1, end - start + 1)) ** 0.5


PLAYERS = {
    "baseline": Baseline,
    "stubborn": Stubborn,
    "eager": Eager,
    "liar": Liar,
    "honest": Honest,
    "staller": Staller,
    "waiter": Waiter,
}


def play(scenario, seed: int, human: int, strategy: str, persona: str, difficulty: str) -> dict:
    """One game; what it gave each side, and what the counterpart thought and did."""
    drawn = Game.new(scenario, seed)
    low, high = scenario.roles[human].batna_public
    rng = np.random.Generator(np.random.PCG64(seed))
    batna = list(drawn.batna)
    batna[human] = float(rng.integers(math.ceil(low), math.floor(high) + 1))
    game = Game.restore(scenario, seed, (batna[0], batna[1]), drawn.event_rounds)
    ai = 1 - human
    counterpart = make_counterpart(game, ai, persona, difficulty)
    player = PLAYERS[strategy](human, seed)
    sides: list = [None, None]
    sides[human], sides[ai] = player, counterpart
    match = Match(game, (sides[0], sides[1]))
    reading_round = max(1, round(2 / 3 * match.state.effective_deadline(human)))
    reading = None
    doubted = False
    ai_offers: list[float] = []
    ai_rounds: list[int] = []  # the round of each of its offers
    while not match.is_over:
        turn = match.play_counterpart()
        if turn.actor == ai and isinstance(turn.move.decision, Propose):
            ai_offers.append(float(game.space.points_of(turn.move.decision.package)[ai]))
            ai_rounds.append(turn.round)
        if turn.actor == ai and turn.choice is not None and turn.choice.reasons.doubts:
            doubted = True
        if turn.round <= reading_round and counterpart.belief_summary() is not None:
            truth = float(turn.state.batna[human])
            # The reference knows what the counterpart knows: the public range, moved by the
            # public events (a private event moves the truth for both alike).
            shift = counterpart.belief.shift
            mean = counterpart.belief_summary()["batna_mean"]
            reference = (low + high) / 2 + shift
            # Also signed, and where the truth sits in the public range (0 bottom, 1 top).
            place = (truth - low - shift) / (high - low) if high > low else 0.5
            reading = (abs(mean - truth), abs(reference - truth), mean - truth, place)
    outcome = match.state.outcome
    gains = [outcome.payoffs[r] - match.state.batna[r] for r in (0, 1)]
    space = game.space
    return {
        "points": outcome.payoffs[human],
        "gain": gains[human],
        "joint": gains[0] + gains[1],
        "deal": outcome.is_deal,
        "ai_walked_early": outcome.kind == "walk-away"
        and outcome.walked_by == ai
        and outcome.round < 0.9 * match.state.effective_deadline(ai),
        "reading": reading,
        "doubted": doubted,
        "ai_offers": ai_offers,
        "ai_rounds": ai_rounds,
        "ai_best": float(space.best_for(ai)),
        "ai_batna": float(game.batna[ai]),
    }


def run(seeds: int, first_seed: int) -> dict:
    scenarios = shipped_scenarios()
    cells: dict[tuple, list[dict]] = defaultdict(list)
    start = time.perf_counter()
    for scenario in scenarios:
        for human in (0, 1):
            for persona in BAYESIAN_PERSONAS:
                for difficulty in DIFFICULTIES:
                    for strategy in STRATEGIES:
                        for k in range(seeds):
                            cells[(strategy, persona, difficulty, scenario.id, human)].append(
                                play(scenario, first_seed + k, human, strategy, persona, difficulty)
                            )
    return {"cells": cells, "seconds": time.perf_counter() - start}


def _se(values) -> float:
    values = np.asarray(values, dtype=float)
    return float(values.std(ddof=1) / math.sqrt(len(values))) if len(values) > 1 else 0.0


def _share(games: list[dict]) -> float:
    joint = sum(max(0.0, g["joint"]) for g in games if g["deal"])
    gain = sum(g["gain"] for g in games if g["deal"] and g["joint"] > 0)
    return gain / joint if joint > 0 else float("nan")


def report(result: dict) -> dict:
    cells = result["cells"]
    rows = {}
    keys = sorted({k[1:] for k in cells})
    for strategy in STRATEGIES:
        for key in keys:
            games = cells[(strategy, *key)]
            base = cells[("baseline", *key)]
            diffs = [g["points"] - b["points"] for g, b in zip(games, base, strict=True)]
            rows[(strategy, *key)] = {
                "points": float(np.mean([g["points"] for g in games])),
                "share": _share(games),
                "deals": float(np.mean([g["deal"] for g in games])),
                "diff": float(np.mean(diffs)),
                "diff_se": _se(diffs),
            }
    return rows


def summary(result: dict, rows: dict) -> list[str]:
    cells = result["cells"]
    lines = []

    def games(strategy=None, persona=None, difficulty=None):
        for (s, p, d, _sc, _h), gs in cells.items():
            if (strategy in (None, s)) and (persona in (None, p)) and (difficulty in (None, d)):
                yield from gs

    readings = [g["reading"] for g in games("baseline") if g["reading"] is not None]
    ours = float(np.mean([r[0] for r in readings]))
    mid = float(np.mean([r[1] for r in readings]))
    lines.append(
        f"reading a silent human at 2/3 of the way: MAE {ours:.2f} vs midpoint {mid:.2f}"
        f" = {ours / mid:.2f}x (target <= 0.70x)"
    )
    # Where the error comes from: a belief drawn to the middle errs up for a weak alternative
    # and down for a strong one.
    bias = float(np.mean([r[2] for r in readings]))
    low_end = [r[2] for r in readings if r[3] < 0.2]
    high_end = [r[2] for r in readings if r[3] > 0.8]
    lines.append(
        f"  bias (mean - truth) {bias:+.2f}; truth in the bottom fifth of the range"
        f" {np.mean(low_end) if low_end else float('nan'):+.2f}, top fifth"
        f" {np.mean(high_end) if high_end else float('nan'):+.2f}"
    )
    for difficulty in DIFFICULTIES:
        rs = [g["reading"] for g in games("baseline", difficulty=difficulty) if g["reading"]]
        ratio = np.mean([r[0] for r in rs]) / np.mean([r[1] for r in rs])
        lines.append(f"  at {difficulty}: {ratio:.2f}x")
    ratios = []
    for strategy in STRATEGIES:
        rs = [g["reading"] for g in games(strategy) if g["reading"] is not None]
        ratios.append(
            f"{strategy} {np.mean([r[0] for r in rs]) / np.mean([r[1] for r in rs]):.2f}x"
        )
    lines.append("  by strategy (target: none above 1.00x): " + ", ".join(ratios))
    gaps = []
    for persona in BAYESIAN_PERSONAS:
        easy = np.mean([g["points"] for g in games("baseline", persona, "easy")])
        hard = np.mean([g["points"] for g in games("baseline", persona, "hard")])
        gaps.append(f"{persona} {easy - hard:+.1f}")
    lines.append("hard takes from the baseline vs easy (target >= +6 each): " + ", ".join(gaps))
    shares = []
    for persona in ("hardliner", "reciprocator", "bluffer"):
        for difficulty in ("normal", "hard"):
            shares.append(
                f"{persona}/{difficulty} {_share(list(games('baseline', persona, difficulty))):.0%}"
            )
    lines.append("baseline's surplus share (target <= 50%): " + ", ".join(shares))
    gave = []
    for g in games("stubborn", "hardliner"):
        if g["ai_offers"]:
            span = g["ai_best"] - g["ai_batna"]
            gave.append((g["ai_best"] - g["ai_offers"][-1]) / span if span > 0 else 0.0)
    lines.append(
        f"hardliner's last offer vs a never-conceding human gives away {np.mean(gave):.0%}"
        f" of its range (max {np.max(gave):.0%}; target <= 30%)"
    )
    steps, per_round = [], []
    for g in games("stubborn", "reciprocator"):
        offers, rounds = g["ai_offers"], g["ai_rounds"]
        if len(offers) >= 2:
            steps.append((offers[0] - offers[-1]) / (len(offers) - 1))
            per_round.append((offers[0] - offers[-1]) / max(1, rounds[-1] - rounds[0]))
    lines.append(
        f"reciprocator's concession per round vs a holder, between its first and last offers:"
        f" {np.mean(per_round):.2f} points (target <= 3); per new offer {np.mean(steps):.2f}"
        f" (max {np.max(steps):.2f}: it holds between them)"
    )
    keys = sorted({k[1:] for k in cells})
    for strategy in EXPLOITS:
        wins = sum(
            1
            for key in keys
            if rows[(strategy, *key)]["diff"] > 2 * rows[(strategy, *key)]["diff_se"]
            and rows[(strategy, *key)]["diff"] > 0
        )
        lines.append(
            f"{strategy} beats the baseline (> 2 SE) in {wins}/{len(keys)} cells"
            f" = {wins / len(keys):.0%} (target <= 10%)"
        )
    hard = [rows[("liar", *k)]["diff"] for k in keys if k[1] == "hard"]
    # Its standard error over every same-seed pair of games at hard (each cell has as many).
    pairs = [
        g["points"] - b["points"]
        for k in keys
        if k[1] == "hard"
        for g, b in zip(cells[("liar", *k)], cells[("baseline", *k)], strict=True)
    ]
    lines.append(
        f"lying at hard: {np.mean(hard):+.2f} ± {_se(pairs):.2f} (SE) points vs baseline"
        " (target <= 0)"
    )
    doubted = [g["doubted"] for g in games("liar", difficulty="hard")]
    lines.append(
        f"  the liar's claim called out at hard (\"your offers don't look like...\"):"
        f" in {np.mean(doubted):.0%} of its games"
    )
    early = [g["ai_walked_early"] for s in ("waiter", "staller") for g in games(s)]
    lines.append(
        f"counterpart walks away before the last tenth vs waiter/staller: {np.mean(early):.1%}"
        " (target < 5%)"
    )
    deals = np.mean([g["deal"] for g in games("baseline")])
    lines.append(f"baseline agreement rate: {deals:.0%}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 seeds a cell")
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--table", action="store_true", help="print every cell")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    seeds = 3 if args.quick else args.seeds
    result = run(seeds, args.seed)
    rows = report(result)
    print(
        f"Human strategies vs the counterparts: {len(result['cells'])} cells x {seeds} seeds"
        f" ({result['seconds']:.0f} s)"
    )
    # By strategy x persona x difficulty, over roles and scenarios.
    print(
        f"{'strategy':9s} {'persona':15s} {'level':6s} {'points':>7s} {'share':>6s} "
        f"{'deals':>6s} {'vs base':>8s}"
    )
    for strategy in STRATEGIES:
        for persona in BAYESIAN_PERSONAS:
            for difficulty in DIFFICULTIES:
                sel = [v for k, v in rows.items() if k[:3] == (strategy, persona, difficulty)]
                games = [
                    g
                    for k, gs in result["cells"].items()
                    if k[:3] == (strategy, persona, difficulty)
                    for g in gs
                ]
                print(
                    f"{strategy:9s} {persona:15s} {difficulty:6s}"
                    f" {np.mean([r['points'] for r in sel]):7.1f} {_share(games):6.0%}"
                    f" {np.mean([r['deals'] for r in sel]):6.0%}"
                    f" {np.mean([r['diff'] for r in sel]):+8.1f}"
                )
    if args.table:
        for key, row in sorted(rows.items()):
            print(" ".join(map(str, key)), {k: round(v, 2) for k, v in row.items()})
    print()
    for line in summary(result, rows):
        print(line)
    if args.json:
        args.json.write_text(
            json.dumps({" ".join(map(str, k)): v for k, v in rows.items()}, indent=0)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
