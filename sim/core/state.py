"""The game: its seeded setup (`Game`) and the immutable state of play (`GameState`).

`Game` is what the seed fixes before anyone speaks: the scenario, each side's drawn BATNA and the
round each seeded-random event will happen in. `GameState` is one moment of play; moves never
change it, `sim.core.rules.step` returns a new one (OpenSpiel's state / python-chess's board,
but frozen). Roles are indices 0 and 1; per-role values are pairs indexed by role.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from typing import Any, Literal

from attrs import evolve, field, fields, frozen

from sim.core.moves import Topic
from sim.core.outcomes import OutcomeSpace, Package
from sim.core.scenario import Scenario
from sim.core.seeding import Streams

MAX_BREAKS = 2
MEDIATOR_FROM_ROUND = 3
EXPOSED_LIE_TRUST = 0.3  # trust a side loses each time one of its lies or bluffs is exposed
RETRACTION_TRUST = 0.1  # trust lost for an offer worse for the other side than your last one


def other(role: int) -> int:
    return 1 - role


class EventKind(StrEnum):
    """What an event reports. A `StrEnum`: its value is the text replays carry, and it still
    equals that string wherever a kind is compared with one."""

    ASKED = "asked"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"
    DISCLOSED = "disclosed"
    REVEALED = "revealed"
    EXPOSED = "exposed"
    SIGNALLED = "signalled"
    CITED = "cited"
    PROPOSED = "proposed"
    RETRACTED = "retracted"
    ACCEPTED = "accepted"
    HELD = "held"
    BREAK = "break"
    MEDIATOR_REQUESTED = "mediator-requested"
    MEDIATOR_PROPOSED = "mediator-proposed"
    MEDIATOR_ACCEPTED = "mediator-accepted"
    MEDIATOR_DECLINED = "mediator-declined"
    SCENARIO_EVENT = "scenario-event"
    # The three that end a game; `OutcomeKind.event` maps each ending to its event.
    DEAL = "deal"
    WALKED_AWAY = "walked-away"
    DEADLINE_PASSED = "deadline-passed"


class OutcomeKind(StrEnum):
    """How a game ended: a deal, a walk-away, or no deal by a deadline (or the last round).
    The names are a state ("walk-away"); the events that report them say what happened
    ("walked-away", "deadline-passed"): `event` maps one to the other."""

    DEAL = "deal"
    WALK_AWAY = "walk-away"
    DEADLINE = "deadline"

    @property
    def event(self) -> EventKind:
        """The event that reports this ending."""
        return _ENDING_EVENTS[self]


_ENDING_EVENTS = {
    OutcomeKind.DEAL: EventKind.DEAL,
    OutcomeKind.WALK_AWAY: EventKind.WALKED_AWAY,
    OutcomeKind.DEADLINE: EventKind.DEADLINE_PASSED,
}


def _event_kind(kind: EventKind | str) -> EventKind:
    """An event's kind from itself or its text. The rules make one or more events every move,
    always with a member already: handing that back skips `Enum.__call__`'s look-up."""
    return kind if type(kind) is EventKind else EventKind(kind)


BOTH = frozenset((0, 1))  # who sees an event both sides are told about (most of them)


@frozen
class Event:
    """One thing that happened, in words, with who may see it. `detail` carries the numbers
    (for counterparts, leverage and the debrief); `text` is for people."""

    kind: EventKind = field(converter=_event_kind)
    round: int
    text: str
    actor: int | None = None
    visible_to: frozenset[int] = BOTH
    detail: dict[str, Any] = field(factory=dict, hash=False)

    def to_dict(self, scenario: Scenario) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "round": self.round, "text": self.text}
        if self.actor is not None:
            out["actor"] = scenario.roles[self.actor].id
        if self.visible_to != BOTH:
            out["visible_to"] = [scenario.roles[r].id for r in sorted(self.visible_to)]
        if self.detail:
            out["detail"] = self.detail
        return out


@frozen
class Offer:
    role: int
    round: int
    package: Package
    points: tuple[float, float]


