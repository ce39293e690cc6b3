"""Against NegMAS: our counterpart, through an adapter, in a round robin with NegMAS's built-ins.

Needs the optional extra: `pip install -e '.[bench]'` (brings `negmas`).

Domains are generated like NegMAS's own tests: 4 issues with 10×5×4×3 options, random
linear-additive utilities on [0, 1] for each side (Dirichlet weights, per-issue values scaled to
[0, 1]), reservation values drawn from 0.3–0.5, 100 rounds. For our counterpart a domain becomes
a scenario whose points are utilities × 100, with the round limit as a public deadline for both
(NegMAS tells every negotiator the number of steps), no delay costs, and a brief that lets each
side guess the other's BATNA in 20–60 points (the generator's range, widened).

Every ordered pair of distinct agents plays every domain. Per agent: mean utility (its own;
its reservation value without a deal), agreement rate, mean distance of the outcome to the
Pareto frontier and to the Nash point (in utility space). Also, on the same offer traces (the
NegMAS opponent's offers in our games), the mean absolute error of our BATNA estimate against
NegMAS's `BayesianReservationValueModel`, fed the opponent's true utilities (an oracle our
counterpart does not have) and fed our modelled utilities. Speed: p95 of one decision on the
largest shipped scenario, and negotiations per second, ours against ours versus NegMAS's
Boulware against NaiveTitForTat on the same domain and round limit, in the same run.

    python tests/bench/vs_negmas.py [--domains 12] [--seed 1] [--persona hardliner] [--json]

Ours plays at difficulty "hard" (it reads and presses hardest).

Targets: ours has the highest mean utility with at least 95% agreements; belief error lower
than NegMAS's; p95 decision at most 0.5 ms; throughput ratio at least 20.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import warnings

import numpy as np

try:
    import negmas  # noqa: F401  (import the package first: negmas.sao alone has a circular import)
    from negmas import ResponseType, SAOMechanism, make_issue
    from negmas.models.reservation import BayesianReservationValueModel
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import (
        AspirationNegotiator,
        BoulwareTBNegotiator,
        ConcederTBNegotiator,
        LinearTBNegotiator,
        MiCRONegotiator,
        NaiveTitForTatNegotiator,
        NiceTitForTatNegotiator,
        SAOCallNegotiator,
        SAOResponse,
    )
except ImportError:  # pragma: no cover - the optional extra is missing
    print("vs_negmas needs the bench extra: pip install -e '.[bench]'", file=sys.stderr)
    sys.exit(2)

from generated_case import random_case

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.core.moves import Accept, Hold, Move, Propose, WalkAway
from sim.core.outcomes import pareto_mask
from sim.core.state import EventKind, Game
from sim.core.view import RoleView

SIZES = (10, 5, 4, 3)
LATE_CONCEDERS = ("Boulware", "Aspiration")  # time-based, conceding mostly near the end
ROUNDS = 100
OURS = "Leverage"
NEGMAS_AGENTS = {
    "Boulware": BoulwareTBNegotiator,
    "Conceder": ConcederTBNegotiator,
    "Linear": LinearTBNegotiator,
    "Aspiration": AspirationNegotiator,
    "NaiveTitForTat": NaiveTitForTatNegotiator,
    "NiceTitForTat": NiceTitForTatNegotiator,
    "MiCRO": MiCRONegotiator,
}


# -- domains -----------------------------------------------------------------------------------


class Domain:
    """One generated bilateral domain, in NegMAS's terms and ours."""

    def __init__(self, rng: np.random.Generator, index: int):
        self.issues = [make_issue(n, name=f"issue{k}") for k, n in enumerate(SIZES)]
        # Per side: weights, per-issue option values in [0, 1] before weighting, reservation.
        self.scenario, self.reserved, self.weights, self.values = random_case(
            rng, f"negmas-{index}", SIZES, ROUNDS
        )
        grid = np.indices(SIZES).reshape(len(SIZES), -1).T
        self.outcomes = grid
        self.utility = np.zeros((2, grid.shape[0]))
        for side in (0, 1):
            for k in range(len(SIZES)):
                self.utility[side] += self.weights[side][k] * self.values[side][k][grid[:, k]]
        frontier = pareto_mask(self.utility)
        self.frontier = self.utility[:, frontier]
        gains = (self.utility - np.array(self.reserved)[:, None]).clip(min=0)
        self.nash = self.utility[:, int(np.argmax(gains[0] * gains[1]))]

    def ufun(self, side: int) -> LinearAdditiveUtilityFunction:
        values = {
            f"issue{k}": TableFun({j: float(v) for j, v in enumerate(self.values[side][k])})
            for k in range(len(SIZES))
        }
        weights = {f"issue{k}": float(self.weights[side][k]) for k in range(len(SIZES))}
        return LinearAdditiveUtilityFunction(
            values=values, weights=weights, issues=self.issues, reserved_value=self.reserved[side]
        )

    def utilities(self, agreement) -> tuple[float, float]:
        if agreement is None:
            return self.reserved[0], self.reserved[1]
        index = int(np.ravel_multi_index(tuple(int(v) for v in agreement), SIZES))
        return float(self.utility[0, index]), float(self.utility[1, index])

    def distances(self, point: tuple[float, float]) -> tuple[float, float]:
        p = np.asarray(point)[:, None]
        pareto = float(np.sqrt(((self.frontier - p) ** 2).sum(axis=0)).min())
        nash = float(np.sqrt(((self.nash - np.asarray(point)) ** 2).sum()))
        return pareto, nash


