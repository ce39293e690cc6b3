"""The practice history screen: progress over time by scenario and by persona faced.

It draws `sim.record.history.render_progress`. A damaged or locked history database is shown as
its one-line message, never an error that stops the game.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.record.history import History, HistoryError, render_progress


def history_text(history: History | None = None) -> str:
    history = history or History()
    try:
        records = history.games()
    except HistoryError as error:
        return f"Your practice history cannot be shown right now.\n\n{error}\n"
    return render_progress(records, width=30)


class HistoryScreen(Screen):
    DEFAULT_CSS = """
    HistoryScreen #history { height: 1fr; border: round $primary-muted; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "close", "Back"), Binding("f5", "refresh", "Refresh")]

    def __init__(self, history: History | None = None):
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history"):
            yield Static(Text(history_text(self.history).rstrip("\n")), id="history-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Practice history"
        self.query_one("#history", VerticalScroll).focus()

    def action_refresh(self) -> None:
        self.query_one("#history-text", Static).update(
            Text(history_text(self.history).rstrip("\n"))
        )

    def action_close(self) -> None:
        self.app.pop_screen()
