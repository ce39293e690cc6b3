"""The home screen: pick a scenario, a side, an opponent and a seed; resume or revisit a game."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from attrs import evolve
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sim.ai.personas import (
    DEFAULT_DIFFICULTY,
    DEFAULT_PERSONA,
    DIFFICULTIES,
    PERSONAS,
    SCRIPTED_PERSONAS,
)
from sim.core.scenario import Scenario
from sim.record.autosave import SavedGame
from sim.tui.widgets.choice import Choice

if TYPE_CHECKING:
    from sim.tui.app import LeverageApp


class HomeScreen(Screen):
    DEFAULT_CSS = """
    #join-bar { height: 1; background: $success-muted; padding: 0 1; }
    #join-text { width: 1fr; }
    """
    BINDINGS = [
        Binding("r", "resume", "Resume"),
        Binding("j", "join", "Join"),
        Binding("y", "history", "Practice history"),
        Binding("l", "lessons", "Lessons"),
        # Enter on a set-up field (role, opponent, difficulty) opens the briefing, as on the
        # scenario list, the seed and the button (which handle enter themselves).
        Binding("enter", "start", "Briefing", show=False),
        Binding("f1,question_mark", "help", "Help", key_display="f1/?"),
        Binding("f2", "app.toggle_theme", "Theme"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        scenarios: list[Scenario],
        seed: int,
        saves: list[SavedGame],
        problems: Sequence[str] = (),
        classes: str | None = None,
    ):
        super().__init__(classes=classes)
        self.scenarios = scenarios
        self.seed = seed
        # A saved game is a replay, which names its scenario by id: the title comes from here.
        titles = {scenario.id: scenario.title for scenario in scenarios}
        self.saves = [
            evolve(saved, title=saved.title or titles.get(saved.scenario_id, "")) for saved in saves
        ]
        self.problems = list(problems)

    @property
    def game_app(self) -> LeverageApp:
        """The app, as the game's own: it starts, resumes and joins games."""
        return cast("LeverageApp", self.app)

    # -- layout --

    def compose(self) -> ComposeResult:
        yield Header()
        unfinished = self.unfinished
        if unfinished is not None:
            with Horizontal(id="resume-bar"):
                yield Static(
                    f"Unfinished: [b]{unfinished.title or unfinished.scenario_id}[/b] as {unfinished.player}, "
                    f"round {unfinished.round}, seed {unfinished.seed}",
                    id="resume-text",
                )
                yield Button("Resume (r)", id="resume", variant="success", compact=True)
        if getattr(self.app, "workshop", None) is not None:
            with Horizontal(id="join-bar"):
                yield Static(
                    "In a workshop? Join with the code your trainer gave you.", id="join-text"
                )
                yield Button("Join a workshop (j)", id="join", variant="success", compact=True)
        with Horizontal(id="home-main"):
            with Vertical(id="scenario-column"):
                yield Label("1. Choose a scenario (↑↓, enter)", classes="step")
                yield OptionList(*self.scenario_options(), id="scenarios")
            with Vertical(id="setup-column"):
                yield Label("2. Set up the game (tab, ←→)", classes="step")
                with Horizontal(classes="field"):
                    yield Label("You play", classes="field-label")
                    yield Choice(
                        self.role_options(self.scenarios[0] if self.scenarios else None), id="role"
                    )
                with Horizontal(classes="field"):
                    yield Label("Opponent", classes="field-label")
                    yield Choice(
                        # The scripted opponents are kept for tests and benchmarks, not learners.
                        [(name, name) for name in PERSONAS if name not in SCRIPTED_PERSONAS],
                        DEFAULT_PERSONA,
                        id="persona",
                    )
                with Horizontal(classes="field"):
                    yield Label("Difficulty", classes="field-label")
                    yield Choice(
                        [(name, name) for name in DIFFICULTIES], DEFAULT_DIFFICULTY, id="difficulty"
                    )
                with Horizontal(classes="field"):
                    yield Label("Seed", classes="field-label")
                    yield Input(str(self.seed), id="seed", type="integer", compact=True)
                yield Static("", id="persona-note")
                yield Button("3. Read your briefing ▶", id="start", variant="primary", compact=True)
        yield Label(
            "Recent games (enter resumes an unfinished one)", classes="step", id="recent-label"
        )
        yield OptionList(*self.recent_options(), id="recent")
        yield Footer(compact=True)

    def scenario_options(self) -> list:
        options: list = []
        for scenario in self.scenarios:
            if options:
                options.append(None)  # a separator line
            options.append(
                Option(
                    f"[b]{scenario.title}[/b]  [dim]{scenario.id}[/dim]\n{scenario.summary}",
                    id=scenario.id,
                )
            )
        return options

    @staticmethod
    def role_options(scenario: Scenario | None) -> list[tuple[str, int]]:
        if scenario is None:
            return [("—", 0)]
        return [(role.name, index) for index, role in enumerate(scenario.roles)]

    def recent_options(self) -> list[Option]:
        if not self.saves:
            return [Option("No games yet: your games are saved here as you play.", disabled=True)]
        options = []
        for saved in self.saves[:8]:
            if saved.finished and saved.outcome:
                kind = saved.outcome.get("kind", "")
                mine = saved.outcome.get("payoffs", {}).get(saved.player)
                status = (
                    f"{'deal' if kind == 'deal' else 'no deal'}, {mine:g} pts"
                    if mine is not None
                    else kind
                )
            else:
                status = f"in progress, round {saved.round}"
            options.append(
                Option(
                    f"{saved.title or saved.scenario_id} · {saved.player} · seed {saved.seed} · {status}",
                    id=saved.id,
                )
            )
        return options

    def on_mount(self) -> None:
        self.title = "Leverage"
        self.sub_title = "a negotiation game"
        scenarios = self.query_one("#scenarios", OptionList)
        if self.scenarios:
            scenarios.highlighted = 0
        scenarios.focus()
        self.scenario_highlighted()
        for problem in self.problems:
            # File names and what is wrong with them are text, not Textual markup.
            self.notify(problem, severity="warning", timeout=8, markup=False)

    @property
    def unfinished(self) -> SavedGame | None:
        return next((s for s in self.saves if not s.finished), None)

    @property
    def scenario(self) -> Scenario | None:
        option = self.query_one("#scenarios", OptionList).highlighted_option
        if option is None:
            return None
        return next((s for s in self.scenarios if s.id == option.id), None)

    # -- events --

    @on(OptionList.OptionHighlighted, "#scenarios")
    def scenario_highlighted(self) -> None:
        scenario = self.scenario
        if scenario is None:
            return
        role = self.query_one("#role", Choice)
        role.set_options(self.role_options(scenario))
        role.value = 0
        self.persona_changed()

    @on(Choice.Changed, "#persona")
    def persona_changed(self) -> None:
        persona = self.query_one("#persona", Choice).value
        self.query_one("#persona-note", Static).update(PERSONAS.get(str(persona), ""))

    @on(OptionList.OptionSelected, "#scenarios")
    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#seed")
    def action_start(self) -> None:
        scenario = self.scenario
        if scenario is None:
            return
        seed_text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(seed_text)
        except ValueError:
            self.notify("The seed is a whole number, e.g. 42.", severity="error")
            return
        if seed < 0:
            self.notify("The seed is a whole number from 0 up.", severity="error")
            return
        self.game_app.open_briefing(
            scenario,
            seed,
            int(str(self.query_one("#role", Choice).value)),
            str(self.query_one("#persona", Choice).value),
            str(self.query_one("#difficulty", Choice).value),
        )

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        saved = self.unfinished
        if saved is None:
            self.notify("There is no unfinished game to resume.")
            return
        self.game_app.resume(saved)

    @on(Button.Pressed, "#join")
    def action_join(self) -> None:
        self.game_app.join_workshop()

    @on(OptionList.OptionSelected, "#recent")
    def recent_selected(self, event: OptionList.OptionSelected) -> None:
        saved = next((s for s in self.saves if s.id == event.option.id), None)
        if saved is None:
            return
        if not saved.finished:
            self.game_app.resume(saved)
            return
        from sim.tui.screens.replay import ReplayScreen, ReplayStudy

        try:
            # Read again now: since the list was made the file may have been damaged, or the
            # scenario file a custom game was played on edited (a ReplayError ended the app).
            study = ReplayStudy.of_saved(saved)
        except ValueError as error:
            self.notify(str(error), title="Cannot open this game", severity="error", timeout=10)
            return
        self.app.push_screen(ReplayScreen(None, study=study))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "resume":
            return self.unfinished is not None
        return True

    def action_history(self) -> None:
        from sim.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_lessons(self) -> None:
        from sim.tui.screens.lessons import LessonsScreen

        self.app.push_screen(LessonsScreen())

    def action_help(self) -> None:
        from sim.tui.screens.dialogs import HelpDialog

        self.app.push_screen(HelpDialog())
