"""Moves: what a side can say and decide on its turn (DESIGN.md §2, "A turn").

A move is optional talk plus exactly one decision. Talk: ask a question on a topic, answer the
question put to you (truthfully, vaguely, decline, or lie), disclose a fact, signal the strength
of your alternative, cite a benchmark. Decision: propose a full package, accept the standing
offer (or the mediator's proposal), hold, take a break, walk away, request a mediator.

Moves are small frozen values with a stable text form (`Move.to_dict` / `Move.from_dict`), which
is what replays store and what the trace prints.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, TypeVar, overload

from attrs import field, frozen

from sim.core.errors import InvalidMoveError

_Kind = TypeVar("_Kind")


class Topic(StrEnum):
    """What a question (and a fact, and a claim) is about. A `StrEnum`: it is its text form, so
    replays and comparisons with plain strings are unchanged."""

    BATNA = "batna"
    DEADLINE = "deadline"
    PRIORITIES = "priorities"


class Manner(StrEnum):
    """How a question is answered: the truth, a range, no answer, or a lie."""

    TRUTHFUL = "truthful"
    VAGUE = "vague"
    DECLINE = "decline"
    LIE = "lie"


TOPICS = tuple(Topic)
MANNERS = tuple(Manner)


# -- talk --------------------------------------------------------------------------------------


@frozen
class Ask:
    """Ask the other side about its alternative, its deadline or what matters to it."""

    topic: Topic = field(converter=Topic)


@frozen
class Answer:
    """Answer the question the other side asked. `claim` is what a lie states (BATNA points, a
    deadline round, or an issue index for priorities); the rules fill in the truth otherwise."""

    manner: Manner = field(converter=Manner)
    claim: float | None = None


@frozen
class Disclose:
    """Reveal one of your facts; the other side learns exactly what the fact says."""

    fact: int


@frozen
class SignalAlternative:
    """Cheap talk about your BATNA: "I have an offer worth about `claim` points to me".
    Overstating it is a bluff, recorded, and exposed if the truth comes out."""

    claim: float


@frozen
class CiteBenchmark:
    """Point to a public standard as the fair answer on its issue."""

    benchmark: int


Talk = Ask | Answer | Disclose | SignalAlternative | CiteBenchmark


# -- decisions ---------------------------------------------------------------------------------


@frozen
class Propose:
    package: tuple[int, ...]


@frozen
class Accept:
    """Accept the other side's standing offer, or with `mediator=True` the mediator's proposal."""

    mediator: bool = False


@frozen
class Hold:
    """Stand on your current offer this turn."""


@frozen
class TakeBreak:
    """Step out: a round passes with nothing said; a pending question lapses. Limited per side."""


@frozen
class WalkAway:
    """End the negotiation; both sides take their BATNA."""


@frozen
class RequestMediator:
    """Ask a neutral mediator, once per game, to propose a package both can accept."""


Decision = Propose | Accept | Hold | TakeBreak | WalkAway | RequestMediator


@frozen
class Move:
    decision: Decision
    talk: Talk | None = None

    # The text form: small, stable, readable in a replay file.
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decision": _DECISION_NAMES[type(self.decision)]}
        if isinstance(self.decision, Propose):
            out["package"] = list(self.decision.package)
        if isinstance(self.decision, Accept) and self.decision.mediator:
            out["mediator"] = True
        if self.talk is not None:
            out["talk"] = _TALK_NAMES[type(self.talk)]
            match self.talk:
                case Ask(topic):
                    out["topic"] = topic
                case Answer(manner, claim):
                    out["manner"] = manner
                    if claim is not None:
                        out["claim"] = claim
                case Disclose(fact):
                    out["fact"] = fact
                case SignalAlternative(claim):
                    out["claim"] = claim
                case CiteBenchmark(benchmark):
                    out["benchmark"] = benchmark
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Move:
        """Rebuild a move from its text form; raises `InvalidMoveError` (a ValueError naming the
        field) if it is not a move."""
        if not isinstance(data, dict):
            raise InvalidMoveError("a move must be an object")
        kind = _kind_named(_DECISIONS_BY_NAME, data.get("decision"), "decision")
        if kind is Propose:
            package = data.get("package")
            if not isinstance(package, list) or not all(
                isinstance(o, int) and not isinstance(o, bool) for o in package
            ):
                raise InvalidMoveError("package: expected a list of option indices")
            decision: Decision = Propose(tuple(package))
        elif kind is Accept:
            decision = Accept(mediator=data.get("mediator") is True)
        else:
            decision = kind()
        if data.get("talk") is None:
            return cls(decision)
        talk_kind = _kind_named(_TALKS_BY_NAME, data.get("talk"), "talk")
        if talk_kind is Ask:
            topic = data.get("topic")
            if topic not in TOPICS:
                raise InvalidMoveError(f"topic: expected one of {', '.join(TOPICS)}")
            talk: Talk = Ask(topic)
        elif talk_kind is Answer:
            manner = data.get("manner")
            if manner not in MANNERS:
                raise InvalidMoveError(f"manner: expected one of {', '.join(MANNERS)}")
            talk = Answer(manner, _number(data.get("claim"), "claim", optional=True))
        elif talk_kind is Disclose:
            talk = Disclose(_index(data.get("fact"), "fact"))
        elif talk_kind is SignalAlternative:
            talk = SignalAlternative(_number(data.get("claim"), "claim", optional=False))
        else:
            talk = CiteBenchmark(_index(data.get("benchmark"), "benchmark"))
        return cls(decision, talk)


def _kind_named(kinds: dict[str, _Kind], name: Any, what: str) -> _Kind:
    """The kind of decision or talk a text form names; anything else is an `InvalidMoveError`
    listing the names there are."""
    kind = kinds.get(name) if isinstance(name, str) else None
    if kind is None:
        raise InvalidMoveError(
            f"{what}: unknown {what} {name!r} (expected one of {', '.join(kinds)})"
        )
    return kind


@overload
def _number(value: Any, name: str, optional: Literal[False]) -> float: ...


@overload
def _number(value: Any, name: str, optional: bool) -> float | None: ...


def _number(value: Any, name: str, optional: bool) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidMoveError(f"{name}: expected a number")
    return float(value)


def _index(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidMoveError(f"{name}: expected an index")
    return value


_DECISION_NAMES = {
    Propose: "propose",
    Accept: "accept",
    Hold: "hold",
    TakeBreak: "break",
    WalkAway: "walk-away",
    RequestMediator: "mediator",
}
_DECISIONS_BY_NAME = {name: kind for kind, name in _DECISION_NAMES.items()}
_TALK_NAMES = {
    Ask: "ask",
    Answer: "answer",
    Disclose: "disclose",
    SignalAlternative: "signal",
    CiteBenchmark: "cite",
}
_TALKS_BY_NAME = {name: kind for kind, name in _TALK_NAMES.items()}


def decision_name(decision: Decision) -> str:
    return _DECISION_NAMES[type(decision)]


def talk_name(talk: Talk) -> str:
    return _TALK_NAMES[type(talk)]
