"""Words and numbers for the screens, computed from what the player may see.

The widgets draw; this module decides what they say. Every function takes the player's
`RoleView` (or the session) and returns plain values and strings, so it is tested without a
screen and no widget reaches into the rules. Leverage comes from `sim.core.leverage`; what the
player knows of the counterpart from `sim.core.knowledge`; what the counterpart thinks of the
player from its `belief_summary()` as the session recorded it after each of its moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from sim.ai.match import Turn
from sim.core import knowledge, leverage, moves
from sim.core.moves import Move
from sim.core.offer_words import proposal_words
from sim.core.state import GameState
from sim.core.view import RoleView
from sim.core.words import TOPIC_WORDS, points


def signed(value: float) -> str:
    text = points(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


def plural(count: float, word: str, many: str | None = None) -> str:
    """`1 point`, `2 points`, `0.5 points`: the count and the word it takes."""
    return f"{points(count)} {word if count == 1 else (many or word + 's')}"


# -- leverage ----------------------------------------------------------------------------------


@frozen
class LeverageReading:
    """The player's perceived leverage on the −100…+100 scale, its parts, and why it moved."""

    value: float | None
    components: tuple[tuple[str, float], ...] = ()
    reasons: tuple[str, ...] = ()
    change: float | None = None


NO_READING = LeverageReading(None)


def leverage_reading(previous: GameState | None, now: GameState, role: int) -> LeverageReading:
    """The player's perceived leverage in `now`, with the reasons it moved since `previous` (the
    state before the player's last move, so the reasons cover both sides' latest moves)."""
    turn = leverage.explain(previous, now, role, "perceived")
    return LeverageReading(
        float(turn.value),
        tuple((str(name), float(value)) for name, value in turn.components.items()),
        tuple(str(reason) for reason in turn.reasons),
        None if turn.change is None else float(turn.change),
    )


def leverage_bar(value: float | None, half: int = 10) -> str:
    """A bar centred on zero: filled cells to the right for leverage in your favour, to the left
    against you, so the sign reads without colour."""
    if value is None:
        return "·" * half + "│" + "·" * half
    cells = round(min(100.0, abs(value)) / 100 * half)
    if value >= 0:
        return "·" * half + "│" + "█" * cells + "·" * (half - cells)
    return "·" * (half - cells) + "█" * cells + "│" + "·" * half


def leverage_words(value: float | None) -> str:
    if value is None:
        return "not yet measured"
    if value >= 15:
        return "in your favour"
    if value <= -15:
        return "against you"
    return "about even"


# -- the clock ---------------------------------------------------------------------------------


def clock_text(view: RoleView) -> str:
    left = view.rounds_left
    # Without a deadline of your own the game's last round is the limit: say "left", not
    # "to your deadline" (the briefing says "none of your own").
    until = " to your deadline" if view.deadline < view.max_rounds else " left"
    deadline = "last round" if left == 1 else f"{left} rounds{until}"
    cost = view.delay_cost_so_far
    turn = "your move" if view.my_turn else ("game over" if view.is_over else "their move")
    return f"Round {view.round}/{view.max_rounds} · {deadline} · delay cost so far {points(cost)} · {turn}"


# -- moves in words ----------------------------------------------------------------------------


def package_text(view: RoleView, package) -> str:
    return ", ".join(
        f"{issue.name}: {issue.options[option].label}"
        for issue, option in zip(view.issues, package, strict=True)
    )


def worth_text(view: RoleView, package) -> str:
    """A package's points for you, and what it is worth once the delay so far is paid (what a deal
    on it now would give you): "41 pts (36 after delay)"."""
    raw = view.points_of(package)
    if not view.delay_cost_so_far:
        return f"{points(raw)} pts"
    return f"{points(raw)} pts ({points(view.deal_value(package))} after delay)"


def clip(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, with … when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut}…"


