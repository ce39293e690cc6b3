"""The counterpart's talk: the one piece of talk it attaches to a move, by persona and trust.

It answers a question put to it (truthfully, vaguely, declining or lying, by persona, and more
guardedly the less it trusts you); asks about your alternative and priorities early on (not at
easy); discloses the facts its persona shares when they help it; cites a benchmark that favours
it and backs its own ask; and a persona that signals mentions its alternative once (a bluffer
inflated). What the line *says* is the dialogue's job (`sim.ai.dialogue`); this picks the move.
"""

from __future__ import annotations

import numpy as np

from sim.ai.speech import LARGE_STEP
from sim.ai.styles import Level, Style
from sim.core.moves import (
    Answer,
    Ask,
    CiteBenchmark,
    Decision,
    Disclose,
    Hold,
    Propose,
    SignalAlternative,
    Talk,
)
from sim.core.view import RoleView


class Talker:
    def __init__(self, style: Style, level: Level, rng: np.random.Generator):
        self.style = style
        self.level = level
        self.rng = rng
        self.asked: set[str] = set()
        self.signalled = False
        self.voiced: set[str] = set()  # topics of their claims it has said it doubts

    def choose(self, view: RoleView) -> Talk | None:
        """One piece of talk, or None."""
        style = self.style
        question = view.question_to_me
        if question is not None:
            manner = self.manner(view)
            claim = self.lie(view, question.topic) if manner == "lie" else None
            return Answer(manner, claim)
        for topic in style.asks if self.level.asks else ():
            if topic not in self.asked and view.round <= 4 and not self.known(view, topic):
                self.asked.add(topic)
                return Ask(topic)
        facts = view.my_facts
        told = {d.fact for d in view.my_disclosures} if facts else set()
        for fact in facts:
            topic = view.fact(fact).topic
            if fact not in told and topic in style.discloses and self.worth_disclosing(view, topic):
                return Disclose(fact)
        cited = self.citation(view)
        if cited is not None:
            return cited
        if style.signals and not self.signalled and view.round >= 2:
            claim = round(view.batna + style.bluff * view.my_span)
            # Every signal line says "our fallback is better than you think": a side whose
            # claim is no better than the guess the public brief already gives them keeps its
            # alternative to itself (telling would only weaken it), until news changes that.
            low, high = view.batna_public
            if claim > (low + high) / 2:
                self.signalled = True
                return SignalAlternative(float(claim))
        return None

    @staticmethod
    def known(view: RoleView, topic: str) -> bool:
        """Whether they have already told it what a question on `topic` would ask: a fact of
        theirs on the topic disclosed, or (for their deadline) one it knows anyway. "Round 6,
        noted. … Is there a date you're working towards?" asks what it has just acknowledged."""
        if topic == "deadline" and view.their_known_deadline is not None:
            return True
        return any(d.topic == topic for d in view.their_disclosures)

    def citation(self, view: RoleView) -> CiteBenchmark | None:
        """A standard that says the fair option is better for it than yours, and backs its own
        ask rather than showing it offers less than the market, on an issue still open between
        you: citing "oil service is fair" beside its own offer of a full service would read as a
        wish to take back what it already gave."""
        if not self.style.cites or view.their_offer is None or not view.benchmarks:
            return None
        cited = {c.benchmark for c in view.citations_by(view.role)}
        tables = view.issue_tables()
        ours = view.my_offer
        for index, benchmark in enumerate(view.benchmarks):
            if index in cited:
                continue
            table = tables[benchmark.issue]
            fair = table[benchmark.option]
            theirs = table[view.their_offer[benchmark.issue]]
            backs_us = ours is None or fair >= table[ours[benchmark.issue]] > theirs
            if fair > theirs and backs_us:
                return CiteBenchmark(index)
        return None

    def voice_doubts(
        self, doubted: tuple[str, ...], decision: Decision, concession: float | None, scale: float
    ) -> tuple[str, ...]:
        """The doubts about their claims it says out loud with this move: each once, and only
        beside a move that stands by it — a hold, or an offer that gives less than a large
        step — never beside an acceptance, a walk-away or a big concession, which would belie
        the words. A doubt that waits for a fitting move is said with the next one."""
        if not isinstance(decision, (Hold, Propose)):  # (a tuple: no union built)
            return ()
        if isinstance(decision, Propose) and (
            concession is None or concession >= LARGE_STEP * scale
        ):
            return ()  # its opening, or a step too large to go with "I don't believe you"
        new = tuple(topic for topic in doubted if topic not in self.voiced)
        self.voiced.update(new)
        return new

    def manner(self, view: RoleView) -> str:
        truthful, vague, decline, lie = self.style.manners
        # Distrust makes it guarded: weight shifts from truthful answers to declining.
        trust = view.their_trust
        truthful, decline = truthful * trust, decline + truthful * (1 - trust)
        weights = np.array([truthful, vague, decline, lie])
        pick = int(self.rng.choice(4, p=weights / weights.sum()))
        return ("truthful", "vague", "decline", "lie")[pick]

    def lie(self, view: RoleView, topic: str) -> float:
        if topic == "batna":
            return float(round(view.batna + max(0.15, self.style.bluff) * view.my_span))
        if topic == "deadline":
            return float(min(view.max_rounds + 1, view.deadline + 3))
        # Claim to care about the issue it cares least about, to trade it away dearly.
        spreads = [float(t.max() - t.min()) for t in view.issue_tables()]
        return float(int(np.argmin(spreads)))

    @staticmethod
    def worth_disclosing(view: RoleView, topic: str) -> bool:
        if topic == "priorities":
            return view.round >= 2
        if topic == "batna":
            # Only a strong alternative is worth showing.
            points = view.my_points
            return view.batna >= points.min() + 0.45 * (points.max() - points.min())
        if topic == "deadline":
            return view.rounds_left <= 3
        return False
