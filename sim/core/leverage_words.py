"""The leverage model's readings in words: why a side's leverage just moved, sentence by sentence.

`sim.core.leverage` is the maths (frontier, claims, power, landing point, Shapley split); this
module turns a turn's component changes and events into the reasons the TUI, the trace and the
debrief show ("The other company has filled the role; your alternative fell from 40 to 14
points: alternatives −14"). Kept apart so the model reads as a model.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.core.state import Event, GameState, other

COMPONENTS = ("alternatives", "timing", "information", "concessions")


def reasons(
    previous: GameState,
    state: GameState,
    role: int,
    changes: dict[str, float],
    events: Sequence[Event],
) -> tuple[str, ...]:
    said = []
    for name in COMPONENTS:
        delta = changes[name]
        if rounded(delta) == 0:
            continue
        cause = _CAUSES[name](previous, state, role, events)
        said.append(f"{cause}: {name} {signed(delta)}")
    return tuple(said)


def _alternatives_cause(previous: GameState, state: GameState, role: int, events) -> str:
    scenario = state.scenario
    them = other(role)
    said = []
    for event in events:
        detail = event.detail
        if event.kind == "scenario-event" and "batna_change" in detail:
            whose = scenario.role_index(detail["role"])
            change = detail["batna_change"]
            verb = "rose" if change > 0 else "fell"
            lead = _first_clause(event.text)
            if whose == role and "batna_before" in detail:
                before, after = detail["batna_before"], detail["batna_after"]
                said.append(f"{lead}; your alternative {verb} from {before:g} to {after:g} points")
            elif whose == role:
                said.append(f"{lead}; your alternative {verb} by {abs(change):g} points")
            else:
                said.append(f"{lead}; {_name(state, whose)}'s alternative {verb}")
        elif event.kind == "signalled" and event.actor == them:
            said.append(
                f"{_name(state, them)} signalled an alternative worth about {detail.get('claim', 0):g} points"
            )
        elif event.kind == "exposed" and event.actor == them:
            said.append(
                f"{_name(state, them)} was caught out on a claim, so you trust what they say less"
            )
        elif event.kind == "signalled" and event.actor == role:
            said.append("You signalled your alternative")
        elif event.kind == "exposed" and event.actor == role:
            said.append("Your claim was exposed")
    return _join(said) if said else "The alternatives look different now"


def _information_cause(previous: GameState, state: GameState, role: int, events) -> str:
    them = other(role)
    said = []
    for event in events:
        if event.actor != them:
            continue
        topic = event.detail.get("topic")
        words = {
            "batna": "their alternative",
            "deadline": "their deadline",
            "priorities": "their priorities",
        }
        if event.kind == "disclosed":
            said.append(f"{_name(state, them)} disclosed {words.get(topic, 'a fact')}")
        elif event.kind == "revealed":
            fact = state.scenario.facts[state.scenario.fact_index(event.detail["fact"])]
            said.append(
                f"News revealed {words.get(fact.topic, 'a fact')} of the {_name(state, them)}"
            )
        elif event.kind == "answered":
            said.append(f"{_name(state, them)} answered about {words.get(topic, topic)}")
    return _join(said) if said else "What you know of the other side changed"


def _timing_cause(previous: GameState, state: GameState, role: int, events) -> str:
    said = []
    for event in events:
        if event.kind == "break":
            who = "You" if event.actor == role else _name(state, event.actor)
            said.append(f"{who} took a break")
        elif event.kind == "scenario-event" and "deadline_before" in event.detail:
            detail = event.detail
            whose = state.scenario.role_index(detail["deadline_role"])
            owner = "your" if whose == role else f"{_name(state, whose)}'s"
            said.append(
                f"{_first_clause(event.text)}; {owner} deadline moved from round "
                f"{detail['deadline_before']} to {detail['deadline_after']}"
            )
    if state.round > previous.round:
        passed = state.round - previous.round
        left = state.rounds_left(role)
        until = "your deadline" if state.deadline[role] is not None else "the last round"
        rounds = "a round" if passed == 1 else f"{passed} rounds"
        said.append(f"{rounds.capitalize()} passed; {left} left before {until}")
    return _join(said) if said else "The clock looks different now"


def _concessions_cause(previous: GameState, state: GameState, role: int, events) -> str:
    said = []
    space = state.space
    for mover in (role, other(role)):
        before, after = previous.standing[mover], state.standing[mover]
        if after == before or after is None:
            continue
        who = "You" if mover == role else _name(state, mover)
        new = space.points_of(after)[mover]
        if before is None:
            said.append(f"{who} made a first offer")
            continue
        old = space.points_of(before)[mover]
        if new < old:
            said.append(f"{who} conceded {old - new:g} points")
        elif new > old:
            said.append(f"{who} asked for {new - old:g} points more")
        else:
            said.append(f"{who} reshaped the offer")
    return _join(said) if said else "The offers on the table changed"


_CAUSES = {
    "alternatives": _alternatives_cause,
    "information": _information_cause,
    "timing": _timing_cause,
    "concessions": _concessions_cause,
}


# -- words and numbers --------------------------------------------------------------------------


def _name(state: GameState, role: int) -> str:
    return state.scenario.roles[role].name


def _join(said: list[str]) -> str:
    """Causes as one sentence: "You signalled your alternative; the other company has filled the
    role; …" (a cause after the first starts in lower case unless it starts with a name)."""
    out = said[:1]
    for cause in said[1:]:
        first = cause.split(" ", 1)[0]
        if first in ("The", "A", "An", "You", "Your", "News"):
            cause = cause[0].lower() + cause[1:]
        out.append(cause)
    return "; ".join(out)


def _first_clause(text: str) -> str:
    """The headline of an event's text: up to its first colon or full stop."""
    cut = min((i for i in (text.find(":"), text.find(".")) if i > 0), default=len(text))
    return text[:cut].strip()


def rounded(value: float) -> float:
    """One decimal, and never −0.0, so traces compare byte for byte."""
    return round(float(value), 1) + 0.0


def signed(value: float) -> str:
    text = f"{abs(rounded(value)):.1f}".removesuffix(".0")
    return f"+{text}" if value > 0 else f"−{text}"
