"""The briefing: your private brief, the issues with your points, your BATNA, deadline and cost of
delay, the facts you hold, the benchmarks, and who you face — read before the first move."""

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

from sim.ai.personas import PERSONAS
from sim.play.session import Setup
from sim.tui.present import plural, points

if TYPE_CHECKING:
    from sim.tui.app import LeverageApp


def _numbers_table(setup: Setup) -> Table:
    """Your BATNA, deadline and cost of delay."""
    scenario = setup.scenario
    game = setup.game()
    me = scenario.roles[setup.player]
    numbers = Table.grid(padding=(0, 2))
    numbers.add_column(style="bold")
    numbers.add_column()
    numbers.add_row(
        "Your BATNA", f"{plural(game.batna[setup.player], 'point')} — what you get with no deal"
    )
    last = scenario.max_rounds
    deadline = me.deadline
    numbers.add_row(
        "Your deadline",
        f"end of round {deadline}"
        if deadline is not None
        else f"none of your own; the game ends after round {last}",
    )
    numbers.add_row(
        "Cost of delay", f"{plural(me.delay_cost, 'point')} off any deal for each round that passes"
    )
    return numbers


def _issues_table(setup: Setup) -> Table:
    """Each issue with its options and what each is worth to you."""
    scenario = setup.scenario
    issues = Table(box=None, padding=(0, 1), show_header=True, header_style="bold", expand=True)
    issues.add_column("Issue", ratio=1, no_wrap=False)
    issues.add_column("Options (your points)", ratio=3)
    for issue in scenario.issues:
        options = Text()
        for index, option in enumerate(issue.options):
            if index:
                options.append(" · ")
            options.append(option.label)
            options.append(f" {points(option.points[setup.player])}", style="bold")
        issues.add_row(issue.name, options)
    return issues


def briefing_text(setup: Setup) -> Group:
    scenario = setup.scenario
    me = scenario.roles[setup.player]
    them = scenario.roles[setup.opponent]
    parts: list = []
    parts.append(Text.assemble((f"{scenario.title}", "bold"), f" — {scenario.summary}"))
    parts.append(
        Text.assemble(
            "You are the ",
            (me.name, "bold"),
            ". You face the ",
            (them.name, "bold"),
            f", played by the computer: {setup.persona} ({PERSONAS.get(setup.persona, '')}), "
            f"difficulty {setup.difficulty}. Seed {setup.seed}.",
        )
    )
    parts.append(Text("\nYour position", style="bold underline"))
    parts.append(Text(me.public_brief))
    parts.append(Text("\nYour private brief (they cannot see this)", style="bold underline"))
    parts.append(Text(me.private_brief))

    parts.append(Text("\nYour numbers", style="bold underline"))
    parts.append(_numbers_table(setup))

    parts.append(Text("\nThe issues, and your points for each option", style="bold underline"))
    parts.append(_issues_table(setup))

    facts = scenario.facts_of(setup.player)
    if facts:
        parts.append(
            Text("\nFacts you hold (you may disclose them, or not)", style="bold underline")
        )
        for index in facts:
            parts.append(Text(f"• {scenario.facts[index].text}"))
    if scenario.benchmarks:
        parts.append(Text("\nPublic benchmarks either side can cite", style="bold underline"))
        for benchmark in scenario.benchmarks:
            parts.append(Text(f"• {benchmark.name}: {benchmark.text}"))
    parts.append(Text("\nWho you face", style="bold underline"))
    parts.append(Text(them.public_brief))
    if them.delay_cost:
        parts.append(
            Text(f"Their cost of delay is public: {plural(them.delay_cost, 'point')} a round.")
        )
    parts.append(
        Text(
            "\nHow a turn works: build an offer with the arrow keys and press p to propose it; "
            "a accepts their offer; f1 shows every key.",
            style="italic",
        )
    )
    return Group(*parts)


class BriefingScreen(Screen):
    BINDINGS = [
        Binding("enter", "begin", "Start negotiating"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, setup: Setup):
        super().__init__()
        self.setup = setup

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief"):
            yield Static(briefing_text(self.setup), id="brief-text")
        with Horizontal(id="brief-buttons"):
            yield Button("Start negotiating (enter)", id="begin", variant="primary", compact=True)
            yield Button("Back (esc)", id="back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Briefing"
        self.sub_title = (
            f"{self.setup.scenario.title} · {self.setup.scenario.roles[self.setup.player].name}"
        )
        self.query_one("#brief").focus()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        cast("LeverageApp", self.app).begin(self.setup)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()
