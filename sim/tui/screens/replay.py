"""The replay viewer: step through a finished game turn by turn, with everything revealed.

Both sides' private briefs, each move with what it caused and why the counterpart made it, true
and perceived leverage for both sides, and what the counterpart believed about the other side at
that turn. Keys step through turns (or click the timeline); `b` branches: a new game from this
turn with the same seed, the person taking over their side; `c` compares: a branch beside the
game it came from, any other game beside one of the same scenario and seed chosen from the
replays folder (`sim.tui.screens.compare`).

`sim.play.study.ReplayStudy` is the headless part (the game laid out turn by turn); this module
puts it into words and draws it. The screen opens from a `sim.record.replay.Replay` (`leverage
replay FILE`) or from a game on the home screen's list (a `sim.record.autosave.SavedGame`).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.ai.match import Match
from sim.core.view import RoleView
from sim.play.study import ReplayStudy
from sim.record.autosave import SavedGame, read_game
from sim.record.history import is_branch
from sim.record.paths import replays_folder
from sim.record.replay import HUMAN, Replay
from sim.tui import present


def move_lines(study: ReplayStudy, index: int) -> list[str]:
    """What happened in move `index` (nothing for 0, the start)."""
    names = [role.name for role in study.scenario.roles]
    if index == 0:
        state = study.states[0]
        lines = [f"Start of the game: round 1, {names[state.to_move]} moves first."]
        lines += [f"  {event.text}" for event in state.log]
        return lines
    turn = study.match.turns[index - 1]
    view = RoleView(study.states[index - 1], turn.actor)
    who = names[turn.actor]
    persona = study.personas[turn.actor]
    lines = [
        f"{who} ({'person' if persona == HUMAN else persona}) chose to {present.move_summary(view, turn.move)}."
    ]
    said = study.lines[index - 1]
    if said:
        lines.append(f"  “{said}”")
    for event in turn.events:
        lines.append(f"  • {event.text}")
    if turn.actor == study.perspective and persona == HUMAN:
        lines.append(study.grade_line(index))
    reasons = study.reasons[index - 1]
    if reasons:
        why = f"Why: {reasons.get('tactic', '?')}"
        if reasons.get("target") is not None:
            why += f", aiming for {present.points(float(reasons['target']))} points"
        lines.append(why)
        for note in reasons.get("notes", [])[:3]:
            lines.append(f"  – {note}")
    return lines


def leverage_lines(study: ReplayStudy, index: int) -> list[str]:
    names = [role.name for role in study.scenario.roles]
    lines = []
    for role in (0, 1):
        true = study.true[index][role]
        felt = study.perceived[index][role]
        lines.append(
            f"{names[role]}: true {present.signed(round(true, 1))}, "
            f"felt {present.signed(round(felt, 1))}"
        )
        lines.append(f"  {present.leverage_bar(true)}")
    return lines


def belief_lines(study: ReplayStudy, index: int) -> list[str]:
    """What each counterpart believed about the other side's BATNA after move `index`."""
    names = [role.name for role in study.scenario.roles]
    state = study.states[index]
    lines = []
    for role in (0, 1):
        if study.personas[role] == HUMAN:
            continue
        summary = study.belief_at(index, role)
        them = 1 - role
        truth = present.points(state.batna[them])
        if summary is None and study.keeps_no_estimate(role):
            lines.append(
                f"{names[role]} ({study.personas[role]}) keeps no estimate of the other side."
            )
            continue
        if summary is None:
            lines.append(
                f"{names[role]}: no estimate of the {names[them].lower()}'s alternative yet "
                f"(truly {truth})."
            )
            continue
        mean = summary.get("batna_mean", summary.get("mean"))
        low = summary.get("batna_low", summary.get("low"))
        high = summary.get("batna_high", summary.get("high"))
        span = (
            f" (80%: {present.points(low)}–{present.points(high)})"
            if low is not None and high is not None
            else ""
        )
        lines.append(
            f"{names[role]} thought the {names[them].lower()}'s alternative was worth "
            f"{present.points(mean) if mean is not None else '?'}{span}; truly {truth}."
        )
    return lines


