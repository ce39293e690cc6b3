"""The practice history and lesson progress are one SQLite file that every window writes: two
`leverage` windows, or a whole class on one `leverage serve` (which shares one data folder). A
game that ends while another window is writing must still be recorded. At a half-second wait, a
class of 30 finishing together lost 7 to 17 of its 60 entries ("the history database is busy").
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from sim.record.history import FILE_NAME, GameRecord, History, record_game
from sim.record.lesson_progress import progress, record_attempt

REPO = Path(__file__).resolve().parents[1]

# Another window writing: it holds the database for a second (a slow disk, a queue of others).
BUSY_WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    holder = sqlite3.connect(sys.argv[1], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    print("writing", flush=True)
    time.sleep(1.2)
    holder.execute("COMMIT")
    """
)


def _record(seed: int) -> GameRecord:
    return GameRecord(
        "2026-01-01T00:00:00", "job-offer", "candidate", "reciprocator", "normal", seed,
        "deal", 5, 50.0, 30.0, 0.5, 0.9,
    )  # fmt: skip


def test_a_game_ending_while_another_window_writes_is_still_recorded(leverage_home):
    leverage_home.mkdir(parents=True)
    database = leverage_home / FILE_NAME
    assert record_game(_record(1)) is None
    assert record_attempt("path", "first", "game-1", True, "why", "2026") is None
    for write in (
        lambda: record_game(_record(2)),
        lambda: record_attempt("path", "first", "game-2", False, "why", "2026"),
    ):
        other = subprocess.Popen(
            [sys.executable, "-c", BUSY_WRITER, str(database)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "writing"
            assert write() is None  # before: "Not added to your practice history: ... busy"
        finally:
            other.wait(timeout=30)
    assert [record.seed for record in History().games()] == [1, 2]
    assert progress("path")["first"].attempts == 2


def test_reading_a_database_another_program_holds_still_says_so_at_once(leverage_home):
    """The longer wait is for writing a finished game; `leverage history` on a database held
    locked still answers in one line after a short wait."""
    leverage_home.mkdir(parents=True)
    assert record_game(_record(1)) is None
    holder = sqlite3.connect(leverage_home / FILE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "sim", "history"],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=20,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run.returncode == 2 and "busy" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