@frozen
class Claim:
    """Something a side said about itself. `values` is the claim: one number for a point claim,
    (low, high) for a vague range, issue indices for priorities; empty when it declined."""

    role: int
    round: int
    topic: Topic = field(converter=Topic)
    via: Literal["answer", "signal"]
    manner: str  # a `Manner` for an answer; "signal" for a signal
    values: tuple[float, ...]
    truthful: bool
    exposed: bool = False


@frozen
class Disclosure:
    """A fact the other side now knows, and the exact value it revealed when it came out."""

    fact: int
    holder: int
    topic: Topic = field(converter=Topic)
    round: int
    value: float
    by_event: bool = False


@frozen
class Question:
    asker: int
    topic: Topic = field(converter=Topic)
    round: int


@frozen
class Citation:
    role: int
    benchmark: int
    round: int


@frozen
class Outcome:
    """How a game ended (`OutcomeKind`: a deal, a walk-away, or no deal before a deadline or the
    last round). `payoffs` are each side's final points: a deal's points less the cost of
    delay, or the BATNA without a deal."""

    kind: OutcomeKind = field(converter=OutcomeKind)
    round: int
    payoffs: tuple[float, float]
    package: Package | None = None
    walked_by: int | None = None
    mediated: bool = False

    @property
    def is_deal(self) -> bool:
        return self.kind is OutcomeKind.DEAL


@frozen(eq=False)
class Game:
    """A scenario with everything its seed decides drawn up front."""

    scenario: Scenario
    seed: int
    batna: tuple[float, float]
    event_rounds: tuple[int | None, ...]  # per scenario event: the round it happens, or None
    space: OutcomeSpace

    @classmethod
    def new(cls, scenario: Scenario, seed: int) -> Game:
        chance = Streams(seed).chance()
        batna = []
        for role in scenario.roles:
            if role.batna.fixed:
                batna.append(role.batna.low)
            else:
                batna.append(
                    float(chance.integers(round(role.batna.low), round(role.batna.high) + 1))
                )
        event_rounds: list[int | None] = []
        for rule in scenario.events:
            if rule.round is not None:
                event_rounds.append(rule.round)
                continue
            # A seeded-random event: the scenario reader guarantees its window and chance.
            assert rule.window is not None and rule.chance is not None
            happens = None
            first, last = rule.window
            for round_number in range(first, last + 1):
                if chance.random() < rule.chance:
                    happens = round_number
                    break
            event_rounds.append(happens)
        return cls.restore(scenario, seed, (batna[0], batna[1]), tuple(event_rounds))

    @classmethod
    def restore(
        cls,
        scenario: Scenario,
        seed: int,
        batna: tuple[float, float],
        event_rounds: tuple[int | None, ...],
    ) -> Game:
        """A game from recorded chance outcomes (a replay's header), without drawing again."""
        return cls(scenario, seed, batna, event_rounds, _space_of(scenario))

    def initial_state(self) -> GameState:
        scenario = self.scenario
        state = GameState(
            game=self,
            round=1,
            to_move=scenario.first_to_move,
            batna=self.batna,
            deadline=(scenario.roles[0].deadline, scenario.roles[1].deadline),
        )
        # Events scheduled for round 1 happen before the first move.
        from sim.core.rules import start_round

        state, _ = start_round(state, [])
        return state


@lru_cache(maxsize=64)
def _space_of(scenario: Scenario) -> OutcomeSpace:
    """Outcome spaces are pure functions of the scenario; build each one once."""
    return OutcomeSpace.of(scenario)


