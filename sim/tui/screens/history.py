"""The practice history screen: progress over time by scenario and by persona faced.

It draws `sim.record.history.render_progress`. A damaged or locked history database is shown as
its one-line message, never an error that stops the game.
"""

from __future__ import annotations

from textual.binding import Binding

from sim.record.history import History, HistoryError, render_progress
from sim.tui.screens.page import TextPage


def history_text(history: History | None = None) -> str:
    history = history or History()
    try:
        records = history.games()
    except HistoryError as error:
        return f"Your practice history cannot be shown right now.\n\n{error}\n"
    return render_progress(records, width=30)


class HistoryScreen(TextPage):
    PAGE = "history"
    BINDINGS = [Binding("escape,q", "close", "Back"), Binding("f5", "refresh", "Refresh")]

    def __init__(self, history: History | None = None):
        super().__init__()
        self.history = history

    def page_text(self) -> str:
        return history_text(self.history)

    def on_mount(self) -> None:
        self.title = "Practice history"

    def action_refresh(self) -> None:
        self.refresh_page()
