"""Summaries over many games: agreement rate, mean points, rounds and distance to the frontier."""

from __future__ import annotations

from sim.ai.match import Match
from sim.core.outcomes import pareto_distance


def summarise(matches: list[Match]) -> dict:
    """The figures `leverage simulate --json` prints (without its header fields)."""
    if not matches:
        return {
            "agreement_rate": 0.0,
            "mean_points": {},
            "mean_rounds": 0.0,
            "mean_pareto_distance": 0.0,
        }
    scenario = matches[0].game.scenario
    count = len(matches)
    deals = sum(1 for m in matches if m.state.final_outcome.is_deal)
    points = [0.0, 0.0]
    rounds = 0.0
    distance = 0.0
    for match in matches:
        outcome = match.state.final_outcome
        points[0] += outcome.payoffs[0]
        points[1] += outcome.payoffs[1]
        rounds += outcome.round
        distance += pareto_distance(match.game.space, outcome.payoffs)
    return {
        "agreement_rate": round(deals / count, 4),
        "mean_points": {scenario.roles[r].id: round(points[r] / count, 4) for r in (0, 1)},
        "mean_rounds": round(rounds / count, 4),
        "mean_pareto_distance": round(distance / count, 4),
    }
