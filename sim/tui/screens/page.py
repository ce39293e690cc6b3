"""A screen that is one page of text to read: the header, the text scrolling in a frame, the
keys in the footer; escape or q closes it. The debrief and the practice history are such pages.

A page says what its frame is called (`PAGE`: the frame's id; the text is `PAGE-text`) and what
it shows (`page_text`). Textual calls `on_mount` of every class in a screen's MRO, so a page's
own `on_mount` (its title) runs first and this one (focus on the frame, for the arrow keys)
after it, with no `super()` call.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class TextPage(Screen):
    DEFAULT_CSS = """
    TextPage .page { height: 1fr; border: round $primary-muted; padding: 0 1; }
    """
    PAGE: ClassVar[str]

    def page_text(self) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id=self.PAGE, classes="page"):
            yield Static(self._text(), id=f"{self.PAGE}-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.PAGE}", VerticalScroll).focus()

    def refresh_page(self) -> None:
        """Read the text again (the history after another game was recorded)."""
        self.query_one(f"#{self.PAGE}-text", Static).update(self._text())

    def _text(self) -> Text:
        return Text(self.page_text().rstrip("\n"))

    def action_close(self) -> None:
        self.app.pop_screen()
