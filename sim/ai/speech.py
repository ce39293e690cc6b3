"""What a counterpart's line may claim: the facts of its move and of the player's last move.

A line is only as honest as the facts it is built from. `SpeechFacts.of(view, move, reasons)`
reads them from what the counterpart could see when it chose — the view *before* its move, the
move itself and the reasons behind it — and nothing else: it never looks at the other side's
points or at the game state behind the view. `sim.ai.dialogue` then picks words that claim no
more than these facts say.

- **Its own move.** The decision (a proposal equal to the player's standing offer is an
  acceptance: the rules treat it as one), and for a proposal the size and sign of its concession
  in its own points (its previous offer less the new one) and in the player's points as it
  believes them (the issue weights in `reasons.belief["priorities"]`, each issue read as opposed
  to its own, the same distributive reading its belief starts from).
- **The player's last move.** Everything the player did since the counterpart's last decision,
  read from the events it saw: their decision (and how far a new offer moved, in its points),
  a question, an answer, a disclosure, a signal, a cited benchmark, a lie or bluff of theirs the
  game exposed, a deadline of theirs that became known.
- **The clock.** Its own deadline approaching (the last two rounds before a deadline earlier
  than the game's last round), its last chance to agree, and the direction a revealed deadline
  moves its leverage in the `sim.core.leverage` model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import frozen

from sim.core.leverage import Frontier, Position, leverage_at
from sim.core.moves import (
    Accept,
    Answer,
    Ask,
    CiteBenchmark,
    Decision,
    Move,
    Propose,
    Talk,
    decision_name,
    talk_name,
)
from sim.core.offer_words import term_in_sentence
from sim.core.outcomes import pareto_front
from sim.core.view import RoleView

# Event kinds that are a side's decision: the walk back through the log stops at the
# counterpart's own last one, so what is left is what the player did since.
DECISION_EVENTS = {
    "proposed": "propose",
    "accepted": "accept",
    "held": "hold",
    "break": "break",
    "walked-away": "walk-away",
    "mediator-requested": "mediator",
    "mediator-accepted": "accept-mediator",
}
STEP = 1e-6  # a move of less than this, in points, is no move
LARGE_STEP = 0.08  # a concession of this share of its points range or more is a large one
DEADLINE_WARNING_ROUNDS = 2  # it warns in its last two rounds before a deadline of its own


@frozen
class PlayerMove:
    """What the player did since the counterpart last decided (None: nothing yet)."""

    decision: str | None = None  # propose, hold, break, mediator, accept-mediator
    opening: bool = False  # their first offer
    concession: float = 0.0  # in the counterpart's points: their new offer less their previous
    retracted: bool = False  # the game logged that they took back part of their offer
    declined_mediator: bool = False
    asked: str | None = None  # topic of a question they put
    answered: str | None = None  # topic they answered (or declined to)
    declined: bool = False  # they declined to answer
    disclosed: tuple[str, ...] = ()  # topics of facts they disclosed
    revealed: tuple[str, ...] = ()  # topics of their facts an event made known
    signal: float | None = None  # the alternative they signalled, in points
    cited: int | None = None  # index of the benchmark they cited
    exposed: tuple[str, ...] = ()  # topics of their claims the game exposed as untrue
    deadline: int | None = None  # a deadline of theirs that became known
    deadline_before: int | None = None  # the deadline of theirs it knew before (None: none)

    @property
    def conceded(self) -> bool:
        return self.decision == "propose" and not self.opening and self.concession > STEP


@frozen
class SpeechFacts:
    """Everything a line may say, true of the move it goes with."""

    decision: str  # propose, accept, accept-mediator, hold, break, walk-away, mediator
    talk: str | None  # its own talk: ask-batna, answer-vague, disclose, signal, cite, ...
    opening: bool  # its first offer
    own_step: float  # its concession in its own points (> 0 gives ground, < 0 asks for more)
    believed_step: float  # the player's gain in points as it believes them
    span: float  # its points range, to say how large a step is
    player: PlayerMove
    trust: float  # its trust in the player's word, 0..1
    pressure: float  # share of its own time used, 0..1
    deadline_near: bool  # its own deadline, earlier than the last round, is at most 2 rounds off
    rounds_left: int
    deadline_round: int
    last_chance: bool  # its last chance to agree
    signal_doubted: bool  # the player's signal is above what its belief allows
    claim_doubted: bool  # it says the player's offers contradict their claimed alternative
    benchmark_met: bool  # its offer gives at least what the player's cited benchmark says
    counter_benchmark: int | None  # another benchmark it can hold against the player's
    deadline_leverage: float  # how a revealed deadline moved its leverage (-200..200; 0: none)
    package: str  # its proposal in words ("" unless it proposes)
    benchmark: str  # the benchmark its own talk cites ("" if none)
    at_floor: bool = False  # it holds after a concession of theirs because it is at its least
    offered_back: int | None = None  # the round they offered the package it now proposes back
    their_last_round: bool = False  # their deadline, as it knows it, ends the game this round
    they_answer: bool = True  # they move after it this round (it is not the round's second move)

    @property
    def proposal_kind(self) -> str:
        """open, concede, rephrase (same value to it) or raise (asks for more)."""
        if self.opening:
            return "open"
        if self.own_step > STEP:
            return "concede"
        if self.own_step < -STEP:
            return "raise"
        return "rephrase"

    @property
    def large_step(self) -> bool:
        return self.own_step >= LARGE_STEP * self.span

    @classmethod
    def of(
        cls, view: RoleView, move: Move, reasons: Any, difficulty: str = "normal"
    ) -> SpeechFacts:
        """The facts of `move`, made from `view` (before the move) with `reasons` behind it."""
        belief: dict[str, Any] = dict(getattr(reasons, "belief", None) or {})
        decision = _decision(view, move)
        span = view.my_span
        own_step = believed_step = 0.0
        opening = False
        package = ""
        if decision == "propose":
            assert isinstance(move.decision, Propose)
            new = move.decision.package
            previous = view.my_offer
            opening = previous is None
            package = describe(view, new)
            if previous is not None:
                own_step = view.points_of(previous) - view.points_of(new)
                weights = _weights(view, belief)
                believed_step = span * (
                    _their_share(view, new, weights) - _their_share(view, previous, weights)
                )
        player = player_move(view)
        signal_doubted = (
            player.signal is not None
            and difficulty != "easy"
            and "batna_high" in belief
            and player.signal > float(belief["batna_high"])
        )
        met, counter = _benchmark_facts(view, move, player.cited)
        talk = None
        benchmark = ""
        if move.talk is not None:
            talk = _talk_name(move.talk)
            if isinstance(move.talk, CiteBenchmark):
                benchmark = view.benchmarks[move.talk.benchmark].name
        deadline = view.deadline
        rounds_left = view.rounds_left
        return cls(
            decision=decision,
            talk=talk,
            opening=opening,
            own_step=float(own_step),
            believed_step=float(believed_step),
            span=span,
            player=player,
            trust=float(view.their_trust),
            pressure=float(1 - rounds_left / max(1, deadline)),
            deadline_near=deadline < view.max_rounds and rounds_left <= DEADLINE_WARNING_ROUNDS,
            rounds_left=rounds_left,
            deadline_round=deadline,
            last_chance=view.last_move_of_game_for_me(),
            signal_doubted=bool(signal_doubted),
            claim_doubted="batna" in tuple(getattr(reasons, "doubts", ()) or ()),
            benchmark_met=met,
            counter_benchmark=counter,
            deadline_leverage=_deadline_leverage(
                view, belief, player.deadline, player.deadline_before
            ),
            package=package,
            benchmark=benchmark,
            at_floor=decision == "hold" and getattr(reasons, "tactic", "") == "hold-at-floor",
            offered_back=_offered_back(view, move, reasons),
            their_last_round=view.their_known_deadline is not None
            and view.round >= view.their_known_deadline,
            they_answer=not view.second_half,
        )


def _offered_back(view: RoleView, move: Move, reasons: Any) -> int | None:
    """The last round they offered the package it proposes back to them (tactic
    "their-best-back"), so the line can say whose package it is; None for any other move."""
    decision = move.decision
    if getattr(reasons, "tactic", "") != "their-best-back" or not isinstance(decision, Propose):
        return None
    rounds = [offer.round for offer in view.their_offers if offer.package == decision.package]
    return rounds[-1] if rounds else None


def player_move(view: RoleView) -> PlayerMove:
    """The player's move(s) since the counterpart's own last decision, from the events it saw."""
    me = view.role
    tail = []
    for event in reversed(view.events()):
        if event.actor == me and event.kind in DECISION_EVENTS:
            break
        tail.append(event)
    tail.reverse()
    them = 1 - me
    fields: dict[str, Any] = {}
    disclosed: list[str] = []
    revealed: list[str] = []
    exposed: list[str] = []
    for event in tail:
        if event.actor != them:
            continue
        kind, detail = event.kind, event.detail
        if kind in DECISION_EVENTS:
            fields["decision"] = DECISION_EVENTS[kind]
        elif kind == "retracted":
            fields["retracted"] = True
        elif kind == "mediator-declined":
            fields["declined_mediator"] = True
        elif kind == "asked":
            fields["asked"] = detail.get("topic")
        elif kind == "answered":
            topic = detail.get("topic")
            fields["answered"] = topic
            fields["declined"] = detail.get("manner") == "declined"
            values = detail.get("values") or []
            if topic == "deadline" and len(values) == 1:
                fields["deadline"] = int(min(values[0], view.max_rounds))
                # An answer does not change what it knows for sure (public or disclosed).
                fields["deadline_before"] = view.their_known_deadline
        elif kind == "disclosed":
            disclosed.append(str(detail.get("topic")))
            if detail.get("topic") == "deadline":
                fields["deadline"] = int(detail["value"])
                fields["deadline_before"] = _disclosed_deadline_before(view, event.round)
        elif kind == "revealed":
            # An event made one of their facts known: the disclosure it caused says which.
            for disclosure in view.their_disclosures:
                if disclosure.round == event.round and disclosure.by_event:
                    revealed.append(disclosure.topic)
                    if disclosure.topic == "deadline":
                        fields["deadline"] = int(disclosure.value)
                        fields["deadline_before"] = _disclosed_deadline_before(view, event.round)
        elif kind == "signalled":
            fields["signal"] = float(detail.get("claim", 0.0))
        elif kind == "cited":
            names = [b.id for b in view.benchmarks]
            if detail.get("benchmark") in names:
                fields["cited"] = names.index(detail["benchmark"])
        elif kind == "exposed":
            exposed.append(str(detail.get("topic")))
    if fields.get("decision") == "propose":
        offers = view.their_offers
        fields["opening"] = len(offers) == 1
        if len(offers) >= 2:
            fields["concession"] = view.points_of(offers[-1].package) - view.points_of(
                offers[-2].package
            )
    lists = (tuple(disclosed), tuple(revealed), tuple(exposed))
    if not fields.keys() <= _PLAIN_FIELDS:
        return PlayerMove(**fields, disclosed=lists[0], revealed=lists[1], exposed=lists[2])
    # A player's move is mostly one of a few (they held; they held and asked): made once each.
    key = (tuple(fields.items()), lists)
    known = _PLAIN_MOVES.get(key)
    if known is None:
        if len(_PLAIN_MOVES) >= 256:
            _PLAIN_MOVES.clear()
        known = PlayerMove(**fields, disclosed=lists[0], revealed=lists[1], exposed=lists[2])
        _PLAIN_MOVES[key] = known
    return known


# What a player's move is made of when it carries no number (a point, a round) to keep apart:
# such moves are kept, by what they are made of, and handed out again (they never change).
_PLAIN_FIELDS = frozenset(
    ("decision", "opening", "retracted", "declined_mediator", "asked", "answered", "declined")
)
_PLAIN_MOVES: dict[tuple, PlayerMove] = {}


def describe(view: RoleView, package: tuple[int, ...]) -> str:
    """A package in words, issue by issue ("salary 96k, start date March")."""
    return ", ".join(
        term_in_sentence(issue.name, issue.options[option].label)
        for issue, option in zip(view.issues, package, strict=True)
    )


def _decision(view: RoleView, move: Move) -> str:
    """The move's decision by its text form, read as the player meets it."""
    decision = move.decision
    # Proposing exactly what they offer agrees to it (the rules close the deal).
    if isinstance(decision, Propose) and decision.package == view.their_offer:
        return "accept"
    if isinstance(decision, Accept) and decision.mediator:
        return "accept-mediator"
    return decision_name(decision)


