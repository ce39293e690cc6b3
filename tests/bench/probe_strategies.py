"""What a research agent would try: human-side strategies the strategies bench lacks.

A practice partner that is a pushover teaches the wrong lessons. `bench_strategies.py` holds the
reference strategies of issue 10 (stubborn, liar, staller, waiter); an outside agent will try
others, taken from the negotiation-agent literature and from plain mischief. Each is written
here on the bench's `Human` (its time curve, its trading by a frequency model, its cells), and
played against every Bayesian persona in both roles of every shipped scenario, on the same
seeds (the same drawn BATNAs) as the bench's honest, sensible `baseline`. Per persona x level it
prints the mean same-seed difference from the baseline (± two standard errors) and the share of
scenario x role cells where the strategy beats the baseline by more than noise (> 2 s.e.).

The strategies:
- **boulware**: the baseline's curve with exponent 0.25 (holds, then concedes late).
- **mirror**: tit for tat in points: concedes from its best exactly as far as the counterpart's
  offers have come towards it (in its own points), never below its reservation.
- **micro**: MiCRO (de Jonge 2022): its packages sorted best first, down to its reservation; it
  proposes one new package for each distinct package the counterpart has offered, repeats itself
  otherwise, and accepts what is worth at least its next proposal.
- **sniper**: makes no offer at all; holds until its last chance and takes what is on the table
  if it beats its BATNA.
- **random**: seeded random moves within its reservation: proposes a package worth at least its
  reservation, holds, or accepts an offer worth at least its reservation.
- **signalspam**: the baseline, signalling a false alternative (a third of its range above the
  truth) every round it is not asked, and lying the same way when asked.
- **deadlinelie**: the baseline, claiming a deadline after the game's end when asked.
- **anchordrop**: holds at its best for half its time, then drops most of the way at once.
- **prober**: the baseline, asking a question every move (its alternative, its deadline, its
  priorities in turn) and declining every question put to it.

    python tests/bench/probe_strategies.py [--quick] [--seeds 12] [--levels normal hard]

`--quick` runs 2 seeds a cell on normal and hard (a minute or two); the full figure is the
default, 12 seeds a cell. The header prints the runtime.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_strategies as bench  # noqa: E402  (its `Human`, `play` and cells, next door)

from sim.ai.counterpart import Choice, Reasons  # noqa: E402
from sim.ai.personas import BAYESIAN_PERSONAS  # noqa: E402
from sim.core.catalogue import shipped_scenarios  # noqa: E402
from sim.core.moves import (  # noqa: E402
    Accept,
    Answer,
    Ask,
    Hold,
    Move,
    Propose,
    SignalAlternative,
    Talk,
    WalkAway,
)
from sim.core.view import RoleView  # noqa: E402


class Boulware(bench.Human):
    exponent = 0.25


class Mirror(bench.Human):
    """Tit for tat: gives away, from its best, what the counterpart has given it so far."""

    def progress(self, view: RoleView) -> float:
        offers = view.their_offers
        if not offers:
            return 0.0
        first = view.points_of(offers[0].package)
        moved = max(view.points_of(o.package) for o in offers) - first
        room = view.my_best - view.reservation()
        return min(1.0, max(0.0, moved / room)) if room > 0 else 0.0


class Micro(bench.Human):
    """MiCRO: one new package per distinct package received, best for it first."""

    def decide(self, view: RoleView) -> Choice:
        points = view.my_points
        reservation = view.reservation()
        # Its packages worth its reservation, best first (ties: the lower index, as listed).
        order = np.lexsort((np.arange(points.size), -points))
        order = order[points[order] >= reservation - 1e-9]
        received = len({o.package for o in view.their_offers})
        made = len({o.package for o in view.offers_by(view.role)})
        if order.size == 0:
            return Choice(Move(WalkAway()), "", Reasons("walk", reservation))
        # It proposes a new package only when the counterpart has offered as many distinct
        # ones as it has; its next proposal is then the next package down its list.
        index = min(made if received >= made else max(made - 1, 0), order.size - 1)
        proposal = view.package_at(int(order[index]))
        offer = view.their_offer
        if offer is not None and view.points_of(offer) >= max(
            reservation, float(points[order[index]]) - 1e-9
        ):
            return Choice(Move(Accept()), "", Reasons("accept", float(points[order[index]])))
        if offer is not None and self.last_chance(view) and view.points_of(offer) >= reservation:
            return Choice(Move(Accept()), "", Reasons("accept", reservation))
        if view.last_move_of_game_for_me():
            return Choice(Move(WalkAway()), "", Reasons("walk", reservation))
        if proposal == view.my_offer:
            return Choice(Move(Hold()), "", Reasons("hold", float(points[order[index]])))
        return Choice(Move(Propose(proposal)), "", Reasons("propose", float(points[order[index]])))


class Sniper(bench.Human):
    """Offers nothing; at its last chance takes what is on the table if it beats its BATNA."""

    def decide(self, view: RoleView) -> Choice:
        offer = view.their_offer
        reservation = view.reservation()
        if offer is not None and self.last_chance(view) and view.points_of(offer) >= reservation:
            return Choice(Move(Accept()), "", Reasons("accept", reservation))
        if view.last_move_of_game_for_me():
            return Choice(Move(WalkAway()), "", Reasons("walk", reservation))
        return Choice(Move(Hold()), "", Reasons("hold", view.my_best))


class RandomMover(bench.Human):
    """Random legal moves that never go below its reservation (its own seeded stream)."""

    def __init__(self, role: int, seed: int):
        super().__init__(role, seed)
        self.rng = np.random.Generator(np.random.PCG64([seed, role, 5]))

    def decide(self, view: RoleView) -> Choice:
        reservation = view.reservation()
        offer = view.their_offer
        acceptable = offer is not None and view.points_of(offer) >= reservation
        draw = float(self.rng.random())
        if acceptable and (self.last_chance(view) or draw < 0.2):
            return Choice(Move(Accept()), "", Reasons("accept", reservation))
        if view.last_move_of_game_for_me():
            return Choice(Move(WalkAway()), "", Reasons("walk", reservation))
        worth = np.flatnonzero(view.my_points >= reservation - 1e-9)
        if worth.size == 0 or draw > 0.8:
            return Choice(Move(Hold()), "", Reasons("hold", reservation))
        package = view.package_at(int(worth[int(self.rng.integers(worth.size))]))
        return Choice(Move(Propose(package)), "", Reasons("propose", reservation))


class SignalSpam(bench.Human):
    def talk(self, view: RoleView) -> Talk | None:
        claim = float(round(view.batna + (view.my_best - view.my_worst) / 3))
        question = view.question_to_me
        if question is not None and question.topic == "batna":
            return Answer("lie", claim)
        return SignalAlternative(claim) if question is None else None


class DeadlineLie(bench.Human):
    def talk(self, view: RoleView) -> Talk | None:
        question = view.question_to_me
        if question is not None and question.topic == "deadline":
            return Answer("lie", float(view.max_rounds + 1))
        if question is not None:
            return Answer("decline")
        return None


class AnchorDrop(bench.Human):
    def progress(self, view: RoleView) -> float:
        return 0.0 if view.round < self.horizon(view) // 2 else 0.85


class Prober(bench.Human):
    def talk(self, view: RoleView) -> Talk | None:
        if view.question_to_me is not None:
            return Answer("decline")
        return Ask(("batna", "deadline", "priorities")[view.moves_made // 2 % 3])


PROBES: dict[str, type[bench.Human]] = {
    "boulware": Boulware,
    "mirror": Mirror,
    "micro": Micro,
    "sniper": Sniper,
    "random": RandomMover,
    "signalspam": SignalSpam,
    "deadlinelie": DeadlineLie,
    "anchordrop": AnchorDrop,
    "prober": Prober,
}
bench.PLAYERS.update(PROBES)


def run(seeds: int, first_seed: int, levels: tuple[str, ...], names: tuple[str, ...]) -> dict:
    """Per (strategy, persona, level, scenario, role): the same-seed differences from baseline,
    and each game's deal."""
    diffs: dict[tuple, list[float]] = defaultdict(list)
    deals: dict[tuple, list[bool]] = defaultdict(list)
    start = time.perf_counter()
    for scenario in shipped_scenarios():
        for human in (0, 1):
            for persona in BAYESIAN_PERSONAS:
                for level in levels:
                    for k in range(seeds):
                        seed = first_seed + k
                        base = bench.play(scenario, seed, human, "baseline", persona, level)
                        deals[("baseline", persona, level, scenario.id, human)].append(base["deal"])
                        for name in names:
                            game = bench.play(scenario, seed, human, name, persona, level)
                            key = (name, persona, level, scenario.id, human)
                            diffs[key].append(game["points"] - base["points"])
                            deals[key].append(game["deal"])
    return {"diffs": diffs, "deals": deals, "seconds": time.perf_counter() - start}


