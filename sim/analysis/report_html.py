"""The class report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no
fonts or images fetched from anywhere, so it opens from a USB stick in a room without a network.

Every piece of text from a replay (names, reasons) is escaped; numbers are formatted the same way
on every run, so the same report gives the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sim.core.safe_text import plain

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 70rem; padding: 0 1rem; color: #1d232a; background: #fcfcfb; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d5d9de; padding-bottom: .2rem; }
p.lead { color: #4a5561; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e6e8eb; }
th { background: #f0f2f4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; }
figcaption { font-size: .85rem; color: #4a5561; }
svg text { font: 11px system-ui, sans-serif; fill: #1d232a; }
.deal { fill: #2f7d4f; } .walk-away { fill: #b8572b; } .deadline { fill: #8a6d1f; }
.bar { fill: #3b6ea8; } .frontier { stroke: #8a96a3; fill: none; stroke-width: 1.5; }
.dot { fill: #3b6ea8; fill-opacity: .7; } .dot.no-deal { fill: #b8572b; }
.axis { stroke: #8a96a3; }
ol li, ul li { margin-bottom: .3rem; }
.rejected td { color: #8b2e16; }
"""

OUTCOME_KINDS = ("deal", "walk-away", "deadline")


def _num(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if percent else f"{value:g}"


def _f(value: float) -> str:
    """SVG coordinates, rounded so the output is the same everywhere."""
    return f"{value:.1f}"


def _svg(width: int, height: int, label: str, parts: list[str]) -> str:
    """A chart: `parts` (SVG elements) in an image of that size, named `label` for screen
    readers."""
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{label}">' + "".join(parts) + "</svg>"
    )


def outcomes_chart(outcomes: dict[str, int], width: int = 320) -> str:
    rows = len(OUTCOME_KINDS)
    height = rows * 28 + 10
    most = max(outcomes.values()) or 1
    parts: list[str] = []
    for index, kind in enumerate(OUTCOME_KINDS):
        count = outcomes.get(kind, 0)
        y = 8 + index * 28
        length = (width - 130) * count / most
        parts.append(f'<text x="0" y="{y + 14}">{escape(kind)}</text>')
        parts.append(
            f'<rect class="{kind}" x="80" y="{y}" width="{_f(length)}" height="20"><title>'
            f"{escape(kind)}: {count}</title></rect>"
        )
        parts.append(f'<text x="{_f(86 + length)}" y="{y + 14}">{count}</text>')
    return _svg(width, height, "Outcomes", parts)


def spread_chart(spread: dict[str, Any], width: int = 360, height: int = 180) -> str:
    bins = spread["bins"]
    most = max(b["count"] for b in bins) or 1
    left, bottom, top = 30, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    step = plot_w / len(bins)
    parts = [
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}"/>',
        f'<text x="0" y="{top + 8}">{most}</text>',
    ]
    for index, b in enumerate(bins):
        h = plot_h * b["count"] / most
        x = left + index * step
        parts.append(
            f'<rect class="bar" x="{_f(x + 2)}" y="{_f(top + plot_h - h)}" width="{_f(step - 4)}" '
            f'height="{_f(h)}"><title>{b["from"]:g}–{b["to"]:g}: {b["count"]}</title></rect>'
        )
        parts.append(f'<text x="{_f(x + 2)}" y="{height - 12}">{b["from"]:g}</text>')
    return _svg(width, height, "Spread of outcomes", parts)


