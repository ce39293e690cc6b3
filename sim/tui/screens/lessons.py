"""The lessons screen: the practice path with locked, open and passed marks, each lesson's primer
and goal, and Enter to play it — plus the verdict a lesson game's end screen shows.

A lesson is an ordinary game with a fixed setup, so it goes through the same briefing,
negotiation and end screens as any game; the end screen asks `lesson_verdict` whether the game
it shows was a lesson's, which judges it (`sim.analysis.lessons`) and notes it in the practice
history (`sim.record.lesson_progress`). The path is `sim.analysis.lesson_path.active_path_file`:
a trainer's `lessons.toml` in the data folder, else the shipped one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from sim.ai.personas import PERSONAS
from sim.analysis.lesson_path import (
    LOCKED,
    PASSED,
    LessonPath,
    LessonPathError,
    LessonResult,
    LessonStanding,
    active_path_file,
    finish_lesson_game,
    load_path,
    standings,
)
from sim.play.session import GameSession, PlaySession
from sim.record.lesson_progress import LessonProgressError, progress

if TYPE_CHECKING:
    from sim.tui.app import LeverageApp

MARKS = {"passed": "✓", "open": "▶", "locked": "🔒"}


def load_active_path() -> tuple[LessonPath | None, list[str]]:
    """The path the game offers, or the problems that keep it from loading."""
    try:
        return load_path(active_path_file()), []
    except LessonPathError as error:
        return None, error.problems


def path_standings(path: LessonPath) -> tuple[list[LessonStanding], str | None]:
    """Each lesson's status; a progress database that cannot be read leaves only the first open
    and says why (play goes on)."""
    try:
        records: dict[str, Any] = dict(progress(path.id))
        notice = None
    except LessonProgressError as error:
        records, notice = {}, f"Progress cannot be read right now: {error}"
    return standings(path, records), notice


def lesson_text(row: LessonStanding, number: int) -> Group:
    lesson = row.lesson
    role = lesson.scenario.roles[lesson.role]
    them = lesson.scenario.roles[1 - lesson.role]
    parts: list = [
        Text.assemble((f"Lesson {number}: {lesson.title}", "bold"), f"  ·  {lesson.teaches}"),
        Text(
            f"{lesson.scenario.title}: you are the {role.name}, facing the {them.name}, played "
            f"by the {lesson.persona} ({PERSONAS.get(lesson.persona, '').rstrip('.').lower()}); "
            f"{lesson.difficulty}, seed {lesson.seed}.",
            style="dim",
        ),
        Text(""),
        Text(lesson.primer),
        Text("\nGoal", style="bold underline"),
    ]
    parts.extend(Text(f"• {goal.wording()}") for goal in lesson.goals)
    if row.status == LOCKED:
        parts.append(Text("\n🔒 Pass the lesson before this one to open it.", style="bold"))
    elif row.status == PASSED:
        parts.append(Text(f"\n✓ Passed. {row.last_why or ''}", style="bold green"))
        parts.append(Text("Enter plays it again.", style="dim"))
    else:
        if row.attempts:
            parts.append(Text(f"\nLast try: {row.last_why}", style="yellow"))
        parts.append(Text("\nEnter: read the briefing and play.", style="bold"))
    return Group(*parts)


class LessonsScreen(Screen):
    DEFAULT_CSS = """
    LessonsScreen #lessons-main { height: 1fr; }
    LessonsScreen #lesson-list { width: 38; height: 1fr; }
    LessonsScreen #lesson-detail { width: 1fr; height: 1fr; border: round $primary-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "play", "Play lesson", show=True),
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.path, self.problems = load_active_path()
        self.rows: list[LessonStanding] = []
        self.notice: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lessons-main"):
            yield OptionList(id="lesson-list")
            with VerticalScroll(id="lesson-detail"):
                yield Static("", id="lesson-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Lessons"
        self.refresh_path()
        self.query_one("#lesson-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_path()  # back from a lesson game: the next one may have opened

    def refresh_path(self) -> None:
        listing = self.query_one("#lesson-list", OptionList)
        if self.path is None:
            listing.clear_options()
            self.query_one("#lesson-text", Static).update(
                Text("The lesson path cannot be loaded:\n\n" + "\n".join(self.problems))
            )
            return
        self.rows, self.notice = path_standings(self.path)
        passed = sum(1 for row in self.rows if row.status == PASSED)
        self.sub_title = f"{self.path.title} · {passed} of {len(self.rows)} passed"
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options(
            Option(
                f"{MARKS[row.status]} {number}. {row.lesson.title}",
                id=row.lesson.id,
            )
            for number, row in enumerate(self.rows, 1)
        )
        # Land on the first lesson still to pass, the way a course picks up where you left off.
        first_open = next((i for i, row in enumerate(self.rows) if row.status == "open"), 0)
        listing.highlighted = keep if keep is not None else first_open
        self.show_lesson()
        if self.notice:
            self.notify(self.notice, severity="warning", timeout=8)

    @property
    def current(self) -> tuple[int, LessonStanding] | None:
        index = self.query_one("#lesson-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return index, self.rows[index]

    @on(OptionList.OptionHighlighted, "#lesson-list")
    def show_lesson(self) -> None:
        current = self.current
        if current is not None:
            index, row = current
            self.query_one("#lesson-text", Static).update(lesson_text(row, index + 1))

    @on(OptionList.OptionSelected, "#lesson-list")
    def action_play(self) -> None:
        current = self.current
        if current is None:
            return
        index, row = current
        if row.status == LOCKED:
            self.notify(f"Lesson {index + 1} opens once you pass lesson {index}.", title="Locked")
            return
        lesson = row.lesson
        # The briefing is the ordinary one; the goal travels with it as a note.
        goals = " ".join(goal.wording() for goal in lesson.goals)
        self.notify(goals, title=f"Lesson {index + 1}: {lesson.title}", timeout=12)
        cast("LeverageApp", self.app).open_briefing(
            lesson.scenario, lesson.seed, lesson.role, lesson.persona, lesson.difficulty
        )

    def action_close(self) -> None:
        self.app.pop_screen()


# -- the end of a lesson game ---------------------------------------------------------------------


def lesson_result(session: GameSession) -> LessonResult | None:
    """If the finished game `session` shows is a lesson's, its verdict (noted in the practice
    history once per game); None for any other game or when the path cannot be loaded."""
    # A hot-seat seat (two people, no save of one person's) or a session that saves nothing
    # (no `saved`) is never a lesson.
    if not isinstance(session, PlaySession) or not session.is_over:
        return None
    if session.saved is None or session.counterpart is None:
        return None
    path, _ = load_active_path()
    if path is None:
        return None
    setup = session.setup
    return finish_lesson_game(
        path,
        session.match,
        setup.player,
        setup.persona,
        setup.difficulty,
        session.saved.id,
        session.clock(),
    )


def verdict_text(result: LessonResult) -> Group:
    lesson = result.lesson
    parts: list = []
    if result.passed:
        parts.append(Text(f"✓ Lesson passed: {lesson.title}", style="bold green"))
    else:
        parts.append(Text(f"✗ Lesson not passed yet: {lesson.title}", style="bold red"))
    for verdict in result.verdicts:
        parts.append(Text(f"  {'✓' if verdict.met else '✗'} {verdict.why}"))
    following = result.next_lesson()
    if result.passed and following is not None:
        parts.append(Text(f"Next lesson open: {following.title} (l for lessons)", style="bold"))
    elif result.passed:
        parts.append(Text("That was the last lesson on the path.", style="bold"))
    else:
        parts.append(Text("Play the same seed again (g) to retry.", style="dim"))
    if result.notice:
        parts.append(Text(result.notice, style="yellow"))
    return Group(*parts)


def lesson_verdict(session: GameSession) -> Static | None:
    """The end screen's lesson panel, or None when the game was no lesson."""
    result = lesson_result(session)
    if result is None:
        return None
    panel = Static(verdict_text(result), id="lesson-verdict")
    panel.styles.margin = (0, 0, 1, 0)
    panel.lesson_result = result  # type: ignore[attr-defined]
    return panel
