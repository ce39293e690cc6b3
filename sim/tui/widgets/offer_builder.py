"""The offer builder: one option per issue, your points for the package as you build it, the
counterpart's standing offer beside yours, and what changed since your last offer."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from sim.tui.present import IssueRow, points
from sim.tui.widgets.panels import fit


class OfferBuilder(Widget, can_focus=True):
    """Draws a draft package; ←/→ change the option of the issue under the cursor (↑/↓).

    Attributes down: `rows`, `draft`, `their_offer`, `my_offer`. Message up: `DraftChanged`."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Issue up", show=False),
        Binding("down", "cursor(1)", "Issue down", show=False),
        Binding("left", "option(-1)", "Option", show=False),
        Binding("right", "option(1)", "Option", show=False),
    ]

    cursor = reactive(0)
    draft: reactive[tuple[int, ...]] = reactive((), always_update=True)

    class DraftChanged(Message):
        def __init__(self, draft: tuple[int, ...]):
            super().__init__()
            self.draft = draft

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.rows: tuple[IssueRow, ...] = ()
        self.their_offer: tuple[int, ...] | None = None
        self.my_offer: tuple[int, ...] | None = None
        self.pending_talk = ""
        self.delay_cost = 0.0  # your cost of delay so far: what any deal now is worth less

    def show(
        self,
        rows,
        draft,
        my_offer,
        their_offer,
        pending_talk: str = "",
        delay_cost: float = 0.0,
    ) -> None:
        self.rows = rows
        self.delay_cost = delay_cost
        self.my_offer = my_offer
        self.their_offer = their_offer
        self.pending_talk = pending_talk
        self.draft = tuple(draft)
        self.name_selected()
        fit(self)  # a line comes or goes (what changed, the talk): only then lay out again

    def get_content_height(self, container, viewport, width: int) -> int:
        """The header, a line per issue (never wrapped), then the notes below, counted without
        rendering the table (Textual would render it all to measure it, on every layout)."""
        if not self.rows:
            return 1
        console = self.app.console
        # A terminal shrunk to a column or none (a split pane dragged shut) lays this out at
        # width 0 before the too-small notice covers it, and wrapping at 0 raised.
        width = max(1, width)
        return 1 + len(self.rows) + sum(len(note.wrap(console, width)) for note in self.notes())

    def total(self, package) -> float:
        return sum(row.my_points[option] for row, option in zip(self.rows, package, strict=True))

    def watch_cursor(self) -> None:
        self.name_selected()

    def name_selected(self) -> None:
        """The issue under the cursor and its option, in full, on the bottom border: in a narrow
        terminal the table cuts both short."""
        if not self.rows or len(self.draft) != len(self.rows):
            return
        row = self.rows[self.cursor]
        subtitle = f"{row.name}: {row.labels[self.draft[self.cursor]]}"
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + delta) % len(self.rows)

    def action_option(self, delta: int) -> None:
        if not self.rows:
            return
        row = self.rows[self.cursor]
        draft = list(self.draft)
        # Stop at the ends: wrapping from an issue's best option to its worst would propose a
        # large concession by accident.
        option = max(0, min(len(row.labels) - 1, draft[self.cursor] + delta))
        if option == draft[self.cursor]:
            self.app.bell()
            return
        draft[self.cursor] = option
        self.draft = tuple(draft)
        self.name_selected()
        self.post_message(self.DraftChanged(self.draft))

    def on_click(self, event) -> None:
        # A click on a row selects that issue; a click on its right half moves to the next option.
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y - 1  # the table's header line
        if 0 <= row < len(self.rows):
            self.cursor = row
            self.action_option(1 if offset.x > self.content_size.width // 3 else -1)

    def render(self):
        if not self.rows:
            return Text("")
        wide = self.content_size.width >= 64
        # The issue column as wide as the longest name needs ("▸ " included), so names are not
        # cut while there is room ("Signing bo…" at 100 columns).
        longest = max(len(row.name) for row in self.rows) + 2
        table = Table(
            box=None,
            expand=True,
            padding=(0, 1),
            pad_edge=False,
            show_edge=False,
            header_style="bold",
        )
        table.add_column(
            "Issue", width=min(longest, 26 if wide else 16), no_wrap=True, overflow="ellipsis"
        )
        table.add_column("Your draft ←→", ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column("pts", justify="right", width=3, no_wrap=True)
        table.add_column(
            "Their offer" if wide else "Theirs", ratio=2, no_wrap=True, overflow="ellipsis"
        )
        if wide:
            table.add_column("pts", justify="right", width=4, no_wrap=True)
        focused = self.has_focus
        for index, (row, option) in enumerate(zip(self.rows, self.draft, strict=True)):
            here = index == self.cursor
            mark = "▸ " if here else "  "
            label = row.labels[option]
            changed = self.my_offer is not None and self.my_offer[index] != option
            draft_text = Text(f"◀ {label} ▶" if here else label)
            if changed:
                draft_text.append(" *", style="bold")
            theirs = Text("—", style="dim")
            their_points = ""
            if self.their_offer is not None:
                their_option = self.their_offer[index]
                theirs = Text(row.labels[their_option])
                if their_option == option:
                    theirs = Text("= " + row.labels[their_option])
                their_points = points(row.my_points[their_option])
            style = "reverse" if here and focused else ("bold" if here else "")
            cells = [Text(mark + row.name), draft_text, Text(points(row.my_points[option])), theirs]
            if wide:
                cells.append(Text(their_points))
            table.add_row(*cells, style=style)
        return Group(table, *self.notes())

    def after_delay(self, total: float) -> str:
        """What a deal on a package would give you now, once the delay so far is paid."""
        return f" ({points(total - self.delay_cost)} after delay)" if self.delay_cost else ""

    def notes(self) -> list[Text]:
        """The lines under the table: the totals, what changed, the talk said with the move."""
        total = self.total(self.draft)
        their_total = self.total(self.their_offer) if self.their_offer is not None else None
        summary = Text.assemble(
            ("Your draft: ", ""),
            (f"{points(total)} pts", "bold"),
            self.after_delay(total),
            (
                f" · their offer: {points(their_total)} pts"
                if their_total is not None
                else " · no offer from them yet",
                "",
            ),
            self.after_delay(their_total) if their_total is not None else "",
        )
        lines = [summary]
        if self.my_offer is not None and tuple(self.my_offer) != tuple(self.draft):
            lines.append(
                Text(
                    f"* changed since your last offer ({points(self.total(self.my_offer))} pts)",
                    style="italic",
                )
            )
        if self.pending_talk:
            lines.append(Text(f"With your move: {self.pending_talk}  (esc clears)", style="bold"))
        return lines
