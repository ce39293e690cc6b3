"""The end of a game: deal or no deal, your points against your BATNA and theirs, what they
believed about your BATNA as the game went, and where to go next."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from sim.play.session import GameSession
from sim.tui import present

if TYPE_CHECKING:
    from sim.tui.app import LeverageApp


def end_text(session: GameSession) -> Group:
    state = session.state
    outcome = state.final_outcome
    me, them = session.player, 1 - session.player
    roles = state.scenario.roles
    parts: list = [Text(present.outcome_headline(state, me), style="bold")]
    turns = session.match.turns
    if turns and turns[-1].actor != me:
        # The counterpart's last move ended the game (after your break, say): show it, since the
        # negotiation screen is gone before you could read it.
        names = (roles[0].name, roles[1].name)
        for line in present.conversation(turns[-1:], me, names):
            if line.who == "theirs":  # (the game's own line repeats the headline and terms)
                parts.append(Text(f"R{line.round} ‹ {line.text}", style="italic"))
    if outcome.package is not None:
        view = session.view()
        parts.append(Text("Agreed: " + present.package_text(view, outcome.package)))
    table = Table(box=None, padding=(0, 2), header_style="bold")
    table.add_column("")
    table.add_column(f"You ({roles[me].name})", justify="right")
    table.add_column(f"Them ({roles[them].name})", justify="right")
    table.add_row(
        "Final points",
        present.points(round(outcome.payoffs[me], 1)),
        present.points(round(outcome.payoffs[them], 1)),
    )
    table.add_row(
        "BATNA (no deal)", present.points(state.batna[me]), present.points(state.batna[them])
    )
    table.add_row(
        "Over BATNA",
        present.signed(round(outcome.payoffs[me] - state.batna[me], 1)),
        present.signed(round(outcome.payoffs[them] - state.batna[them], 1)),
    )
    parts.append(table)
    if outcome.is_deal:
        gain = outcome.payoffs[me] - state.batna[me]
        verdict = (
            "You beat your alternative."
            if gain > 0
            else "This deal left you no better than walking away."
        )
        parts.append(Text(verdict))
    # A practice history that is damaged or locked never stops a game, but the player should
    # hear of it here, where the game ends, not only if they open the debrief.
    if session.record_notice:
        parts.append(Text(f"⚠ {session.record_notice}", style="bold yellow"))
    parts.append(Text("\nWhat they believed about your BATNA", style="bold underline"))
    # Events can move your alternative mid-game: say how it went, not only where it ended.
    batna_by_round = [(1, session.match.game.initial_state().batna[me])] + [
        (turn.state.round, turn.state.batna[me]) for turn in turns
    ]
    for belief_line in present.belief_lines(session.beliefs, state.batna[me], batna_by_round):
        parts.append(Text(belief_line))
    return Group(*parts)


class EndScreen(Screen):
    BINDINGS = [
        Binding("g", "again", "Same seed again"),
        Binding("h", "home", "Home"),
        Binding("d", "debrief", "Debrief"),
        Binding("l", "lessons", "Lessons"),
    ]

    def __init__(self, session: GameSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="end"):
            from sim.tui.screens.lessons import lesson_verdict  # whether a lesson's goal was met

            verdict = lesson_verdict(self.session)
            if verdict is not None:
                yield verdict
            yield Static(end_text(self.session), id="end-text")
        with Horizontal(id="end-buttons"):
            yield Button("Debrief (d)", id="debrief", variant="primary", compact=True)
            yield Button(
                "Play the same seed again (g)", id="again", variant="success", compact=True
            )
            yield Button("Home (h)", id="home", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Game over"
        self.sub_title = f"{self.session.scenario.title} · seed {self.session.setup.seed}"
        self.query_one("#again", Button).focus()

    @on(Button.Pressed, "#again")
    def action_again(self) -> None:
        cast("LeverageApp", self.app).play_again(self.session.setup)

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        cast("LeverageApp", self.app).go_home()

    def action_lessons(self) -> None:
        from sim.tui.screens.lessons import LessonsScreen

        cast("LeverageApp", self.app).go_home()
        self.app.push_screen(LessonsScreen())

    @on(Button.Pressed, "#debrief")
    def action_debrief(self) -> None:
        from sim.tui.screens.debrief import DebriefScreen

        self.app.push_screen(DebriefScreen(self.session))