def talk_text(view: RoleView, talk) -> str:
    if isinstance(talk, moves.Ask):
        return f"ask about their {TOPIC_WORDS[talk.topic]}"
    if isinstance(talk, moves.Answer):
        if talk.manner == "lie":
            assert talk.claim is not None  # the rules refuse a lie that claims nothing
            return f"answer with a lie ({points(talk.claim)})"
        return {
            "truthful": "answer truthfully",
            "vague": "answer vaguely",
            "decline": "decline to answer",
        }[talk.manner]
    if isinstance(talk, moves.Disclose):
        return f"disclose “{clip(view.fact(talk.fact).text, 40)}”"
    if isinstance(talk, moves.SignalAlternative):
        return f"signal an alternative worth {points(talk.claim)}"
    if isinstance(talk, moves.CiteBenchmark):
        return f"cite {view.benchmarks[talk.benchmark].name}"
    return ""


def decision_text(decision) -> str:
    return {
        moves.Propose: "propose",
        moves.Accept: "accept",
        moves.Hold: "hold",
        moves.TakeBreak: "take a break",
        moves.WalkAway: "walk away",
        moves.RequestMediator: "call a mediator",
    }[type(decision)]


# -- the conversation --------------------------------------------------------------------------


@frozen
class Line:
    """One line of the conversation: who (`mine`, `theirs` or `game`) and what."""

    who: str
    text: str
    round: int


def conversation(turns: Iterable[Turn], role: int, names: tuple[str, str]) -> list[Line]:
    """Every move of both sides as the player saw it, with the counterpart's words, oldest first."""
    lines: list[Line] = []
    previous = None  # the player's standing offer before each of their proposals
    for turn in turns:
        if turn.choice is not None and turn.choice.line and turn.actor != role:
            lines.append(Line("theirs", f"{names[turn.actor]}: “{turn.choice.line}”", turn.round))
        agreed = any(event.kind == "accepted" for event in turn.events)
        if turn.actor == role and isinstance(turn.move.decision, moves.Propose) and not agreed:
            scenario = turn.state.scenario
            words = proposal_words(scenario, role, turn.move.decision.package, previous)
            lines.append(Line("mine", words, turn.round))
            previous = turn.move.decision.package
        for event in turn.events:
            if role not in event.visible_to:
                continue
            who = "game" if event.actor is None else ("mine" if event.actor == role else "theirs")
            lines.append(Line(who, event.text, event.round))
    return lines


# -- what you know about them ------------------------------------------------------------------


@frozen
class Evidence:
    """The latest thing that told you about one of their parameters: when, how you learnt it,
    what it said, and how far that kind of source can be trusted."""

    round: int
    source: str  # "their answer", "their signal", "a fact they disclosed", "news"
    said: str
    credibility: str


def latest_evidence(view: RoleView, topic: str) -> Evidence | None:
    """The newest answer, signal, disclosure or event you saw about their `topic`, walking the
    log in order as `sim.core.knowledge` does (claims and disclosures are one event each)."""
    claims = view.their_claims
    disclosures = view.their_disclosures
    them = 1 - view.role
    them_id = view.role_ids[them]
    claim_at = disclosure_at = 0
    latest: Evidence | None = None
    word = f"their word {view.their_trust:.0%} credible"
    for event in view.events():
        if event.kind in knowledge.SAID and event.actor == them:
            claim = claims[claim_at]
            claim_at += 1
            if claim.topic != topic:
                continue
            source = "their signal" if claim.via == "signal" else "their answer"
            credibility = word + ("; cheap talk, counted half" if claim.via == "signal" else "")
            if claim.exposed:
                credibility = "EXPOSED as untrue: ignored"
            latest = Evidence(claim.round, source, claim_said(view, claim), credibility)
        elif event.kind in knowledge.HARD and event.actor == them:
            disclosure = disclosures[disclosure_at]
            disclosure_at += 1
            if disclosure.topic != topic:
                continue
            fact = view.fact(disclosure.fact)
            source = "news" if disclosure.by_event else "a fact they disclosed"
            said = (
                view.issues[fact.issue].name
                if topic == "priorities" and fact.issue is not None
                else points(disclosure.value)
            )
            latest = Evidence(disclosure.round, source, said, "a fact: certain")
        elif event.kind in knowledge.EVENTS and view.role in event.visible_to:
            detail = event.detail
            key = "role" if topic == "batna" else "deadline_role"
            if topic != "priorities" and detail.get(key) == them_id:
                latest = Evidence(event.round, "news", clip(event.text, 60), "an event: certain")
    return latest