# -- the adapter -------------------------------------------------------------------------------


class LeverageNegotiator(SAOCallNegotiator):
    """Our counterpart inside a NegMAS SAO mechanism: it keeps a game of our own engine in step
    with the mechanism (the opponent's offers become its proposals) and answers with what our
    counterpart decides. Talk is dropped, and breaks and mediator calls become holds: NegMAS's
    protocol has neither."""

    def __init__(
        self, domain: Domain, side: int, seed: int, persona: str, difficulty: str = "hard", **kwargs
    ):
        super().__init__(**kwargs)
        self.domain = domain
        self.side = side
        game = Game.restore(
            domain.scenario, seed, (100 * domain.reserved[0], 100 * domain.reserved[1]), ()
        )
        self.counterpart = make_counterpart(game, side, persona, difficulty)
        sides = [None, None]
        sides[side] = self.counterpart
        self.match = Match(game, (sides[0], sides[1]))
        self.trace: list[tuple[float, tuple[int, ...]]] = []  # (relative time, their offer)
        self.walked_at: float | None = None  # the relative time it walked away, if it did

    def __call__(self, state, dest=None):
        match = self.match
        offer = state.current_offer
        if offer is not None and not match.is_over and match.to_move != self.side:
            package = tuple(int(v) for v in offer)
            self.trace.append((state.relative_time, package))
            match.apply(Move(Propose(package)))
        if match.is_over:
            outcome = match.state.outcome
            return SAOResponse(
                ResponseType.ACCEPT_OFFER if outcome.is_deal else ResponseType.END_NEGOTIATION,
                offer,
            )
        if match.to_move != self.side:
            return SAOResponse(ResponseType.REJECT_OFFER, match.state.standing[self.side])
        choice = self.counterpart.decide(RoleView(match.state, self.side))
        decision = choice.move.decision
        if isinstance(decision, Accept) and not decision.mediator and offer is not None:
            match.apply(Move(decision))
            return SAOResponse(ResponseType.ACCEPT_OFFER, offer)
        if isinstance(decision, WalkAway):
            self.walked_at = state.relative_time
            match.apply(Move(decision))
            return SAOResponse(ResponseType.END_NEGOTIATION, None)
        if not isinstance(decision, Propose):
            decision = (
                Hold() if match.state.standing[self.side] is not None else Propose(self._best())
            )
        match.apply(Move(decision))
        if match.is_over:  # proposing their standing offer agrees to it
            return SAOResponse(ResponseType.ACCEPT_OFFER, offer)
        return SAOResponse(ResponseType.REJECT_OFFER, match.state.standing[self.side])

    def _best(self) -> tuple[int, ...]:
        view = RoleView(self.match.state, self.side)
        return view.package_at(int(view.my_points.argmax()))


