"""Move-by-move analysis, like a chess engine's: every move of one side, graded against the best
alternative it had, with a symbol (!, ?!, ?, ??) and one sentence.

How a position is judged. Before each of the side's moves, a few candidate moves are tried: the
move played, holding, accepting the standing offer, walking away, a smaller step when the move
was a concession, and what a strong reference policy would have played (a Bayesian counterpart
from `sim.ai`, built through `make_counterpart`, playing that side). A move that ends the game is
worth its payoff. Otherwise the game is played on from there by the reference policy on the
side's behalf against the counterpart that was really faced, over a few
seeded continuations, to the end of the game; a play-out cut short by the horizon is valued with
the game's own leverage model: the points the side would get where the deal would land
(`sim.core.leverage`), less the delay paid by then. A move's loss is how far it falls short of the best candidate.

Deterministic: continuations are seeded from the game's seed and the continuation's number (the
counterparts' streams, rebuilt through the public API), never from a clock.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import numpy as np
from attrs import frozen

from sim.ai.counterpart import Counterpart
from sim.ai.match import Match
from sim.ai.personas import PERSONAS, make_counterpart
from sim.core import leverage as model
from sim.core import moves
from sim.core.moves import Move
from sim.core.rules import legal_decisions, step
from sim.core.state import Game, GameState, other
from sim.core.view import RoleView
from sim.core.words import TOPIC_WORDS

# The reference policy: of the personas, the reciprocator at "hard" gained most over its BATNA
# on average, as either side of every shipped scenario against every Bayesian persona at
# "normal" (seeds 1-5: +23.1 points, 60 of 450 games without a deal). The hardliner, chosen
# against the older, softer counterparts, now comes last (+15.1, 186 of 450 without a deal): it
# and the counterparts that hold when held against run out the clock, so its play-outs valued
# every move that keeps negotiating at the alternative less the delay, and walking away came out
# "best" in positions the leverage model put far above the alternative. Re-measure when the
# counterparts change.
REFERENCE_PERSONA = "reciprocator"
REFERENCE_DIFFICULTY = "hard"
CONTINUATIONS = 2  # seeded play-outs per candidate move
# Play-outs go to the end of the game (shipped scenarios end within 12 rounds); the leverage
# model only values what is still open if one runs longer than this many moves.
HORIZON = 120
# A move's loss as a share of the side's own points range (worst to best package).
INACCURACY, MISTAKE, BLUNDER = 0.04, 0.10, 0.20
GOOD_MARGIN = 0.04  # "!" only when the move beat every other candidate by this much

SYMBOLS = {"good": "!", "fine": "", "inaccuracy": "?!", "mistake": "?", "blunder": "??"}


@frozen
class MoveGrade:
    """One graded move. Values are expected points for the graded side (after delay)."""

    turn: int  # the move's number in the game (1 = first move)
    round: int  # the round it was made in
    role: str
    played: str  # the move, in words
    verdict: str  # good, fine, inaccuracy, mistake, blunder
    symbol: str  # !, "", ?!, ?, ??
    value: float  # what the move played was worth
    best: str  # the best candidate, in words
    best_value: float
    loss: float  # best_value - value, never negative
    sentence: str
    alternatives: dict[str, float]  # every candidate tried, in words -> value

    def line(self) -> str:
        mark = self.symbol or "·"
        return f"{mark:<2} turn {self.turn} (round {self.round}), {self.played}: {self.sentence}"


@frozen
class _Candidate:
    words: str
    move: Move
    suggested: bool = False  # the reference policy's move or a smaller step, not a plain option


def grade_game(
    match: Match, role: int, personas: tuple[str, str], difficulty: str = "normal"
) -> tuple[MoveGrade, ...]:
    """Every move `role` made in `match`, graded. `personas` are who played each side (a persona
    or "human"); the other side's persona is the opponent the play-outs face."""
    grader = _Grader(match, role, personas, difficulty)
    return tuple(grader.grade(index, shadows) for index, shadows in grader.positions())


def grade_turn(
    match: Match, turn: int, personas: tuple[str, str], difficulty: str = "normal"
) -> MoveGrade:
    """The grade of move number `turn` (1-based) for the side that made it: what the replay
    viewer shows beside a move."""
    if not 1 <= turn <= len(match.turns):
        raise ValueError(f"turn must be from 1 to {len(match.turns)} (got {turn})")
    role = match.turns[turn - 1].actor
    grader = _Grader(match, role, personas, difficulty)
    for index, shadows in grader.positions(upto=turn - 1):
        if index == turn - 1:
            return grader.grade(index, shadows)
    raise AssertionError("unreachable: the turn's own position is always visited")


