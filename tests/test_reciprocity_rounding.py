"""The reciprocator rounds its answer on its own scale, so a bigger concession of yours is never
answered with a smaller step (issue 10's principle, down to its floor).

Its answer to your concession is a step in its own points, rounded to the nearer of the packages
just above and just below (`Offering._nearest`). That rounding used to look only at the packages
it could offer you now (which depend on your offer: what you asked for, what you gave up) and
only above its floor (which depends on what your offer tells its belief). So two offers of
yours, one a point better for it, could round differently: on used-car (seed 434) your offer
worth 31 to it got a 5-point step back, and one worth 32 got 4. The cases below were found by
a seeded scan of 4,000 states like the principle's property test draws (8 of them, on used-car,
term-sheet, pay-raise and software-licence); CI's derandomised property rarely meets one.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.ai.belief import Belief
from sim.ai.offering import Offering
from sim.ai.styles import LEVELS, STYLES
from sim.core.catalogue import shipped_scenarios
from sim.core.moves import Hold, Move, Propose
from sim.core.rules import step
from sim.core.state import Game
from sim.core.view import RoleView

SCENARIOS = {scenario.id: scenario for scenario in shipped_scenarios()}

# (scenario, seed, level, your offers before, then two next offers of yours: package indices,
# the second worth one point more to it than the first)
FOUND = [
    ("used-car", 9235, "hard", [(3, 1, 1, 0, 2), (3, 0, 0, 0, 1)], 239, 190),
    (
        "term-sheet",
        8176,
        "easy",
        [(2, 0, 1, 0, 0), (2, 2, 0, 1, 1), (3, 0, 1, 1, 1), (3, 1, 2, 0, 1)],
        35,
        62,
    ),
    ("used-car", 6986, "easy", [(4, 1, 1, 0, 2), (1, 1, 0, 1, 1)], 144, 268),
    ("term-sheet", 974, "normal", [(3, 2, 0, 2, 0), (3, 2, 1, 2, 0)], 161, 158),
    ("used-car", 434, "normal", [(3, 0, 1, 1, 1)], 36, 251),
    ("pay-raise", 1620, "normal", [(2, 0, 2, 1, 1)], 189, 101),
    ("software-licence", 6686, "normal", [(2, 0, 0, 2, 1), (4, 2, 2, 2, 0)], 386, 382),
    ("term-sheet", 3462, "normal", [(0, 1, 0, 0, 0)], 2, 13),
]


def answer(scenario_id: str, seed: int, level: str, offers, index: int) -> tuple[float, bool]:
    """The reciprocator (the side that moves first) opens at its best and holds; you make
    `offers`, it holds once more, and you offer package `index`. Its next concession (from its
    standing offer to its target), and whether its floor is what stops it there."""
    game = Game.new(SCENARIOS[scenario_id], seed)
    state = game.initial_state()
    me = state.to_move
    space = game.space
    best = space.package_at(int(np.argmax(space.points[me])))
    for package in offers:
        mine = Propose(best) if state.standing[me] is None else Hold()
        state, _ = step(state, Move(mine))
        state, _ = step(state, Move(Propose(package)))
    state, _ = step(state, Move(Hold()))
    state, _ = step(state, Move(Propose(space.package_at(index))))
    view = RoleView(state, me)
    belief = Belief(view, LEVELS[level].sharpness)
    offering = Offering(STYLES["reciprocator"], LEVELS[level], np.random.default_rng(0))
    plan = offering.plan(view, belief, belief.their_points(), False)
    assert not plan.final  # the rule under test, not its last offer's
    at_floor = plan.target <= max(plan.floor, view.reservation()) + 1e-9
    return view.points_of(view.my_offer) - plan.target, at_floor


@pytest.mark.parametrize(("scenario_id", "seed", "level", "offers", "less", "more"), FOUND)
def test_a_bigger_concession_is_never_answered_with_a_smaller_step(
    scenario_id, seed, level, offers, less, more
):
    space = Game.new(SCENARIOS[scenario_id], seed).space
    me = Game.new(SCENARIOS[scenario_id], seed).initial_state().to_move
    assert space.points[me][more] > space.points[me][less]
    small, _ = answer(scenario_id, seed, level, offers, less)
    big, at_floor = answer(scenario_id, seed, level, offers, more)
    assert big >= small - 1e-9 or at_floor, (small, big)
