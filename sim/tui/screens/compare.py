"""Two games side by side in the replay viewer: a branch beside the game it came from, or two
games of the same scenario and seed.

What a learner wants after trying a position again: where the two games parted, how each ended,
the points and the turning points of each, and the two leverage timelines one above the other on
one scale, the turn they parted marked. Every figure comes from `sim.analysis.compare` (the same
comparison `leverage debrief A B` prints); this module only lays it out. `c` in the viewer opens
it (`ReplayScreen.action_compare`), `leverage replay A --compare B` opens it straight away.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.analysis.compare import ComparedGame, Comparison
from sim.analysis.debrief.report import OutcomeReport, TurningPoint
from sim.play.study import ReplayStudy
from sim.tui import present


def outcome_words(outcome: OutcomeReport) -> str:
    if outcome.kind == "deal":
        return f"Deal in round {outcome.round}" + (" (mediated)" if outcome.mediated else "")
    if outcome.kind == "walk-away":
        return f"No deal: the {outcome.walked_by} walked away in round {outcome.round}"
    if outcome.kind == "deadline":
        return f"No deal: time ran out in round {outcome.round}"
    return f"Unfinished at round {outcome.round}"


def parting_words(comparison: Comparison) -> str:
    """Where the two games parted, in one sentence."""
    if not comparison.same_start:
        return "The games began differently (another seed or other chance): no moves in common."
    parting = comparison.parting
    if parting is None:
        if comparison.games[0].outcome == comparison.games[1].outcome:
            return f"The two games are the same ({comparison.shared_moves} moves)."
        return (
            f"One game is the other cut short: the first {comparison.shared_moves} moves are "
            "the same."
        )
    return (
        f"They diverged at turn {parting.turn} (round {parting.round}, the {parting.actor} to "
        f"move), after {comparison.shared_moves} moves in common. "
        f"A: {parting.moves[0]}. B: {parting.moves[1]}."
    )


def _turning(points: tuple[TurningPoint, ...]) -> str:
    if not points:
        return "none"
    return "\n".join(
        f"round {p.round}: {present.signed(p.before)} → {present.signed(p.after)}" for p in points
    )


def _points(game: ComparedGame) -> str:
    return "\n".join(
        f"{role} {present.points(game.points[role])} (alt. {present.points(game.batna[role])})"
        for role in game.points
    )


def _delay(game: ComparedGame) -> str:
    return ", ".join(f"{role} {present.points(v)}" for role, v in game.value.lost_to_delay.items())


def side_by_side(comparison: Comparison) -> Table:
    """The figures of both games, a column each."""
    a, b = comparison.games
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
    table.add_column("", style="bold", width=len("Turning points"))
    table.add_column("A" + (" (a branch)" if a.branch else ""), ratio=1)
    table.add_column("B" + (" (a branch)" if b.branch else ""), ratio=1)
    table.add_row("Outcome", outcome_words(a.outcome), outcome_words(b.outcome))
    table.add_row("Points", _points(a), _points(b))
    share = [("—" if g.share is None else f"{g.share:.0%}") for g in (a, b)]
    table.add_row("Share claimed", *share)
    table.add_row(
        "Value created",
        f"{present.points(a.value.joint_gain)} points",
        f"{present.points(b.value.joint_gain)} points",
    )
    table.add_row("Lost to delay", _delay(a), _delay(b))
    table.add_row("Turning points", _turning(a.turning_points), _turning(b.turning_points))
    return table


def timeline_lines(
    first: ReplayStudy, second: ReplayStudy, comparison: Comparison
) -> list[tuple[str, str]]:
    """Both games' true leverage for the person's side, one mark per turn on one scale, and a
    caret under the turn where they parted: (text, style) lines."""
    role = first.scenario.role_ids.index(comparison.perspective)
    series = [values[role] for study in (first, second) for values in study.true]
    low, high = min(series), max(series)
    if high - low < 20:
        middle = (high + low) / 2
        low, high = middle - 10, middle + 10
    lines = [
        (f"The {comparison.perspective}'s leverage, turn by turn (true, one scale):", ""),
        (f"A {first.timeline_marks(role, (low, high))}", ""),
        (f"B {second.timeline_marks(role, (low, high))}", ""),
    ]
    if comparison.parting is not None:
        turn = comparison.parting.turn
        lines.append((f"  {' ' * turn}▲ turn {turn}", "bold"))
    return lines


class CompareScreen(Screen[None]):
    """Game A (the one in the viewer) beside game B."""

    DEFAULT_CSS = """
    CompareScreen #compare-games { height: auto; padding: 0 1; background: $boost; }
    CompareScreen #compare-parting { height: auto; padding: 0 1; text-style: bold; }
    CompareScreen #compare-timelines { height: auto; margin: 0 1; }
    CompareScreen #compare-body { height: 1fr; border: round $primary-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,c", "close", "Back to the replay")]

    def __init__(self, first: ReplayStudy, second: ReplayStudy, comparison: Comparison):
        super().__init__()
        self.first = first
        self.second = second
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="compare-games")
        yield Static(id="compare-parting")
        yield Static(id="compare-timelines")
        with VerticalScroll(id="compare-body"):
            yield Static(id="compare-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        c = self.comparison
        self.title = f"Compare: {c.title}"
        self.sub_title = f"from the {c.perspective}'s side"
        a, b = c.games
        names = [
            f"{letter}: {game.label}" + (" (a branch)" if game.branch else "")
            for letter, game in (("A", a), ("B", b))
        ]
        self.query_one("#compare-games", Static).update(Text("\n".join(names)))
        self.query_one("#compare-parting", Static).update(Text(parting_words(c)))
        marks = timeline_lines(self.first, self.second, c)
        self.query_one("#compare-timelines", Static).update(
            Text("\n".join(text for text, _ in marks))
        )
        self.query_one("#compare-table", Static).update(Group(side_by_side(c)))

    def action_close(self) -> None:
        self.app.pop_screen()


__all__ = ["CompareScreen", "outcome_words", "parting_words", "side_by_side", "timeline_lines"]
