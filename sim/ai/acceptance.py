"""The counterpart's acceptance policy: when to take what is on the table, and when to leave.

- **Accept** your offer when it is worth at least what it would ask next round if you held
  (less the persona's and level's slack), or at least its target now, or at its last chance
  when it beats its reservation. **Never** below its BATNA plus the delay costs paid: a hard
  check on every accepting move (tested as a property).
- **Your deadline is no lever against it.** When it moves first in the round your own deadline
  (known to it) ends the game, before its own, your answer is the last word and its proposal
  an ultimatum: you take it or your BATNA. There it accepts your offer only if that beats the
  expected gain of the proposal it would make instead (its gain times the chance, by its
  belief, that you take it; less its slack). A side that holds to its own deadline must not
  find it folding at the close, as if the deadline that presses you pressed it.
- **The mediator's package** when it beats its reservation as of next round (the deal closes
  when both have accepted) and is about what it would settle for anyway.
- **Your best offer back** at its last proposal you can still answer: when you have offered a
  package better for it than the one now on the table (and worth its reservation), it proposes
  that one, as Aspiration-style agents take the best offer of the game near the deadline. It is
  what you asked for, so it takes back nothing; a side that drifts back to worse packages (or
  cycles through its old ones) is held to its best.
- **Walk away** at its last chance with nothing acceptable; before that only when it is *sure*
  no deal worth its reservation remains: even the low end of its belief about your BATNA (or the
  value you disclosed) leaves no package both would take. A side that concedes late looks, for
  most of the game, like a side with a strong alternative: that is no reason to leave early.
"""

from __future__ import annotations

import numpy as np

from sim.ai import offering
from sim.ai.belief import Belief
from sim.ai.offering import Plan, log_chance_you_take
from sim.ai.styles import Level, Style
from sim.core.view import RoleView

SURE = 0.02  # the quantile of your BATNA it must rule out before walking away early


class Acceptance:
    def __init__(self, style: Style, level: Level):
        self.style = style
        self.level = level
        # `walks_early`'s answers by its bars, for one model of your points (read-only: a new
        # array whenever the belief changes) on one outcome space.
        self._walks: tuple[object, object, dict[tuple[float, float, int], bool]] = (None, None, {})

    def slack(self, view: RoleView) -> float:
        return max(0.0, self.style.accept_slack + self.level.slack) * view.my_span

    def takes_mediator(self, view: RoleView, plan: Plan) -> bool:
        proposal = view.mediator_proposal
        if proposal is None:
            return False
        value = view.points_of(proposal)
        near = value >= plan.next_target - 0.1 * view.my_span
        last_chance = last_chance_to_agree(view)
        return value >= view.reservation(view.round + 1) and (
            near or self.style.mediator or last_chance
        )

    def takes_offer(
        self, view: RoleView, plan: Plan, belief: Belief, their_points: np.ndarray
    ) -> str | None:
        """ "accept", "accept-last-chance" or None for your standing offer."""
        offer = view.their_offer
        if offer is None:
            return None
        value = view.points_of(offer)
        if value < view.reservation():
            return None  # the hard line: never below its BATNA plus delay costs
        slack = self.slack(view)
        reaches = value >= plan.next_target - slack or value >= plan.target
        if makes_the_last_offer(view):
            # An ultimatum of its own is worth its gain times the chance you take it; your
            # offer is worth its gain for sure. The better of the two, as any side would,
            # even where your offer reaches its target: at your close its target is low, and
            # taking what reaches it would be the very fold this rule forbids.
            ultimatum = expected_gain(view, belief, their_points, plan.target)
            if value - view.reservation() < ultimatum - slack:
                return None
            return "accept" if reaches else "accept-last-chance"
        if reaches:
            return "accept"
        return "accept-last-chance" if last_chance_to_agree(view) else None

    def walks_early(self, view: RoleView, belief: Belief, their_points: np.ndarray) -> bool:
        """Sure that no package you would take is worth its reservation to it."""
        if not self.style.walks_early or view.round < 3 or len(view.their_offers) < 2:
            return False
        mine = view.reservation(view.round + 1)
        sure = belief.known_batna is not None
        low = belief.batna_quantile(0.0 if sure else SURE)
        their_low = low + view.their_delay_cost * view.round
        margin = (0.02 if sure else 0.1) * view.my_span
        # Asked every move, mostly of the same bars and the same model of your points.
        key = (mine, their_low - margin, view.role)
        kept = self._walks
        if (
            not offering.REUSE
            or kept[0] is not their_points
            or kept[1] is not view.packages
            or their_points.flags.writeable
        ):
            kept = self._walks = (their_points, view.packages, {})
        walks = kept[2].get(key)
        if walks is None:
            if len(kept[2]) >= 64:
                kept[2].clear()
            possible = (view.my_points >= mine) & (their_points >= their_low - margin)
            walks = kept[2][key] = not possible.any()
        return walks


def last_answered_proposal(view: RoleView) -> bool:
    """Its last proposal you can still answer: in the round the deal window closes (its
    deadline, or yours as it knows it) when it moves first, or the round before when it moves
    second (then its move in the last round is the last word, with no answer to come)."""
    theirs = view.their_known_deadline
    end = view.deadline if theirs is None else min(view.deadline, theirs)
    return view.round == (end - 1 if view.second_half else end)


def makes_the_last_offer(view: RoleView) -> bool:
    """Your own deadline, known to it, ends the game this round, before its own, and it moves
    first: your answer is the last word, and you can only take its proposal or your BATNA.
    That deadline presses you, not it (the leverage model's reading of a deadline), so its
    proposal there is an ultimatum it may make. (At the game's last round, or its own deadline,
    both sides are pressed alike, and an agent that never takes a last offer, as many
    automated ones don't, would leave it with no deal: there it takes what beats its BATNA.)"""
    if view.second_half:
        return False
    theirs = view.their_known_deadline
    return theirs is not None and view.round >= theirs and view.deadline > theirs


def expected_gain(view: RoleView, belief: Belief, their_points: np.ndarray, least: float) -> float:
    """Its best expected gain this round over its reservation from proposing a package worth at
    least `least` to it: its gain times the chance, by its belief, that you take the package
    (`log_chance_you_take`, what its final offers weigh)."""
    gain = view.my_points - view.reservation()
    allowed = (view.my_points >= least - 1e-9) & (gain > 0)
    if not allowed.any():
        return 0.0
    chance = np.exp(log_chance_you_take(view, belief, their_points[allowed]))
    return float((gain[allowed] * chance).max())


def last_chance_to_agree(view: RoleView) -> bool:
    """Its last chance to take a deal: its last move of the game, or a move in the round a
    deadline (its own, or yours as it knows it) ends the game, after which your answer
    may be the last word."""
    if view.last_move_of_game_for_me():
        return True
    theirs = view.their_known_deadline
    end = view.deadline if theirs is None else min(view.deadline, theirs)
    return view.round >= end