def brief_lines(study: ReplayStudy) -> list[str]:
    lines = []
    state = study.states[0]
    for role_index, role in enumerate(study.scenario.roles):
        deadline = f", deadline round {role.deadline}" if role.deadline else ""
        lines.append(
            f"{role.name} — BATNA {present.points(state.batna[role_index])} points{deadline}, "
            f"delay cost {present.points(role.delay_cost)}/round"
        )
        lines.append("  " + " ".join(role.private_brief.split()))
    return lines


class Timeline(Static):
    """The game as a row of leverage marks, with a caret under the turn shown; click to jump."""

    def __init__(self, study: ReplayStudy, **kwargs):
        super().__init__(**kwargs)
        self.study = study
        self.index = 0

    def show(self, index: int) -> None:
        self.index = index
        marks = self.study.timeline_marks()
        caret = " " * index + "▲"
        self.update(Text(f"{marks}\n{caret}"))

    def on_click(self, event: events.Click) -> None:
        screen = self.screen
        if 0 <= event.x <= self.study.last and isinstance(screen, ReplayScreen):
            screen.show_turn(event.x)


class ReplayScreen(Screen):
    DEFAULT_CSS = """
    ReplayScreen #replay-where { height: 1; padding: 0 1; background: $boost; }
    ReplayScreen #replay-timeline { height: 2; margin: 0 1; }
    ReplayScreen #replay-main { height: 1fr; }
    ReplayScreen #replay-left, ReplayScreen #replay-right {
        width: 1fr; border: round $primary-muted; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("right,l", "step(1)", "Next"),
        Binding("left,h", "step(-1)", "Back"),
        Binding("home", "jump(0)", "Start", show=False),
        Binding("end", "jump(-1)", "End", show=False),
        Binding("p", "briefs", "Briefs"),
        Binding("b", "branch", "Branch"),
        Binding("c", "compare", "Compare"),
        Binding("d", "debrief", "Debrief"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(
        self,
        source: Replay | SavedGame | None,
        start_turn: int | None = None,
        study: ReplayStudy | None = None,
    ):
        super().__init__()
        if study is None:
            assert source is not None, "a replay, a saved game or a study"
            study = (
                ReplayStudy.of_replay(source)
                if isinstance(source, Replay)
                else ReplayStudy.of_saved(source)
            )
        self.study = study
        self.index = study.last if start_turn is None else max(0, min(study.last, start_turn))
        self.show_briefs = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="replay-where")
        yield Timeline(self.study, id="replay-timeline")
        with Horizontal(id="replay-main"):
            with VerticalScroll(id="replay-left"):
                yield Static(id="replay-move")
            with VerticalScroll(id="replay-right"):
                yield Static(id="replay-side")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = f"Replay: {self.study.scenario.title}"
        self.sub_title = " v ".join(
            f"{role.name} ({'you' if p == HUMAN else p})"
            for role, p in zip(self.study.scenario.roles, self.study.personas, strict=True)
        )
        self.show_turn(self.index)

    def show_turn(self, index: int) -> None:
        self.index = max(0, min(self.study.last, index))
        study = self.study
        self.query_one("#replay-where", Static).update(Text(study.header(self.index), style="bold"))
        self.query_one(Timeline).show(self.index)
        left = brief_lines(study) if self.show_briefs else move_lines(study, self.index)
        title = "Both private briefs" if self.show_briefs else "This move"
        self.query_one("#replay-move", Static).update(
            Group(Text(title, style="bold underline"), *(Text(line) for line in left))
        )
        side = [Text("Leverage (true / felt)", style="bold underline")]
        side += [Text(line) for line in leverage_lines(study, self.index)]
        side.append(Text("What the counterpart believed", style="bold underline"))
        side += [Text(line) for line in belief_lines(study, self.index)]
        state = study.states[self.index]
        if state.outcome is not None:
            side.append(Text(present.outcome_headline(state, study.perspective), style="bold"))
        self.query_one("#replay-side", Static).update(Group(*side))

    def action_step(self, delta: int) -> None:
        self.show_turn(self.index + delta)

    def action_jump(self, index: int) -> None:
        self.show_turn(self.study.last if index < 0 else index)

    def action_briefs(self) -> None:
        self.show_briefs = not self.show_briefs
        self.show_turn(self.index)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_debrief(self) -> None:
        from sim.tui.screens.debrief import DebriefScreen

        self.app.push_screen(
            DebriefScreen(self.study.match, self.study.perspective, self.study.personas)
        )

    def action_branch(self) -> None:
        """A new game from this turn, same seed: the person plays on from here."""
        if self.study.states[self.index].is_over:
            self.notify("The game is over at this turn; step back to branch from an earlier one.")
            return
        clock = getattr(self.app, "clock", None)
        stamp = clock() if clock is not None else _now()
        try:
            saved = self.study.branch(self.index, stamp)  # a game of its own, in recent games
        except OSError as error:
            self.notify(f"Cannot branch: {error.strerror or error}", severity="error")
            return
        resume = getattr(self.app, "resume", None)
        if resume is None:
            self.notify("Branching needs the game app.", severity="error")
            return
        resume(saved)

    def action_compare(self) -> None:
        """A branch beside its game; otherwise choose one of the same scenario and seed."""
        parent = self.study.parent()
        if parent is not None:
            self.compare_with(parent)
            return
        others = self.study.same_seed_games()
        if not others:
            self.notify(
                f"No other game of {self.study.scenario.id} with seed {self.study.match.game.seed} "
                f"in {replays_folder()} to compare with. Branch one with b.",
                timeout=8,
            )
            return
        from sim.tui.screens.dialogs import ChoiceDialog

        choices = [(str(path), _game_label(path)) for path in others[:9]]

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.compare_with(Path(answer))

        self.app.push_screen(
            ChoiceDialog(
                "Compare with which game?",
                choices,
                f"Games of {self.study.scenario.title}, seed {self.study.match.game.seed}, "
                "newest first",
            ),
            chosen,
        )

    def compare_with(self, path: Path) -> None:
        """Open the comparison of this game (A) with the game in `path` (B)."""
        from sim.tui.screens.compare import CompareScreen

        try:
            other = ReplayStudy.of_replay(read_game(path))
            comparison = self.study.compared_with(other)
        except ValueError as error:  # a damaged file, a missing scenario, another scenario
            self.notify(f"Cannot compare: {error}", severity="error", timeout=10)
            return
        self.app.push_screen(CompareScreen(self.study, other, comparison))


def _game_label(path: Path) -> str:
    """A game in the chooser: its file, how far it went, and whether it is a branch."""
    try:
        replay = read_game(path)
    except ValueError:
        return path.stem
    end = replay.end
    how = f"{end.kind}, round {end.round}" if end is not None else "unfinished"
    branch = " · a branch" if is_branch(path) else ""
    return f"{path.stem} · {len(replay.turns)} moves, {how}{branch}"


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


# -- `leverage replay FILE` ---------------------------------------------------------------------


def make_viewer_app(
    replay: Replay,
    start_turn: int | None = None,
    clock=None,
    study: ReplayStudy | None = None,
    compare_with: Path | None = None,
):
    """The game app opened on the replay viewer (home underneath, so a branch plays on); with
    `compare_with`, the comparison with that game on top of it."""
    from sim.tui import app as app_module
    from sim.tui.app import LeverageApp

    class ReplayApp(LeverageApp):
        # Textual finds CSS next to the module defining the class: point it at the app's.
        CSS_PATH = str(Path(app_module.__file__).with_name(LeverageApp.CSS_PATH))

        def on_mount(self) -> None:
            # Textual runs LeverageApp.on_mount too (it pushes home): the viewer goes on top.
            viewer = ReplayScreen(replay, start_turn, study)
            self.call_later(self.push_screen, viewer)
            if compare_with is not None:
                self.call_later(viewer.compare_with, compare_with)

    return ReplayApp(seed=replay.header.seed, clock=clock)


def run_viewer(replay: Replay, match: Match | None = None, start_turn: int | None = None) -> int:
    app = make_viewer_app(replay, start_turn)
    app.run()
    return app.return_code or 0
