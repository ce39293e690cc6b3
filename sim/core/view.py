"""What one side can see: a read-only view of the game state (NegMAS's negotiator view).

A counterpart — or a player's screen — is handed a `RoleView`, never the state itself, so it
cannot peek at the other side's points, BATNA or deadline. It sees its own parameters, the public
briefs, every offer on the table (as packages, scored only by its own table), what the other
side said and disclosed, and the events it was told about.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import frozen

from sim.core.outcomes import Package
from sim.core.scenario import Benchmark, Fact, Issue
from sim.core.state import (
    MAX_BREAKS,
    MEDIATOR_FROM_ROUND,
    Claim,
    Disclosure,
    Event,
    GameState,
    Offer,
    Question,
    other,
)


@frozen
class HeardClaim:
    """A claim as the listener heard it. `manner` is "stated" for a plain answer (true or a
    lie: the listener cannot tell), "vague", "decline" or "signal"."""

    role: int
    round: int
    topic: str
    via: str
    manner: str
    values: tuple[float, ...]
    exposed: bool

    @classmethod
    def of(cls, claim: Claim) -> HeardClaim:
        manner = "stated" if claim.manner in ("truthful", "lie") else claim.manner
        return cls(
            claim.role, claim.round, claim.topic, claim.via, manner, claim.values, claim.exposed
        )


class RoleView:
    # A view looks at one state, which never changes: what it reads out of the state's talk
    # (claims heard, disclosures, their known deadline) is read once per view, not every time a
    # counterpart asks in a turn.
    __slots__ = ("_heard", "_known_deadline", "_state", "_their_disclosures", "role")

    def __init__(self, state: GameState, role: int):
        self._state = state
        self.role = role
        self._heard: tuple[HeardClaim, ...] | None = None
        self._their_disclosures: tuple[Disclosure, ...] | None = None
        self._known_deadline: tuple[int | None] | None = None

    @property
    def moment(self) -> object:
        """An opaque token for the moment of play this view shows. States never change, so two
        views with the same token (`is`) show the same thing: a reader keeping up move by move
        (the belief) can skip a view it has already read."""
        return self._state

    def talk_token(self) -> tuple[object, ...]:
        """What has been said, disclosed and cited so far, and the trust each side has, as one
        token: when each item `is` the one a reader saw last, nothing new was heard (the state
        carries these records unchanged from move to move until one is added or changed)."""
        state = self._state
        return (state.claims, state.disclosures, state.citations, state.trust)

    # -- the clock --

    @property
    def round(self) -> int:
        return self._state.round

    @property
    def max_rounds(self) -> int:
        return self._state.scenario.max_rounds

    @property
    def my_turn(self) -> bool:
        return self._state.to_move == self.role and not self._state.is_over

    @property
    def moves_made(self) -> int:
        return self._state.moves_made

    @property
    def is_over(self) -> bool:
        return self._state.is_over

    @property
    def second_half(self) -> bool:
        return self._state.second_half

    def last_move_of_game_for_me(self) -> bool:
        """True when this is my last chance to agree before my deadline or the last round."""
        state = self._state
        if state.round < state.effective_deadline(self.role):
            return False
        # In my deadline round: my move is the last one if I move second, or the other side's
        # deadline also ends the game this round.
        return state.second_half or state.round >= state.effective_deadline(other(self.role))

    # -- my side --

    @property
    def scenario_id(self) -> str:
        return self._state.scenario.id

    @property
    def role_ids(self) -> tuple[str, str]:
        """Both roles' ids, by role index (events name roles by id)."""
        return self._state.scenario.role_ids

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self._state.scenario.issues

    @property
    def my_facts(self) -> tuple[int, ...]:
        return self._state.scenario.facts_of(self.role)

    def fact(self, index: int) -> Fact:
        return self._state.scenario.facts[index]

    @property
    def benchmarks(self) -> tuple[Benchmark, ...]:
        return self._state.scenario.benchmarks

    @property
    def batna(self) -> float:
        return self._state.batna[self.role]

    @property
    def batna_public(self) -> tuple[float, float]:
        """The range the public brief gives for my BATNA: what the other side guesses from."""
        return self._state.scenario.roles[self.role].batna_public

    @property
    def deadline(self) -> int:
        return self._state.effective_deadline(self.role)

    @property
    def rounds_left(self) -> int:
        return self._state.rounds_left(self.role)

    @property
    def delay_cost(self) -> float:
        return self._state.game.scenario.roles[self.role].delay_cost

    @property
    def my_points(self) -> np.ndarray:
        """My points for every package (read-only array, indexed like the outcome space)."""
        return self._state.space.points[self.role]

    @property
    def my_best(self) -> float:
        """My points for my best package."""
        return self._state.space.best_for(self.role)

    @property
    def my_worst(self) -> float:
        """My points for my worst package."""
        return self._state.space.worst_for(self.role)

    @property
    def my_span(self) -> float:
        """My points range, best package less worst: the scale steps and margins are measured
        on (1 where every package is worth the same to me, so it can divide)."""
        return self._state.space.span_for(self.role)

    @property
    def packages(self) -> np.ndarray:
        return self._state.space.packages

    @property
    def option_columns(self) -> tuple[np.ndarray, ...]:
        """Per issue, every package's option on it (read-only index arrays)."""
        return self._state.space.option_columns

    def packages_with(self, allowed: Sequence[np.ndarray | None]) -> np.ndarray:
        """Packages whose option on every issue is allowed there (per issue, a boolean per
        option, or None for any), as a mask over packages."""
        return self._state.space.with_options(allowed)

    def points_of(self, package: Package) -> float:
        return self._state.space.points_of(package)[self.role]

    def index_of(self, package: Package) -> int:
        return self._state.space.index_of(package)

    def package_at(self, index: int) -> Package:
        return self._state.space.package_at(index)

    def issue_tables(self) -> tuple[np.ndarray, ...]:
        """My points per option, issue by issue."""
        return tuple(table[self.role] for table in self._state.space.tables)

    @property
    def my_option_shares(self) -> tuple[np.ndarray, ...]:
        """Per issue, each option's place in my points there: 0 at my worst, 1 at my best (a
        half where I do not care), read-only."""
        return self._state.space.option_shares(self.role)

    def totals_by_option(self, values: Sequence[np.ndarray]) -> np.ndarray:
        """Every package's total of per-option values (per issue, one number per option),
        indexed like the outcome space."""
        return self._state.space.totals_by_option(values)

    @property
    def my_unordered_issues(self) -> tuple[int, ...]:
        """The issues whose options are not a scale for me: my points neither rise nor fall
        along the options as listed."""
        return self._state.space.unordered_issues(self.role)

    @property
    def delay_cost_so_far(self) -> float:
        return self._state.delay_cost_so_far(self.role)

    def deal_value(self, package: Package) -> float:
        """What a package is worth to me if agreed now, after the cost of delay so far."""
        return self._state.deal_value(self.role, package)

    def reservation(self, at_round: int | None = None) -> float:
        """The fewest points a deal must give me to beat my BATNA once delay costs are paid."""
        state = self._state
        when = state.round if at_round is None else at_round
        role = self.role
        return state.batna[role] + state.game.scenario.roles[role].delay_cost * (when - 1)

    @property
    def breaks_left(self) -> int:
        return MAX_BREAKS - self._state.breaks[self.role]

    # -- the table --

    @property
    def my_offer(self) -> Package | None:
        return self._state.standing[self.role]

    @property
    def their_offer(self) -> Package | None:
        return self._state.standing[other(self.role)]

    def offers_by(self, role: int) -> tuple[Offer, ...]:
        return self._state.offers_of[role]

    @property
    def their_offers(self) -> tuple[Offer, ...]:
        return self._state.offers_of[other(self.role)]

    @property
    def mediator_proposal(self) -> Package | None:
        return self._state.mediator_proposal

    @property
    def mediator_available(self) -> bool:
        return not self._state.mediator_used and self.round >= MEDIATOR_FROM_ROUND

    @property
    def question_to_me(self) -> Question | None:
        question = self._state.question
        return question if question is not None and question.asker != self.role else None

    # -- what I know of them --

    @property
    def their_claims(self) -> tuple[HeardClaim, ...]:
        """What the other side said about itself, as heard: whether it was true is not visible
        (a lie sounds like a plain answer), except for claims the game has exposed."""
        if self._heard is None:
            role = self.role
            self._heard = tuple(HeardClaim.of(c) for c in self._state.claims if c.role != role)
        return self._heard

    @property
    def their_disclosures(self) -> tuple[Disclosure, ...]:
        if self._their_disclosures is None:
            role = self.role
            self._their_disclosures = tuple(d for d in self._state.disclosures if d.holder != role)
        return self._their_disclosures

    @property
    def my_disclosures(self) -> tuple[Disclosure, ...]:
        return tuple(d for d in self._state.disclosures if d.holder == self.role)

    @property
    def their_trust(self) -> float:
        return self._state.trust[other(self.role)]

    @property
    def their_batna_public(self) -> tuple[float, float]:
        return self._state.scenario.roles[other(self.role)].batna_public

    @property
    def their_deadline_public(self) -> bool:
        """Whether their brief names their deadline (a lease's end): then it is no news."""
        return self._state.scenario.roles[other(self.role)].deadline_public

    @property
    def their_known_deadline(self) -> int | None:
        """Their deadline if this side knows it: public from the start, or disclosed since
        (the latest disclosure wins). None when it can only guess."""
        if self._known_deadline is None:
            known = None
            their_role = self._state.scenario.roles[other(self.role)]
            if their_role.deadline_public:
                known = their_role.deadline
            for disclosure in self.their_disclosures:
                if disclosure.topic == "deadline":
                    known = int(disclosure.value)
            self._known_deadline = (known,)
        return self._known_deadline[0]

    @property
    def their_delay_cost(self) -> float:
        """Costs of delay are in the public briefs (a quarter-end, a vacant unit)."""
        return self._state.scenario.roles[other(self.role)].delay_cost

    def events(self) -> tuple[Event, ...]:
        """The events I was told about, in order."""
        return self._state.seen[self.role]

    def citations_by(self, role: int):
        return tuple(c for c in self._state.citations if c.role == role)