def _talk_name(talk: Talk) -> str:
    """The talk by its text form; a question and an answer also name their topic and manner."""
    if isinstance(talk, Ask):
        return f"ask-{talk.topic}"
    if isinstance(talk, Answer):
        return f"answer-{talk.manner}"
    return talk_name(talk)


def _weights(view: RoleView, belief: dict[str, Any]) -> np.ndarray:
    """The player's issue weights as it believes them (equal when it keeps none)."""
    priorities = belief.get("priorities") or {}
    weights = np.array([float(priorities.get(issue.id, 1.0)) for issue in view.issues])
    total = weights.sum()
    return weights / total if total > 0 else np.full(len(view.issues), 1 / len(view.issues))


def _their_option_values(view: RoleView) -> list[np.ndarray]:
    """Per issue, the player's share of each option on the distributive reading: they like
    what it likes least (1 at its worst option, 0 at its best; a half where it does not care)."""
    return [1 - mine for mine in view.my_option_shares]


def _their_share(view: RoleView, package: tuple[int, ...], weights: np.ndarray) -> float:
    """The player's points for a package as a share of their range, on the distributive
    reading (`_their_option_values`), weighted by their believed priority. (Only the package's
    own options are read: `1 - share` of one number is the same subtraction as of the array.)"""
    share = 0.0
    for weight, mine, option in zip(weights, view.my_option_shares, package, strict=True):
        share += float(weight) * (1.0 - float(mine[option]))
    return share


