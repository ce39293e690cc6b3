"""The debrief screen: what happened in the game and what to do differently, at the end of each
game (the end screen's "Debrief" button) and from the replay viewer.

It shows `sim.analysis.debrief` as text: outcome against both BATNAs, value left on the table,
concessions, information, bluffs, the leverage timeline, turning points and three tips. `y`
opens the practice history, `r` the replay viewer of this game.
"""

from __future__ import annotations

from textual.binding import Binding

from sim.ai.match import Match
from sim.analysis.debrief import debrief, render_text
from sim.tui.screens.page import TextPage


class DebriefScreen(TextPage):
    PAGE = "debrief"
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("y", "history", "History"),
        Binding("r", "replay", "Replay"),
    ]

    def __init__(
        self, source, perspective: int | None = None, personas: tuple[str, str] | None = None
    ):
        """`source` is a `PlaySession` (the game just played) or a `Match`."""
        super().__init__()
        self.session = source if hasattr(source, "match") else None
        self.match: Match = source.match if self.session is not None else source
        if self.session is not None:
            perspective = self.session.player if perspective is None else perspective
            if personas is None:
                names = ["human", "human"]
                names[1 - self.session.player] = self.session.setup.persona
                personas = (names[0], names[1])
        self.report = debrief(self.match, perspective, personas)

    def page_text(self) -> str:
        return render_text(self.report)

    def on_mount(self) -> None:
        self.title = "Debrief"
        self.sub_title = f"{self.report.title} · seed {self.report.seed}"
        notice = getattr(self.session, "record_notice", None)
        if notice:
            self.notify(notice, severity="warning", timeout=10)

    def action_history(self) -> None:
        from sim.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_replay(self) -> None:
        from sim.tui.screens.replay import ReplayScreen, ReplayStudy

        personas = tuple(self.report.personas[role] for role in self.report.roles)
        study = ReplayStudy(self.match, (personas[0], personas[1]))
        self.app.push_screen(ReplayScreen(None, study=study))