def frontier_chart(report: dict[str, Any], width: int = 360, height: int = 300) -> str:
    """Each game's outcome (participant's points across, the counterpart's up) against the
    Pareto frontier: distance from the line is value left on the table."""
    frontier = report["frontier"]
    rows = report["rows"]
    xs = [p[0] for p in frontier] + [r["points"] for r in rows]
    ys = [p[1] for p in frontier] + [r["counterpart_points"] for r in rows]
    x0, x1 = min(0.0, min(xs)), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    left, bottom, top, right = 34, 30, 10, 10
    plot_w, plot_h = width - left - right, height - bottom - top

    def sx(v: float) -> float:
        return left + plot_w * (v - x0) / max(x1 - x0, 1e-9)

    def sy(v: float) -> float:
        return top + plot_h * (1 - (v - y0) / max(y1 - y0, 1e-9))

    path = " ".join(f"{_f(sx(a))},{_f(sy(b))}" for a, b in frontier)
    parts = [
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"/>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<polyline class="frontier" points="{path}"><title>Pareto frontier</title></polyline>',
        f'<text x="{left}" y="{height - 8}">{escape(report["role"])} points →</text>',
        f'<text x="2" y="{top + 10}">{_num(y1)}</text>',
        f'<text x="{left + 6}" y="{top + plot_h - 6}">↑ {escape(report["counterpart_role"])} points</text>',
        f'<text x="{_f(width - right - 24)}" y="{height - 8}">{_num(x1)}</text>',
    ]
    for row in rows:
        kind = "" if row["outcome"] == "deal" else " no-deal"
        parts.append(
            f'<circle class="dot{kind}" cx="{_f(sx(row["points"]))}" '
            f'cy="{_f(sy(row["counterpart_points"]))}" r="4"><title>{escape(row["participant"])}: '
            f"{row['points']:g} / {row['counterpart_points']:g} ({escape(row['outcome'])})"
            "</title></circle>"
        )
    return _svg(width, height, "Outcomes against the Pareto frontier", parts)


def _charts(report: dict[str, Any]) -> list[str]:
    """The three charts: outcomes, the spread of points, the frontier."""
    out: list[str] = []
    out.append("<h2>Outcomes</h2>")
    out.append('<div class="charts">')
    out.append(
        "<figure>"
        + outcomes_chart(report["outcomes"])
        + f"<figcaption>Agreement rate {_num(report['agreement'], True)}</figcaption></figure>"
    )
    spread = report["spread"]
    out.append(
        "<figure>"
        + spread_chart(spread)
        + "<figcaption>"
        + escape(
            f"Participants' points: {spread['min']:g} to {spread['max']:g}, "
            f"mean {spread['mean']:g}, median {spread['median']:g}"
        )
        + "</figcaption></figure>"
    )
    out.append(
        "<figure>"
        + frontier_chart(report)
        + "<figcaption>Each game against the Pareto frontier (line): the gap is value left "
        "on the table.</figcaption></figure>"
    )
    out.append("</div>")
    return out


def _participants(rows: list[dict[str, Any]]) -> list[str]:
    """One table row per counted game."""
    out: list[str] = []
    out.append("<h2>Participants</h2>")
    header = (
        "Participant",
        "Seed",
        "Outcome",
        "Round",
        "Points",
        "BATNA",
        "Share of surplus",
        "Efficiency",
        "Bluffs",
        "Trades found",
        "Left on table",
    )
    out.append(
        "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead><tbody>"
    )
    for row in rows:
        cells = [
            (row["participant"], False),
            (str(row["seed"]), True),
            (row["outcome"], False),
            (str(row["round"]), True),
            (_num(row["points"]), True),
            (_num(row["batna"]), True),
            (_num(row["surplus_share"], True), True),
            (_num(row["efficiency"], True), True),
            (str(row["bluffs"]), True),
            (row["trades_found"] or "—", True),
            (_num(row["left_on_table"]), True),
        ]
        out.append(
            "<tr>"
            + "".join(
                f'<td class="n">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>"
                for text, numeric in cells
            )
            + "</tr>"
        )
    out.append("</tbody></table>")
    if not rows:
        out.append("<p>No games counted yet.</p>")
    return out