def grade_line(
    match: Match, turn: int, personas: tuple[str, str], difficulty: str = "normal"
) -> str:
    """One line for the replay viewer beside move `turn`: its symbol and sentence."""
    grade = grade_turn(match, turn, personas, difficulty)
    verdict = grade.verdict if grade.verdict != "fine" else "a fine move"
    return f"Grade: {grade.symbol or '·'} {verdict}: {grade.sentence}"


def costliest(grades: tuple[MoveGrade, ...], count: int = 3) -> tuple[MoveGrade, ...]:
    """The moves that lost most (ties: the earlier move), only those that lost something."""
    losing = [g for g in grades if g.verdict in ("inaccuracy", "mistake", "blunder")]
    return tuple(sorted(losing, key=lambda g: (-g.loss, g.turn))[:count])


class _Grader:
    def __init__(self, match: Match, role: int, personas: tuple[str, str], difficulty: str):
        self.match = match
        self.role = role
        self.game = match.game
        self.difficulty = difficulty
        self.personas = personas
        space = self.game.space
        self.span = max(1e-9, float(space.points[role].max() - space.points[role].min()))

    def _persona(self, side: int) -> str:
        if side == self.role:
            return REFERENCE_PERSONA
        played = self.personas[side]
        return played if played in PERSONAS else REFERENCE_PERSONA

    def positions(self, upto: int | None = None) -> Iterator[tuple[int, list[Match]]]:
        """(turn index, one shadow match per continuation seed) before each of the side's
        moves. A shadow is the recorded game replayed into fresh counterparts, so their
        memories are those of someone who watched the game so far."""
        shadows = [self._shadow(k) for k in range(CONTINUATIONS)]
        last = len(self.match.turns) if upto is None else upto + 1
        for index, turn in enumerate(self.match.turns[:last]):
            if turn.actor == self.role:
                yield index, shadows
            for shadow in shadows:
                shadow.apply(turn.move)

    def _shadow(self, number: int) -> Match:
        seed = int(np.random.SeedSequence([self.game.seed, number]).generate_state(1)[0])
        game = Game.restore(self.game.scenario, seed, self.game.batna, self.game.event_rounds)
        counterparts = tuple(
            make_counterpart(game, side, self._persona(side), self._difficulty(side))
            for side in (0, 1)
        )
        return Match(game, (counterparts[0], counterparts[1]))

    def _difficulty(self, side: int) -> str:
        return REFERENCE_DIFFICULTY if side == self.role else self.difficulty

    # -- one position --

    def grade(self, index: int, shadows: list[Match]) -> MoveGrade:
        turn = self.match.turns[index]
        state = shadows[0].state
        candidates = self._candidates(state, turn.move, shadows[0])
        values = {c.words: self._value(c.move, shadows) for c in candidates}
        played = candidates[0]
        best = max(candidates, key=lambda c: values[c.words])
        loss = max(0.0, values[best.words] - values[played.words])
        # "!" means clearly better than the plain options (hold, accept, walk away); matching
        # the reference policy's own move does not take it away.
        others = [values[c.words] for c in candidates[1:] if not c.suggested]
        verdict = self._verdict(loss, values[played.words], others)
        plain = [c.words for c in candidates[1:] if not c.suggested]
        sentence = _Sentences(state, turn.move, values, played, best, plain).say(verdict)
        return MoveGrade(
            turn=index + 1,
            round=turn.round,
            role=self.game.scenario.role_ids[self.role],
            played=played.words,
            verdict=verdict,
            symbol=SYMBOLS[verdict],
            value=_r(values[played.words]),
            best=best.words,
            best_value=_r(values[best.words]),
            loss=_r(loss),
            sentence=sentence,
            alternatives={c.words: _r(values[c.words]) for c in candidates},
        )

    def _verdict(self, loss: float, value: float, others: list[float]) -> str:
        share = loss / self.span
        if share >= BLUNDER:
            return "blunder"
        if share >= MISTAKE:
            return "mistake"
        if share >= INACCURACY:
            return "inaccuracy"
        if others and value - max(others) >= GOOD_MARGIN * self.span:
            return "good"
        return "fine"

    def _candidates(self, state: GameState, played: Move, shadow: Match) -> list[_Candidate]:
        """The move played first, then the alternatives (each distinct move once), the
        reference policy's move last."""
        legal = set(legal_decisions(state))
        out = [_Candidate(move_words(state, played), played)]
        options: list[tuple[str, Move]] = []
        if "hold" in legal:
            options.append(("", Move(moves.Hold())))
        if "accept" in legal:
            options.append(("", Move(moves.Accept())))
        if "walk-away" in legal:
            options.append(("", Move(moves.WalkAway())))
        smaller = smaller_step(state, played)
        if smaller is not None:
            options.append(("a smaller step: ", smaller))
        options.append(("the reference line: ", self._reference_move(state, shadow)))
        seen = {played}
        for lead, move in options:
            if move not in seen:
                seen.add(move)
                out.append(_Candidate(lead + move_words(state, move), move, bool(lead)))
        return out

    def _reference_move(self, state: GameState, shadow: Match) -> Move:
        counterpart = self._copy(shadow.counterparts[self.role], shadow.game)
        return counterpart.decide(RoleView(state, self.role)).move

    def _copy(self, counterpart: Counterpart | None, game: Game) -> Counterpart:
        if counterpart is None:
            raise ValueError("a shadow match always has a counterpart on both sides")
        # The game, its scenario and outcome space are shared, never copied: they are immutable.
        memo = {id(game): game, id(game.scenario): game.scenario, id(game.space): game.space}
        return copy.deepcopy(counterpart, memo)

    def _value(self, move: Move, shadows: list[Match]) -> float:
        after, _ = step(shadows[0].state, move)
        if after.outcome is not None:
            return after.outcome.payoffs[self.role]
        return sum(self._play_out(move, shadow) for shadow in shadows) / len(shadows)

    def _play_out(self, move: Move, shadow: Match) -> float:
        copies = tuple(self._copy(c, shadow.game) for c in shadow.counterparts)
        match = Match(shadow.game, (copies[0], copies[1]))
        match.state = shadow.state
        match.apply(move)
        for _ in range(HORIZON):
            if match.state.is_over:
                break
            match.play_counterpart()
        return self.judge(match.state)

    def judge(self, state: GameState) -> float:
        """What a position is worth to the side: its payoff when the game is over, else the
        leverage model's landing point for it, less the delay paid so far."""
        if state.outcome is not None:
            return state.outcome.payoffs[self.role]
        landing = model.landing_point(model.Frontier.of(state.space), model.true_position(state))
        return max(state.batna[self.role], landing[self.role]) - state.delay_cost_so_far(self.role)


