"""The time-based counterpart's frequency model, kept up offer by offer, is the count of every
offer so far: the same packages as recounting the whole history at every decision, in the game
it is playing and when the same counterpart is handed another game."""

from __future__ import annotations

import numpy as np

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.ai.timebased import TimeBasedCounterpart
from sim.core.state import Game
from sim.core.view import RoleView


def _recounted(view: RoleView) -> list[np.ndarray]:
    offers = view.their_offers
    return [
        np.bincount([o.package[i] for o in offers], minlength=len(issue.options))
        for i, issue in enumerate(view.issues)
    ]


def _check_game(scenario, seed: int, scripted: TimeBasedCounterpart) -> int:
    game = Game.new(scenario, seed)
    other = make_counterpart(game, 1 - scripted.role, "reciprocator", "normal")
    sides = (scripted, other) if scripted.role == 0 else (other, scripted)
    match = Match(game, sides)
    checked = 0
    while not match.is_over:
        if match.to_move == scripted.role and match.state.offers_by(1 - scripted.role):
            view = RoleView(match.state, scripted.role)
            kept = scripted._counts(view, view.their_offers)
            assert [list(k) for k in kept] == [list(r) for r in _recounted(view)]
            fresh = TimeBasedCounterpart(scripted.role, np.random.default_rng(0), "linear")
            target = scripted.target(view)
            assert scripted._package_at(view, target, view.their_offer) == fresh._package_at(
                view, target, view.their_offer
            )
            checked += 1
        match.play_counterpart()
    return checked


def test_kept_counts_are_the_recount_across_games(scenarios):
    scripted = TimeBasedCounterpart(0, np.random.default_rng(1), "boulware")
    checked = 0
    for scenario_id, seed in (("job-offer", 3), ("supplier-contract", 5), ("job-offer", 4)):
        checked += _check_game(scenarios[scenario_id], seed, scripted)
    assert checked > 10