# -- playing -----------------------------------------------------------------------------------


def negmas_pair(domain: Domain, first, second, seed: int):
    random.seed(seed)  # NegMAS's own agents draw from the global generator; pin it per game
    mechanism = SAOMechanism(issues=domain.issues, n_steps=ROUNDS)
    agents = []
    for side, make in enumerate((first, second)):
        agent = make(side)
        mechanism.add(agent, ufun=domain.ufun(side))
        agents.append(agent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = mechanism.run()
    return result.agreement, agents


def ours_match(domain: Domain, seed: int, persona: str) -> Match:
    """Our counterpart against itself on a domain, seated and ready to play."""
    game = Game.restore(
        domain.scenario, seed, (100 * domain.reserved[0], 100 * domain.reserved[1]), ()
    )
    return Match(
        game,
        (make_counterpart(game, 0, persona, "hard"), make_counterpart(game, 1, persona, "hard")),
    )


def ours_vs_ours(domain: Domain, seed: int, persona: str):
    match = ours_match(domain, seed, persona)
    match.run()
    outcome = match.state.outcome
    return outcome.package if outcome.is_deal else None


def factory(name: str, domain: Domain, seed: int, persona: str):
    if name == OURS:
        return lambda side: LeverageNegotiator(domain, side, seed, persona, name=f"{OURS}-{side}")
    return lambda side: NEGMAS_AGENTS[name](name=f"{name}-{side}")


def round_robin(domains: int, seed: int, persona: str) -> dict:
    rng = np.random.Generator(np.random.PCG64(seed))
    names = [OURS, *NEGMAS_AGENTS]
    rows = {name: {"utility": [], "agreed": [], "pareto": [], "nash": []} for name in names}
    belief_errors = {"ours": [], "negmas_oracle": [], "negmas_modelled": []}
    # Ours against each opponent: its utility, agreements, walk-aways before the last tenth,
    # and its offers that took back part of its earlier one (in the opponent's true utilities,
    # as our rules log them: the no-take-back principle, measured where it is hardest to keep).
    versus: dict[str, dict[str, list]] = {
        name: {"utility": [], "agreed": [], "early_walk": [], "retractions": [], "offers": []}
        for name in NEGMAS_AGENTS
    }
    for index in range(domains):
        domain = Domain(rng, index)
        for a in names:
            for b in names:
                if a == b:
                    continue
                game_seed = seed * 1000 + index
                if a == OURS and b == OURS:
                    continue
                agreement, agents = negmas_pair(
                    domain,
                    factory(a, domain, game_seed, persona),
                    factory(b, domain, game_seed, persona),
                    game_seed,
                )
                utilities = domain.utilities(agreement)
                pareto, nash = domain.distances(utilities)
                for side, name in enumerate((a, b)):
                    rows[name]["utility"].append(utilities[side])
                    rows[name]["agreed"].append(agreement is not None)
                    rows[name]["pareto"].append(pareto)
                    rows[name]["nash"].append(nash)
                for side, agent in enumerate(agents):
                    if isinstance(agent, LeverageNegotiator):
                        belief_round(domain, agent, belief_errors)
                        row = versus[b if side == 0 else a]
                        row["utility"].append(utilities[side])
                        row["agreed"].append(agreement is not None)
                        walked = agent.walked_at
                        row["early_walk"].append(walked is not None and walked < 0.9)
                        row["retractions"].append(retractions(agent))
                        row["offers"].append(len(agent.match.state.offers_by(agent.side)))
    agents_out = {
        name: {
            "mean_utility": round(float(np.mean(r["utility"])), 4),
            "agreement_rate": round(float(np.mean(r["agreed"])), 4),
            "pareto_distance": round(float(np.mean(r["pareto"])), 4),
            "nash_distance": round(float(np.mean(r["nash"])), 4),
            "negotiations": len(r["utility"]),
        }
        for name, r in rows.items()
    }
    beliefs = {key: round(float(np.mean(v)), 4) if v else None for key, v in belief_errors.items()}
    beliefs["traces"] = len(belief_errors["ours"])
    against = {
        name: {
            "utility": round(float(np.mean(row["utility"])), 4),
            "agreed": round(float(np.mean(row["agreed"])), 4),
            "early_walk": round(float(np.mean(row["early_walk"])), 4),
            "retracted": round(sum(row["retractions"]) / max(1, sum(row["offers"])), 4),
        }
        for name, row in versus.items()
    }
    return {"agents": agents_out, "belief_mae": beliefs, "versus": against}


def retractions(agent: LeverageNegotiator) -> int:
    """How many of ours' offers took back part of its earlier one, as our rules logged them."""
    log = agent.match.state.log
    return sum(1 for e in log if e.kind == EventKind.RETRACTED and e.actor == agent.side)


def belief_round(domain: Domain, agent: LeverageNegotiator, errors: dict) -> None:
    """Our final BATNA estimate and NegMAS's Bayesian reservation model on the same trace."""
    if len(agent.trace) < 2:
        return
    they = 1 - agent.side
    truth = domain.reserved[they]
    ours = agent.counterpart.belief_summary()["batna_mean"] / 100
    oracle = BayesianReservationValueModel()
    modelled = BayesianReservationValueModel()
    their_points = agent.counterpart.belief.their_points()
    for when, package in agent.trace:
        index = int(np.ravel_multi_index(package, SIZES))
        oracle.update(when, float(domain.utility[they, index]))
        modelled.update(when, float(np.clip(their_points[index] / 100, 0, 1)))
    a, b = oracle.predict_reservation(), modelled.predict_reservation()
    if np.isnan(a) or np.isnan(b):
        return
    errors["ours"].append(abs(ours - truth))
    errors["negmas_oracle"].append(abs(a - truth))
    errors["negmas_modelled"].append(abs(b - truth))


def throughput(seed: int, persona: str, games: int) -> dict:
    """Negotiations per second on one domain: ours against ours, and NegMAS's Boulware against
    NaiveTitForTat, interleaved so both see the same machine load."""
    domain = Domain(np.random.Generator(np.random.PCG64(seed + 99)), 999)
    ours_time = theirs_time = 0.0
    ours_rounds = []
    ours_moves = 0
    for game in range(games):
        start = time.perf_counter()
        match = ours_match(domain, seed + game, persona)
        match.run()
        ours_time += time.perf_counter() - start
        ours_rounds.append(match.state.round)
        ours_moves += len(match.turns)
        start = time.perf_counter()
        negmas_pair(
            domain,
            lambda side: BoulwareTBNegotiator(name=f"b{side}"),
            lambda side: NaiveTitForTatNegotiator(name=f"n{side}"),
            seed + game,
        )
        theirs_time += time.perf_counter() - start
    ours_rate = games / ours_time
    theirs_rate = games / theirs_time
    return {
        "ours_per_second": round(ours_rate, 2),
        "negmas_per_second": round(theirs_rate, 2),
        "ratio": round(ours_rate / theirs_rate, 2),
        "ours_mean_rounds": float(np.mean(ours_rounds)),
        # What one of our moves costs, and what it would have to cost for the target ratio.
        "ours_us_per_move": round(1e6 * ours_time / ours_moves, 1),
        "target_us_per_move": round(1e6 * theirs_time / 20 / ours_moves, 1),
    }


def decision_p95(persona: str) -> tuple[str, float]:
    from bench_counterpart import decision_times

    from sim.core.catalogue import shipped_scenarios

    largest = max(shipped_scenarios(), key=lambda s: s.package_count())
    times = np.array(decision_times(largest, persona, 20, 3)) * 1000
    return largest.id, float(np.percentile(times, 95))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--domains", type=int, default=12, help="generated domains in the round robin (default 12)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--persona", default="hardliner", help="our persona (default hardliner: it plays best here)"
    )
    parser.add_argument(
        "--speed-games", type=int, default=20, help="negotiations per side in the throughput run"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    result = round_robin(args.domains, args.seed, args.persona)
    speed = throughput(args.seed, args.persona, args.speed_games)
    scenario_id, p95 = decision_p95(args.persona)
    out = {
        "agents": result["agents"],
        "ours": OURS,
        "persona": args.persona,
        "throughput_ratio": speed["ratio"],
        "throughput": speed,
        "belief_mae": result["belief_mae"],
        "versus": result["versus"],
        "decision_p95_ms": {scenario_id: round(p95, 3)},
        "seconds": round(time.perf_counter() - start, 1),
    }
    if args.json:
        print(json.dumps(out))
        return 0
    print(
        f"Round robin over {args.domains} domains, {ROUNDS} rounds, ours = {OURS} ({args.persona}):"
    )
    print(f"  {'agent':16s} {'utility':>8s} {'agreed':>7s} {'pareto':>7s} {'nash':>7s}")
    ranked = sorted(out["agents"].items(), key=lambda item: -item[1]["mean_utility"])
    for name, row in ranked:
        print(
            f"  {name:16s} {row['mean_utility']:8.3f} {row['agreement_rate']:7.1%} {row['pareto_distance']:7.3f} {row['nash_distance']:7.3f}"
        )
    best_other = max(r["mean_utility"] for n, r in out["agents"].items() if n != OURS)
    ours = out["agents"][OURS]
    gap = ours["mean_utility"] - best_other
    short = 0.95 - ours["agreement_rate"]
    first = "met" if gap > 0 else f"missed by {-gap:.3f}"
    second = "met" if short <= 0 else f"missed by {short:.1%}"
    print(f"  target: highest mean utility ({first}), agreements >= 95% ({second})")
    print(
        f"  ours ({args.persona}) against each: utility, agreements, walked away before 0.9,"
        " offers that took back part of its last (target 0)"
    )
    for name, row in out["versus"].items():
        print(
            f"    {name:16s} {row['utility']:8.3f} {row['agreed']:7.1%} {row['early_walk']:7.1%}"
            f" {row['retracted']:7.1%}"
        )
    late = [out["versus"][n]["early_walk"] for n in LATE_CONCEDERS]
    verdict = "met" if max(late) < 0.05 else "missed"
    print(
        f"  early walk-aways against late conceders ({', '.join(LATE_CONCEDERS)}):"
        f" {float(np.mean(late)):.1%} (target < 5% each: {verdict})"
    )
    b = out["belief_mae"]
    if b["ours"] is not None:
        print(
            f"Belief MAE over {b['traces']} traces: ours {b['ours']:.3f}; NegMAS BayesianReservationValueModel "
            f"{b['negmas_modelled']:.3f} on our modelled utilities, {b['negmas_oracle']:.3f} on the true ones "
            f"(ours/theirs {b['ours'] / b['negmas_modelled']:.2f} and {b['ours'] / b['negmas_oracle']:.2f})"
        )
    late = p95 - 0.5
    print(
        f"Decision p95 on {scenario_id}: {p95:.3f} ms (target <= 0.5 ms: {'met' if late <= 0 else f'missed by {late:.2f} ms'})"
    )
    ratio = speed["ratio"]
    verdict = "met" if ratio >= 20 else f"missed by {20 - ratio:.1f}"
    print(
        f"Throughput: ours vs ours {speed['ours_per_second']:.1f}/s (mean {speed['ours_mean_rounds']:.1f} rounds), "
        f"NegMAS Boulware vs NaiveTitForTat {speed['negmas_per_second']:.1f}/s: ratio {ratio:.2f} (target >= 20: {verdict})"
    )
    print(
        f"  one move of ours: {speed['ours_us_per_move']:.0f} us (20x would need {speed['target_us_per_move']:.1f} us)"
    )
    print(f"({out['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    sys.exit(main())
