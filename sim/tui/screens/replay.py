"""The replay viewer: step through a finished game turn by turn, with everything revealed.

Both sides' private briefs, each move with what it caused and why the counterpart made it, true
and perceived leverage for both sides, and what the counterpart believed about the other side at
that turn. Keys step through turns (or click the timeline); `b` branches: a new game from this
turn with the same seed, the person taking over their side.

`ReplayStudy` is the headless part (what the screen shows, turn by turn); `ReplayScreen` draws
it. The screen opens from a `sim.record.replay.Replay` (`leverage replay FILE`) or from a saved
game on the home screen (a `sim.record.autosave.SavedGame`, through `sim.tui.hooks`).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.ai.match import Match
from sim.core.scenario import Scenario
from sim.core.state import GameState
from sim.core.view import RoleView
from sim.record.replay import HUMAN, Replay, ReplayError, fold, rebuild
from sim.tui import present

SPARKS = "▁▂▃▄▅▆▇█"


class ReplayStudy:
    """A recorded game laid out for study: states, leverage, beliefs and words, by turn index
    (0 is before the first move, i after move i)."""

    def __init__(
        self,
        match: Match,
        personas: tuple[str, str],
        beliefs: list[dict[int, dict]] | None = None,
        reasons: list[dict | None] | None = None,
        lines: list[str | None] | None = None,
        source: Replay | Any | None = None,
    ):
        self.match = match
        self.scenario: Scenario = match.game.scenario
        self.personas = personas
        self.states: list[GameState] = [match.game.initial_state(), *(t.state for t in match.turns)]
        self.beliefs = beliefs
        self.reasons = reasons or [
            t.choice.reasons.to_dict() if t.choice is not None else None for t in match.turns
        ]
        self.lines = lines or [t.choice.line if t.choice is not None else None for t in match.turns]
        self.source = source
        humans = [r for r in (0, 1) if personas[r] == HUMAN]
        self.perspective = humans[0] if humans else 0
        self.true, self.perceived, self.measure = self._leverage()
        self._grades: dict[int, str] = {}

    # -- building one --

    @classmethod
    def of_replay(cls, replay: Replay, scenario: Scenario | None = None) -> ReplayStudy:
        """Re-run the counterparts to see what they believed at each turn; if the file no longer
        re-runs (the AI changed since), fold the moves and show the recorded reasons."""
        personas = tuple(p.persona for p in replay.header.players)
        beliefs: list[dict[int, dict]] = [{}]

        def note(match: Match, turn) -> None:
            beliefs.append(_beliefs_of(match))

        try:
            match = rebuild(replay, scenario, on_turn=note)
        except ReplayError:
            match = fold(replay, scenario)
            beliefs = None
        return cls(
            match,
            (personas[0], personas[1]),
            beliefs,
            [t.reasons for t in replay.turns],
            [t.line for t in replay.turns],
            replay,
        )

    @classmethod
    def of_saved(cls, saved) -> ReplayStudy:
        """A saved game from the home screen: its replay file when there is one, else its moves."""
        from sim.record import autosave
        from sim.record.replay import read_replay
        from sim.tui.records import replay_path_for
        from sim.tui.session import load_saved_scenario

        scenario = load_saved_scenario(saved)
        path = replay_path_for(saved.id)
        if path.is_file():
            try:
                return cls.of_replay(read_replay(path), scenario)
            except ReplayError:
                pass
        beliefs: list[dict[int, dict]] = [{}]

        def note(match: Match, turn) -> None:
            beliefs.append(_beliefs_of(match))

        match = autosave.rebuild_match(saved, scenario, on_turn=note)
        player = scenario.role_index(saved.player)
        personas = [saved.persona, saved.persona]
        personas[player] = HUMAN
        return cls(match, (personas[0], personas[1]), beliefs, source=saved)

    # -- reading it --

    @property
    def last(self) -> int:
        return len(self.states) - 1

    def _leverage(self):
        from sim.core.leverage import LeverageTimeline

        timeline = LeverageTimeline.of(self.states)
        true = [
            [timeline.assessments[i].true[r].value for r in (0, 1)] for i in range(len(self.states))
        ]
        felt = [
            [timeline.assessments[i].perceived[r].value for r in (0, 1)]
            for i in range(len(self.states))
        ]
        return true, felt, "model"

    def timeline_marks(self, role: int | None = None) -> str:
        """One mark per state: the role's true leverage, scaled to this game's range (at least
        20 points wide) so that its turning points show."""
        role = self.perspective if role is None else role
        series = [values[role] for values in self.true]
        low, high = min(series), max(series)
        if high - low < 20:
            middle = (high + low) / 2
            low, high = middle - 10, middle + 10
        marks = []
        for value in series:
            level = (value - low) / (high - low)
            marks.append(SPARKS[min(len(SPARKS) - 1, max(0, int(level * len(SPARKS))))])
        return "".join(marks)

    def move_lines(self, index: int) -> list[str]:
        """What happened in move `index` (nothing for 0, the start)."""
        names = [role.name for role in self.scenario.roles]
        if index == 0:
            state = self.states[0]
            lines = [f"Start of the game: round 1, {names[state.to_move]} moves first."]
            lines += [f"  {event.text}" for event in state.log]
            return lines
        turn = self.match.turns[index - 1]
        view = RoleView(self.states[index - 1], turn.actor)
        who = names[turn.actor]
        persona = self.personas[turn.actor]
        lines = [
            f"{who} ({'person' if persona == HUMAN else persona}) chose to {present.move_summary(view, turn.move)}."
        ]
        said = self.lines[index - 1]
        if said:
            lines.append(f"  “{said}”")
        for event in turn.events:
            lines.append(f"  • {event.text}")
        if turn.actor == self.perspective and self.personas[turn.actor] == HUMAN:
            lines.append(self.grade_line(index))
        reasons = self.reasons[index - 1]
        if reasons:
            why = f"Why: {reasons.get('tactic', '?')}"
            if reasons.get("target") is not None:
                why += f", aiming for {present.points(float(reasons['target']))} points"
            lines.append(why)
            for note in reasons.get("notes", [])[:3]:
                lines.append(f"  – {note}")
        return lines

    def grade_line(self, index: int) -> str:
        """The person's move `index` graded like a chess engine's (computed once, on demand)."""
        from sim.analysis.grades import grade_line

        if index not in self._grades:
            difficulty = getattr(getattr(self.source, "header", self.source), "difficulty", None)
            self._grades[index] = grade_line(
                self.match, index, self.personas, difficulty or "normal"
            )
        return self._grades[index]

    def leverage_lines(self, index: int) -> list[str]:
        names = [role.name for role in self.scenario.roles]
        lines = []
        for role in (0, 1):
            true = self.true[index][role]
            text = f"{names[role]}: true {present.signed(round(true, 1))}"
            if self.perceived is not None:
                text += f", felt {present.signed(round(self.perceived[index][role], 1))}"
            lines.append(text)
            lines.append(f"  {present.leverage_bar(true)}")
        if self.measure == "stand-in":
            lines.append("(stand-in measure: the leverage model is not available)")
        return lines

    def belief_lines(self, index: int) -> list[str]:
        """What each counterpart believed about the other side's BATNA after move `index`."""
        names = [role.name for role in self.scenario.roles]
        state = self.states[index]
        lines = []
        for role in (0, 1):
            if self.personas[role] == HUMAN:
                continue
            summary = self._belief_at(index, role)
            them = 1 - role
            truth = present.points(state.batna[them])
            if (
                summary is None
                and self.beliefs is not None
                and not any(role in b for b in self.beliefs)
            ):
                lines.append(
                    f"{names[role]} ({self.personas[role]}) keeps no estimate of the other side."
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

    def _belief_at(self, index: int, role: int) -> dict | None:
        if self.beliefs is not None:
            for i in range(min(index, len(self.beliefs) - 1), -1, -1):
                if role in self.beliefs[i]:
                    return self.beliefs[i][role]
            return None
        for i in range(index, 0, -1):  # folded: the reasons the file recorded
            reasons = self.reasons[i - 1]
            if (
                self.match.turns[i - 1].actor == role
                and reasons
                and isinstance(reasons.get("belief"), dict)
            ):
                return reasons["belief"]
        return None

    def brief_lines(self) -> list[str]:
        lines = []
        state = self.states[0]
        for role_index, role in enumerate(self.scenario.roles):
            deadline = f", deadline round {role.deadline}" if role.deadline else ""
            lines.append(
                f"{role.name} — BATNA {present.points(state.batna[role_index])} points{deadline}, "
                f"delay cost {present.points(role.delay_cost)}/round"
            )
            lines.append("  " + " ".join(role.private_brief.split()))
        return lines

    def header(self, index: int) -> str:
        seed = self.match.game.seed
        if index == 0:
            return f"Before the first move of {self.last} · round 1 · seed {seed}"
        # The state shown is after the move, which may already be the next round: name the
        # round the move was made in.
        played_in = self.match.turns[index - 1].round
        return f"Turn {index} of {self.last}, made in round {played_in} · seed {seed}"

    def branch_save(self, index: int, stamp: str):
        """A saved game holding the first `index` moves, the person on their side: resuming it
        is the branch (same seed, same chance, the counterpart re-run to that turn)."""
        from attrs import evolve

        from sim.record import autosave
        from sim.record.autosave import SavedGame, SavedMove

        player = self.perspective
        opponent = 1 - player
        persona = self.personas[opponent]
        if persona == HUMAN:
            persona = self.personas[player] if self.personas[player] != HUMAN else "linear"
        roles = self.scenario.role_ids
        moves = tuple(
            SavedMove(roles[turn.actor], turn.round, turn.move.to_dict(), self.lines[i] or "")
            for i, turn in enumerate(self.match.turns[:index])
        )
        header = getattr(self.source, "header", None)
        difficulty = (
            header.difficulty
            if header is not None
            else getattr(self.source, "difficulty", "normal")
        )
        saved = SavedGame(
            id=autosave.new_save_id(self.scenario.id, self.match.game.seed, stamp) + f"-b{index}",
            scenario_id=self.scenario.id,
            scenario_source=self.scenario.source,
            scenario_digest=self.scenario.digest,
            title=self.scenario.title,
            seed=self.match.game.seed,
            player=roles[player],
            persona=persona,
            difficulty=difficulty,
            updated=stamp,
        )
        return evolve(saved, moves=moves)


def _beliefs_of(match: Match) -> dict[int, dict]:
    out = {}
    for role, counterpart in enumerate(match.counterparts):
        if counterpart is None:
            continue
        summary = counterpart.belief_summary()
        if summary is not None:
            out[role] = {key: float(value) for key, value in summary.items()}
    return out


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
        if 0 <= event.x <= self.study.last:
            self.screen.show_turn(event.x)


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
        Binding("d", "debrief", "Debrief"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, source, start_turn: int | None = None, study: ReplayStudy | None = None):
        super().__init__()
        if study is None:
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
        left = study.brief_lines() if self.show_briefs else study.move_lines(self.index)
        title = "Both private briefs" if self.show_briefs else "This move"
        self.query_one("#replay-move", Static).update(
            Group(Text(title, style="bold underline"), *(Text(line) for line in left))
        )
        side = [Text("Leverage (true / felt)", style="bold underline")]
        side += [Text(line) for line in study.leverage_lines(self.index)]
        side.append(Text("What the counterpart believed", style="bold underline"))
        side += [Text(line) for line in study.belief_lines(self.index)]
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
        saved = self.study.branch_save(self.index, stamp)
        try:
            from sim.record.autosave import write_save

            write_save(saved)  # the branch is a game of its own: it shows in recent games
        except OSError as error:
            self.notify(f"The branch will not be saved: {error}", severity="warning")
        resume = getattr(self.app, "resume", None)
        if resume is None:
            self.notify("Branching needs the game app.", severity="error")
            return
        resume(saved)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


# -- `leverage replay FILE` ---------------------------------------------------------------------


def make_viewer_app(
    replay: Replay, start_turn: int | None = None, clock=None, study: ReplayStudy | None = None
):
    """The game app opened on the replay viewer (home underneath, so a branch plays on)."""
    from pathlib import Path

    from sim.tui import app as app_module
    from sim.tui.app import LeverageApp

    class ReplayApp(LeverageApp):
        # Textual finds CSS next to the module defining the class: point it at the app's.
        CSS_PATH = str(Path(app_module.__file__).with_name(LeverageApp.CSS_PATH))

        def on_mount(self) -> None:
            # Textual runs LeverageApp.on_mount too (it pushes home): the viewer goes on top.
            self.call_later(self.push_screen, ReplayScreen(replay, start_turn, study))

    return ReplayApp(seed=replay.header.seed, clock=clock)


def run_viewer(replay: Replay, match: Match | None = None, start_turn: int | None = None) -> int:
    app = make_viewer_app(replay, start_turn)
    app.run()
    return app.return_code or 0
