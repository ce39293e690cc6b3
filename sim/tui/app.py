"""The Textual app: screens, navigation between them, the size guard and the theme.

`make_app` builds the app for both the command line and the tests (Posting's one-factory
pattern); `run_app` runs it. Screens ask the app to move on (`open_briefing`, `begin`, `resume`,
`play_again`, `go_home`); the app owns which screen shows and nothing else.
"""

from __future__ import annotations

import gc
import secrets
from collections.abc import Callable

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from sim.core.scenario import Scenario
from sim.tui.screens.too_small import TooSmallScreen, fits

DARK, LIGHT = "textual-dark", "textual-light"


def freeze_startup_objects() -> None:
    """Everything imported by now (Textual, Rich, the game's modules: some 50,000 objects) lives
    as long as the process. Frozen (`gc.freeze`), Python's cycle collector stops walking all of it
    on every full pass: about 30 ms less while the first screen is built, shorter pauses when a
    full pass runs during play, and a quicker exit. Once per process: a test run builds many apps,
    and the garbage of earlier ones must stay collectable."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


_frozen = False


class LeverageApp(App):
    CSS_PATH = "leverage.tcss"
    TITLE = "Leverage"
    # Screens get -wide / -tall classes on large terminals and spread out (see leverage.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-normal"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = [
        Binding("f2", "toggle_theme", "Theme", show=False),
        # A priority binding: it works while a dialog (a modal screen) is open too, as the help
        # says ("anywhere").
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        setup=None,
        seed: int | None = None,
        clock: Callable[[], str] | None = None,
        theme: str = DARK,
        workshop: str | None = None,
        start_screen: Callable[[], Screen] | None = None,
    ):
        super().__init__()
        self.start_setup = setup
        # Where every finished game's replay lands (a workshop's folder; `leverage serve`), and
        # a screen to open first instead of a briefing (the hot-seat game).
        self.workshop = workshop
        self.start_screen = start_screen
        self.default_seed = secrets.randbelow(100_000) if seed is None else seed
        self.clock = clock
        self.theme = theme

    # -- screens --

    def on_mount(self) -> None:
        freeze_startup_objects()
        self.push_screen(self.home_screen())
        if self.start_screen is not None:
            self.push_screen(self.start_screen())
        elif self.start_setup is not None:
            from sim.tui.screens.briefing import BriefingScreen

            self.push_screen(BriefingScreen(self.start_setup))
        self.check_size()

    def home_screen(self):
        from sim.core.catalogue import shipped_folder
        from sim.core.errors import ScenarioError
        from sim.core.scenario import load_scenario
        from sim.record.autosave import convert_legacy_saves, recent_saves
        from sim.tui.screens.home import HomeScreen

        scenarios, problems = [], []
        for path in sorted(shipped_folder().glob("*.toml")):
            try:
                scenarios.append(load_scenario(path))
            except ScenarioError as error:
                problems.append(error.problems[0])
        problems += convert_legacy_saves()  # saves from before the save became the replay
        saves = recent_saves(problems=problems)  # a damaged save is named, not hidden
        return HomeScreen(
            scenarios,
            self.default_seed,
            saves,
            problems,
            classes=self.breakpoint_classes(),
        )

    def breakpoint_classes(self) -> str:
        """The -normal/-wide and -short/-tall classes a screen gets at this size. A screen built
        with them is not styled a second time when Textual adds them on its first resize."""
        width, height = self.size
        return " ".join(
            max((at, name) for at, name in breakpoints if size >= at)[1]
            for breakpoints, size in (
                (self.HORIZONTAL_BREAKPOINTS, width),
                (self.VERTICAL_BREAKPOINTS, height),
            )
        )

    def open_briefing(
        self, scenario: Scenario, seed: int, role: int, persona: str, difficulty: str
    ) -> None:
        from sim.play.session import Setup
        from sim.tui.screens.briefing import BriefingScreen

        self.default_seed = seed
        self.push_screen(
            BriefingScreen(
                Setup(scenario, seed, role, persona, difficulty, replay_folder=self.workshop)
            )
        )

    def join_workshop(self) -> None:
        """Ask for a workshop pack's code (or file) and the participant's name."""
        from sim.tui.screens.join import JoinScreen

        self.push_screen(JoinScreen(self.workshop))

    def begin(self, setup) -> None:
        from sim.play.session import PlaySession
        from sim.tui.screens.negotiation import NegotiationScreen

        session = PlaySession.start(setup, **self._clock())
        if session.is_over:  # a counterpart that walks out at once
            from sim.tui.screens.end import EndScreen

            self.switch_screen(EndScreen(session))
        else:
            self.switch_screen(NegotiationScreen(session))

    def resume(self, saved) -> None:
        from sim.play.session import PlaySession
        from sim.tui.screens.end import EndScreen
        from sim.tui.screens.negotiation import NegotiationScreen

        try:
            session = PlaySession.resume(saved, **self._clock())
        except ValueError as error:
            self.notify(str(error), title="Cannot resume", severity="error", timeout=10)
            return
        self.push_screen(EndScreen(session) if session.is_over else NegotiationScreen(session))

    def play_again(self, setup) -> None:
        from sim.tui.screens.briefing import BriefingScreen

        self.switch_screen(BriefingScreen(setup))

    def go_home(self) -> None:
        from sim.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.switch_screen(self.home_screen())

    def _clock(self) -> dict:
        return {} if self.clock is None else {"clock": self.clock}

    # -- the command palette: the screen's own commands as well as the app's --

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    # -- size and theme --

    def on_resize(self, event) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = isinstance(self.screen, TooSmallScreen)
        if not fits(width, height):
            if not too_small:
                self.push_screen(TooSmallScreen())
        elif too_small:
            self.pop_screen()

    def action_command_palette(self) -> None:
        """The palette, unless one is open already: under the too-small notice (a palette opened,
        then the terminal shrunk) ctrl+p opened a second, and two palettes share one widget id,
        which ended the game with a DuplicateIds traceback."""
        from textual.command import CommandPalette

        if any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            return
        super().action_command_palette()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK


def make_app(
    setup=None,
    seed: int | None = None,
    clock: Callable[[], str] | None = None,
    theme: str = DARK,
    workshop: str | None = None,
    start_screen: Callable[[], Screen] | None = None,
) -> LeverageApp:
    """The app as the command line and the tests build it. `setup` (a `sim.play.Setup`)
    opens straight on that game's briefing; `clock` fixes the time stamps saves carry;
    `workshop` is the folder finished games' replays land in; `start_screen` opens first."""
    return LeverageApp(
        setup=setup,
        seed=seed,
        clock=clock,
        theme=theme,
        workshop=workshop,
        start_screen=start_screen,
    )


def run_app(
    argv: list[str] | None = None,
    *,
    setup=None,
    seed: int | None = None,
    workshop: str | None = None,
    start_screen: Callable[[], Screen] | None = None,
) -> int:
    """Run the game in this terminal; the exit status for `leverage`."""
    app = make_app(setup=setup, seed=seed, workshop=workshop, start_screen=start_screen)
    app.run()
    return app.return_code or 0
