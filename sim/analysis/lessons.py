"""Lesson goals: did the game just played meet what the lesson set out to teach?

A lesson on the practice path (`sim.analysis.lesson_path`) names one or more goals from a small,
typed vocabulary (`GOALS`). Each goal is measured from the game record itself — the offers, the
moves each side made, the outcome — never from what the player says they did, and comes back as
a `Verdict`: met or not, and one sentence saying why, in the negotiation's own words. A finished
`Match` is all it needs, so a replay folded with `sim.record.replay.fold` is judged exactly as
the game in play was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from attrs import frozen

from sim.ai.match import Match
from sim.core.moves import Ask, CiteBenchmark, Propose, RequestMediator
from sim.core.state import GameState, Offer
from sim.core.words import TOPIC_WORDS

EPSILON = 1e-9


@frozen
class Param:
    """One setting a goal takes in the path file: its type, its default and its range."""

    kind: type  # int or float
    default: float
    low: float
    high: float | None
    meaning: str


@frozen
class Verdict:
    """A goal measured on one game: met or not, and why in one sentence."""

    goal: str
    met: bool
    why: str


# What a goal's measure returns: met or not, and why in one sentence.
Judgement = tuple[bool, str]


@frozen
class GoalSpec:
    """A goal of the vocabulary: what a trainer writes (`name`, `params`), what it asks of the
    player in words (`wording`), and how it is measured (`judge`). Every goal but two asks for a
    deal no worse than your BATNA (`needs_deal`): without one the goal is missed whatever else
    went right, and `Goal.judge` says so before the measure runs."""

    name: str
    wording: str
    params: Mapping[str, Param]
    judge: Callable[[Match, int, Mapping[str, float]], Judgement]
    needs_deal: bool = True


# -- what the game record says ------------------------------------------------------------------


def _points(value: float) -> str:
    return f"{round(value, 1):g}"


def _final(state: GameState, me: int) -> tuple[float, float]:
    """Your final points and your BATNA as it stood when the game ended."""
    assert state.outcome is not None
    return state.outcome.payoffs[me], state.batna[me]


def _first_concessions(state: GameState) -> tuple[Offer | None, Offer | None, list[float | None]]:
    """Each side's first concession (an offer worth less to its maker than its previous one, as
    the debrief counts it) and its size; None where a side never conceded."""
    sizes: list[float | None] = [None, None]
    firsts: list[Offer | None] = [None, None]
    previous: list[Offer | None] = [None, None]
    for offer in state.offers:
        role = offer.role
        before = previous[role]
        if (
            before is not None
            and sizes[role] is None
            and offer.points[role] < before.points[role] - EPSILON
        ):
            sizes[role] = before.points[role] - offer.points[role]
            firsts[role] = offer
        previous[role] = offer
    return firsts[0], firsts[1], sizes


def _my_moves(match: Match, me: int) -> list:
    return [turn.move for turn in match.turns if turn.actor == me]


def _no_sound_deal(state: GameState, me: int) -> str | None:
    """Why the game has no deal no worse than your BATNA (a deal worse than it is never a good
    one), or None when it has one."""
    outcome = state.outcome
    assert outcome is not None
    if not outcome.is_deal:
        how = {"walk-away": "someone walked away", "deadline": "time ran out"}.get(
            outcome.kind, outcome.kind
        )
        return f"There was no deal ({how}), and this goal needs one."
    points, batna = _final(state, me)
    if points < batna - EPSILON:
        return (
            f"The deal is worth {_points(points)} to you after delay, less than your BATNA of "
            f"{_points(batna)}: walking away would have been better."
        )
    return None


# -- the goals ----------------------------------------------------------------------------------


def deal_above_batna(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    margin = params["points"]
    state = match.state
    points, batna = _final(state, me)
    gain = points - batna
    if gain >= margin - EPSILON:
        return (
            True,
            f"Your deal is worth {_points(points)} points after delay, {_points(gain)} above your "
            f"BATNA of {_points(batna)} (the goal was {_points(margin)}).",
        )
    return (
        False,
        f"Your deal is worth {_points(points)} points after delay, only {_points(gain)} above your "
        f"BATNA of {_points(batna)}; the goal was {_points(margin)} above it.",
    )


def walked_away_when_right(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    """Ending without a deal is right exactly when nothing on the table beat your alternative."""
    state = match.state
    outcome = state.outcome
    assert outcome is not None
    points, batna = _final(state, me)
    if outcome.is_deal:
        if points >= batna - EPSILON:
            return (
                True,
                f"You took a deal worth {_points(points)}, no worse than your BATNA of {_points(batna)}.",
            )
        return (
            False,
            f"You accepted {_points(points)} points when walking away was worth {_points(batna)}.",
        )
    if outcome.walked_by is not None and outcome.walked_by != me:
        return (
            False,
            "They walked out before you decided; the goal is your own call: a deal above your "
            "BATNA, or leaving when nothing on the table beats it.",
        )
    theirs = state.standing[1 - me]
    if theirs is None:
        return (True, f"They never made an offer, and you kept your BATNA of {_points(batna)}.")
    value = state.deal_value(me, theirs, at_round=outcome.round)
    if value < batna - EPSILON:
        return (
            True,
            f"Their best offer was worth {_points(value)} to you, below your BATNA of "
            f"{_points(batna)}: ending without a deal was right.",
        )
    return (
        False,
        f"Their offer on the table was worth {_points(value)} to you, more than your BATNA of "
        f"{_points(batna)}, and you left it.",
    )


def first_concession_not_larger(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    state = match.state
    firsts = _first_concessions(state)[2]
    mine, theirs = firsts[me], firsts[1 - me]
    if mine is None:
        return True, "You reached a deal without conceding from your own offers."
    if theirs is None:
        return (
            False,
            f"You gave up {_points(mine)} points in your first concession and they never conceded "
            "from theirs: you negotiated against yourself.",
        )
    if mine <= theirs + EPSILON:
        return (
            True,
            f"Your first concession ({_points(mine)} points) was no larger than theirs "
            f"({_points(theirs)}).",
        )
    return (
        False,
        f"Your first concession ({_points(mine)} points) was larger than theirs ({_points(theirs)}): "
        "big early steps tell them there is much more to come.",
    )


def anchored_high(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    """An anchor is your opening offer: measured as the share of the way from your BATNA to the
    best package you could possibly get."""
    share = params["share"]
    state = match.state
    opening = next((offer for offer in state.offers if offer.role == me), None)
    if opening is None:
        return (False, "You never made an offer of your own: there was no anchor to set.")
    best = float(state.space.points[me].max())
    batna = state.game.batna[me]
    reach = (opening.points[me] - batna) / (best - batna) if best > batna + EPSILON else 1.0
    if reach >= share - EPSILON:
        return (
            True,
            f"Your opening offer ({_points(opening.points[me])} points) went {reach:.0%} of the way "
            f"from your BATNA to your best package, and you still closed a deal.",
        )
    return (
        False,
        f"Your opening offer ({_points(opening.points[me])} points) went only {reach:.0%} of the way "
        f"from your BATNA to your best package ({_points(best)}); the goal was {share:.0%}.",
    )


def found_integrative_trade(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    """Value is created by trading what matters less to you for what matters more: a deal with no
    package left over that both sides would have preferred."""
    tolerance = params["tolerance"]
    state = match.state
    outcome = state.outcome
    assert outcome is not None and outcome.package is not None
    points = state.space.points
    here = state.space.points_of(outcome.package)
    better = (points[0] >= here[0] - EPSILON) & (points[1] >= here[1] - EPSILON)
    joint_gain = float(((points[0] + points[1]) - (here[0] + here[1]))[better].max(initial=0.0))
    if joint_gain <= tolerance + EPSILON:
        return (
            True,
            "No package would have given both sides more: you traded across issues and left "
            "nothing on the table.",
        )
    return (
        False,
        f"A package existed that was no worse for either side and worth {_points(joint_gain)} more "
        "points to the two of you together: a trade across issues was left on the table.",
    )


def asked_before_proposing(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    """The question must come in a move before your first offer: asked in the same move, its
    answer arrives only after the offer is down and cannot shape it."""
    for move in _my_moves(match, me):
        if isinstance(move.decision, Propose):
            if isinstance(move.talk, Ask):
                return (
                    False,
                    "You asked in the same move as your first offer, so the answer came too late "
                    "to shape it.",
                )
            return (False, "You made your first offer before asking them a single question.")
        if isinstance(move.talk, Ask):
            return (
                True,
                f"You asked about their {TOPIC_WORDS[move.talk.topic]} before putting your "
                "first offer down.",
            )
    return False, "You never asked them a question."


def called_bluff(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    """Calling a bluff is not conceding to it: after they overstate their alternative (a signal
    or an answer that is false), your next offer asks no less than your offer before it. Read
    move by move, since a bluff and your reply often fall in the same round."""
    them = 1 - me
    claims_seen = 0
    my_last: float | None = None  # your standing ask, in your points
    bluff_round: int | None = None  # an uncalled bluff waiting for your next offer
    first_bluff: int | None = None
    for turn in match.turns:
        new_claims = turn.state.claims[claims_seen:]
        claims_seen = len(turn.state.claims)
        if turn.actor == them:
            if any(c.topic == "batna" and not c.truthful for c in new_claims):
                bluff_round = turn.round
                first_bluff = turn.round if first_bluff is None else first_bluff
            continue
        if not isinstance(turn.move.decision, Propose):
            continue
        asked = turn.state.space.points_of(turn.move.decision.package)[me]
        if bluff_round is not None and my_last is not None and asked < my_last - EPSILON:
            return (
                False,
                f"After their bluff in round {bluff_round} you conceded "
                f"{_points(my_last - asked)} points at once.",
            )
        bluff_round = None
        my_last = asked
    if first_bluff is None:
        return (
            False,
            "They made no false claim about their alternative before the deal: there was no "
            "bluff to call. Play it again and keep negotiating a little longer.",
        )
    return (
        True,
        f"They overstated their alternative in round {first_bluff}; you did not concede "
        "to it and still closed a deal.",
    )


def used_mediator(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    state = match.state
    called = any(isinstance(move.decision, RequestMediator) for move in _my_moves(match, me))
    if not called:  # said first: calling the mediator is what this goal is about
        return False, "You never called the mediator."
    if (missing := _no_sound_deal(state, me)) is not None:
        return False, missing
    return (
        True,
        "You broke the impasse with the mediator and closed a deal"
        + (" on the mediator's package." if state.final_outcome.mediated else "."),
    )


def deal_by_round(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    last = int(params["round"])
    state = match.state
    points, batna = _final(state, me)
    when = state.final_outcome.round
    if when > last:
        return (
            False,
            f"The deal came in round {when}; the goal was round {last}, and every round cost delay.",
        )
    return (
        True,
        f"Deal in round {when} (goal: by round {last}), worth {_points(points)} against your "
        f"BATNA of {_points(batna)}.",
    )


def cited_benchmark(match: Match, me: int, params: Mapping[str, float]) -> Judgement:
    state = match.state
    cited = [m.talk for m in _my_moves(match, me) if isinstance(m.talk, CiteBenchmark)]
    if not cited:
        return False, "You never pointed to a public benchmark."
    benchmark = state.scenario.benchmarks[cited[0].benchmark]
    return True, f"You cited {benchmark.name} and closed a deal."


GOALS: dict[str, GoalSpec] = {
    spec.name: spec
    for spec in (
        GoalSpec(
            "deal_above_batna",
            "Close a deal worth at least {points:g} points more than your BATNA.",
            {
                "points": Param(
                    float, 0.0, 0.0, None, "points above your BATNA, after the cost of delay"
                )
            },
            deal_above_batna,
        ),
        GoalSpec(
            "walked_away_when_right",
            "End at or above your BATNA: no deal below it, and no walking away from an offer that beats it.",
            {},
            walked_away_when_right,
            needs_deal=False,
        ),
        GoalSpec(
            "first_concession_not_larger",
            "Close a deal without making your first concession larger than theirs.",
            {},
            first_concession_not_larger,
        ),
        GoalSpec(
            "anchored_high",
            "Open with an offer at least {share:.0%} of the way from your BATNA to your best package, and still close a deal.",
            {
                "share": Param(
                    float, 0.75, 0.0, 1.0, "share of the way from your BATNA to your best package"
                )
            },
            anchored_high,
        ),
        GoalSpec(
            "found_integrative_trade",
            "Close a deal that leaves no better package for both sides on the table.",
            {
                "tolerance": Param(
                    float, 1.0, 0.0, None, "joint points a better package may add and still pass"
                )
            },
            found_integrative_trade,
        ),
        GoalSpec(
            "asked_before_proposing",
            "Ask them a question before your first offer, and close a deal.",
            {},
            asked_before_proposing,
        ),
        GoalSpec(
            "called_bluff",
            "When they overstate their alternative, do not concede to it; close a deal.",
            {},
            called_bluff,
        ),
        GoalSpec(
            "used_mediator",
            "Call the mediator and close a deal.",
            {},
            used_mediator,
            needs_deal=False,  # it asks for one, after the mediator (see used_mediator)
        ),
        GoalSpec(
            "deal_by_round",
            "Close a deal no worse than your BATNA by round {round:g}.",
            {"round": Param(int, 6, 1, None, "the last round the deal may come in")},
            deal_by_round,
        ),
        GoalSpec(
            "cited_benchmark",
            "Point to a public benchmark, and close a deal.",
            {},
            cited_benchmark,
        ),
    )
}


@frozen
class Goal:
    """A goal as a lesson sets it: a name from `GOALS` and its settings (defaults filled in)."""

    name: str
    params: Mapping[str, float]

    @property
    def spec(self) -> GoalSpec:
        return GOALS[self.name]

    def wording(self) -> str:
        if self.name == "deal_above_batna" and self.params["points"] == 0:
            return "Close a deal no worse than your BATNA."
        return self.spec.wording.format(**self.params)

    def judge(self, match: Match, me: int) -> Verdict:
        if match.state.outcome is None:
            raise ValueError("a lesson goal is judged on a finished game")
        if self.spec.needs_deal and (missing := _no_sound_deal(match.state, me)) is not None:
            return Verdict(self.name, False, missing)
        met, why = self.spec.judge(match, me, self.params)
        return Verdict(self.name, met, why)


def judge_all(goals: tuple[Goal, ...], match: Match, me: int) -> list[Verdict]:
    """Every goal of a lesson on one finished game; the lesson is passed when all are met."""
    return [goal.judge(match, me) for goal in goals]


def describe_vocabulary() -> list[dict[str, Any]]:
    """The goal vocabulary as data (for `--json` and the README)."""
    return [
        {
            "goal": spec.name,
            "params": {
                key: {"default": p.default, "meaning": p.meaning} for key, p in spec.params.items()
            },
        }
        for spec in GOALS.values()
    ]
