"""What each side told the other (questions, answers and how, facts, signals, citations, facts
that events revealed), and every lie and bluff with whether it was exposed and what it cost.

A lie is priced against the truth in the round it was told: an alternative that was 12 when the
bluff was made and 26 at the end was a bluff about 12, not about 26.
"""

from __future__ import annotations

from sim.ai.match import Match
from sim.analysis.debrief.report import (
    Answered,
    Asked,
    Cited,
    Deception,
    Disclosed,
    GivenInformation,
    Information,
    Revealed,
    Signalled,
    rounded,
)
from sim.core.state import EXPOSED_LIE_TRUST, Claim, Event, GameState, other


def information(match: Match) -> Information:
    """What a side gave is what the other received."""
    roles = match.game.scenario.role_ids
    given = {role: _empty() for role in roles}
    for turn in match.turns:
        for event in turn.events:
            _note(given, roles, turn.actor, turn.state, event)
    typed = {
        role: GivenInformation(**{k: tuple(v) for k, v in given[role].items()}) for role in roles
    }
    return Information(
        given=typed,
        received={roles[r]: typed[roles[other(r)]] for r in (0, 1)},
    )


def _empty() -> dict[str, list]:
    return {
        "asked": [],
        "answered": [],
        "disclosed": [],
        "signalled": [],
        "cited": [],
        "revealed_by_events": [],
    }


def _note(
    given: dict[str, dict[str, list]],
    roles: tuple[str, str],
    mover: int,
    state: GameState,
    event: Event,
) -> None:
    detail = event.detail
    mine = event.actor == mover
    if event.kind == "asked" and mine:
        given[roles[mover]]["asked"].append(Asked(event.round, detail.get("topic")))
    elif event.kind == "answered" and mine:
        claim = _claim_at(state, mover, event.round, "answer")
        given[roles[mover]]["answered"].append(
            Answered(
                event.round,
                detail.get("topic"),
                claim.manner if claim is not None else detail.get("manner"),
                tuple(rounded(v) for v in detail.get("values", [])),
            )
        )
    elif event.kind == "disclosed" and event.actor is not None:
        given[roles[event.actor]]["disclosed"].append(
            Disclosed(event.round, detail.get("fact"), detail.get("topic"), event.text)
        )
    elif event.kind == "signalled" and mine:
        given[roles[mover]]["signalled"].append(
            Signalled(event.round, rounded(detail.get("claim")))
        )
    elif event.kind == "cited" and mine:
        given[roles[mover]]["cited"].append(Cited(event.round, detail.get("benchmark")))
    elif event.kind == "revealed" and event.actor is not None:
        given[roles[event.actor]]["revealed_by_events"].append(
            Revealed(event.round, detail.get("fact"), event.text)
        )


def _claim_at(state: GameState, role: int, round_number: int, via: str) -> Claim | None:
    for claim in reversed(state.claims):
        if claim.role == role and claim.round == round_number and claim.via == via:
            return claim
    return None


def deception(match: Match) -> tuple[Deception, ...]:
    """Every lie and bluff, whether the game exposed it, when, and the trust it cost."""
    state = match.state
    roles = state.scenario.role_ids
    exposures: dict[tuple[int, int, str], int] = {}
    for turn in match.turns:
        for event in turn.events:
            if event.kind == "exposed" and event.actor is not None:
                key = (
                    event.actor,
                    int(event.detail.get("claim_round", 0)),
                    str(event.detail.get("topic")),
                )
                exposures.setdefault(key, event.round)
    out = []
    for index, claim in enumerate(state.claims):
        if claim.truthful:
            continue
        exposed_round = exposures.get((claim.role, claim.round, claim.topic))
        out.append(
            Deception(
                role=roles[claim.role],
                round=claim.round,
                topic=claim.topic,
                kind="bluff" if claim.via == "signal" else "lie",
                claimed=tuple(rounded(v) for v in claim.values),
                truth=rounded(_truth(_state_when_told(match, index), claim)),
                exposed=claim.exposed,
                exposed_round=exposed_round if claim.exposed else None,
                trust_cost=rounded(EXPOSED_LIE_TRUST if claim.exposed else 0.0),
            )
        )
    return tuple(out)


def _state_when_told(match: Match, claim_index: int) -> GameState:
    """The state just before the move that made the `claim_index`-th claim."""
    before = match.game.initial_state()
    for turn in match.turns:
        if len(turn.state.claims) > claim_index:
            return before
        before = turn.state
    return match.state


def _truth(state: GameState, claim: Claim) -> float:
    if claim.topic == "batna":
        return state.batna[claim.role]
    if claim.topic == "deadline":
        return float(state.effective_deadline(claim.role))
    return float(state.space.issue_weights(claim.role).argmax())
