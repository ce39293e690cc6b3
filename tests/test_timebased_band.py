"""The time-based counterpart finds its band of packages (at its target, within 5% of its range
above it) by binary search in its packages ranked by points: the same candidates, in the same
order, as a mask over every package, so the same package, at any target and history."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ai.timebased import TimeBasedCounterpart
from sim.core.catalogue import shipped_scenarios
from sim.core.moves import Move, Propose
from sim.core.rules import step
from sim.core.state import Game
from sim.core.view import RoleView

SCENARIOS = {s.id: s for s in shipped_scenarios()}


def masked_package(view: RoleView, target: float) -> tuple[int, ...]:
    """The band as a mask over every package (the counterpart's rule as first written)."""
    points = view.my_points
    eligible = points >= target - 1e-9
    if not eligible.any():
        return view.package_at(int(points.argmax()))
    spread = float(points.max() - points.min()) or 1.0
    band = eligible & (points <= target + 0.05 * spread)
    if not band.any():
        band = eligible & (points == points[eligible].min())
    candidates = np.flatnonzero(band)
    offers = view.their_offers
    if not offers:
        return view.package_at(int(candidates[np.argmin(points[candidates])]))
    chosen = view.packages[candidates]
    liking = np.zeros(len(candidates))
    for issue_index, issue in enumerate(view.issues):
        counts = np.bincount([o.package[issue_index] for o in offers], minlength=len(issue.options))
        liking += counts[chosen[:, issue_index]] / len(offers)
    sizes = np.array([len(issue.options) - 1 or 1 for issue in view.issues])
    distance = (np.abs(chosen - np.asarray(offers[-1].package)) / sizes).sum(axis=1)
    order = np.lexsort((points[candidates], distance, -liking))
    return view.package_at(int(candidates[order[0]]))


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    scenario_id=st.sampled_from(sorted(SCENARIOS)),
    seed=st.integers(0, 50),
    offers=st.lists(st.integers(0, 10**6), max_size=6),
    share=st.floats(-0.2, 1.2),
)
def test_the_band_by_binary_search_is_the_band_by_mask(scenario_id, seed, offers, share):
    game = Game.new(SCENARIOS[scenario_id], seed)
    state = game.initial_state()
    # The other side (role 1) makes its offers, role 0 holding its first package meanwhile.
    mine = game.space.package_at(0)
    for pick in offers:
        if state.is_over:
            break
        theirs = game.space.package_at(pick % game.space.size)
        package = mine if state.to_move == 0 else theirs
        if package == state.standing[1 - state.to_move]:
            break
        state, _ = step(state, Move(Propose(package)))
    view = RoleView(state, 0)
    # Targets across the range and a little beyond it, and exactly at package points (ties).
    low, high = view.my_worst, view.my_best
    targets = [low + share * (high - low), float(view.my_points[seed % game.space.size])]
    scripted = TimeBasedCounterpart(0, np.random.default_rng(0), "boulware")
    for target in targets:
        assert scripted._package_at(view, target, view.their_offer) == masked_package(view, target)