# Not slotted: a state is copied with one change or a few several times a move (`evolve`), and
# copying an instance dictionary is a third of the cost of setting two dozen slots one by one.
@frozen(eq=False, slots=False)
class GameState:
    game: Game
    round: int
    to_move: int
    batna: tuple[float, float]
    deadline: tuple[int | None, int | None]
    second_half: bool = False  # the round's first mover has moved
    moves_made: int = 0
    standing: tuple[Package | None, Package | None] = (None, None)
    offers: tuple[Offer, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()
    claims: tuple[Claim, ...] = ()
    question: Question | None = None
    breaks: tuple[int, int] = (0, 0)
    citations: tuple[Citation, ...] = ()
    trust: tuple[float, float] = (1.0, 1.0)
    mediator_used: bool = False
    mediator_proposal: Package | None = None
    mediator_accepted: frozenset[int] = frozenset()
    fired: frozenset[int] = frozenset()  # scenario events that have happened
    log: tuple[Event, ...] = ()
    outcome: Outcome | None = None
    # Each side's part of the log and of the offers, by role, kept up as they grow (`logged`,
    # `offered`): a side's view reads them every move, and filtering the whole history each time
    # made a move cost more the longer the game had run.
    seen: tuple[tuple[Event, ...], tuple[Event, ...]] = ((), ())
    offers_of: tuple[tuple[Offer, ...], tuple[Offer, ...]] = ((), ())
    # What a state works out once, when first asked (a state never changes); `evolve` starts
    # each new state without them. The digest: replays and study ask more than once.
    _digest: str | None = field(default=None, init=False, repr=False)
    # Each role's last round to deal in (`effective_deadline`): the rules, the views and the
    # counterparts ask a dozen times a move.
    _last_rounds: tuple[int, int] | None = field(default=None, init=False, repr=False)

    # -- reading the state --

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    @property
    def space(self) -> OutcomeSpace:
        return self.game.space

    @property
    def is_over(self) -> bool:
        return self.outcome is not None

    @property
    def final_outcome(self) -> Outcome:
        """How the game ended, for code that only reads games that are over."""
        if self.outcome is None:
            raise ValueError("the game is not over yet")
        return self.outcome

    def effective_deadline(self, role: int) -> int:
        """The last round in which this role can still make a deal."""
        known = self._last_rounds
        if known is None:
            last = self.scenario.max_rounds
            first, second = (last if d is None else min(d, last) for d in self.deadline)
            known = (first, second)
            _set(self, "_last_rounds", known)
        return known[role]

    def rounds_left(self, role: int) -> int:
        """Rounds this role can still use, counting the current one."""
        return max(0, self.effective_deadline(role) - self.round + 1)

    def delay_cost_so_far(self, role: int) -> float:
        return self.scenario.roles[role].delay_cost * (self.round - 1)

    def deal_value(self, role: int, package: Package, at_round: int | None = None) -> float:
        """What a package is worth to a role if agreed in `at_round` (default: now)."""
        points = self.space.points_of(package)[role]
        when = self.round if at_round is None else at_round
        return points - self.scenario.roles[role].delay_cost * (when - 1)

    def last_offer(self, role: int) -> Offer | None:
        for offer in reversed(self.offers):
            if offer.role == role:
                return offer
        return None

    def disclosed(self, role: int) -> frozenset[int]:
        """Fact indices of `role` that the other side now knows."""
        return frozenset(d.fact for d in self.disclosures if d.holder == role)

    def events_seen_by(self, role: int) -> tuple[Event, ...]:
        """The events of the log `role` was told about, in order."""
        return self.seen[role]

    def offers_by(self, role: int) -> tuple[Offer, ...]:
        """`role`'s offers, in order."""
        return self.offers_of[role]

    # -- growing the history (the rules do; nothing else appends to the log or the offers) --

    def logged(self, events: tuple[Event, ...] | list[Event], **changes: Any) -> GameState:
        """This state with `events` appended to the log (and to the part each side saw)."""
        if not events:
            return self.evolve(**changes) if changes else self
        added = tuple(events)
        log = self.log + added
        first, second = self.seen
        for event in added:
            if event.visible_to != BOTH:  # someone was not told: each side keeps its own part
                seen = (
                    first + tuple(e for e in added if 0 in e.visible_to),
                    second + tuple(e for e in added if 1 in e.visible_to),
                )
                break
        else:
            # The usual case: both sides saw it all. Until a side misses an event, each side's
            # part is the log itself, shared, not two more copies of a tuple that grows.
            if first is self.log and second is self.log:
                seen = (log, log)
            else:
                seen = (first + added, second + added)
        return self.evolve(log=log, seen=seen, **changes)

    def offered(self, offer: Offer, **changes: Any) -> GameState:
        """This state with `offer` appended to the offers (and to its author's)."""
        mine = self.offers_of[offer.role] + (offer,)
        by_role = (mine, self.offers_of[1]) if offer.role == 0 else (self.offers_of[0], mine)
        return self.evolve(offers=self.offers + (offer,), offers_of=by_role, **changes)

    def digest(self) -> str:
        """A short hash of everything that matters in the state; replays check it move by move.

        The hash of the compact, key-sorted JSON of `_digest_body` with the growing lists
        (claims, disclosures, citations) spliced in as text kept up as they grow
        (`_encoded_list`): the same bytes as dumping the whole body every move, at a cost that
        does not grow with the game."""
        if self._digest is None:
            parts = dict(_digest_body(self))
            parts["claims"] = _encoded_list("claims", self.claims, _claim_json)
            parts["disclosures"] = _encoded_list("disclosures", self.disclosures, _disclosure_json)
            parts["citations"] = _encoded_list("citations", self.citations, _citation_json)
            text = "{" + ",".join(f"{json.dumps(key)}:{parts[key]}" for key in sorted(parts)) + "}"
            object.__setattr__(self, "_digest", hashlib.sha256(text.encode()).hexdigest()[:16])
        assert self._digest is not None
        return self._digest

    def evolve(self, **changes: Any) -> GameState:
        """This state with `changes`, as `attrs.evolve` makes it (nothing worked out yet), by
        copying its fields directly: the rules evolve a state once or more every move, and
        `attrs.evolve` passes every field through `__init__` again."""
        if not changes.keys() <= _STATE_FIELDS:
            return evolve(self, **changes)  # raises, as attrs does, on a name it does not know
        new = object.__new__(GameState)
        _set(new, "__dict__", {**self.__dict__, **changes, **_NOT_WORKED_OUT})
        return new


_STATE_FIELDS = frozenset(a.name for a in fields(GameState) if a.init)
# What a new state has not worked out yet: every field `__init__` does not take, at its default.
_NOT_WORKED_OUT = {a.name: a.default for a in fields(GameState) if not a.init}
_set = object.__setattr__  # a frozen class's fields are set once, as its own __init__ sets them


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _digest_body(state: GameState) -> dict[str, str]:
    """Every part of the digest but the growing lists, each as its compact JSON."""
    outcome = state.outcome
    body: dict[str, Any] = {
        "round": state.round,
        "to_move": state.to_move,
        "second_half": state.second_half,
        "moves": state.moves_made,
        "batna": list(state.batna),
        "deadline": list(state.deadline),
        "standing": [list(p) if p is not None else None for p in state.standing],
        "question": [state.question.asker, state.question.topic] if state.question else None,
        "breaks": list(state.breaks),
        "trust": [round(t, 6) for t in state.trust],
        "mediator": [
            state.mediator_used,
            list(state.mediator_proposal or ()),
            sorted(state.mediator_accepted),
        ],
        "fired": sorted(state.fired),
        "log": len(state.log),
        "outcome": None
        if outcome is None
        else [outcome.kind, outcome.round, [round(p, 6) for p in outcome.payoffs]],
    }
    return {key: _compact(value) for key, value in body.items()}


def _claim_json(claim: Claim) -> str:
    return _compact(
        [claim.role, claim.round, claim.topic, claim.manner, list(claim.values), claim.exposed]
    )


def _disclosure_json(disclosure: Disclosure) -> str:
    return _compact([disclosure.fact, disclosure.round, disclosure.value])


def _citation_json(citation: Citation) -> str:
    return _compact([citation.role, citation.benchmark])


# The last list encoded for the digest, per part: a game's next state extends the same tuple, so
# its digest encodes only what was added. An entry answers only for the very tuple it was made
# from, or for one that starts with the very same items (compared by identity), so it can never
# answer for another list.
_LAST_ENCODED: dict[str, tuple[tuple[Any, ...], list[str]]] = {}


def _encoded_list(part: str, items: tuple[Any, ...], encode: Callable[[Any], str]) -> str:
    """`_compact(list(items))` for a list of records, each encoded by `encode`."""
    last = _LAST_ENCODED.get(part)
    if last is not None and last[0] is items:
        texts = last[1]
    else:
        texts = []
        if last is not None:
            before, done = last
            if len(items) >= len(before) and all(map(operator.is_, items, before)):
                texts = done + [encode(item) for item in items[len(before) :]]
        if not texts and items:
            texts = [encode(item) for item in items]
        _LAST_ENCODED[part] = (items, texts)
    return "[" + ",".join(texts) + "]"
