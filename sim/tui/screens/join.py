"""Joining a workshop: the pack's code (or its file) and the participant's name, then straight to
the briefing of exactly the game the trainer set. The replay lands in the workshop folder with
the name and the pack's id in its header."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


def setup_for(pack_text: str, name: str, workshop: str | None = None):
    """The `Setup` of a participant's workshop game. Raises `PackError` (one line)."""
    from sim.play.session import Setup
    from sim.record.workshop import Seat, default_folder, load_pack

    pack = load_pack(pack_text.strip())
    seat = Seat.of(pack, name)
    folder = workshop if workshop is not None else str(default_folder(pack))
    return Setup(
        seat.scenario,
        seat.seed,
        seat.role,
        pack.persona,
        pack.difficulty,
        seat=seat,
        replay_folder=folder,
    )


class JoinScreen(ModalScreen):
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    #join-box { width: 72; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    #join-box Input { margin-bottom: 1; }
    #join-problem { color: $error; height: auto; }
    #join-buttons { height: auto; margin-top: 1; }
    #join-buttons Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, workshop: str | None = None):
        super().__init__()
        self.workshop = workshop

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Label("[b]Join a workshop[/b]")
            yield Label("The code your trainer gave you (or the pack file's path)")
            yield Input(placeholder="e.g. AEEWU-33CFV-…", id="pack-code")
            yield Label("Your name, as the trainer should see it")
            yield Input(placeholder="e.g. Sam Lee", id="participant-name")
            yield Static("", id="join-problem")
            with Horizontal(id="join-buttons"):
                yield Button("Join (enter)", id="join-go", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="join-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#pack-code", Input).focus()

    @on(Input.Submitted, "#pack-code")
    def code_entered(self) -> None:
        self.query_one("#participant-name", Input).focus()

    @on(Input.Submitted, "#participant-name")
    @on(Button.Pressed, "#join-go")
    def action_join(self) -> None:
        from sim.record.workshop import PackError
        from sim.tui.screens.briefing import BriefingScreen

        code = self.query_one("#pack-code", Input).value
        name = self.query_one("#participant-name", Input).value
        problem = self.query_one("#join-problem", Static)
        if not code.strip():
            problem.update("Enter the code (or the pack file) first.")
            self.query_one("#pack-code", Input).focus()
            return
        try:
            setup = setup_for(code, name, self.workshop)
        except PackError as error:
            problem.update(str(error))
            return
        self.dismiss()
        self.app.push_screen(BriefingScreen(setup))

    @on(Button.Pressed, "#join-cancel")
    def action_cancel(self) -> None:
        self.dismiss()
