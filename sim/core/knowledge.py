"""What one side knows of the other: its estimate of the other's BATNA and deadline.

Perceived leverage (`sim.core.leverage`) needs a side's picture of the other side. A side knows
its own parameters exactly, and of the other side it knows:

- the public brief: the other's BATNA can be guessed at the midpoint of `Role.batna_public`, and
  its deadline is known when `Role.deadline_public`, otherwise assumed to be the last round;
- costs of delay, which are in the public briefs;
- facts the other side disclosed (or an event revealed): exact, they replace the estimate;
- events it was told about that moved the other's BATNA or deadline (the shift is applied);
- what the other side said: answers to questions and signals, taken at face value but
  discounted. An answer moves the estimate all the way to the claim, a signal (unprompted cheap
  talk) half way. A claim in the speaker's own favour (a better BATNA, a later deadline than the
  estimate) is further discounted by the speaker's trust; a claim against its own interest is
  not, since nobody bluffs to look weaker. So when a lie is exposed and trust falls, the picture
  only ever moves against the liar. Exposed claims are ignored.

`their_batna_estimate(state, role)` and `their_deadline_estimate(state, role)` walk the game's log
in order. `kinds` picks which evidence counts: the leverage breakdown asks for the estimate
without what was disclosed or answered, to tell "information" apart from "alternatives".
"""

from __future__ import annotations

from collections.abc import Collection

from sim.core.state import GameState, other

ANSWER_CREDENCE = 1.0  # an answer to a direct question is taken at face value
SIGNAL_CREDENCE = 0.5  # an unprompted signal is cheap talk: half way

# Evidence, by the kind of log event it comes from.
SAID = frozenset({"answered", "signalled"})
HARD = frozenset({"disclosed", "revealed"})
EVENTS = frozenset({"scenario-event"})
ALL_EVIDENCE = SAID | HARD | EVENTS
# "Information" is what the other side told you in answer or disclosed; signals, exposures and
# events that move their alternative belong to "alternatives".
INFORMATION = frozenset({"answered", "disclosed", "revealed"})


def public_batna_guess(state: GameState, role: int) -> float:
    """What the other side can guess of `role`'s BATNA from the public brief alone."""
    low, high = state.scenario.roles[role].batna_public
    return (low + high) / 2


def public_deadline_guess(state: GameState, role: int) -> int:
    """`role`'s deadline as the other side knows it from the public brief: the real one when the
    brief names it, otherwise the last round."""
    spec = state.scenario.roles[role]
    last = state.scenario.max_rounds
    if spec.deadline_public and spec.deadline is not None:
        return min(spec.deadline, last)
    return last


def their_batna_estimate(
    state: GameState, role: int, kinds: Collection[str] = ALL_EVIDENCE
) -> float:
    """`role`'s estimate of the other side's BATNA, in points."""
    return _estimate(state, role, "batna", kinds)


def their_deadline_estimate(
    state: GameState, role: int, kinds: Collection[str] = ALL_EVIDENCE
) -> float:
    """`role`'s estimate of the last round the other side can deal in (may be fractional)."""
    return _estimate(state, role, "deadline", kinds)


def _estimate(state: GameState, role: int, topic: str, kinds: Collection[str]) -> float:
    them = other(role)
    scenario = state.scenario
    last = scenario.max_rounds
    if topic == "batna":
        estimate = public_batna_guess(state, them)
    else:
        estimate = float(public_deadline_guess(state, them))
    trust = state.trust[them]
    their_claims = [c for c in state.claims if c.role == them]
    their_disclosures = [d for d in state.disclosures if d.holder == them]
    claim_at = 0
    disclosure_at = 0
    them_id = scenario.roles[them].id
    for event in state.log:
        kind = event.kind
        # Claims and disclosures are logged one event each, in order: keep the indices in step.
        if kind in SAID and event.actor == them:
            claim = their_claims[claim_at]
            claim_at += 1
            if kind not in kinds or claim.topic != topic or claim.exposed or not claim.values:
                continue
            stated = sum(claim.values) / len(claim.values)
            if topic == "deadline":
                stated = min(stated, float(last))  # "no deadline" means the last round
            credence = ANSWER_CREDENCE if claim.via == "answer" else SIGNAL_CREDENCE
            if stated > estimate:  # in the speaker's favour: discounted by trust
                credence *= trust
            estimate += credence * (stated - estimate)
        elif kind in HARD and event.actor == them:
            # "disclosed" (said) or "revealed" (by an event): the holder is the actor.
            disclosure = their_disclosures[disclosure_at]
            disclosure_at += 1
            if kind in kinds and disclosure.topic == topic:
                estimate = disclosure.value
        elif kind in EVENTS and kind in kinds and role in event.visible_to:
            detail = event.detail
            if topic == "batna" and detail.get("role") == them_id:
                estimate = _shifted(state, detail["event"], "batna", estimate)
            elif topic == "deadline" and detail.get("deadline_role") == them_id:
                estimate = min(
                    float(last), max(1.0, _shifted(state, detail["event"], "deadline", estimate))
                )
    return float(estimate)


def _shifted(state: GameState, event_id: str, what: str, estimate: float) -> float:
    for rule in state.scenario.events:
        if rule.id == event_id:
            shift = rule.batna if what == "batna" else rule.deadline
            return float(shift.apply(estimate)) if shift is not None else estimate
    return estimate
