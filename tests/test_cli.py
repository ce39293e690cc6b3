"""The `leverage` command as a user runs it: a separate process, its output and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.core.catalogue import shipped_ids

ROOT = Path(__file__).resolve().parents[1]


def leverage(*args: str, cwd=None, home=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEVERAGE_HOME": str(home or ROOT / ".test-home-unused")}
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=300,
    )


def test_version_and_help():
    result = leverage("--version")
    assert result.returncode == 0 and result.stdout.startswith("leverage ")
    result = leverage("--help")
    assert result.returncode == 0
    for command in ("scenarios", "scenario", "simulate"):
        assert command in result.stdout


@pytest.mark.parametrize("command", [["scenarios"], ["scenario", "validate"], ["simulate"]])
def test_every_command_has_help(command):
    result = leverage(*command, "--help")
    assert result.returncode == 0
    assert "usage: leverage" in result.stdout


def test_unknown_option_is_one_line_and_status_2():
    result = leverage("simulate", "job-offer", "--colour", "blue")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--colour" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("leverage simulate: "), "names the command it was given to"


def test_scenarios_lists_the_shipped_ones():
    result = leverage("scenarios", "--json")
    assert result.returncode == 0
    listed = json.loads(result.stdout)
    assert [s["id"] for s in listed] == shipped_ids()
    for scenario in listed:
        assert len(scenario["roles"]) == 2 and len(scenario["issues"]) >= 4 and scenario["title"]
    text = leverage("scenarios").stdout
    assert "job-offer" in text and "supplier-contract" in text


def test_validate_shipped_scenarios():
    paths = [str(p) for p in sorted((ROOT / "scenarios").glob("*.toml"))]
    result = leverage("scenario", "validate", *paths)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(paths)


def test_validate_broken_files_one_line_per_problem(tmp_path):
    good = (ROOT / "scenarios" / "job-offer.toml").read_text()
    cases = {
        "syntax.toml": "id = = 3\n",
        "missing.toml": good.replace('title = "', 'titel = "', 1),
        "type.toml": good.replace("max_rounds = 12", 'max_rounds = "twelve"'),
        "reference.toml": good.replace('first_to_move = "employer"', 'first_to_move = "recruiter"'),
        "unknown.toml": good.replace("max_rounds = 12", 'max_rounds = 12\ncolour = "blue"'),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    result = leverage("scenario", "validate", *(str(tmp_path / name) for name in cases))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    for name in cases:
        assert any(line.startswith(str(tmp_path / name) + ":") for line in lines), name
    assert any(
        'type.toml: max_rounds: expected a whole number (got "twelve")' in line for line in lines
    )
    assert any('reference.toml: first_to_move: unknown role "recruiter"' in line for line in lines)
    assert any("unknown.toml: colour: unknown key" in line for line in lines)
    assert any("missing.toml: title: missing (required)" in line for line in lines)
    assert any("syntax.toml: TOML syntax error" in line for line in lines)


def test_simulate_with_a_broken_scenario_path(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("format = 1\n")
    result = leverage("simulate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert str(path) in result.stderr


def test_simulate_unknown_scenario_role_and_persona():
    result = leverage("simulate", "no-such-thing")
    assert result.returncode == 2 and "no such scenario" in result.stderr
    result = leverage("simulate", "")
    assert result.returncode == 2 and result.stderr.startswith("'': no such scenario")
    result = leverage("simulate", "job-offer", "--role", "ceo")
    assert result.returncode == 2 and "no role 'ceo'" in result.stderr
    result = leverage("simulate", "job-offer", "--persona", "wizard")
    assert result.returncode == 2 and "unknown persona" in result.stderr


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_simulate_reaches_agreement_in_most_games_and_is_deterministic(scenario_id):
    args = ("simulate", scenario_id, "--seed", "1", "--games", "200", "--json")
    first = leverage(*args)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert set(summary) >= {
        "scenario",
        "seed",
        "games",
        "agreement_rate",
        "mean_points",
        "mean_rounds",
        "mean_pareto_distance",
    }
    assert summary["games"] == 200 and summary["scenario"] == scenario_id
    assert summary["agreement_rate"] > 0.5
    assert leverage(*args).stdout == first.stdout, "the same command twice prints the same"
    other = leverage("simulate", scenario_id, "--seed", "1000", "--games", "200", "--json")
    assert json.loads(other.stdout) != summary, "another seed gives other results"


def test_trace_prints_one_object_per_move():
    result = leverage("simulate", "job-offer", "--seed", "1", "--trace")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines
    for line in lines:
        assert {"game", "round", "actor", "move", "events", "standing_offers", "points"} <= set(
            line
        )
    assert "outcome" in lines[-1]


def test_installed_package_finds_scenarios_outside_the_repo(tmp_path):
    """Run from another folder: the shipped scenarios come with the package, not the cwd."""
    result = leverage("scenarios", "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert [s["id"] for s in json.loads(result.stdout)] == shipped_ids()


def test_a_regular_install_ships_the_scenarios(tmp_path):
    """`pip install .` (not editable) puts the scenarios inside the package; run from elsewhere."""
    target = tmp_path / "site"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    assert sorted(p.stem for p in (target / "sim" / "scenarios").glob("*.toml")) == shipped_ids()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "sim", "simulate", "supplier-contract", "--games", "3", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenario"] == "supplier-contract"
