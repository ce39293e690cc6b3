"""`leverage lessons` lists the practice path with your progress; `leverage lessons validate`
checks a path file the way `leverage scenario validate` checks a scenario."""

from __future__ import annotations

import sys
from typing import Any

from sim.analysis.lesson_path import (
    LessonPath,
    LessonPathError,
    LessonStanding,
    active_path_file,
    load_path,
    standings,
)
from sim.cli.common import Parser, print_json, validate_files

MARKS = {"passed": "✓", "open": "▶", "locked": "·"}


def register(commands) -> None:
    lessons = commands.add_parser(
        "lessons",
        help="the practice path: lessons to play alone, with your progress",
        description="List the practice path with your progress (a lesson opens when the one "
        "before it is passed). Play lessons from the game's home screen (l).",
    )
    lessons.add_argument(
        "--path",
        metavar="FILE",
        help="a lesson path file (default: lessons.toml in the data folder, else the shipped path)",
    )
    lessons.add_argument("--json", action="store_true", help="print JSON instead of a list")
    lessons.set_defaults(run=run_list)
    actions = lessons.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    validate = actions.add_parser(
        "validate",
        help="check lesson path files",
        description="Check lesson path files; print every problem, one line each. Exit 0 when "
        "all are valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="FILE", help="lesson path .toml files")
    validate.set_defaults(run=run_validate)


def run_validate(args) -> int:
    return validate_files(
        args.paths, load_path, lambda path: f"{path.id}: {len(path.lessons)} lessons"
    )


def run_list(args) -> int:
    from sim.record.lesson_progress import LessonProgressError, progress

    if args.path == "":
        # An empty --path is a mistake (a variable that was not set), not a wish for the default.
        print("leverage lessons: --path: the file name is empty", file=sys.stderr)
        return 2
    file = args.path or active_path_file()
    try:
        path = load_path(file)
    except LessonPathError as error:
        for line in error.problems:
            print(line, file=sys.stderr)
        return 2
    try:
        records: dict[str, Any] = dict(progress(path.id))
    except LessonProgressError as error:
        print(f"leverage lessons: progress unavailable: {error}", file=sys.stderr)
        records = {}
    rows = standings(path, records)
    if args.json:
        print_json(_as_json(path, str(file), rows))
        return 0
    passed = sum(1 for row in rows if row.status == "passed")
    print(f"{path.title}: {passed} of {len(rows)} lessons passed  ({file})")
    for number, row in enumerate(rows, 1):
        lesson = row.lesson
        print(f"{MARKS[row.status]} {number:>2}. {lesson.title} [{lesson.teaches}] — {row.status}")
        print(
            f"      {lesson.scenario.id} as {lesson.role_id} vs {lesson.persona} "
            f"({lesson.difficulty}, seed {lesson.seed})"
        )
        for goal in lesson.goals:
            print(f"      goal: {goal.wording()}")
        if row.attempts:
            print(f"      {row.attempts} played; last: {row.last_why}")
    return 0


def _as_json(path: LessonPath, file: str, rows: list[LessonStanding]) -> dict[str, Any]:
    return {
        "path": path.id,
        "title": path.title,
        "file": file,
        "lessons": [
            {
                "id": row.lesson.id,
                "title": row.lesson.title,
                "teaches": row.lesson.teaches,
                "scenario": row.lesson.scenario.id,
                "role": row.lesson.role_id,
                "persona": row.lesson.persona,
                "difficulty": row.lesson.difficulty,
                "seed": row.lesson.seed,
                "primer": row.lesson.primer,
                "goals": [
                    {"goal": goal.name, "params": dict(goal.params), "wording": goal.wording()}
                    for goal in row.lesson.goals
                ],
                "status": row.status,
                "attempts": row.attempts,
                "last_why": row.last_why,
            }
            for row in rows
        ],
    }
