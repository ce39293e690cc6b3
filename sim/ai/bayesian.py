"""The counterpart the game is named for: it negotiates on what it believes of your BATNA.

Each turn it reads the view into its `Belief`, then:

- **Target.** A concession curve from its best package down towards a *floor*, with the
  persona's exponent (`target = floor + (best - floor) * (1 - t ** (1/e))`, t = share of its
  time used). The floor is its perceived leverage: the share of the believed Nash bargaining
  point it insists on — the package that maximises the product of both sides' gains over
  their reservations, with your reservation taken from its belief about your BATNA and your
  points from its model of your priorities, and bargaining power from patience (rounds left
  and delay costs on each side). A weak BATNA on your side raises that point, so it presses;
  a strong one lowers it. Near its deadline the floor melts to its own reservation.
- **Reciprocity.** Your last concession (how far your latest offer improves, in its own points,
  on the best you offered before; going back and forth is no concession) pulls its target down by
  as much (a reciprocator weighs this most); no movement from you holds it up.
- **Offer.** Among packages at or above target, the one best for you by its belief, so it
  trades what you value for what it values; it avoids taking back what it offered before.
  A hardliner that would only repeat itself offers an *equivalent* instead: a package it has
  not shown yet, worth about its target to it (gives nothing away, and a side that answers
  movement with movement sees some).
- **Accept** when your offer is at least what it would ask next round (less a persona's slack),
  or at its last chance when it beats its reservation; **never** below its BATNA plus the delay
  costs paid (a hard check on every accepting move, tested).
- **Walk away** at its last chance with nothing acceptable, or when its belief says no
  package you would take is worth its reservation to it.
- **Talk.** Answers by persona and by how far it trusts you; asks about your alternative and
  priorities; cites benchmarks that favour it; discloses facts that help it; bluffers signal
  inflated alternatives. It notices exposed bluffs (trust falls, it stiffens), takes breaks
  when time presses you harder than it, and calls the mediator at an impasse.

Every move carries `Reasons` (tactic, target, belief summary, notes) for the debrief.
"""

from __future__ import annotations

import attrs
import numpy as np
from attrs import frozen

from sim.ai import dialogue
from sim.ai.belief import Belief
from sim.ai.counterpart import Choice, Reasons
from sim.core.moves import (
    Accept,
    Answer,
    Ask,
    CiteBenchmark,
    Disclose,
    Hold,
    Move,
    Propose,
    RequestMediator,
    SignalAlternative,
    TakeBreak,
    WalkAway,
)
from sim.core.outcomes import nash_index
from sim.core.state import Event
from sim.core.view import RoleView


@frozen
class Style:
    """How a persona negotiates. Numbers are shares of its own points range unless noted."""

    exponent: float  # concession curve: < 1 holds firm (Boulware), > 1 gives early
    press: float  # how much of the believed Nash point it insists on (0..1)
    reciprocity: float  # weight on matching your last concession (0..1)
    accept_slack: float  # accepts this far below what it would ask next
    manners: tuple[
        float, float, float, float
    ]  # answer probabilities: truthful, vague, decline, lie
    asks: tuple[str, ...]  # topics it asks about, in order
    bluff: float = 0.0  # how far above its BATNA it signals its alternative (0: no signals)
    signals: bool = False  # mentions its alternative at all
    discloses: tuple[str, ...] = ()  # fact topics it is willing to disclose
    cites: bool = True
    breaks: bool = False  # uses breaks to let time press the other side
    mediator: bool = False  # calls the mediator at an impasse
    walks_early: bool = True  # walks away when it believes there is no deal to be had
    equivalents: float = 0.0  # rather than repeat itself, offers a new package this near target


STYLES: dict[str, Style] = {
    "hardliner": Style(
        exponent=0.3,
        press=0.95,
        reciprocity=0.1,
        accept_slack=0.0,
        manners=(0.15, 0.35, 0.5, 0.0),
        asks=("batna", "deadline"),
        bluff=0.02,
        signals=True,
        discloses=("batna",),
        breaks=True,
        equivalents=0.02,
    ),
    "conceder": Style(
        exponent=2.2,
        press=0.35,
        reciprocity=0.2,
        accept_slack=0.06,
        manners=(0.7, 0.25, 0.05, 0.0),
        asks=("priorities",),
        discloses=("priorities", "deadline"),
        cites=False,
        mediator=True,
        walks_early=False,
    ),
    "reciprocator": Style(
        exponent=0.9,
        press=0.7,
        reciprocity=0.7,
        accept_slack=0.02,
        manners=(0.45, 0.4, 0.15, 0.0),
        asks=("batna", "priorities"),
        mediator=True,
    ),
    "problem-solver": Style(
        exponent=1.1,
        press=0.6,
        reciprocity=0.35,
        accept_slack=0.03,
        manners=(0.75, 0.25, 0.0, 0.0),
        asks=("priorities", "batna"),
        discloses=("priorities",),
        mediator=True,
    ),
    "bluffer": Style(
        exponent=0.5,
        press=0.85,
        reciprocity=0.2,
        accept_slack=0.01,
        manners=(0.1, 0.3, 0.2, 0.4),
        asks=("batna", "deadline"),
        bluff=0.2,
        signals=True,
        breaks=True,
    ),
}


