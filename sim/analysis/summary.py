"""Summaries over many games: agreement rate, mean points, rounds and distance to the frontier."""

from __future__ import annotations

from sim.ai.match import Match
from sim.core.outcomes import pareto_distance
from sim.core.state import Game, Outcome


def summarise(matches: list[Match]) -> dict:
    """The figures `leverage simulate --json` prints (without its header fields)."""
    if not matches:
        return summarise_outcomes(None, [])
    outcomes = []
    for match in matches:
        outcome = match.state.outcome
        assert outcome is not None, "summarise takes finished games"
        outcomes.append(outcome)
    return summarise_outcomes(matches[0].game, outcomes)


def summarise_outcomes(game: Game | None, outcomes: list[Outcome]) -> dict:
    """`summarise` from the games' outcomes alone (what a batch's worker processes send back);
    `game` is any one game of the batch, for its scenario and outcome space."""
    if game is None or not outcomes:
        return {
            "agreement_rate": 0.0,
            "mean_points": {},
            "mean_rounds": 0.0,
            "mean_pareto_distance": 0.0,
        }
    scenario = game.scenario
    count = len(outcomes)
    deals = sum(1 for outcome in outcomes if outcome.is_deal)
    points = [0.0, 0.0]
    rounds = 0.0
    distance = 0.0
    for outcome in outcomes:
        points[0] += outcome.payoffs[0]
        points[1] += outcome.payoffs[1]
        rounds += outcome.round
        distance += pareto_distance(game.space, outcome.payoffs)
    return {
        "agreement_rate": round(deals / count, 4),
        "mean_points": {scenario.roles[r].id: round(points[r] / count, 4) for r in (0, 1)},
        "mean_rounds": round(rounds / count, 4),
        "mean_pareto_distance": round(distance / count, 4),
    }
