"""Words and numbers for the screens, computed from what the player may see.

The widgets draw; this module decides what they say. Every function takes the player's
`RoleView` (or the session) and returns plain values and strings, so it is tested without a
screen and no widget reaches into the rules. Leverage comes from `sim.core.leverage` when that
module is present; until then the panel shows "—".
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from attrs import frozen

from sim.ai.match import Turn
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
from sim.core.offer_words import proposal_words
from sim.core.state import GameState
from sim.core.view import RoleView

TOPIC_WORDS = {"batna": "alternative", "deadline": "deadline", "priorities": "priorities"}


def points(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def signed(value: float) -> str:
    text = points(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


# -- leverage ----------------------------------------------------------------------------------


@frozen
class LeverageReading:
    """The player's perceived leverage on the −100…+100 scale, its parts, and why it moved."""

    value: float | None
    components: tuple[tuple[str, float], ...] = ()
    reasons: tuple[str, ...] = ()
    change: float | None = None


NO_READING = LeverageReading(None)


def _leverage_module():
    try:
        return importlib.import_module("sim.core.leverage")
    except ImportError:
        return None


def leverage_reading(previous: GameState | None, now: GameState, role: int) -> LeverageReading:
    """The player's perceived leverage in `now`, with the reasons it moved since `previous` (the
    state before the player's last move, so the reasons cover both sides' latest moves). No
    reading when the leverage model is missing or cannot read this state."""
    module = _leverage_module()
    explain = getattr(module, "explain", None) if module is not None else None
    if explain is None:
        return NO_READING
    try:
        turn = explain(previous, now, role, "perceived")
    except Exception:  # a model under development must never end a game in progress
        return NO_READING
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


def clip(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, with … when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut}…"


def talk_text(view: RoleView, talk) -> str:
    if isinstance(talk, Ask):
        return f"ask about their {TOPIC_WORDS[talk.topic]}"
    if isinstance(talk, Answer):
        if talk.manner == "lie":
            return f"answer with a lie ({points(talk.claim)})"
        return {
            "truthful": "answer truthfully",
            "vague": "answer vaguely",
            "decline": "decline to answer",
        }[talk.manner]
    if isinstance(talk, Disclose):
        return f"disclose “{clip(view.fact(talk.fact).text, 40)}”"
    if isinstance(talk, SignalAlternative):
        return f"signal an alternative worth {points(talk.claim)}"
    if isinstance(talk, CiteBenchmark):
        return f"cite {view.benchmarks[talk.benchmark].name}"
    return ""


def decision_text(decision) -> str:
    return {
        Propose: "propose",
        Accept: "accept",
        Hold: "hold",
        TakeBreak: "take a break",
        WalkAway: "walk away",
        RequestMediator: "call a mediator",
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
        if turn.actor == role and isinstance(turn.move.decision, Propose) and not agreed:
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


def intel_lines(view: RoleView) -> list[str]:
    out: list[str] = []
    question = view.question_to_me
    if question is not None:
        out.append(f"? They asked about your {TOPIC_WORDS[question.topic]} — answer with n")
    low, high = view.their_batna_public
    out.append(f"Their alternative: guessed {points(low)}–{points(high)} from their brief")
    known = view.their_known_deadline
    out.append(f"Their deadline: {'round ' + str(known) if known is not None else 'unknown'}")
    if view.their_delay_cost:
        out.append(f"Their cost of delay: {points(view.their_delay_cost)} a round")
    # How far their word can be trusted (not how far they trust you).
    out.append(f"Their credibility: {view.their_trust:.0%}")
    for disclosure in view.their_disclosures:
        fact = view.fact(disclosure.fact)
        source = "revealed" if disclosure.by_event else "told you"
        out.append(f"• R{disclosure.round} {source}: {fact.text}")
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
    if claim.manner == "decline":
        said = "declined to say"
    elif claim.topic == "priorities":
        said = (
            "said " + " and ".join(view.issues[int(v)].name for v in claim.values) + " matter most"
        )
    elif len(claim.values) == 2:
        said = f"said {points(claim.values[0])}–{points(claim.values[1])}"
    else:
        said = f"said {points(claim.values[0])}"
    via = "signal" if claim.via == "signal" else "answer"
    mark = " ✗ EXPOSED as untrue" if claim.exposed else ""
    return f"R{claim.round} {via} on their {topic}: {said}{mark}"


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
        who = "You" if outcome.walked_by == role else f"The {names[outcome.walked_by].name.lower()}"
        return f"No deal: {who} walked away in round {outcome.round}."
    return f"No deal: time ran out after round {outcome.round}."


def belief_lines(beliefs, true_batna: float) -> list[str]:
    if not beliefs:
        return [
            "This counterpart kept no belief about your alternative "
            "(a counterpart that models you shows its estimate here)."
        ]
    lines = [f"Your alternative was really worth {points(true_batna)} points."]
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
