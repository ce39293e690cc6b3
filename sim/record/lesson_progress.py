"""Progress on the practice path: which lessons a person has attempted and passed.

It lives beside the practice history, as the table `lesson_attempts` in the same database
(`history.sqlite3` in the data folder), so one file holds a person's whole practice record. One
row per finished lesson game: the game's save id makes recording the same game twice (an end
screen shown again, a finished save reopened) a no-op. Like the history, progress never gets in
the way of playing: every database failure becomes a `LessonProgressError` with one clear line,
and `record_attempt` turns it into a warning to show instead.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from attrs import frozen

from sim.record.history import LOCK_TIMEOUT, WRITE_TIMEOUT, history_path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lesson_attempts (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    lesson TEXT NOT NULL,
    game TEXT NOT NULL,
    passed INTEGER NOT NULL,
    why TEXT NOT NULL,
    played_at TEXT NOT NULL,
    UNIQUE (path, lesson, game)
);
"""


class LessonProgressError(Exception):
    """The progress table cannot be used right now; the message says why."""


@frozen
class LessonRecord:
    """Where one lesson stands: how many games were played on it and whether one passed."""

    lesson: str
    attempts: int
    passed: bool
    last_why: str


def _connect(path: Path, create: bool) -> sqlite3.Connection | None:
    if not create and not path.exists():
        return None
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        timeout = WRITE_TIMEOUT if create else LOCK_TIMEOUT  # see history.WRITE_TIMEOUT
        connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        # The history owns the database's user_version; this table only adds itself.
        connection.executescript(_SCHEMA)
    except (OSError, sqlite3.Error) as error:
        raise _problem(path, error) from None
    return connection


def _problem(path: Path, error: Exception) -> LessonProgressError:
    text = str(getattr(error, "strerror", None) or error)
    if "locked" in text or "busy" in text:
        return LessonProgressError(
            f"{path}: the practice database is busy (another program has it locked)"
        )
    if "not a database" in text or "malformed" in text:
        return LessonProgressError(
            f"{path}: the practice database is damaged ({text}); move the file aside and a new "
            "history starts"
        )
    return LessonProgressError(f"{path}: lesson progress cannot be used ({text})")


def record_attempt(
    path_id: str,
    lesson_id: str,
    game_id: str,
    passed: bool,
    why: str,
    played_at: str,
    database: str | Path | None = None,
) -> str | None:
    """Note one finished lesson game. Returns None, or a one-line warning (play goes on)."""
    where = Path(database) if database is not None else history_path()
    try:
        connection = _connect(where, create=True)
        assert connection is not None
        try:
            connection.execute(
                "INSERT OR IGNORE INTO lesson_attempts (path, lesson, game, passed, why, played_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (path_id, lesson_id, game_id, int(passed), why, played_at),
            )
        except sqlite3.Error as error:
            raise _problem(where, error) from None
        finally:
            connection.close()
    except LessonProgressError as error:
        return f"Lesson progress not saved: {error}"
    return None


def progress(path_id: str, database: str | Path | None = None) -> dict[str, LessonRecord]:
    """By lesson id: the attempts on this path so far. Raises LessonProgressError."""
    where = Path(database) if database is not None else history_path()
    connection = _connect(where, create=False)
    if connection is None:
        return {}
    try:
        rows = connection.execute(
            "SELECT lesson, COUNT(*), MAX(passed),"
            " (SELECT why FROM lesson_attempts AS last WHERE last.path = a.path"
            "  AND last.lesson = a.lesson ORDER BY last.id DESC LIMIT 1)"
            " FROM lesson_attempts AS a WHERE path = ? GROUP BY lesson",
            (path_id,),
        ).fetchall()
    except sqlite3.Error as error:
        raise _problem(where, error) from None
    finally:
        connection.close()
    return {
        lesson: LessonRecord(lesson, int(count), bool(passed), str(why))
        for lesson, count, passed, why in rows
    }
