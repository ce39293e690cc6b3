"""The practice path: an ordered list of lessons read from a TOML file a trainer can copy and edit.

Each lesson fixes one game — scenario, the side you play, the counterpart's persona, difficulty
and seed — and says what it teaches (a primer of a few sentences) and how passing is measured
(goals from `sim.analysis.lessons.GOALS`). The file is data only: `sim.core.validate.load_toml`
reads it, every field is checked, and *all* problems come back at once as one line each naming
the file and the field, the way `leverage scenario validate` reports a scenario.

The shipped path is `lessons/path.toml` (installed as the data package `sim.lessons`). A trainer's
own copy placed in the data folder as `lessons.toml` replaces it in the game.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sim.ai.personas import DIFFICULTIES, PERSONAS
from sim.analysis.lessons import GOALS, Goal
from sim.core.catalogue import resolve_scenario, shipped_folder
from sim.core.errors import FileProblems, ScenarioError
from sim.core.files import FileRefused, read_limited
from sim.core.scenario import Scenario
from sim.core.validate import Invalid, load_toml

FORMAT = 1
MAX_FILE_BYTES = 256 * 1024
MAX_LESSONS = 100
MAX_PRIMER_CHARS = 900
MAX_SEED = 2**63 - 1
OWN_PATH_NAME = "lessons.toml"  # a trainer's path in the data folder replaces the shipped one
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

_TOP_KEYS = {"format", "id", "title", "lessons"}
_LESSON_KEYS = {
    "id",
    "title",
    "teaches",
    "scenario",
    "role",
    "persona",
    "difficulty",
    "seed",
    "primer",
    "goals",
}


class LessonPathError(FileProblems):
    """A path file that cannot be used (`FILE: lessons[2].goals[0].points: expected a number`)."""


@frozen
class Lesson:
    id: str
    title: str
    teaches: str  # the leverage source, in a word or two: "BATNA", "anchoring"...
    scenario: Scenario
    role: int  # index of the side the player takes
    persona: str
    difficulty: str
    seed: int
    primer: str
    goals: tuple[Goal, ...]

    @property
    def role_id(self) -> str:
        return self.scenario.role_ids[self.role]

    def plays(self, scenario_id: str, role_id: str, persona: str, difficulty: str, seed: int):
        """Whether a game with this setup is this lesson's game (a lesson is its game: a retry, a
        resumed save or the same seed played again from the home screen all count)."""
        return (scenario_id, role_id, persona, difficulty, seed) == (
            self.scenario.id,
            self.role_id,
            self.persona,
            self.difficulty,
            self.seed,
        )


@frozen
class LessonPath:
    id: str
    title: str
    lessons: tuple[Lesson, ...]
    source: str

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def lesson_for(
        self, scenario_id: str, role_id: str, persona: str, difficulty: str, seed: int
    ) -> Lesson | None:
        return next(
            (
                lesson
                for lesson in self.lessons
                if lesson.plays(scenario_id, role_id, persona, difficulty, seed)
            ),
            None,
        )


def shipped_path_file() -> Path:
    """`sim/lessons/path.toml` in an installed package, `lessons/path.toml` in a checkout (the
    same arrangement as the shipped scenarios)."""
    package = shipped_folder().parent
    installed = package / "lessons" / "path.toml"
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parents[2] / "lessons" / "path.toml"


def active_path_file() -> Path:
    """The path the game offers: the trainer's `lessons.toml` in the data folder, if there is
    one, else the shipped path."""
    from sim.record.paths import data_home

    own = data_home() / OWN_PATH_NAME
    return own if own.is_file() else shipped_path_file()


def load_path(path: str | os.PathLike[str]) -> LessonPath:
    """Read and check a path file; raise `LessonPathError` listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        # The shared safe reader: a FIFO or /dev/zero named as a path must not hang the command.
        raw = read_limited(path, MAX_FILE_BYTES, "lesson path")
    except FileRefused as error:
        raise LessonPathError([str(error)]) from None
    try:
        # Bounded parsing: deep nesting, 5,000-digit numbers and long dotted keys are one line.
        data = load_toml(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise LessonPathError([f"{name}: not UTF-8 text (byte {error.start})"]) from None
    except Invalid as error:
        raise LessonPathError([f"{name}: {error}"]) from None
    reader = _Reader(name, path.parent)
    result = reader.path(data)
    if reader.problems or result is None:
        raise LessonPathError(reader.problems or [f"{name}: no lessons"])
    return result


class _Reader:
    """Walks the TOML document, collecting every problem before giving up."""

    def __init__(self, source: str, folder: Path):
        self.source = source
        self.folder = folder
        self.problems: list[str] = []
        self._scenarios: dict[str, Scenario | None] = {}
        self._scenario_problem = ""

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{self.source}: {where}: {what}")

    def _unknown(self, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem(
                    f"{where}{key}" if where else key,
                    f"unknown field (expected one of {', '.join(sorted(allowed))})",
                )

    def _text(self, table: Mapping[str, Any], key: str, where: str, limit: int = 200) -> str | None:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}{key}", "expected a non-empty string")
            return None
        if len(value) > limit:
            self.problem(f"{where}{key}", f"is {len(value)} characters; at most {limit}")
            return None
        return value.strip()

    def _id(self, table: Mapping[str, Any], where: str) -> str | None:
        value = self._text(table, "id", where, 64)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(
                f"{where}id", "use lower-case letters, digits and hyphens (e.g. know-your-batna)"
            )
            return None
        return value

    def path(self, data: dict[str, Any]) -> LessonPath | None:
        self._unknown(data, _TOP_KEYS, "")
        if data.get("format") != FORMAT:
            self.problem(
                "format", f"expected {FORMAT} (this Leverage reads lesson path format {FORMAT})"
            )
        path_id = self._id(data, "")
        title = self._text(data, "title", "")
        raw_lessons = data.get("lessons")
        if not isinstance(raw_lessons, list) or not raw_lessons:
            self.problem("lessons", "expected at least one [[lessons]] table")
            return None
        if len(raw_lessons) > MAX_LESSONS:
            self.problem("lessons", f"has {len(raw_lessons)} lessons; at most {MAX_LESSONS}")
            return None
        lessons: list[Lesson] = []
        seen_ids: dict[str, int] = {}
        seen_games: dict[tuple[Any, ...], int] = {}
        for index, raw in enumerate(raw_lessons):
            where = f"lessons[{index}]."
            if not isinstance(raw, dict):
                self.problem(f"lessons[{index}]", "expected a table")
                continue
            lesson = self.lesson(raw, where)
            if lesson is None:
                continue
            if lesson.id in seen_ids:
                self.problem(
                    f"{where}id", f"{lesson.id!r} is already lessons[{seen_ids[lesson.id]}]"
                )
                continue
            seen_ids[lesson.id] = index
            # A lesson is recognised by its game, so two lessons may not share one.
            game = (lesson.scenario.id, lesson.role, lesson.persona, lesson.difficulty, lesson.seed)
            if game in seen_games:
                self.problem(
                    f"{where}seed",
                    f"lessons[{seen_games[game]}] already plays this scenario, role, persona, "
                    "difficulty and seed; change one of them",
                )
                continue
            seen_games[game] = index
            lessons.append(lesson)
        if path_id is None or title is None or self.problems:
            return None
        return LessonPath(path_id, title, tuple(lessons), self.source)

    def scenario(self, name: str) -> Scenario | None:
        """A shipped scenario id, or a file path relative to the path file's folder."""
        if name not in self._scenarios:
            target = name
            if name.endswith(".toml") and not Path(name).is_absolute():
                target = str(self.folder / name)
            try:
                self._scenarios[name] = resolve_scenario(target)
            except ScenarioError as error:
                self._scenarios[name] = None
                self._scenario_problem = error.problems[0]
        return self._scenarios[name]

    def lesson(self, raw: dict[str, Any], where: str) -> Lesson | None:
        self._unknown(raw, _LESSON_KEYS, where)
        lesson_id = self._id(raw, where)
        title = self._text(raw, "title", where)
        teaches = self._text(raw, "teaches", where, 60)
        primer = self._text(raw, "primer", where, MAX_PRIMER_CHARS)
        scenario = None
        name = raw.get("scenario")
        if not isinstance(name, str) or not name:
            self.problem(f"{where}scenario", "expected a shipped scenario id or a .toml path")
        else:
            scenario = self.scenario(name)
            if scenario is None:
                self.problem(f"{where}scenario", f"cannot be loaded ({self._scenario_problem})")
        role = None
        role_id = raw.get("role")
        if not isinstance(role_id, str):
            self.problem(f"{where}role", "expected the id of the side the player takes")
        elif scenario is not None:
            if role_id in scenario.role_ids:
                role = scenario.role_ids.index(role_id)
            else:
                self.problem(
                    f"{where}role",
                    f"{role_id!r} is not a role of {scenario.id} (roles: {', '.join(scenario.role_ids)})",
                )
        persona = raw.get("persona")
        if persona not in PERSONAS:
            self.problem(
                f"{where}persona",
                f"expected one of {', '.join(PERSONAS)}, got {persona!r}",
            )
        difficulty = raw.get("difficulty")
        if difficulty not in DIFFICULTIES:
            self.problem(
                f"{where}difficulty",
                f"expected one of {', '.join(DIFFICULTIES)}, got {difficulty!r}",
            )
        seed = raw.get("seed")
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            self.problem(f"{where}seed", "expected a whole number from 0 to 2^63-1")
            seed = None
        goals = self.goals(raw.get("goals"), f"{where}goals")
        if None in (lesson_id, title, teaches, primer, scenario, role, seed, goals) or (
            persona not in PERSONAS or difficulty not in DIFFICULTIES
        ):
            return None
        assert scenario is not None and goals is not None
        return Lesson(
            str(lesson_id),
            str(title),
            str(teaches),
            scenario,
            int(role),  # type: ignore[arg-type]
            str(persona),
            str(difficulty),
            int(seed),  # type: ignore[arg-type]
            str(primer),
            goals,
        )

    def goals(self, raw: Any, where: str) -> tuple[Goal, ...] | None:
        if not isinstance(raw, list) or not raw:
            self.problem(
                where, 'expected a list of goals, e.g. [{ goal = "deal_above_batna", points = 5 }]'
            )
            return None
        goals: list[Goal] = []
        ok = True
        for index, item in enumerate(raw):
            at = f"{where}[{index}]"
            if not isinstance(item, dict):
                self.problem(at, 'expected a table such as { goal = "walked_away_when_right" }')
                ok = False
                continue
            name = item.get("goal")
            spec = GOALS.get(name) if isinstance(name, str) else None
            if spec is None:
                self.problem(f"{at}.goal", f"expected one of {', '.join(GOALS)}, got {name!r}")
                ok = False
                continue
            params: dict[str, float] = {}
            for key, value in item.items():
                if key == "goal":
                    continue
                param = spec.params.get(key)
                if param is None:
                    allowed = ", ".join(spec.params) or "no settings"
                    self.problem(f"{at}.{key}", f"unknown setting for {name} (it takes {allowed})")
                    ok = False
                    continue
                wrong_type = isinstance(value, bool) or not isinstance(
                    value, int if param.kind is int else int | float
                )
                if wrong_type:
                    self.problem(
                        f"{at}.{key}",
                        f"expected {'a whole number' if param.kind is int else 'a number'}",
                    )
                    ok = False
                    continue
                if value < param.low or (param.high is not None and value > param.high):
                    span = f"from {param.low:g}" + (
                        f" to {param.high:g}" if param.high is not None else " up"
                    )
                    self.problem(f"{at}.{key}", f"{value} is out of range ({span})")
                    ok = False
                    continue
                params[key] = value
            for key, param in spec.params.items():
                params.setdefault(key, param.kind(param.default))
            goals.append(Goal(spec.name, params))  # the name as the vocabulary spells it
        return tuple(goals) if ok else None


# -- where a person stands on the path, and the end of a lesson game --------------------------

LOCKED, OPEN, PASSED = "locked", "open", "passed"


@frozen
class LessonStanding:
    """One lesson as the person meets it on the path: locked, open or passed."""

    lesson: Lesson
    status: str
    attempts: int
    last_why: str | None


def standings(path: LessonPath, records: Mapping[str, Any]) -> list[LessonStanding]:
    """The path with each lesson's status: the first is always open, and each later one opens
    once the lesson before it has been passed (records: `lesson_progress.progress`)."""
    out: list[LessonStanding] = []
    previous_passed = True
    for lesson in path.lessons:
        record = records.get(lesson.id)
        passed = bool(record is not None and record.passed)
        status = PASSED if passed else OPEN if previous_passed else LOCKED
        out.append(
            LessonStanding(
                lesson,
                status,
                record.attempts if record is not None else 0,
                record.last_why if record is not None else None,
            )
        )
        previous_passed = passed
    return out


@frozen
class LessonResult:
    """A finished lesson game: every goal's verdict, and a notice if progress was not saved."""

    path: LessonPath
    lesson: Lesson
    verdicts: tuple[Any, ...]  # sim.analysis.lessons.Verdict
    notice: str | None = None

    @property
    def passed(self) -> bool:
        return all(verdict.met for verdict in self.verdicts)

    @property
    def why(self) -> str:
        """One sentence: the first goal missed, or every goal met."""
        missed = [v.why for v in self.verdicts if not v.met]
        return missed[0] if missed else " ".join(v.why for v in self.verdicts)

    def next_lesson(self) -> Lesson | None:
        index = self.path.lessons.index(self.lesson)
        return self.path.lessons[index + 1] if index + 1 < len(self.path.lessons) else None


def finish_lesson_game(
    path: LessonPath,
    match: Any,  # sim.ai.match.Match, finished
    player: int,
    persona: str,
    difficulty: str,
    game_id: str,
    played_at: str,
) -> LessonResult | None:
    """If a finished game is one of the path's lessons, judge it and note it in the practice
    history (once per game id). None for a game that is no lesson."""
    from sim.analysis.lessons import judge_all
    from sim.record.lesson_progress import record_attempt

    state = match.state
    lesson = path.lesson_for(
        state.scenario.id, state.scenario.role_ids[player], persona, difficulty, match.game.seed
    )
    if lesson is None or state.outcome is None:
        return None
    verdicts = tuple(judge_all(lesson.goals, match, player))
    result = LessonResult(path, lesson, verdicts)
    notice = record_attempt(path.id, lesson.id, game_id, result.passed, result.why, played_at)
    return LessonResult(path, lesson, verdicts, notice)
