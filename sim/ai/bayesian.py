"""The counterpart the game is named for: it negotiates on what it believes of you.

It is built from parts, the way NegMAS's BOA agents are (a persona is a choice of parameters
for them, `sim.ai.styles`):

- **Opponent model** (`sim.ai.belief`): a Bayesian posterior over your BATNA, concession style,
  deadline and priorities, read from your offers and their timing, your talk and the facts.
- **Offering** (`sim.ai.offering`): its target from its *perceived leverage* — the landing point
  of the one leverage model the player is shown (`sim.core.leverage`), evaluated on its belief
  — shaped by its persona's firmness, conceding by how you move, not only by the clock.
- **Acceptance** (`sim.ai.acceptance`): when to take your offer or the mediator's, when to walk
  away; never below its BATNA plus the delay costs paid.
- **Talk** (`sim.ai.talk`): questions, answers, disclosures, citations, signals.

This module puts them together turn by turn, keeps what it has seen (caught bluffs), takes
breaks and calls the mediator, and turns each move into a line: `_say` is the one place where
(view, move, Reasons, persona, difficulty, mood) become words. Every move carries `Reasons`
with what that line needs to be truthful (`sim.ai.counterpart.Reasons`).
"""

from __future__ import annotations

import attrs
import numpy as np

from sim.ai import dialogue, offering
from sim.ai.acceptance import Acceptance, last_answered_proposal
from sim.ai.belief import Belief
from sim.ai.counterpart import Choice, Reasons
from sim.ai.offering import Offering, Plan
from sim.ai.speech import standard_backs
from sim.ai.styles import LEVELS, STYLES, Level, Style
from sim.ai.talk import Talker
from sim.core.moves import (
    Accept,
    CiteBenchmark,
    Decision,
    Hold,
    Move,
    Propose,
    RequestMediator,
    TakeBreak,
    Talk,
    WalkAway,
)
from sim.core.state import Event
from sim.core.view import RoleView

ANSWER_BAND = 0.02  # how far below its target a package answering a concession may sit

__all__ = ["LEVELS", "STYLES", "BayesianCounterpart", "Level", "Style", "trace_belief"]


