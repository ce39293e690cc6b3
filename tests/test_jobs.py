"""`leverage simulate --jobs N`: games on a process pool print exactly what a serial run prints.

Each case runs the command twice as a user would, `--jobs 1` and `--jobs 3` (more workers than
this machine has cores, so games really finish out of order), and compares the bytes: the
summary, the JSON summary, the JSON Lines trace and every saved replay.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def simulate(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sim", "simulate", *args],
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=300,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("job-offer", "--games", "9"),
        ("job-offer", "--games", "9", "--seed", "40", "--json"),
        ("lease-renewal", "--games", "5", "--seed", "3", "--trace"),
        ("job-offer", "--games", "7", "--persona", "hardliner", "--difficulty", "hard", "--json"),
    ],
    ids=["summary", "json", "trace", "personas"],
)
def test_pool_prints_what_a_serial_run_prints(args):
    serial = simulate(*args, "--jobs", "1")
    pooled = simulate(*args, "--jobs", "3")
    assert serial.returncode == 0, serial.stderr
    assert pooled.returncode == 0, pooled.stderr
    assert serial.stdout and pooled.stdout == serial.stdout
    assert pooled.stderr == serial.stderr == b""


def test_pool_saves_the_same_replays(tmp_path):
    for jobs in ("1", "3"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        result = simulate(
            "job-offer", "--games", "6", "--json", "--save", str(folder), "--jobs", jobs
        )
        assert result.returncode == 0, result.stderr
    serial = sorted(p.name for p in (tmp_path / "jobs1").iterdir())
    pooled = sorted(p.name for p in (tmp_path / "jobs3").iterdir())
    assert len(serial) == 6 and pooled == serial
    for name in serial:
        assert (tmp_path / "jobs3" / name).read_bytes() == (tmp_path / "jobs1" / name).read_bytes()


def test_a_worker_that_cannot_save_fails_like_a_serial_run(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    results = [
        simulate("job-offer", "--games", "4", "--save", str(blocker), "--jobs", jobs)
        for jobs in ("1", "2")
    ]
    for result in results:
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr
        assert result.stderr.count(b"\n") == 1 and b"--save" in result.stderr
    assert results[0].stderr == results[1].stderr


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number(bad):
    result = simulate("job-offer", "--jobs", bad)
    assert result.returncode == 2
    assert b"--jobs" in result.stderr and b"Traceback" not in result.stderr