# -- words ---------------------------------------------------------------------------------------


def move_words(state: GameState, move: Move) -> str:
    """A move in a few words, from the mover's side."""
    said = talk_words(move)
    decision = decision_words(state, move)
    return f"{said} and {decision}" if said else decision


def talk_words(move: Move) -> str:
    match move.talk:
        case None:
            return ""
        case moves.SignalAlternative(claim):
            return f"signalling an alternative of {claim:g}"
        case moves.Ask(topic):
            return f"asking about their {TOPIC_WORDS.get(topic, topic)}"
        case moves.Answer(manner):
            return f"answering ({manner})"
        case moves.Disclose():
            return "disclosing a fact"
    return "citing a benchmark"


def decision_words(state: GameState, move: Move) -> str:
    me = state.to_move
    match move.decision:
        case moves.Propose(package):
            return f"proposing a package worth {state.space.points_of(package)[me]:g} to you"
        case moves.Accept(mediator=True) if state.mediator_proposal is not None:
            return f"accepting the mediator's package ({state.deal_value(me, state.mediator_proposal):g})"
        case moves.Accept():
            standing = state.standing[other(me)]
            worth = f" ({state.deal_value(me, standing):g} after delay)" if standing else ""
            return f"accepting their offer{worth}"
        case moves.WalkAway():
            return f"walking away (your alternative, {state.batna[me]:g})"
        case moves.TakeBreak():
            return "taking a break"
        case moves.RequestMediator():
            return "calling the mediator"
    return "holding"


def concession_of(state: GameState, move: Move) -> float:
    """How many of its own points the mover gives up against its standing offer (0 if none)."""
    me = state.to_move
    standing = state.standing[me]
    if not isinstance(move.decision, moves.Propose) or standing is None:
        return 0.0
    space = state.space
    return max(
        0.0, float(space.points_of(standing)[me] - space.points_of(move.decision.package)[me])
    )