def standard_backs(view: RoleView, benchmark: int, decision: Decision) -> bool:
    """Whether the package this move leaves on the table still has a standard on its side, for
    its own citation and for one it quotes against the player's: it must not sit beside an offer
    that asks for more than the standard says is fair (a seller citing a servicing checklist
    while offering the car "sold as it is"), nor beside one that already grants what the other
    side asks on that issue (the point is settled: quoting the standard would argue it back)."""
    standard = view.benchmarks[benchmark]
    package = decision.package if isinstance(decision, Propose) else view.my_offer
    if package is None:
        return True
    table = view.issue_tables()[standard.issue]
    asked = table[package[standard.issue]]
    if view.their_offer is not None and asked <= table[view.their_offer[standard.issue]]:
        return False
    return bool(table[standard.option] >= asked)


def _benchmark_facts(view: RoleView, move: Move, cited: int | None) -> tuple[bool, int | None]:
    """Whether its offer after the move meets the player's cited benchmark (gives at least the
    benchmark's option, by its own table), and another benchmark it can counter with."""
    if cited is None:
        return False, None
    tables = view.issue_tables()
    benchmark = view.benchmarks[cited]
    table = tables[benchmark.issue]
    offer = view.my_offer
    if isinstance(move.decision, Propose):
        offer = move.decision.package
    met = offer is not None and table[offer[benchmark.issue]] <= table[benchmark.option]
    if isinstance(move.talk, CiteBenchmark) and move.talk.benchmark != cited:
        return bool(met), move.talk.benchmark
    theirs = view.their_offer
    for index, other in enumerate(view.benchmarks):
        if index == cited:
            continue
        # A standard that says the player should give it more than they now offer, and that
        # backs its own offer as a citation of its own would have to ("the checklist says an
        # oil service" beside its own offer of a full service would argue the point back).
        other_table = tables[other.issue]
        if (
            theirs is None or other_table[other.option] > other_table[theirs[other.issue]]
        ) and standard_backs(view, index, move.decision):
            return bool(met), index
    return bool(met), None