def claim_said(view: RoleView, claim) -> str:
    if claim.manner == "decline":
        return "declined to say"
    if claim.topic == "priorities":
        return " and ".join(view.issues[int(v)].name for v in claim.values)
    if len(claim.values) == 2:
        return f"{points(claim.values[0])}–{points(claim.values[1])}"
    return points(claim.values[0])


def _source_line(evidence: Evidence) -> str:
    return f"  R{evidence.round} {evidence.source}: {evidence.said} · {evidence.credibility}"


def knowledge_headlines(view: RoleView, state: GameState) -> list[str]:
    """Their alternative, deadline and priorities as you know them now: the working value (the
    same one your leverage reads, from `sim.core.knowledge`) and the source it last came from."""
    out: list[str] = []
    low, high = view.their_batna_public
    batna = latest_evidence(view, "batna")
    if batna is None:
        out.append(f"Their alternative: {points(low)}–{points(high)}, guessed from their brief")
    else:
        estimate = knowledge.their_batna_estimate(state, view.role)
        out.append(f"Their alternative: ≈{points(round(estimate, 1))}")
        out.append(_source_line(batna))
    deadline = latest_evidence(view, "deadline")
    known = view.their_known_deadline
    if deadline is None and known is None:
        out.append("Their deadline: unknown (assume the last round)")
    elif deadline is None:
        out.append(f"Their deadline: round {known}, public")
    else:
        estimate = knowledge.their_deadline_estimate(state, view.role)
        exact = deadline.credibility.endswith("certain")
        out.append(f"Their deadline: {'' if exact else '≈'}round {points(round(estimate, 1))}")
        out.append(_source_line(deadline))
    priorities = latest_evidence(view, "priorities")
    if priorities is None:
        out.append("Their priorities: unknown")
    else:
        out.append(f"Their priorities: {priorities.said}")
        out.append(_source_line(priorities))
    return out


def intel_lines(view: RoleView, state: GameState) -> list[str]:
    out: list[str] = []
    question = view.question_to_me
    if question is not None:
        out.append(f"? They asked your {TOPIC_WORDS[question.topic]}: n answers")
    out.extend(knowledge_headlines(view, state))
    if view.their_delay_cost:
        out.append(f"Their cost of delay: {points(view.their_delay_cost)} a round")
    # How far their word can be trusted (not how far they trust you).
    out.append(f"Their credibility: {view.their_trust:.0%}")
    for disclosure in view.their_disclosures:
        fact = view.fact(disclosure.fact)
        source = "revealed" if disclosure.by_event else "told you"
        # The number behind the fact: what it moved in your picture of them (and your leverage).
        number = (
            f" (their {TOPIC_WORDS[disclosure.topic]}: {points(disclosure.value)})"
            if disclosure.topic in ("batna", "deadline")
            else ""
        )
        out.append(f"• R{disclosure.round} {source}: {fact.text}{number}")
    for claim in view.their_claims:
        out.append("• " + claim_text(view, claim))
    offers = view.their_offers
    if len(offers) >= 2:
        first, last = view.points_of(offers[0].package), view.points_of(offers[-1].package)
        out.append(
            f"Their offers moved {signed(last - first)} pts your way since R{offers[0].round}"
        )
    return out


def claim_text(view: RoleView, claim) -> str:
    topic = TOPIC_WORDS[claim.topic]
    said = claim_said(view, claim)
    if claim.manner != "decline":
        said = f"said {said}" + (" matter most" if claim.topic == "priorities" else "")
    via = "signal" if claim.via == "signal" else "answer"
    mark = " ✗ EXPOSED as untrue" if claim.exposed else ""
    return f"R{claim.round} {via} on their {topic}: {said}{mark}"


# -- what they think of you -------------------------------------------------------------------

