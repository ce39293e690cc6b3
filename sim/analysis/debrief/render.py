"""The debrief as text, Markdown or JSON. Text and Markdown share one writer; JSON is the
report's plain form (`Debrief.to_dict`)."""

from __future__ import annotations

import json

from sim.analysis.debrief.report import Debrief, LeverageTimeline
from sim.analysis.debrief.tips import TOPIC_WORDS

CHART_WIDTH = 20  # characters for each half (negative, positive) of a leverage bar


def count(number: int, word: str) -> str:
    return f"{number} {word if number == 1 else word + 's'}"


def leverage_chart(timeline: LeverageTimeline, role: str, width: int = CHART_WIDTH) -> list[str]:
    """A text chart of one side's leverage, one line per move: a bar left of the axis for
    negative leverage, right of it for positive."""
    lines = [
        f"  After each move (t = move, r = round): {role}'s true leverage, −100 … +100;",
        "  'felt' is what that side saw during the game, where it differed.",
    ]
    for point in timeline.points:
        value = point.true[role]
        cells = min(width, round(abs(value) / 100 * width))
        left = " " * (width - cells) + "█" * cells if value < 0 else " " * width
        right = "█" * cells + " " * (width - cells) if value > 0 else " " * width
        felt = point.perceived.get(role)
        extra = f"  (felt {felt:+5.1f})" if felt is not None and felt != value else ""
        lines.append(
            f"  t{point.turn:<3} r{point.round:<3} {value:+6.1f} {left}│{right}{extra}".rstrip()
        )
    return lines


def render_json(report: Debrief) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


class _Writer:
    def __init__(self, markdown: bool):
        self.markdown = markdown
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        self.lines.append("")
        self.lines.append(f"## {text}" if self.markdown else text.upper())

    def item(self, text: str) -> None:
        self.lines.append(f"- {text}" if self.markdown else f"  {text}")

    def numbered(self, index: int, text: str) -> None:
        self.lines.append(f"{index}. {text}" if self.markdown else f"  {index}. {text}")

    def block(self, lines: list[str]) -> None:
        if self.markdown:
            self.lines.extend(["", "```", *lines, "```"])
        else:
            self.lines.extend(lines)


def render_text(report: Debrief, markdown: bool = False) -> str:
    out = _Writer(markdown)
    title = f"Debrief: {report.title} ({report.scenario}, seed {report.seed})"
    out.lines.append(f"# {title}" if markdown else title)
    who = ", ".join(f"{role}: {report.personas[role]}" for role in report.roles)
    out.lines.append(f"{who}; tips for {report.perspective}.")
    for section in (
        _outcome,
        _value,
        _concessions,
        _information,
        _timeline,
        _turning_points,
        _grades,
        _tips,
    ):
        section(report, out)
    return "\n".join(out.lines) + "\n"


def _terms(report: Debrief, package: dict[str, str]) -> str:
    return "; ".join(f"{report.issues[issue]} {label}" for issue, label in package.items())


def _outcome(report: Debrief, out: _Writer) -> None:
    outcome = report.outcome
    out.heading("Outcome")
    if outcome.kind == "deal" and outcome.package is not None:
        mediated = " (mediated)" if outcome.mediated else ""
        out.item(f"Deal in round {outcome.round}{mediated}: {_terms(report, outcome.package)}")
    elif outcome.kind == "walk-away":
        out.item(f"No deal: {outcome.walked_by} walked away in round {outcome.round}")
    elif outcome.kind == "deadline":
        out.item(f"No deal: time ran out in round {outcome.round}")
    else:
        out.item(f"Unfinished: stopped in round {outcome.round}; counted as no deal so far")
    for role in report.roles:
        share = report.surplus.share[role]
        share_text = f", {share:.0%} of the surplus" if share is not None else ""
        out.item(
            f"{role}: {report.points[role]:g} points against an alternative of "
            f"{report.batna[role]:g} ({report.above_batna[role]:+g}{share_text})"
        )


