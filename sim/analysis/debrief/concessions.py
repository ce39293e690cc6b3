"""Concessions, counted one way: a concession is an offer worth less *to its maker* than the
maker's previous offer, and its size is what it cost the maker, in the maker's own points.

The game's conversation can say how far their offers moved your way (your points); the debrief
says what each side gave up (its own points). The two differ whenever an issue matters more to
one side than the other, so the debrief names its measure instead of leaving a learner to
reconcile "their offers moved +28 your way" with "they gave 9".
"""

from __future__ import annotations

from sim.analysis.debrief.report import Concessions, ConcessionStep, RoleConcessions, rounded
from sim.core.state import GameState

MEASURE = "what each step cost the side that made it, in that side's own points"


def concessions(state: GameState) -> Concessions:
    roles = state.scenario.role_ids
    by_role: dict[str, RoleConcessions] = {}
    first: tuple[int, int] | None = None  # (offer index, role)
    for role in (0, 1):
        previous = None
        opening = None
        steps: list[ConcessionStep] = []
        for index, offer in enumerate(state.offers):
            if offer.role != role:
                continue
            if previous is None:
                opening = offer
            elif offer.points[role] < previous.points[role] - 1e-9:
                size = rounded(previous.points[role] - offer.points[role]) or 0.0
                steps.append(ConcessionStep(offer.round, size))
                if first is None or index < first[0]:
                    first = (index, role)
            previous = offer
        by_role[roles[role]] = RoleConcessions(
            offers=sum(1 for o in state.offers if o.role == role),
            opening=rounded(opening.points[role]) if opening is not None else None,
            count=len(steps),
            total=rounded(sum(s.size for s in steps)) or 0.0,
            largest=rounded(max((s.size for s in steps), default=0.0)) or 0.0,
            steps=tuple(steps),
        )
    first_offer = state.offers[0] if state.offers else None
    return Concessions(
        measure=MEASURE,
        by_role=by_role,
        first_to_concede=roles[first[1]] if first is not None else None,
        first_concession_round=state.offers[first[0]].round if first is not None else None,
        first_offer=roles[first_offer.role] if first_offer is not None else None,
    )
