"""How the game ended and what it was worth: the outcome against both BATNAs, the surplus and
its split, value created (distance to the frontier), value claimed (share of the surplus), what
the rounds cost (delay), the best package better for both, and the Nash point.

The one rule that keeps these honest: a package is compared with another package on the
packages' own points, before any cost of delay, and the cost of delay is counted on its own.
Mixing the two made a late deal look like value "left in the package" when it was only time.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.debrief.report import (
    BetterPackage,
    Labels,
    OutcomeReport,
    Package,
    Surplus,
    ValueSummary,
    rounded,
)
from sim.core.outcomes import pareto_distance
from sim.core.state import GameState


def final_points(state: GameState) -> tuple[float, float]:
    """Each side's points after delay; a game stopped before its end counts as no deal (yet)."""
    if state.outcome is not None:
        return state.outcome.payoffs
    return state.batna


def package_points(state: GameState) -> tuple[float, float]:
    """What the agreed package is worth to each side before delay (the BATNAs without a deal)."""
    outcome = state.outcome
    if outcome is None or outcome.package is None:
        return state.batna
    points = state.space.points_of(outcome.package)
    return (float(points[0]), float(points[1]))


def lost_to_delay(state: GameState) -> tuple[float, float]:
    """What each side's cost of delay took from the deal (nothing without one)."""
    package = package_points(state)
    final = final_points(state)
    if state.outcome is None or state.outcome.package is None:
        return (0.0, 0.0)
    return (package[0] - final[0], package[1] - final[1])


def labels(state: GameState, package: tuple[int, ...]) -> Labels:
    return {
        issue.id: issue.options[option].label
        for issue, option in zip(state.scenario.issues, package, strict=True)
    }


def outcome_report(state: GameState) -> OutcomeReport:
    roles = state.scenario.role_ids
    outcome = state.outcome
    if outcome is None:
        return OutcomeReport("unfinished", state.round, None, None, False)
    return OutcomeReport(
        kind=outcome.kind,
        round=outcome.round,
        package=labels(state, outcome.package) if outcome.package is not None else None,
        walked_by=roles[outcome.walked_by] if outcome.walked_by is not None else None,
        mediated=outcome.mediated,
    )


def best_joint_gain(state: GameState) -> float:
    space = state.space
    return float((space.points[0] + space.points[1]).max()) - state.batna[0] - state.batna[1]


def surplus(state: GameState) -> Surplus:
    roles = state.scenario.role_ids
    final = final_points(state)
    gains = [final[r] - state.batna[r] for r in (0, 1)]
    total = gains[0] + gains[1]
    share = {roles[r]: (rounded(gains[r] / total, 4) if total > 1e-9 else None) for r in (0, 1)}
    return Surplus(rounded(total) or 0.0, share)


def value_summary(state: GameState) -> ValueSummary:
    roles = state.scenario.role_ids
    package = package_points(state)
    joint = package[0] + package[1] - state.batna[0] - state.batna[1]
    best = best_joint_gain(state)
    delay = lost_to_delay(state)
    return ValueSummary(
        joint_gain=rounded(joint) or 0.0,
        frontier_distance=rounded(pareto_distance(state.space, package)) or 0.0,
        efficiency=rounded(max(0.0, joint) / best, 4) if best > 1e-9 else None,
        claimed=surplus(state).share,
        lost_to_delay={roles[r]: rounded(delay[r]) or 0.0 for r in (0, 1)},
    )


def left_on_table(state: GameState) -> BetterPackage | None:
    """The best package that was better for both than the one agreed (or than both BATNAs
    without a deal): the largest joint gain among packages no worse for either side and
    strictly better for at least one, on package points before delay."""
    space = state.space
    points = space.points
    reached = package_points(state)
    better = (points[0] >= reached[0] - 1e-9) & (points[1] >= reached[1] - 1e-9)
    better &= (points[0] > reached[0] + 1e-9) | (points[1] > reached[1] + 1e-9)
    if not better.any():
        return None
    joint = np.where(better, points[0] + points[1], -np.inf)
    index = int(np.argmax(joint))
    roles = state.scenario.role_ids
    return BetterPackage(
        package=labels(state, space.package_at(index)),
        points={roles[r]: rounded(points[r, index]) or 0.0 for r in (0, 1)},
        gain={roles[r]: rounded(points[r, index] - reached[r]) or 0.0 for r in (0, 1)},
    )


def nash_point(state: GameState) -> Package | None:
    space = state.space
    index = space.nash_index((state.batna[0], state.batna[1]))
    if index is None:
        return None
    roles = state.scenario.role_ids
    return Package(
        labels(state, space.package_at(index)),
        {roles[r]: rounded(space.points[r, index]) or 0.0 for r in (0, 1)},
    )