@frozen
class Level:
    """Difficulty: how well it reads you (belief sharpness) and how hard it presses."""

    sharpness: float
    press: float
    leverage: bool  # whether it shifts its target by perceived leverage at all
    asks: bool  # whether it asks you questions to read you


LEVELS: dict[str, Level] = {
    "easy": Level(sharpness=0.35, press=0.5, leverage=False, asks=False),
    "normal": Level(sharpness=0.75, press=0.85, leverage=True, asks=True),
    "hard": Level(sharpness=1.0, press=1.0, leverage=True, asks=True),
}


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
        self.style = STYLES[persona]
        self.level = LEVELS[difficulty]
        self.rng = rng
        self.voice = voice
        self.belief: Belief | None = None
        self.history: list[dict[str, float]] = []  # belief summary after each move of the game
        self.asked: set[str] = set()
        self.signalled = False
        self.caught = 0  # bluffs of theirs it has seen exposed
        self._caught_new = False
        self.last_target: float | None = None
        self.last_spoken: dialogue.Spoken | None = None  # its previous line

    # -- the protocol --

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None:
        belief = self._belief(view)
        belief.update(view, events)
        for event in events:
            if event.kind == "exposed" and event.actor is not None and event.actor != self.role:
                self.caught += 1
                self._caught_new = True
        self.history.append(belief.summary())

    def belief_summary(self) -> dict[str, float] | None:
        return None if self.belief is None else dict(self.belief.summary())

    def belief_after(self, move_index: int) -> dict[str, float] | None:
        """Its belief as it stood after the game's move `move_index` (0-based)."""
        if 0 <= move_index < len(self.history):
            return self.history[move_index]
        return None

    def decide(self, view: RoleView) -> Choice:
        belief = self._belief(view)
        belief.update(view)
        style = self.style
        reservation = view.reservation()
        their_points = belief.their_points()
        settle = (
            self._believed_settlement(view, their_points, view.round)
            if self.level.leverage
            else None
        )
        target, floor = self.target(view, their_points, settle=settle)
        next_target, _ = self.target(view, their_points, view.round + 1, settle=settle)
        self.last_target = target
        notes: list[str] = []
        if self._caught_new:
            notes.append("caught them in a bluff: trusting their word less and pressing harder")
        talk, talk_kind, slots = self._talk(view, their_points)
        offer = view.their_offer
        last_chance = view.last_move_of_game_for_me()

        # The mediator's proposal: accepted if it beats its reservation as of next round (the
        # deal closes when both have accepted) and is about what it would settle for anyway.
        proposal = view.mediator_proposal
        if proposal is not None:
            value = view.points_of(proposal)
            if value >= view.reservation(view.round + 1) and (
                value >= next_target - 0.1 * self._span(view) or style.mediator or last_chance
            ):
                notes.append(f"the mediator's package is worth {value:g} to us")
                return self._choice(
                    view,
                    Move(Accept(mediator=True), talk),
                    "accept-mediator",
                    "accept-mediator",
                    talk_kind,
                    target,
                    notes,
                    slots,
                )

        if offer is not None:
            value = view.points_of(offer)
            slack = style.accept_slack * self._span(view)
            if value >= reservation and (
                value >= next_target - slack or value >= target or last_chance
            ):
                notes.append(
                    f"their offer is worth {value:g} to us against a target of {target:.1f}"
                )
                tactic = (
                    "accept-last-chance"
                    if last_chance and value < next_target - slack
                    else "accept"
                )
                return self._choice(
                    view, Move(Accept(), talk), tactic, "accept", talk_kind, target, notes, slots
                )

        if last_chance:
            notes.append("last chance and nothing on the table beats our alternative")
            return self._choice(
                view,
                Move(WalkAway(), talk),
                "walk-away-at-deadline",
                "walk-away",
                talk_kind,
                target,
                notes,
                slots,
            )

        if style.walks_early and self._no_deal_in_sight(view, belief, their_points):
            notes.append("no package they would take is worth our alternative to us")
            return self._choice(
                view,
                Move(WalkAway(), talk),
                "walk-away-no-zopa",
                "walk-away",
                talk_kind,
                target,
                notes,
                slots,
            )

        if self._wants_mediator(view, target, floor):
            notes.append("impasse: a neutral proposal should land near the fair split")
            return self._choice(
                view,
                Move(RequestMediator(), talk),
                "call-mediator",
                "call-mediator",
                talk_kind,
                target,
                notes,
                slots,
            )

        if self._wants_break(view, belief, talk):
            notes.append("time is pressing them harder than us")
            return self._choice(
                view,
                Move(TakeBreak(), talk),
                "take-break",
                "break",
                talk_kind,
                target,
                notes,
                slots,
            )

        package = self._package_at(view, target, their_points)
        band = style.equivalents * self._span(view)
        if view.my_offer is not None and (
            package == view.my_offer
            or (band > 0 and view.points_of(view.my_offer) >= target - band)
        ):
            # Its standing offer is still about its target: it does not move in value.
            other = self._equivalent(view, target, their_points)
            if other is not None:
                notes.append("same value to us, put differently: they may like it better")
                slots["package"] = self._describe(view, other)
                return self._choice(
                    view,
                    Move(Propose(other), talk),
                    "equivalent-offer",
                    "rephrase",
                    talk_kind,
                    target,
                    notes,
                    slots,
                )
            return self._choice(
                view, Move(Hold(), talk), "hold", "hold", talk_kind, target, notes, slots
            )
        if offer is not None and package == offer and view.points_of(package) < reservation:
            # Proposing their standing offer agrees to it: never below the reservation.
            return self._choice(
                view, Move(Hold(), talk), "hold", "hold", talk_kind, target, notes, slots
            )
        opening = view.my_offer is None
        tactic = "open-high" if opening else self._concession_tactic(view)
        slots["package"] = self._describe(view, package)
        return self._choice(
            view,
            Move(Propose(package), talk),
            tactic,
            "open" if opening else "concede",
            talk_kind,
            target,
            notes,
            slots,
        )

    # -- target --

    def target(
        self,
        view: RoleView,
        their_points: np.ndarray,
        at_round: int | None = None,
        settle: float | None = None,
    ) -> tuple[float, float]:
        """(target, floor) in its own points for a proposal made in `at_round` (default now);
        `settle` is the believed settlement when already worked out this turn."""
        when = view.round if at_round is None else at_round
        points = view.my_points
        best = float(points.max())
        reservation = view.reservation(when)
        horizon = self._horizon(view)
        t = min(1.0, max(0.0, (when - 1) / max(1, horizon - 1)))
        floor = reservation
        if self.level.leverage:
            if settle is None:
                settle = self._believed_settlement(view, their_points, when)
            if settle is not None and settle > reservation:
                press = self.style.press * self.level.press
                # The floor melts to the reservation over the last stretch before the deadline:
                # the last few chances to agree, however long the game (a steeper melt when
                # there are many rounds), not a share of the time.
                melt = max(6.0, horizon / 2)
                floor = reservation + press * (settle - reservation) * (1 - t**melt)
        exponent = self.style.exponent * (0.7 if self.caught else 1.0)
        curve = floor + (best - floor) * (1 - t ** (1 / exponent))
        target = curve
        reciprocity = self.style.reciprocity
        last = view.my_offer
        if (
            reciprocity > 0
            and last is not None
            and len(view.their_offers) >= 2
            and when == view.round
        ):
            given = self._their_concession(view)
            matched = view.points_of(last) - max(0.0, given)
            target = (1 - reciprocity) * curve + reciprocity * max(matched, floor)
        return float(min(best, max(target, reservation))), float(floor)

    def _horizon(self, view: RoleView) -> int:
        """The round it plans to finish by: its deadline, or theirs if that comes first — known,
        or as its belief fears it (a prudent quantile, since a missed deadline means no deal)."""
        theirs = view.their_known_deadline
        if theirs is None:
            theirs = int(self.belief.horizon_quantile(0.3))
        return min(view.deadline, theirs)

    def _believed_settlement(
        self, view: RoleView, their_points: np.ndarray, when: int
    ) -> float | None:
        """Its points at the believed (asymmetric) Nash bargaining package: what it thinks a
        well-played deal gives it, given its belief about your BATNA and your patience."""
        belief = self.belief
        their_reservation = belief.batna_quantile(0.5) + view.their_delay_cost * (when - 1)
        mine = view.reservation(when)
        power = self._power(view, belief)
        points = np.vstack((view.my_points, their_points))
        index = nash_index(points, (mine, their_reservation), power)
        return None if index is None else float(view.my_points[index])

    def _power(self, view: RoleView, belief: Belief) -> float:
        """Bargaining power from relative patience: rounds left, damped by the cost of delay."""
        mine = max(1.0, view.rounds_left) / (1.0 + view.delay_cost)
        known = view.their_known_deadline
        their_deadline = known if known is not None else belief.horizon()
        theirs = max(1.0, their_deadline - view.round + 1) / (1.0 + view.their_delay_cost)
        return float(np.clip(mine / (mine + theirs), 0.25, 0.75))

    # -- choosing a package --

    def _package_at(
        self, view: RoleView, target: float, their_points: np.ndarray
    ) -> tuple[int, ...]:
        points = view.my_points
        eligible = points >= target - 1e-9
        if not eligible.any():
            return view.package_at(int(points.argmax()))
        last = view.my_offer
        if last is not None:
            # Do not take back what it already offered them (by its model of their points).
            floor = their_points[view.index_of(last)] - 1e-9
            kept = eligible & (their_points >= floor)
            if kept.any():
                eligible = kept
        # Best for them by the belief; among near-ties, the one that asks least above target,
        # then a seeded pick so it does not always say the same thing.
        score = np.where(eligible, their_points - 0.05 * (points - target), -np.inf)
        top = score.max()
        near = np.flatnonzero(score >= top - 1e-6)
        return view.package_at(int(near[int(self.rng.integers(len(near)))]))

    def _equivalent(
        self, view: RoleView, target: float, their_points: np.ndarray
    ) -> tuple[int, ...] | None:
        """A package it has not offered yet, worth about its target to it, to show instead of
        repeating its standing offer (an equivalent offer: it gives nothing away, and a side that
        answers movement with movement sees some). None when there is none."""
        band = self.style.equivalents * self._span(view)
        if band <= 0:
            return None
        points = view.my_points
        eligible = (points >= target - band - 1e-9) & (points >= view.reservation() - 1e-9)
        for offer in view.offers_by(self.role):
            eligible[view.index_of(offer.package)] = False
        if view.their_offer is not None:
            eligible[view.index_of(view.their_offer)] = False
        if not eligible.any():
            return None
        last = view.my_offer
        if last is not None:
            kept = eligible & (their_points >= their_points[view.index_of(last)] - 1e-9)
            if kept.any():
                eligible = kept
        score = np.where(eligible, their_points + 0.05 * (points - target), -np.inf)
        return view.package_at(int(np.argmax(score)))

    def _concession_tactic(self, view: RoleView) -> str:
        offers = view.their_offers
        if self.style.reciprocity >= 0.5 and len(offers) >= 2:
            return "reciprocate" if self._their_concession(view) > 0 else "hold-firm"
        return "concede-on-curve"

    @staticmethod
    def _their_concession(view: RoleView) -> float:
        """How far their latest offer improves, in its points, on the best they offered before:
        going back and forth among old offers is not a concession."""
        offers = view.their_offers
        before = max(view.points_of(o.package) for o in offers[:-1])
        return view.points_of(offers[-1].package) - before

    # -- walking, breaks, mediator --

    def _no_deal_in_sight(self, view: RoleView, belief: Belief, their_points: np.ndarray) -> bool:
        if view.round < 3 or len(view.their_offers) < 2:
            return False
        mine = view.reservation(view.round + 1)
        their_low = belief.batna_quantile(0.1) + view.their_delay_cost * view.round
        margin = 0.05 * self._span(view)
        possible = (view.my_points >= mine) & (their_points >= their_low - margin)
        return not possible.any()

    def _wants_mediator(self, view: RoleView, target: float, floor: float) -> bool:
        if (
            not self.style.mediator
            or not view.mediator_available
            or view.mediator_proposal is not None
        ):
            return False
        offers = view.their_offers
        if len(offers) < 3 or view.rounds_left > max(3, view.deadline // 3):
            return False
        stuck = view.points_of(offers[-1].package) <= view.points_of(offers[-3].package)
        return stuck and target - view.points_of(offers[-1].package) > 0.1 * self._span(view)

    def _wants_break(self, view: RoleView, belief: Belief, talk) -> bool:
        if not self.style.breaks or view.breaks_left < 2 or view.round < 3 or talk is not None:
            return False
        if view.rounds_left < 4 or view.their_offer is None:
            return False
        known = view.their_known_deadline
        their_deadline = known if known is not None else belief.horizon()
        their_left = their_deadline - view.round + 1
        # Time hurts them more: a sooner deadline and a costlier delay than ours.
        return their_left + 2 <= view.rounds_left and view.their_delay_cost >= view.delay_cost

    # -- talk --

    def _talk(self, view: RoleView, their_points: np.ndarray):
        """One piece of talk (or None), the dialogue situation it maps to, and line slots."""
        style = self.style
        question = view.question_to_me
        if question is not None:
            manner = self._manner(view)
            claim = self._lie(view, question.topic) if manner == "lie" else None
            return Answer(manner, claim), f"answer-{manner}", {}
        for topic in style.asks if self.level.asks else ():
            if topic not in self.asked and view.round <= 4:
                self.asked.add(topic)
                return Ask(topic), f"ask-{topic}", {}
        for fact in view.my_facts:
            if fact in {d.fact for d in view.my_disclosures}:
                continue
            facts = view.fact(fact)
            if facts.topic in style.discloses and self._worth_disclosing(view, facts.topic):
                return Disclose(fact), "disclose", {}
        if style.cites and view.their_offer is not None:
            cited = {c.benchmark for c in view.citations_by(self.role)}
            tables = view.issue_tables()
            for index, benchmark in enumerate(view.benchmarks):
                if index in cited:
                    continue
                table = tables[benchmark.issue]
                fair = table[benchmark.option]
                # Cite a standard when it says the fair option is better for us than theirs, and
                # it backs our own ask rather than showing we offer less than the market.
                ours = view.my_offer
                backs_us = ours is None or fair >= table[ours[benchmark.issue]]
                if fair > table[view.their_offer[benchmark.issue]] and backs_us:
                    return CiteBenchmark(index), "cite", {"benchmark": benchmark.name}
        if style.signals and not self.signalled and view.round >= 2:
            self.signalled = True
            claim = round(view.batna + style.bluff * self._span(view))
            return SignalAlternative(float(claim)), "signal", {}
        return None, None, {}

    def _manner(self, view: RoleView) -> str:
        truthful, vague, decline, lie = self.style.manners
        # Distrust makes it guarded: weight shifts from truthful answers to declining.
        trust = view.their_trust
        truthful, decline = truthful * trust, decline + truthful * (1 - trust)
        weights = np.array([truthful, vague, decline, lie])
        return ("truthful", "vague", "decline", "lie")[
            int(self.rng.choice(4, p=weights / weights.sum()))
        ]

    def _lie(self, view: RoleView, topic: str) -> float:
        if topic == "batna":
            return float(round(view.batna + max(0.15, self.style.bluff) * self._span(view)))
        if topic == "deadline":
            return float(min(view.max_rounds + 1, view.deadline + 3))
        # Claim to care about the issue it cares least about, to trade it away dearly.
        spreads = [float(t.max() - t.min()) for t in view.issue_tables()]
        return float(int(np.argmin(spreads)))

    def _worth_disclosing(self, view: RoleView, topic: str) -> bool:
        if topic == "priorities":
            return view.round >= 2
        if topic == "batna":
            # Only a strong alternative is worth showing.
            points = view.my_points
            return view.batna >= points.min() + 0.45 * (points.max() - points.min())
        if topic == "deadline":
            return view.rounds_left <= 3
        return False

    # -- building the choice --

    def _choice(self, view, move, tactic, situation, talk_kind, target, notes, slots) -> Choice:
        belief = self.belief
        summary = dict(belief.summary())
        weights = belief.priorities()
        summary["priorities"] = {
            issue.id: round(float(w), 3) for issue, w in zip(view.issues, weights, strict=True)
        }
        self._caught_new = False
        reasons = Reasons(tactic, target, summary, tuple(notes))
        spoken = dialogue.speak(
            self.voice, self.persona, self.difficulty, view, move, reasons, self.last_spoken
        )
        self.last_spoken = spoken
        return Choice(move, spoken.text, attrs.evolve(reasons, speech=spoken.acts))

    def _belief(self, view: RoleView) -> Belief:
        if self.belief is None:
            self.belief = Belief(view, self.level.sharpness)
        return self.belief

    @staticmethod
    def _span(view: RoleView) -> float:
        points = view.my_points
        return float(points.max() - points.min()) or 1.0

    @staticmethod
    def _describe(view: RoleView, package: tuple[int, ...]) -> str:
        parts = [
            f"{issue.name.lower()} {issue.options[option].label}"
            for issue, option in zip(view.issues, package, strict=True)
        ]
        return ", ".join(parts)


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
