"""`scenario check` and `workshop report` on a process pool print what a serial run prints.

Each command runs as a user starts it, a separate process, with `--jobs 1` and `--jobs 2`, and
the bytes of what they print are compared (the games finish out of order on the pool; the
report must not show it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from workshop_players import play_class

from sim.core.catalogue import resolve_scenario
from sim.record.workshop import new_pack, write_pack

ROOT = Path(__file__).resolve().parents[1]
UNBALANCED = ROOT / "docs" / "examples" / "unbalanced.toml"


def leverage(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "LEVERAGE_HOME": str(home)},
        timeout=300,
    )


def same_for_any_jobs(*args: str, home: Path) -> bytes:
    serial = leverage(*args, "--jobs", "1", home=home)
    pooled = leverage(*args, "--jobs", "2", home=home)
    assert serial.returncode == pooled.returncode, pooled.stderr.decode()
    assert serial.returncode in (0, 1), serial.stderr.decode()
    assert serial.stdout and pooled.stdout == serial.stdout
    assert pooled.stderr == serial.stderr == b""
    return serial.stdout


@pytest.mark.parametrize("output", [(), ("--json",)], ids=["text", "json"])
def test_scenario_check_on_a_pool_prints_what_a_serial_run_prints(tmp_path, output):
    printed = same_for_any_jobs(
        "scenario", "check", str(UNBALANCED), "--games", "3", *output, home=tmp_path
    )
    assert b"probe" in printed


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    return small_class(tmp_path_factory.mktemp("class"))


def small_class(folder: Path) -> Path:
    """A small class: eight participants' games in `folder`/games, one of them edited after the
    fact, and their pack in `folder`/pack.toml."""
    pack = new_pack(resolve_scenario("job-offer"), 3, variants=3, persona="reciprocator")
    write_pack(pack, folder / "pack.toml")
    games = folder / "games"
    games.mkdir()
    play_class(pack, games, 8)
    # One game's final points raised after the fact: rejected, as damaged, by either run.
    edited = sorted(games.iterdir())[1]
    lines = edited.read_text(encoding="utf-8").splitlines()
    end = json.loads(lines[-1])
    role = next(iter(end["end"]["payoffs"]))
    end["end"]["payoffs"][role] += 25
    edited.write_text("\n".join([*lines[:-1], json.dumps(end)]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "output,shows",
    [
        (("--format", "text"), b"7 game(s) counted, 1 rejected"),
        (("--format", "csv", "--anonymize"), b"file 2,rejected,"),
    ],
    ids=["text", "csv"],
)
def test_workshop_report_on_a_pool_prints_what_a_serial_run_prints(
    tmp_path, class_folder, output, shows
):
    printed = same_for_any_jobs(
        "workshop", "report", str(class_folder / "games"), *output, home=tmp_path
    )
    assert shows in printed


def test_workshop_report_with_its_pack_on_a_pool(tmp_path, class_folder):
    same_for_any_jobs(
        "workshop",
        "report",
        str(class_folder / "games"),
        "--pack",
        str(class_folder / "pack.toml"),
        "--format",
        "markdown",
        home=tmp_path,
    )
