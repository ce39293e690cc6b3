"""The side panels of the negotiation: the clock, your leverage, and what you know about them.
Each is handed ready-made text (see `sim.tui.present`) and draws it."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import RichLog, Static

from sim.tui.present import LeverageReading, Line, leverage_bar, leverage_words, signed


class ClockBar(Static):
    """Round, rounds to your deadline, cost of delay so far, whose move it is."""


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
        for reason in reading.reasons[:2]:
            text.append(f"\n• {reason}")
        if value is None:
            text.append("\nThe leverage model is not available.", style="dim")
        self.update(text)


class Intel(VerticalScroll):
    """What you know about them: disclosed facts, answers, signals, exposed bluffs."""

    def compose(self):
        yield Static(id="intel-text")

    def show(self, lines: list[str]) -> None:
        self.query_one("#intel-text", Static).update(Text("\n".join(lines)))


class Conversation(RichLog):
    """Every move of both sides and the counterpart's lines, newest at the bottom."""

    STYLES = {"mine": "bold", "theirs": "", "game": "italic"}
    MARKS = {"mine": "›", "theirs": "‹", "game": "·"}

    def __init__(self, **kwargs):
        super().__init__(
            wrap=True, markup=False, highlight=False, auto_scroll=True, min_width=20, **kwargs
        )
        self.shown = 0

    def show(self, lines: list[Line]) -> None:
        if len(lines) < self.shown:
            self.clear()
            self.shown = 0
        for line in lines[self.shown :]:
            text = Text(f"R{line.round} {self.MARKS[line.who]} ", style="dim")
            text.append(line.text, style=self.STYLES[line.who])
            self.write(text)
        self.shown = len(lines)