def _trades_and_value(report: dict[str, Any]) -> list[str]:
    """Which trades across issues the class found, and the value it left."""
    out: list[str] = []
    trades = report["trades"]
    out.append("<h2>Trades across issues</h2><ul>")
    kinds = ", ".join(f"{name} ({kind})" for name, kind in trades["kinds"].items())
    out.append(f"<li>Issues: {escape(kinds)}</li>")
    for issue in trades["issues"]:
        more = (
            f", mattered more to the {issue['matters_more_to']}" if issue["matters_more_to"] else ""
        )
        who = f" — {', '.join(issue['who'])}" if issue["who"] else ""
        out.append(
            "<li>"
            + escape(
                f"{issue['issue']} ({issue['kind']}{more}): {issue['found']} of "
                f"{issue['deals']} deals settled on {issue['best']}{who}"
            )
            + "</li>"
        )
    found = ", ".join(trades["found_all"]) or "nobody"
    out.append(f"<li>Found every trade: {escape(found)}</li></ul>")

    value = report["value"]
    out.append("<h2>Value left on the table</h2><ul>")
    out.append(
        "<li>"
        + escape(
            f"Both sides together reached {value['mean_joint']:g} points a game on average; "
            f"the best package gives {value['best_joint']:g}. The class left "
            f"{value['joint_left']:g} joint points on the table in all."
        )
        + "</li>"
    )
    on = ", ".join(value["on_frontier"]) or "nobody"
    out.append(
        "<li>"
        + escape(
            f"Mean distance to the Pareto frontier: {value['mean_distance']:g} points; "
            f"on the frontier: {on}"
        )
        + "</li></ul>"
    )
    return out


def _turning_points(report: dict[str, Any]) -> list[str]:
    """The most common turning points, as a table."""
    out: list[str] = []
    out.append("<h2>Most common turning points</h2>")
    if report["turning_points"]:
        out.append(
            "<table><thead><tr><th>Cause</th><th>Games</th><th>Rounds</th>"
            "<th>Mean change in leverage</th></tr></thead><tbody>"
        )
        for point in report["turning_points"]:
            rounds = point["rounds"]
            span = f"{rounds[0]}" if rounds[0] == rounds[1] else f"{rounds[0]}–{rounds[1]}"
            out.append(
                f'<tr><td>{escape(point["cause"])}</td><td class="n">{point["games"]}</td>'
                f'<td class="n">{span}</td><td class="n">{point["mean_change"]:+g}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>Leverage never moved by much in these games.</p>")
    return out


def _rejected(report: dict[str, Any]) -> list[str]:
    """The files not counted, grouped by cause with advice."""
    out: list[str] = []
    out.append("<h2>Rejected files</h2>")
    reasons = {r["file"]: r["reason"] for r in report["rejected"]}
    for group in report.get("rejected_by_cause", []):
        cause = group["cause"] + (f" ({group['version']})" if "version" in group else "")
        out.append(f"<h3>{escape(cause)}: {len(group['files'])}</h3>")
        out.append(f"<p>{escape(group['advice'])}</p>")
        out.append(
            '<table class="rejected"><thead><tr><th>File</th><th>Reason</th></tr></thead><tbody>'
        )
        for file in group["files"]:
            out.append(
                f"<tr><td>{escape(plain(file))}</td><td>{escape(plain(reasons[file]))}</td></tr>"
            )
        out.append("</tbody></table>")
    if not report["rejected"]:
        out.append("<p>None: every file verified.</p>")
    return out


def render_html(report: dict[str, Any]) -> str:
    title = f"Class report: {report['title'] or 'no games'}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        '<p class="lead">'
        + escape(
            f"Scenario {report['scenario'] or '—'} · pack {report['pack'] or '—'} · "
            f"{report['counted']} game(s) counted, {len(report['rejected'])} rejected"
            + (f" · participants played the {report['role']}" if report["role"] else "")
        )
        + "</p>",
    ]
    rows = report["rows"]
    if rows:
        out.extend(_charts(report))
    out.extend(_participants(rows))
    if rows:
        out.extend(_trades_and_value(report))
        out.extend(_turning_points(report))
        out.append("<h2>For the debrief</h2><ol>")
        out.extend(f"<li>{escape(prompt)}</li>" for prompt in report["prompts"])
        out.append("</ol>")

    out.extend(_rejected(report))
    out.append("</body></html>")
    return "\n".join(out) + "\n"