class BayesianCounterpart:
    def __init__(
        self,
        role: int,
        rng: np.random.Generator,
        voice: np.random.Generator,
        persona: str = "reciprocator",
        difficulty: str = "normal",
    ):
        self.role = role
        self.persona = persona
        self.difficulty = difficulty
        self.rng = rng
        self.voice = voice
        self.belief: Belief | None = None
        self.history: list[dict[str, float]] = []  # belief summary after each move of the game
        self.caught = 0  # bluffs of theirs it has seen exposed
        self._caught_new = False
        self.last_target: float | None = None
        self.last_spoken: dialogue.Spoken | None = None  # its previous line
        self._kept_priorities: tuple[np.ndarray, tuple, dict[str, float]] | None = None
        self.configure(STYLES[persona], LEVELS[difficulty])

    def configure(self, style: Style, level: Level) -> None:
        """Choose the parts' parameters: a persona's style and a difficulty level."""
        self.style = style
        self.level = level
        self.offering = Offering(style, level, self.rng)
        self.acceptance = Acceptance(style, level)
        self.talker = Talker(style, level, self.rng)

    # -- the protocol --

    def prepare(self, view: RoleView) -> None:
        """Before play: the side that moves first builds its belief from the opening state,
        which is the state its first decision would build it from, so the game is the same and
        that decision does not wait for it. The side that moves second builds its belief from
        what it sees of the first move, as before (`observe`)."""
        if view.moves_made == 0 and view.my_turn:
            belief = self._belief(view)
            belief.summary()
            belief.their_points()

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None:
        belief = self._belief(view)
        belief.update(view, events)
        for event in events:
            if event.kind == "exposed" and event.actor is not None and event.actor != self.role:
                self.caught += 1
                self._caught_new = True
        self.history.append(belief.summary())

    def belief_summary(self) -> dict[str, float] | None:
        """Its estimate of your BATNA (mean and 80% interval), and for the player's "what they
        think of you" panel also of your deadline and of each issue's weight to you."""
        if self.belief is None:
            return None
        belief = self.belief
        summary = dict(belief.summary())
        summary["deadline_mean"] = round(belief.horizon(), 1)
        summary["deadline_low"] = belief.horizon_quantile(0.1)
        summary["deadline_high"] = belief.horizon_quantile(0.9)
        for index, weight in enumerate(belief.priorities()):
            summary[f"priority_{index}"] = round(float(weight), 3)
        return summary

    def belief_after(self, move_index: int) -> dict[str, float] | None:
        """Its belief as it stood after the game's move `move_index` (0-based)."""
        if 0 <= move_index < len(self.history):
            return self.history[move_index]
        return None

    def decide(self, view: RoleView) -> Choice:
        belief = self._belief(view)
        belief.update(view)
        their_points = belief.their_points()
        # Caught in a bluff: exposed by the facts, or (at hard) by their own offers, which
        # contradict the alternative they claimed (`Belief.doubted`).
        caught = self.caught > 0 or (self.level.doubts and "batna" in belief.doubted())
        plan = self.offering.plan(view, belief, their_points, caught=caught)
        self.last_target = plan.target
        talk = self.talker.choose(view)
        notes: list[str] = []
        if self._caught_new:
            notes.append("caught them in a bluff: trusting their word less and pressing harder")
        decision, tactic = self._decision(view, plan, their_points, talk, notes)
        if isinstance(talk, CiteBenchmark) and not standard_backs(view, talk.benchmark, decision):
            talk = None  # the standard no longer backs this offer: keep it for later
        move = Move(decision, talk)
        reasons = self._reasons(view, move, plan, tactic, notes)
        return self._say(view, move, reasons)

    # -- the decision --

    def _decision(
        self,
        view: RoleView,
        plan: Plan,
        their_points: np.ndarray,
        talk: Talk | None,
        notes: list[str],
    ) -> tuple[Decision, str]:
        """(decision, tactic), first rule that applies."""
        proposal = view.mediator_proposal
        if proposal is not None and self.acceptance.takes_mediator(view, plan):
            value = view.points_of(proposal)
            notes.append(f"the mediator's package is worth {value:g} to us")
            return Accept(mediator=True), "accept-mediator"
        back = self._their_best_back(view)
        if back is not None:
            value = view.points_of(back)
            notes.append(f"their best offer of the game is worth {value:g} to us: we take it")
            return Propose(back), "their-best-back"
        taken = self.acceptance.takes_offer(view, plan, self._belief(view), their_points)
        offer = view.their_offer
        if taken is not None and offer is not None:  # only an offer on the table is taken
            better = self._trade_up(view, their_points)
            if better is not None:
                notes.append("their offer works, and a package better for both is on the table")
                return Propose(better), "trade-up"
            value = view.points_of(offer)
            notes.append(
                f"their offer is worth {value:g} to us against a target of {plan.target:.1f}"
            )
            return Accept(), taken
        if view.last_move_of_game_for_me():
            notes.append("last chance and nothing on the table beats our alternative")
            return WalkAway(), "walk-away-at-deadline"
        if self.acceptance.walks_early(view, self._belief(view), their_points):
            notes.append("no package they would take is worth our alternative to us")
            return WalkAway(), "walk-away-no-deal"
        if self._wants_mediator(view, plan):
            notes.append("we are stuck far apart")
            return RequestMediator(), "call-mediator"
        if self._wants_break(view, talk):
            notes.append("time is pressing them harder than us")
            return TakeBreak(), "take-break"
        return self._proposal(view, plan, their_points, notes)

    def _proposal(
        self,
        view: RoleView,
        plan: Plan,
        their_points: np.ndarray,
        notes: list[str],
    ) -> tuple[Decision, str]:
        target = plan.target
        package = self.offering.package(view, target, their_points)
        band = self.style.equivalents * view.my_span
        mine = view.my_offer
        if mine is not None and (
            package == mine or (band > 0 and view.points_of(mine) >= target - band)
        ):
            # Its standing offer is still about its target: it does not move in value.
            other = self.offering.equivalent(view, target, their_points, plan.floor)
            if other is None and plan.given > 0:
                # They gave ground and its floor (or the packages) stops it giving any back:
                # it still answers, with a package worth about the same to it and better for
                # them on no issue worse; failing that, it says plainly it is at its limit.
                other = self.offering.equivalent(
                    view, target, their_points, plan.floor, ANSWER_BAND * view.my_span, answer=True
                )
                least = max(plan.floor, view.reservation())
                if other is None and target <= least + 0.01 * view.my_span:
                    notes.append("they moved, and we are at the least we can take")
                    return Hold(), "hold-at-floor"
            if other is not None:
                notes.append("same value to us, put differently: they may like it better")
                return Propose(other), "equivalent-offer"
            return Hold(), "hold"
        if package == view.their_offer and view.points_of(package) < view.reservation():
            return Hold(), "hold"  # proposing their offer agrees to it: never below
        if mine is None:
            return Propose(package), "open-high"
        return Propose(package), self.offering.tactic(view, plan)

    def _their_best_back(self, view: RoleView) -> tuple[int, ...] | None:
        """At its last proposal they can answer, their best offer of the game (for it), when that
        beats both its reservation and what is on the table now (`sim.ai.acceptance`)."""
        best = self.offering.theirs.best_package
        if best is None or best == view.my_offer or not last_answered_proposal(view):
            return None
        value = view.points_of(best)
        if value < view.reservation(view.round + 1):
            return None
        offer = view.their_offer
        if offer is not None and view.points_of(offer) >= value - 0.01 * view.my_span:
            return None  # what is on the table is about as good: the usual rules decide
        return best

    def _trade_up(self, view: RoleView, their_points: np.ndarray) -> tuple[int, ...] | None:
        """A problem-solver, with time to spare, answers an acceptable offer with a package
        better for both (by its belief) so the deal ends on the frontier."""
        if not self.style.trades_up or view.rounds_left < 2 or view.their_offer is None:
            return None
        if view.their_offer == view.my_offer:
            return None
        return self.offering.better_for_both(view, view.their_offer, their_points)

    def _wants_mediator(self, view: RoleView, plan: Plan) -> bool:
        if not self.style.mediator or not view.mediator_available:
            return False
        offers = view.their_offers
        if view.mediator_proposal is not None or len(offers) < 3:
            return False
        if view.rounds_left > max(3, view.deadline // 3):
            return False
        latest = view.points_of(offers[-1].package)
        stuck = latest <= view.points_of(offers[-3].package)
        return stuck and plan.target - latest > 0.1 * view.my_span

    def _wants_break(self, view: RoleView, talk: Talk | None) -> bool:
        if not self.style.breaks or talk is not None or view.round < 3 or view.breaks_left < 2:
            return False
        if view.rounds_left < 4 or view.their_offer is None:
            return False
        known = view.their_known_deadline
        their_deadline = known if known is not None else self._belief(view).horizon()
        their_left = their_deadline - view.round + 1
        # Time hurts them more: a sooner deadline and a costlier delay than ours.
        return their_left + 2 <= view.rounds_left and view.their_delay_cost >= view.delay_cost

    # -- reasons and the line --

    def _reasons(
        self,
        view: RoleView,
        move: Move,
        plan: Plan,
        tactic: str,
        notes: list[str],
    ) -> Reasons:
        belief = self._belief(view)
        summary: dict = dict(belief.summary())
        summary["priorities"] = dict(self._priorities(view, belief))
        concession = None
        retracted = False
        decision = move.decision
        if isinstance(decision, Propose) and view.my_offer is not None:
            concession = view.points_of(view.my_offer) - view.points_of(decision.package)
            theirs = belief.their_points()
            before = theirs[view.index_of(view.my_offer)]
            retracted = concession < -1e-9 or bool(
                theirs[view.index_of(decision.package)] < before - 1e-9
            )
        doubts = (
            self.talker.voice_doubts(belief.doubted(), decision, concession, view.my_span)
            if self.level.doubts
            else ()
        )
        holding = isinstance(decision, (Propose, Hold))  # (a tuple: no union built)
        final = holding and (
            plan.final
            or (self.style.firmness >= 0.5 and plan.target <= plan.floor + 0.01 * view.my_span)
        )
        return Reasons(
            tactic,
            plan.target,
            summary,
            tuple(notes),
            concession=concession,
            retracted=retracted,
            doubts=doubts,
            final=final,
        )

    def _priorities(self, view: RoleView, belief: Belief) -> dict[str, float]:
        """Its belief's issue weights for you, rounded, by issue id: kept while the belief
        hands out the same array of them (a new one whenever it changes)."""
        weights = belief.priorities()
        kept = self._kept_priorities
        if (
            kept is None
            or kept[0] is not weights
            or kept[1] is not view.issues
            or not offering.REUSE
        ):
            rounded = {
                issue.id: round(float(w), 3) for issue, w in zip(view.issues, weights, strict=True)
            }
            kept = self._kept_priorities = (weights, view.issues, rounded)
        return kept[2]

    def _say(self, view: RoleView, move: Move, reasons: Reasons) -> Choice:
        """The one place a move becomes words: the line is composed from the facts of the move
        and of the player's last move (`sim.ai.speech`), and tagged with the speech acts it
        performs, so a checker can hold every line to what was done."""
        self._caught_new = False
        spoken = dialogue.speak(
            self.voice, self.persona, self.difficulty, view, move, reasons, self.last_spoken
        )
        self.last_spoken = spoken
        return Choice(move, spoken.text, _with_speech(reasons, spoken.acts))

    def _belief(self, view: RoleView) -> Belief:
        if self.belief is None:
            # A level that calls claims out (hard) also waits for offers to back them.
            self.belief = Belief(view, self.level.sharpness, wary=self.level.doubts)
        return self.belief


def _with_speech(reasons: Reasons, acts: tuple[str, ...]) -> Reasons:
    """`attrs.evolve(reasons, speech=acts)`, with the fields it copies looked up once, not
    on every move: the same fields, by the same names, into the same constructor."""
    copied = {alias: getattr(reasons, name) for name, alias in _REASON_FIELDS}
    copied["speech"] = acts
    return Reasons(**copied)


# (attribute name, argument name) of every field `Reasons` takes in its constructor.
_REASON_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (a.name, a.alias or a.name) for a in attrs.fields(Reasons) if a.init
)


def trace_belief(match, turn):
    """`leverage simulate --trace` extra: each AI side's belief about the other's BATNA after
    this move, {ROLE: {"batna_mean", "batna_low", "batna_high"}}."""
    index = None
    for position, candidate in enumerate(match.turns):
        if candidate is turn:
            index = position
            break
    if index is None:
        return None
    beliefs = {}
    for role, counterpart in enumerate(match.counterparts):
        after = getattr(counterpart, "belief_after", None)
        summary = after(index) if after is not None else None
        if summary is not None:
            beliefs[match.game.scenario.role_ids[role]] = {
                key: summary[key] for key in ("batna_mean", "batna_low", "batna_high")
            }
    return ("belief", beliefs) if beliefs else None
