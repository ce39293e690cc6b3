"""Shown instead of a broken layout when the terminal is smaller than the game needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


def fits(width: int, height: int) -> bool:
    return width >= MIN_WIDTH and height >= MIN_HEIGHT


class TooSmallScreen(Screen):
    """Says what size the game needs; goes away by itself once the terminal is large enough."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.describe(self.app.size.width, self.app.size.height)

    def on_resize(self, event) -> None:
        self.describe(event.size.width, event.size.height)

    def describe(self, width: int, height: int) -> None:
        self.query_one("#too-small-text", Static).update(
            f"Leverage needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            f"This one is {width}×{height}.\n\n"
            "Make the window larger (or the font smaller);\n"
            "your game is saved and carries on when it fits.\n\n"
            "ctrl+q quits."
        )
