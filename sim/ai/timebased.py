"""The first counterpart: time-dependent concession (Faratin, Sierra & Jennings 1998).

Its target falls from its best package towards its reservation value along
    target(t) = reservation + (best - reservation) * (1 - t ** (1 / e)),
where t runs from 0 at the first round to 1 at its own deadline. An exponent e < 1 holds firm
until late (Boulware), e > 1 gives ground early (Conceder), e = 1 is linear. It proposes, among
the packages at its target, the one the other side seems to like most by how often it proposed
each option (a frequency opponent model), then the closest to its last offer; accepts an offer that beats what it would propose next; answers questions
plainly; and walks away at its deadline when nothing on the table beats its BATNA.

The Bayesian counterpart (`sim.ai.bayesian`) replaces it in play; this one stays as the simple
scripted opponent for tests and benchmarks.
"""

from __future__ import annotations

import numpy as np

from sim.ai.counterpart import Choice, Reasons
from sim.core.moves import Accept, Answer, Hold, Move, Propose, WalkAway
from sim.core.state import Event, Offer
from sim.core.view import RoleView

EXPONENTS = {"boulware": 0.3, "linear": 1.0, "conceder": 3.0}


class TimeBasedCounterpart:
    def __init__(
        self,
        role: int,
        rng: np.random.Generator,
        persona: str = "boulware",
        exponent: float | None = None,
    ):
        self.role = role
        self.persona = persona
        self.exponent = exponent if exponent is not None else EXPONENTS.get(persona, 1.0)
        self.rng = rng
        # How often the other side proposed each option, issue by issue, and the last offer
        # counted: kept up offer by offer, so a decision late in a long game does not recount
        # every offer made since the start.
        self._option_counts: list[np.ndarray] = []
        self._counted: tuple[int, Offer | None] = (0, None)
        # Its packages ranked by its own points, and each issue's last option, for the game's
        # outcome space (`_ranking`): it looks for a band of points every move, and a band of a
        # sorted list is two binary searches, where a mask over every package was several passes.
        self._ranked: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def target(self, view: RoleView, at_round: int | None = None) -> float:
        when = view.round if at_round is None else at_round
        best = view.my_best
        reservation = view.reservation(when)
        span = max(1, self.horizon(view) - 1)
        t = min(1.0, max(0.0, (when - 1) / span))
        return reservation + (best - reservation) * (1 - t ** (1 / self.exponent))

    def horizon(self, view: RoleView) -> int:
        """The last round it plans for: its own deadline, or theirs when it knows it is sooner."""
        theirs = view.their_known_deadline
        return view.deadline if theirs is None else min(view.deadline, theirs)

    def decide(self, view: RoleView) -> Choice:
        target = self.target(view)
        next_target = self.target(view, min(view.round + 1, view.deadline))
        reservation = view.reservation()
        talk = self._answer(view)
        offer = view.their_offer
        if view.mediator_proposal is not None and view.points_of(view.mediator_proposal) >= max(
            reservation, next_target
        ):
            return Choice(
                Move(Accept(mediator=True), talk),
                "The mediator's proposal works for us.",
                Reasons("accept-mediator", target),
            )
        if offer is not None:
            value = view.points_of(offer)
            if value >= reservation and (value >= next_target or view.last_move_of_game_for_me()):
                return Choice(Move(Accept(), talk), "We have a deal.", Reasons("accept", target))
        if view.last_move_of_game_for_me():
            return Choice(
                Move(WalkAway(), talk),
                "This is as far as we can go. We'll pass.",
                Reasons("walk-away-at-deadline", target),
            )
        package = self._package_at(view, target, offer)
        if package == view.my_offer:
            return Choice(Move(Hold(), talk), "Our offer stands.", Reasons("hold", target))
        return Choice(
            Move(Propose(package), talk),
            "Here is what we can do.",
            Reasons("concede-on-schedule", target),
        )

    def _package_at(self, view: RoleView, target: float, their_offer) -> tuple[int, ...]:
        points = view.my_points
        order, ranked, sizes = self._ranking(view)
        # The packages worth at least the target (less a hair for rounding) are a tail of the
        # ranking.
        low = int(np.searchsorted(ranked, target - 1e-9, side="left"))
        if low == len(ranked):
            return view.package_at(int(points.argmax()))
        # Packages just above target (within 5% of my range), closest to their last offer; if
        # none is that close, the cheapest ones above it.
        high = int(np.searchsorted(ranked, target + 0.05 * view.my_span, side="right"))
        if high <= low:
            high = int(np.searchsorted(ranked, ranked[low], side="right"))
        candidates = np.sort(order[low:high])  # in package order, as a mask would list them
        offers = view.their_offers
        if not offers:
            return view.package_at(int(candidates[np.argmin(points[candidates])]))
        # A frequency model of the other side: options it keeps proposing are ones it values.
        # Prefer the band package it would like most; then the one nearest its last offer.
        chosen = view.packages[candidates]
        liking = np.zeros(len(candidates))
        for issue_index, counts in enumerate(self._counts(view, offers)):
            liking += counts[chosen[:, issue_index]] / len(offers)
        distance = (np.abs(chosen - np.asarray(offers[-1].package)) / sizes).sum(axis=1)
        order = np.lexsort((points[candidates], distance, -liking))
        return view.package_at(int(candidates[order[0]]))

    def _ranking(self, view: RoleView) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Package indices by my points, lowest first; those points; and per issue its last
        option's index (at least 1: distances along an issue are measured in its length)."""
        packages = view.packages  # one array per outcome space: it tells one game's from another
        if self._ranked is None or self._ranked[0] is not packages:
            points = view.my_points
            order = np.argsort(points, kind="stable")
            sizes = np.array([len(issue.options) - 1 or 1 for issue in view.issues])
            self._ranked = (packages, order, points[order], sizes)
        return self._ranked[1:]

    def _counts(self, view: RoleView, offers: tuple[Offer, ...]) -> list[np.ndarray]:
        """Per issue, how many of `offers` proposed each option."""
        done, last = self._counted
        if done > len(offers) or (done and offers[done - 1] is not last):
            done = 0  # not the history counted so far (a new game): count again
        if done == 0:
            self._option_counts = [
                np.zeros(len(issue.options), dtype=np.intp) for issue in view.issues
            ]
        for offer in offers[done:]:
            for issue_index, option in enumerate(offer.package):
                self._option_counts[issue_index][option] += 1
        self._counted = (len(offers), offers[-1] if offers else None)
        return self._option_counts

    def _answer(self, view: RoleView):
        question = view.question_to_me
        if question is None:
            return None
        # Plain-spoken: truthful about priorities, vague about its alternative and deadline.
        return Answer("truthful") if question.topic == "priorities" else Answer("vague")

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None:
        return None

    def belief_summary(self) -> dict[str, float] | None:
        return None