def smaller_step(state: GameState, move: Move) -> Move | None:
    """For a concession: a third of the step, as the package best for the other side among
    those worth at least that much to the mover (None for a move that concedes nothing)."""
    given = concession_of(state, move)
    if given < 3.0:
        return None
    me = state.to_move
    space = state.space
    standing = state.standing[me]
    assert standing is not None
    floor = float(space.points_of(standing)[me]) - given / 3
    allowed = space.points[me] >= floor - 1e-9
    if not allowed.any():
        return None
    index = int(np.argmax(np.where(allowed, space.points[other(me)], -np.inf)))
    package = space.package_at(index)
    if package == standing:
        return None
    return Move(moves.Propose(package))


class _Sentences:
    """One sentence per grade, in the negotiation's words."""

    def __init__(
        self,
        state: GameState,
        move: Move,
        values: dict[str, float],
        played: _Candidate,
        best: _Candidate,
        plain: list[str],
    ):
        self.state = state
        self.move = move
        self.values = values
        self.played = played
        self.best = best
        self.plain = plain  # the plain options tried (hold, accept, walk away), in words
        self.me = state.to_move

    def say(self, verdict: str) -> str:
        if verdict in ("good", "fine"):
            return self._sound(verdict)
        decision = self.move.decision
        if isinstance(decision, moves.Accept) and not decision.mediator:
            return self._accepted()
        if isinstance(decision, moves.WalkAway):
            return self._walked()
        if concession_of(self.state, self.move) > 0:
            return self._conceded()
        return (
            f"worth about {_pts(self.values[self.played.words])} points to you from here; "
            f"{self.best.words} was worth about {_pts(self.values[self.best.words])}."
        )

    def _sound(self, verdict: str) -> str:
        value = self.values[self.played.words]
        if verdict == "good":
            rest = sorted(((self.values[w], w) for w in self.plain), reverse=True)
            return (
                f"the best move here, worth about {_pts(value)} points to you; the next best, "
                f"{rest[0][1]}, about {_pts(rest[0][0])}."
            )
        return f"about as good as anything you had (about {_pts(value)} points to you from here)."

    def _accepted(self) -> str:
        value = self.values[self.played.words]
        batna = self.state.batna[self.me]
        below = f", below the {batna:g} your alternative guaranteed" if value < batna else ""
        return (
            f"you accepted a deal worth {_pts(value)} points to you{below}; "
            f"{self.best.words} was worth about {_pts(self.values[self.best.words])}."
        )

    def _walked(self) -> str:
        return (
            f"you walked away for your alternative of {_pts(self.values[self.played.words])} when "
            f"{self.best.words} was worth about {_pts(self.values[self.best.words])}."
        )

    def _conceded(self) -> str:
        given = concession_of(self.state, self.move)
        issues = _issues_given(self.state, self.move)
        on = f" on {issues}" if issues else ""
        them = other(self.me)
        return (
            f"you conceded {given:g} points{on}{self._in_return(them)}; {self.best.words} was "
            f"worth about {_pts(self.values[self.best.words])} to you, this move about "
            f"{_pts(self.values[self.played.words])}."
        )

    def _in_return(self, them: int) -> str:
        """' for nothing in return' unless their last offer had just moved your way."""
        offers = [o for o in self.state.offers if o.role == them]
        if len(offers) >= 2 and offers[-1].points[self.me] > offers[-2].points[self.me] + 1e-9:
            return ""
        return " for nothing in return"


def _issues_given(state: GameState, move: Move) -> str:
    """The issues on which the mover's new package gives up points, largest first (two at most)."""
    me = state.to_move
    standing = state.standing[me]
    if standing is None or not isinstance(move.decision, moves.Propose):
        return ""
    scenario = state.scenario
    drops = []
    for index, (old, new) in enumerate(zip(standing, move.decision.package, strict=True)):
        issue = scenario.issues[index]
        drop = issue.options[old].points[me] - issue.options[new].points[me]
        if drop > 1e-9:
            drops.append((drop, index, issue.name))
    drops.sort(key=lambda d: (-d[0], d[1]))
    return " and ".join(name for _, _, name in drops[:2])


def _pts(value: float) -> str:
    return f"{_r(value):g}"


def _r(value: float) -> float:
    value = round(float(value), 1)
    return 0.0 if value == 0 else value


__all__ = [
    "MoveGrade",
    "costliest",
    "grade_game",
    "grade_line",
    "grade_turn",
    "move_words",
    "smaller_step",
]