def _mean_2se(values: list[float]) -> tuple[float, float]:
    array = np.asarray(values, dtype=float)
    se = array.std(ddof=1) / math.sqrt(array.size) if array.size > 1 else float("nan")
    return float(array.mean()), float(2 * se)


def table(result: dict, levels: tuple[str, ...], names: tuple[str, ...]) -> list[str]:
    diffs, deals = result["diffs"], result["deals"]
    lines = [
        "same-seed points vs baseline, mean ± 2 s.e.; [beats: cells > 2 s.e. / cells]; deals",
    ]
    header = "".join(f"{p[:12] + '/' + lv[0]:>15s}" for p in BAYESIAN_PERSONAS for lv in levels)
    lines.append(f"{'strategy':12s}{header}")
    overall = []
    for name in names:
        row, beats_row, deal_row = [], [], []
        wins = cells = 0
        for persona in BAYESIAN_PERSONAS:
            for level in levels:
                keys = [k for k in diffs if k[:3] == (name, persona, level)]
                pooled = [d for k in keys for d in diffs[k]]
                mean, two_se = _mean_2se(pooled)
                row.append(f" {mean:+6.1f}±{two_se:4.1f}")
                won = sum(1 for k in keys if _beats(diffs[k]))
                wins, cells = wins + won, cells + len(keys)
                beats_row.append(f" {won:>2d}/{len(keys):<2d}")
                deal_row.append(np.mean([d for k in keys for d in deals[k]]))
        lines.append(f"{name:12s}" + "".join(f"{c:>15s}" for c in row))
        lines.append(
            f"{'  beats':12s}"
            + "".join(f"{c:>15s}" for c in beats_row)
            + f"   deals {np.mean(deal_row):.0%}"
        )
        overall.append(f"{name} {wins}/{cells} = {wins / cells:.0%}")
    base = [d for k, v in deals.items() if k[0] == "baseline" for d in v]
    lines.append("")
    lines.append(
        "beats the baseline by more than noise, share of persona x level x scenario x role"
    )
    lines.append("cells (the bench's exploit target is <= 10%): " + ", ".join(overall))
    lines.append(f"baseline agreement rate: {np.mean(base):.0%}")
    return lines


def _beats(values: list[float]) -> bool:
    mean, two_se = _mean_2se(values)
    return len(values) > 1 and mean > 0 and mean > two_se


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 seeds a cell")
    parser.add_argument("--seeds", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--levels", nargs="+", default=["normal", "hard"])
    parser.add_argument("--only", nargs="+", choices=sorted(PROBES), help="these strategies")
    args = parser.parse_args(argv)
    seeds = 2 if args.quick else args.seeds
    levels = tuple(args.levels)
    names = tuple(args.only or PROBES)
    result = run(seeds, args.seed, levels, names)
    print(
        f"Probe strategies vs the counterparts: {len(names)} strategies, levels"
        f" {'/'.join(levels)}, {seeds} seeds a cell ({result['seconds']:.0f} s)"
    )
    for line in table(result, levels, names):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