# What a counterpart's `belief_summary()` may hold. The BATNA keys are always there when it keeps a
# belief; the deadline and priority keys (`priority_<issue index>`, weights summing to 1) only
# when the counterpart reports them.
BATNA_KEYS = ("batna_mean", "batna_low", "batna_high")
DEADLINE_KEYS = ("deadline_mean", "deadline_low", "deadline_high")


@frozen
class Estimate:
    """A counterpart's estimate of one of your numbers: its mean and 80% interval."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, summary: dict[str, float], keys: tuple[str, str, str]) -> Estimate | None:
        if not all(key in summary for key in keys):
            return None
        return cls(*(float(summary[key]) for key in keys))

    def text(self, unit: str = "") -> str:
        return f"≈{points(round(self.mean))}{unit} (80%: {points(round(self.low))}–{points(round(self.high))})"


def their_priorities(summary: dict[str, float], view: RoleView) -> list[tuple[str, float]]:
    """The issues they think matter most to you, heaviest first (empty when not reported)."""
    weights = [
        (view.issues[i].name, float(summary[f"priority_{i}"]))
        for i in range(len(view.issues))
        if f"priority_{i}" in summary
    ]
    return sorted(weights, key=lambda pair: -pair[1])


def move_noun(move: Move) -> str:
    """What the counterpart saw you do, as a noun: "your signal", "your disclosure and offer".
    A hold or a break said with talk is left out: the talk is what carried the news."""
    talk = {
        moves.Ask: "question",
        moves.Answer: "answer",
        moves.Disclose: "disclosure",
        moves.SignalAlternative: "signal",
        moves.CiteBenchmark: "benchmark",
    }
    decision = {
        moves.Propose: "offer",
        moves.Accept: "acceptance",
        moves.Hold: "hold",
        moves.TakeBreak: "break",
        moves.WalkAway: "walk-out",
        moves.RequestMediator: "call for a mediator",
    }[type(move.decision)]
    if move.talk is None:
        return f"your {decision}"
    said = talk[type(move.talk)]
    if isinstance(move.talk, moves.Answer) and move.talk.manner == "lie":
        said = "lie"
    if isinstance(move.decision, (moves.Hold, moves.TakeBreak)):
        return f"your {said}"
    return f"your {said} and {decision}"


def their_view_lines(
    beliefs: Sequence, view: RoleView, last_move: Move | None, keeps_belief: bool
) -> list[str]:
    """What the counterpart thinks of you now, from the belief points the session recorded after
    each of its moves (`BeliefPoint.summary`), and what your last move changed in it: the point
    before your move against the point after its reply. Short lines: the panel is 26 wide."""
    if not keeps_belief:
        return ["This opponent is scripted: it keeps no picture of you."]
    if not beliefs:
        return ["No picture of you yet: it forms one from your first move."]
    summary = beliefs[-1].summary
    out: list[str] = []
    batna = Estimate.of(summary, BATNA_KEYS)
    if batna is not None:
        out.append(f"Your alternative: ≈{points(round(batna.mean))}")
        # Its 80% interval, then the truth beside it: how far off they are shows at a glance.
        low, high = round(batna.low), round(batna.high)
        span = f"Sure: {points(low)}" if low == high else f"80% sure: {points(low)}–{points(high)}"
        out.append(f"{span} (truly {points(view.batna)})")
    deadline = Estimate.of(summary, DEADLINE_KEYS)
    if deadline is not None:
        out.append(
            f"Your deadline: ≈R{points(round(deadline.mean))} "
            f"({points(round(deadline.low))}–{points(round(deadline.high))})"
        )
    priorities = their_priorities(summary, view)
    if priorities:
        name, weight = priorities[0]
        # Weights all near even are no reading at all: naming the first would be a guess.
        if weight - 1 / len(priorities) < 0.03:
            out.append("Priorities: no read yet")
        else:
            out.append(f"Matters most to you: {name} ({weight:.0%})")
    if last_move is not None and batna is not None:
        out.append(belief_change(beliefs, last_move))
    return out


def belief_change(beliefs: Sequence, last_move: Move) -> str:
    """One line: how your last move moved their estimate of your alternative."""
    after = Estimate.of(beliefs[-1].summary, BATNA_KEYS)
    before = Estimate.of(beliefs[-2].summary, BATNA_KEYS) if len(beliefs) >= 2 else None
    noun = move_noun(last_move)
    noun = noun[0].upper() + noun[1:]
    if after is None:
        return ""
    if before is None:
        return f"After {noun.lower()}: a first estimate of {points(round(after.mean))}"
    old, new = round(before.mean), round(after.mean)
    if old == new:
        return f"{noun} left it at {points(new)}"
    return f"{noun} moved it from {points(old)} to {points(new)}"


# -- the offer builder -------------------------------------------------------------------------


@frozen
class IssueRow:
    name: str
    labels: tuple[str, ...]
    my_points: tuple[float, ...]


def issue_rows(view: RoleView) -> tuple[IssueRow, ...]:
    tables = view.issue_tables()
    return tuple(
        IssueRow(
            issue.name, tuple(o.label for o in issue.options), tuple(float(p) for p in tables[i])
        )
        for i, issue in enumerate(view.issues)
    )


def opening_draft(view: RoleView) -> tuple[int, ...]:
    """Where the builder starts: your standing offer, else your best option on every issue."""
    if view.my_offer is not None:
        return tuple(view.my_offer)
    return tuple(int(table.argmax()) for table in view.issue_tables())


# -- the end -----------------------------------------------------------------------------------


def outcome_headline(state: GameState, role: int) -> str:
    outcome = state.outcome
    names = state.scenario.roles
    if outcome is None:
        return "The game is still on."
    if outcome.kind == "deal":
        how = " (through the mediator)" if outcome.mediated else ""
        return f"Deal in round {outcome.round}{how}."
    if outcome.kind == "walk-away":
        assert outcome.walked_by is not None  # a walk-away always names who walked
        who = "You" if outcome.walked_by == role else f"The {names[outcome.walked_by].name.lower()}"
        return f"No deal: {who} walked away in round {outcome.round}."
    return f"No deal: time ran out after round {outcome.round}."


def batna_story(batna_by_round: Sequence[tuple[int, float]]) -> str:
    """How your real alternative went over the game, from (round, BATNA) pairs oldest first:
    "31 points in rounds 1–5, then 14 from round 6" (events can move it)."""
    runs: list[tuple[int, int, float]] = []  # first round, last round, value
    for round_, value in batna_by_round:
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], round_, value)
        else:
            runs.append((round_, round_, value))
    if len(runs) == 1:
        return f"Your alternative was really worth {plural(runs[0][2], 'point')} all game."
    parts = []
    for index, (first, last, value) in enumerate(runs):
        if index == len(runs) - 1:
            parts.append(f"then {points(value)} from round {first}")
        else:
            span = f"round {first}" if first == last else f"rounds {first}–{last}"
            parts.append(f"{plural(value, 'point') if index == 0 else points(value)} in {span}")
    return "Your alternative was really worth " + ", ".join(parts) + "."


def belief_lines(
    beliefs, true_batna: float, batna_by_round: Sequence[tuple[int, float]] = ()
) -> list[str]:
    story = (
        batna_story(batna_by_round)
        if batna_by_round
        else f"Your alternative was really worth {plural(true_batna, 'point')}."
    )
    if not beliefs:
        return [
            story,
            "This counterpart kept no belief about your alternative "
            "(a counterpart that models you shows its estimate here).",
        ]
    lines = [story]
    for point in beliefs:
        summary = point.summary
        mean = summary.get("batna_mean", summary.get("mean"))
        low = summary.get("batna_low", summary.get("low"))
        high = summary.get("batna_high", summary.get("high"))
        span = (
            f" (80%: {points(low)}–{points(high)})" if low is not None and high is not None else ""
        )
        bar = ""
        if mean is not None:
            bar = "  " + "▮" * max(0, min(30, round(mean / 4)))
        lines.append(f"R{point.round:>2}: {points(mean) if mean is not None else '?'}{span}{bar}")
    return lines


def move_summary(view: RoleView, move: Move) -> str:
    text = decision_text(move.decision)
    if move.talk is not None:
        text = f"{talk_text(view, move.talk)}, then {text}"
    return text
