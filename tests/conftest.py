"""Shared fixtures: the shipped scenarios, loaded once; hypothesis's profile for CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from sim.core.catalogue import resolve_scenario, shipped_ids

# Under CI (`.ci/run` sets CI=true) the properties draw the same examples every run, so a
# submission lands or fails on its own merits; run locally, they search afresh each time, and
# what they find becomes a regression test (as the reciprocity property's deadline case did).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SCENARIO_IDS = shipped_ids()


@pytest.fixture(scope="session")
def scenarios():
    return {scenario_id: resolve_scenario(scenario_id) for scenario_id in SCENARIO_IDS}


@pytest.fixture(scope="session")
def job_offer(scenarios):
    return scenarios["job-offer"]


@pytest.fixture(autouse=True)
def leverage_home(tmp_path, monkeypatch) -> Path:
    """Every test (and every `leverage` process a test starts, which inherits the environment)
    keeps its games, replays and history in a folder of its own, never the user's data folder:
    `leverage-home` in the test's `tmp_path`, made by the first thing that saves there. Tests
    that read or damage the folder take this fixture to know where it is."""
    home = tmp_path / "leverage-home"
    monkeypatch.setenv("LEVERAGE_HOME", str(home))
    return home