def _disclosed_deadline_before(view: RoleView, round_number: int) -> int | None:
    """The deadline of theirs it knew before a disclosure in `round_number`: an earlier
    disclosure's, or the one their brief names; None if it knew none."""
    earlier = [
        d.value for d in view.their_disclosures if d.topic == "deadline" and d.round < round_number
    ]
    if earlier:
        return int(earlier[-1])
    if view.their_deadline_public:
        # Their brief names it: a disclosure confirms what it knew, and is no news.
        now = [d.value for d in view.their_disclosures if d.topic == "deadline"]
        return int(now[-1]) if now else None
    return None


def _deadline_leverage(
    view: RoleView, belief: dict[str, Any], revealed: int | None, before: int | None
) -> float:
    """How much a deadline of theirs that just became known moves its leverage, in the leverage
    model's own terms: its leverage with their rounds left at the revealed deadline, less its
    leverage with the deadline it went by before (the one it knew, else the last round, as a
    brief that names no deadline implies). Its own points and the player's believed points span
    the frontier; nothing it cannot see is read."""
    if revealed is None:
        return 0.0
    assumed = float(before if before is not None else view.max_rounds)
    points = view.my_points
    weights = _weights(view, belief)
    span = view.my_span
    # Worked per option, then totalled for every package: the same numbers.
    values = _their_option_values(view)
    theirs = view.totals_by_option(
        [weight * option_values for weight, option_values in zip(weights, values, strict=True)]
    )
    theirs = view.my_worst + span * theirs
    me = view.role
    by_role = (points, theirs) if me == 0 else (theirs, points)
    frontier = Frontier.through(_pareto(np.vstack(by_role)))
    if frontier.degenerate:
        return 0.0
    their_batna = float(belief.get("batna_mean", sum(view.their_batna_public) / 2))

    def mine_at(their_deadline: float) -> float:
        rounds = [0.0, 0.0]
        rounds[me] = float(view.rounds_left)
        rounds[1 - me] = max(0.0, their_deadline - view.round + 1)
        batna = [0.0, 0.0]
        batna[me] = float(view.batna)
        batna[1 - me] = their_batna
        costs = [0.0, 0.0]
        costs[me] = float(view.delay_cost)
        costs[1 - me] = float(view.their_delay_cost)
        # No asks: the question is what the clock alone does to the bargaining point.
        position = Position((batna[0], batna[1]), (rounds[0], rounds[1]), (costs[0], costs[1]))
        value = leverage_at(frontier, position)
        return value if me == 0 else -value

    return float(mine_at(revealed) - mine_at(assumed))


def _pareto(points: np.ndarray) -> np.ndarray:
    """The Pareto-optimal columns of a (2, N) array of points."""
    if np.isfinite(points).all():
        # The walk below (best for role 0 first) can only keep a package better for role 1 than
        # every one walked before it: exactly `pareto_front`'s packages, one per role-0 value,
        # which it gives with role 0's points rising. Walked alone, in the same order (theirs
        # reversed), they keep the same, with no two-key sort of them all.
        order = pareto_front(points)[::-1]
    else:
        order = np.lexsort((-points[1], -points[0]))
    kept = []
    best_y = -np.inf
    for index, y in zip(order.tolist(), points[1, order].tolist(), strict=True):
        if y > best_y + 1e-12:
            kept.append(index)
            best_y = y
    return points[:, kept]
