"""Shared fixtures: the shipped scenarios, loaded once."""

from __future__ import annotations

import pytest

from sim.core.catalogue import resolve_scenario, shipped_ids

SCENARIO_IDS = shipped_ids()


@pytest.fixture(scope="session")
def scenarios():
    return {scenario_id: resolve_scenario(scenario_id) for scenario_id in SCENARIO_IDS}


@pytest.fixture(scope="session")
def job_offer(scenarios):
    return scenarios["job-offer"]