def _value(report: Debrief, out: _Writer) -> None:
    value = report.value
    you = report.perspective
    deal = report.outcome.kind == "deal"
    out.heading("Value created, claimed and lost")
    efficiency = f", {value.efficiency:.0%} of the most possible" if value.efficiency else ""
    where = "the package sits" if deal else "no deal leaves both sides"
    out.item(
        f"Value created: {value.joint_gain:g} points over both alternatives{efficiency}; {where} "
        f"{value.frontier_distance:g} points from the Pareto frontier."
    )
    claimed = value.claimed[you]
    out.item(
        "Value claimed: "
        + (
            f"you took {claimed:.0%} of the surplus (after delay)."
            if claimed is not None
            else "no surplus to share."
        )
    )
    if deal:
        delays = ", ".join(f"{role} {value.lost_to_delay[role]:g}" for role in report.roles)
        out.item(f"Lost to delay: {delays} points (the rounds it took, not the package).")
    else:
        out.item("Lost to delay: nothing (without a deal, both sides keep their alternatives).")
    left = report.left_on_table
    if left is None:
        out.item(f"No package was better for both sides than {'this one' if deal else 'no deal'}.")
    else:
        gains = ", ".join(f"{role} {left.gain[role]:+g}" for role in report.roles)
        than = "in the package itself" if deal else "than no deal"
        out.item(f"Better for both, {than}: {_terms(report, left.package)} ({gains})")
    if report.nash is not None:
        pts = ", ".join(f"{role} {report.nash.points[role]:g}" for role in report.roles)
        out.item(f"Nash point: {_terms(report, report.nash.package)} ({pts})")
    else:
        out.item("Nash point: none (no package beat both alternatives)")


def _concessions(report: Debrief, out: _Writer) -> None:
    conc = report.concessions
    out.heading("Concessions")
    out.item(f"Measured as {conc.measure}.")
    for role in report.roles:
        c = conc.by_role[role]
        out.item(
            f"{role}: {count(c.offers, 'offer')}, {count(c.count, 'concession')} giving up "
            f"{c.total:g} of its points (largest {c.largest:g})"
        )
    if conc.first_to_concede:
        out.item(
            f"First to concede: {conc.first_to_concede} in round {conc.first_concession_round}; "
            f"first offer by {conc.first_offer}"
        )
    else:
        out.item("Nobody conceded.")


def _information(report: Debrief, out: _Writer) -> None:
    out.heading("Information")
    for role in report.roles:
        g = report.information.given[role]
        answers = ", ".join(f"{a.topic} ({a.manner})" for a in g.answered) or "none"
        out.item(
            f"{role} asked {len(g.asked)}, answered {answers}; disclosed "
            f"{count(len(g.disclosed), 'fact')}, signalled {count(len(g.signalled), 'time')}, "
            f"cited {count(len(g.cited), 'benchmark')}"
        )
    if not report.deception:
        out.item("No lies or bluffs.")
    for d in report.deception:
        fate = (
            f"exposed in round {d.exposed_round}, cost {d.trust_cost:g} trust"
            if d.exposed
            else "never exposed"
        )
        truth = f" (truly {d.truth:g} then)" if d.topic != "priorities" else ""
        out.item(
            f"{d.role}: {d.kind} about {TOPIC_WORDS.get(d.topic, d.topic)} in round "
            f"{d.round}{truth}: {fate}"
        )


def _timeline(report: Debrief, out: _Writer) -> None:
    out.heading(f"Leverage timeline ({report.perspective})")
    out.block(leverage_chart(report.leverage, report.perspective))


def _turning_points(report: Debrief, out: _Writer) -> None:
    out.heading("Turning points")
    if not report.turning_points:
        out.item("Leverage hardly moved.")
    for point in report.turning_points:
        out.item(
            f"Round {point.round} (turn {point.turn}, the {point.actor}'s move): "
            f"{point.before:+g} → {point.after:+g}: {'; '.join(point.causes)}"
        )


def _grades(report: Debrief, out: _Writer) -> None:
    out.heading(f"Move by move ({report.perspective})")
    if not report.grades:
        out.item("No moves to grade.")
        return
    for grade in report.grades:
        out.item(grade.line())
    if report.costliest_moves:
        out.heading("Your three costliest moves")
        for index, grade in enumerate(report.costliest_moves, start=1):
            out.numbered(index, f"Turn {grade.turn} (round {grade.round}): {grade.sentence}")


def _tips(report: Debrief, out: _Writer) -> None:
    out.heading("Tips")
    for index, tip in enumerate(report.tips, start=1):
        out.numbered(index, tip)


def render_markdown(report: Debrief) -> str:
    return render_text(report, markdown=True)


def render(report: Debrief, fmt: str = "text") -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report)
