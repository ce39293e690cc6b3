"""The side panels of the negotiation: the clock, your leverage, what they think of you, and what
you know about them.
Each is handed ready-made text (see `sim.tui.present`) and draws it.

A move changes a few lines of text, so the panels repaint in place: nothing is rebuilt, an
unchanged panel is not touched, and the screen is laid out again only when a panel's height has
to change (a relayout of the whole screen costs more than the move itself)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import RichLog, Static

from sim.tui.present import LeverageReading, Line, leverage_bar, leverage_words, signed


def fit(widget: Widget) -> None:
    """Repaint `widget` after its content changed; lay the screen out again only when the height
    its content needs differs from the height it has (always before the first layout)."""
    width = widget.content_size.width
    needed = widget.get_content_height(widget.size, widget.app.size, width) if width else -1
    widget.refresh(layout=needed != widget.content_size.height)


# What each widget shows, as last given to `update_in_place` (kept beside the widget, not on it).
_SHOWN: WeakKeyDictionary[Static, object] = WeakKeyDictionary()


def update_in_place(widget: Static, content) -> bool:
    """Show `content` in `widget` unless it already shows it; True if it changed."""
    if _SHOWN.get(widget, None) == content:
        return False
    _SHOWN[widget] = content
    widget.update(content, layout=False)
    fit(widget)
    return True


class ClockBar(Static):
    """Round, rounds to your deadline, cost of delay so far, whose move it is."""

    def show(self, text: str) -> None:
        update_in_place(self, text)


class LeverageMeter(Static):
    """Your perceived leverage: a signed number, a bar centred on zero, its parts and reasons."""

    def show(self, reading: LeverageReading) -> None:
        value = reading.value
        number = "—" if value is None else signed(round(value))
        text = Text.assemble((f"{number:>4} ", "bold"), leverage_bar(value, 9))
        text.append(f"\n{leverage_words(value)}")
        if reading.change is not None and round(reading.change):
            text.append(f", {signed(round(reading.change))} since your last move")
        parts = [(name, v) for name, v in reading.components if round(v)]
        if parts:
            short = {"information": "info"}
            text.append(
                "\n"
                + "  ".join(f"{short.get(name, name)} {signed(round(v))}" for name, v in parts),
                style="dim",
            )
        # Below 40 rows three panels share the column: one reason, so the others stay readable.
        for reason in reading.reasons[: 1 if self.app.size.height < 40 else 2]:
            text.append(f"\n• {reason}")
        if value is None:
            text.append("\nThe leverage model is not available.", style="dim")
        update_in_place(self, text)


class TheirView(Static):
    """What the counterpart thinks of you: its estimate of your alternative (and deadline and
    priorities when it reports them), and what your last move changed in it."""

    def show(self, lines: list[str]) -> None:
        update_in_place(self, Text("\n".join(lines)))


class Intel(VerticalScroll):
    """What you know about them: disclosed facts, answers, signals, exposed bluffs."""

    def compose(self):
        yield Static(id="intel-text")

    def show(self, lines: list[str]) -> None:
        update_in_place(self.query_one("#intel-text", Static), Text("\n".join(lines)))


class Conversation(RichLog):
    """Every move of both sides and the counterpart's lines, newest at the bottom."""

    STYLES = {"mine": "bold", "theirs": "", "game": "italic"}
    MARKS = {"mine": "›", "theirs": "‹", "game": "·"}

    def __init__(self, **kwargs):
        super().__init__(
            wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, **kwargs
        )
        self.shown = 0
        self.said: list[Line] = []  # (RichLog's own `lines` are the wrapped strips)
        self.wrapped_at = 0  # the width the lines were wrapped to

    def on_resize(self, event) -> None:
        # RichLog wraps a line once, when it is written: after the terminal (or the panel)
        # changes width, wrap them all again to the new width.
        width = event.size.width
        if self.wrapped_at and width and width != self.wrapped_at and self.said:
            self.clear()
            self.shown = 0
            self.show(self.said)
        if width:
            self.wrapped_at = width

    def show(self, lines: list[Line]) -> None:
        self.said = list(lines)
        if len(lines) < self.shown:
            self.clear()
            self.shown = 0
        new = lines[self.shown :]
        # Once laid out, scroll to the newest line now, once: RichLog would scroll after the next
        # paint, so the counterpart's answer would show a frame late. (Before the first layout,
        # RichLog holds the lines back and scrolls when it writes them.)
        now = bool(self.size.height) and self.auto_scroll
        for line in new:
            text = Text(f"R{line.round} {self.MARKS[line.who]} ", style="dim")
            text.append(line.text, style=self.STYLES[line.who])
            self.write(text, scroll_end=False if now else None)
        self.shown = len(lines)
        if new and now:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
