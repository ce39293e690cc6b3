"""`leverage scenario check` as a case writer runs it: a separate process, its report and its exit
status (0 balanced, 1 problems, 2 a file that does not load)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNBALANCED = ROOT / "docs" / "examples" / "unbalanced.toml"


def leverage(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEVERAGE_HOME": str(ROOT / ".test-home-unused")}
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        **kwargs,
    )


def test_a_batna_above_every_package_is_flagged():
    result = leverage("scenario", "check", str(UNBALANCED), "--games", "3")
    assert result.returncode == 1, result.stderr
    assert "Owner can never do better than its BATNA" in result.stdout
    assert "no deal is possible" in result.stdout
    assert "Balanced" not in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_the_json_report_says_what_is_wrong():
    result = leverage("scenario", "check", str(UNBALANCED), "--games", "3", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["balanced"] is False
    assert report["agreement_rate"] == 0
    assert report["zone_of_agreement"] == {"lowest_batnas": False, "highest_batnas": False}
    assert any("can never do better" in problem for problem in report["problems"])
    kinds = {issue["id"]: issue["kind"] for issue in report["issues"]}
    assert kinds == {
        "price": "distributive",
        "wheels": "integrative",
        "saddle": "distributive",
        "service": "compatible",
    }


def test_fixing_the_batna_removes_the_balance_problems(tmp_path):
    fixed = tmp_path / "fixed.toml"
    fixed.write_text(
        UNBALANCED.read_text().replace("batna = 60", "batna = { low = 14, high = 20 }")
    )
    result = leverage("scenario", "check", str(fixed), "--games", "6", "--json")
    report = json.loads(result.stdout)
    problems = " ".join(report["problems"])
    assert "can never do better" not in problems and "no deal is possible" not in problems
    assert "never moves leverage" not in problems
    # Some pairing closes the case now (the conceder's, at least): a deal is there to be had.
    assert max(report["agreement_by_pairing"].values()) >= 0.5


def test_a_shipped_case_is_balanced_and_reported_in_full():
    result = leverage("scenario", "check", "supplier-contract", "--games", "6")
    assert result.returncode == 0, result.stdout
    for heading in ("Points tables", "Play", "Facts and events", "Balanced: no problems found."):
        assert heading in result.stdout
    for item in ("sup-capacity", "buy-quota", "customer-delay", "launch-slips"):
        assert item in result.stdout


def test_a_broken_file_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(UNBALANCED.read_text().replace("max_rounds = 8", 'max_rounds = "eight"'))
    result = leverage("scenario", "check", str(broken))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [f'{broken}: max_rounds: expected a whole number (got "eight")']


def test_a_bad_game_count_is_a_usage_error():
    result = leverage("scenario", "check", str(UNBALANCED), "--games", "0")
    assert result.returncode == 2
    assert "--games" in result.stderr and "Traceback" not in result.stderr


def test_the_progress_bar_draws_on_a_terminal():
    main, secondary = pty.openpty()
    env = {**os.environ, "LEVERAGE_HOME": str(ROOT / ".test-home-unused")}
    command = [sys.executable, "-m", "sim", "scenario", "check", str(UNBALANCED), "--games", "2"]
    process = subprocess.Popen(
        [*command, "--json"], stdout=subprocess.PIPE, stderr=secondary, cwd=ROOT, env=env
    )
    os.close(secondary)
    drawn = b""
    while True:  # read as it draws, so the terminal's buffer never fills
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the process closed its end of the terminal
            break
        if not chunk:
            break
        drawn += chunk
    stdout, _ = process.communicate(timeout=300)
    os.close(main)
    assert b"checking [" in drawn and b"games" in drawn
    assert json.loads(stdout)["balanced"] is False  # stdout stays clean JSON


def test_an_event_after_every_game_has_ended_is_flagged(tmp_path):
    """The supplier's public bad news moved to the last round: deals are done by then, so the
    event never happens and the check says so."""
    text = (ROOT / "scenarios" / "supplier-contract.toml").read_text()
    late = tmp_path / "late.toml"
    late.write_text(
        text.replace(
            'round = 5\nbatna = { role = "supplier"', 'round = 12\nbatna = { role = "supplier"', 1
        )
    )
    assert late.read_text() != text
    result = leverage("scenario", "check", str(late), "--games", "3", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    late_event = next(i for i in report["facts_and_events"] if i["id"] == "customer-delay")
    assert late_event["happened"] == 0
    assert any(p.startswith("event customer-delay never happened") for p in report["problems"])
