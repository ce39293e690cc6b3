"""Hot-seat: two people play each other on one terminal (`leverage play SCENARIO --hot-seat`).

Between turns the screen goes blank behind a "pass the keyboard" screen, so neither side sees
the other's private brief, numbers or facts: each side reads its own briefing the first time it
sits down, then plays on the ordinary negotiation screen, which shows only what that side may
see (`RoleView`). When the game ends both sides see the result, and the replay is written (into
the workshop folder when there is one, else the replays folder) with "human" on both sides.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from sim.core.state import GameState
from sim.play.hot_seat import HotSeatGame, SeatSession
from sim.play.session import Setup
from sim.tui.screens.briefing import BriefingScreen, briefing_text
from sim.tui.screens.end import EndScreen
from sim.tui.screens.negotiation import NegotiationScreen


def next_screen(game: HotSeatGame) -> Screen:
    """Whose turn, behind the pass-the-keyboard screen; or the end."""
    if game.match.is_over:
        return HotSeatEndScreen(game.seat(game.setup.player))
    return PassScreen(game, game.to_move)


class PassScreen(Screen):
    """A blank screen between turns: nothing of either side's game is on it."""

    BINDINGS = [Binding("enter", "ready", "I am the one at the keyboard")]

    def __init__(self, game: HotSeatGame, role: int):
        super().__init__()
        self.game = game
        self.role = role

    def compose(self) -> ComposeResult:
        scenario = self.game.scenario
        me = scenario.roles[self.role].name
        them = scenario.roles[1 - self.role].name
        state = self.game.match.state
        with Vertical(id="pass-box"):
            yield Static(
                Text.assemble(
                    ("Pass the keyboard to the ", "bold"),
                    (me, "bold reverse"),
                    "\n\n",
                    f"{them}: look away now, please.\n",
                    f"{me}: press enter when only you can see the screen.\n\n",
                    (f"{scenario.title} · round {state.round} of {scenario.max_rounds}", "dim"),
                ),
                id="pass-text",
            )
            yield Button(f"I am the {me} (enter)", id="ready", variant="primary", compact=True)
        yield Footer(compact=True)

    DEFAULT_CSS = """
    PassScreen { align: center middle; }
    #pass-box { width: 64; height: auto; border: thick $accent; padding: 1 2; }
    #pass-text { margin-bottom: 1; }
    """

    def on_mount(self) -> None:
        self.title = "Hot seat"
        self.sub_title = "pass the keyboard"
        self.query_one("#ready", Button).focus()

    @on(Button.Pressed, "#ready")
    def action_ready(self) -> None:
        seat = self.game.seat(self.role)
        if self.role not in self.game.briefed:
            self.game.briefed.add(self.role)
            self.app.switch_screen(HotSeatBriefingScreen(self.game, seat))
        else:
            self.app.switch_screen(HotSeatNegotiationScreen(seat))


class HotSeatBriefingScreen(BriefingScreen):
    """A side's own briefing, the first time it sits down; the other side is a person."""

    def __init__(self, game: HotSeatGame, seat: SeatSession):
        super().__init__(seat.setup)
        self.game = game
        self.seat = seat

    def on_mount(self) -> None:
        super().on_mount()
        brief = briefing_text(self.setup)
        them = self.setup.scenario.roles[self.setup.opponent].name
        for index, part in enumerate(brief.renderables):
            if isinstance(part, Text) and "played by the computer" in part.plain:
                you = self.setup.scenario.roles[self.setup.player].name
                brief.renderables[index] = Text.assemble(
                    "You are the ",
                    (you, "bold"),
                    ". You face the ",
                    (them, "bold"),
                    f", played by the person next to you. Seed {self.setup.seed}.",
                )
        self.query_one("#brief-text", Static).update(brief)

    def action_begin(self) -> None:
        self.app.switch_screen(HotSeatNegotiationScreen(self.seat))

    def action_back(self) -> None:
        self.app.switch_screen(PassScreen(self.game, self.seat.player))

    @on(Button.Pressed, "#begin")
    def begin_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()  # not the single-player briefing's handler
        event.stop()
        self.action_begin()

    @on(Button.Pressed, "#back")
    def back_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()
        event.stop()
        self.action_back()


class HotSeatNegotiationScreen(NegotiationScreen):
    """The ordinary negotiation screen for the side to move; after its move, the screen is
    handed over (the pass-the-keyboard screen) instead of waiting for a counterpart."""

    session: SeatSession  # a seat at the shared game, which the pass screen needs

    def after_move(self, before: GameState) -> None:
        # No counterpart answers: the other person moves next, after the handover.
        self.app.switch_screen(next_screen(self.session.game))


class HotSeatEndScreen(EndScreen):
    """Both sides' result; 'again' starts the same seed for two again."""

    session: SeatSession

    def on_mount(self) -> None:
        # No super().on_mount(): Textual calls EndScreen.on_mount itself, after this one (it
        # dispatches a message to the handler of every class in the MRO).
        for button in self.query("#debrief"):  # the debrief reads a one-person session
            button.remove()
        game = self.session.game
        if game.replay_path is not None:
            self.notify(f"Replay saved: {game.replay_path}", timeout=8)
        elif game.replay_error:
            self.notify(game.replay_error, severity="warning", timeout=10)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "debrief":
            return False
        return super().check_action(action, parameters)

    def action_again(self) -> None:
        game = self.session.game
        self.app.switch_screen(next_screen(HotSeatGame(game.setup, game.replay_folder)))

    @on(Button.Pressed, "#again")
    def again_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()
        event.stop()
        self.action_again()


def hot_seat_start(setup: Setup, replay_folder: str | None = None):
    """The first screen of a hot-seat game (for `make_app(start_screen=...)`)."""
    return lambda: next_screen(HotSeatGame(setup, replay_folder))
