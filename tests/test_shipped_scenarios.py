"""The shipped library of cases: each one says what it teaches, mixes the three kinds of issue,
has value to create and a deal to find, and passes `scenario check` — every fact and event moves
leverage in some games, and the default counterparts agree in most."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.analysis.calibration import check_scenario, issue_kind
from sim.core.catalogue import shipped_ids
from sim.core.outcomes import OutcomeSpace
from sim.core.scenario import Scenario, load_scenario

FOLDER = Path(__file__).resolve().parents[1] / "scenarios"
SHIPPED = sorted(FOLDER.glob("*.toml"))
NEW_CASES = {
    "used-car",
    "software-licence",
    "pay-raise",
    "term-sheet",
    "hospital-union",
    "freelance-project",
}


def test_the_library_has_nine_cases():
    assert len(SHIPPED) >= 9
    assert set(shipped_ids()) >= NEW_CASES


@pytest.mark.parametrize("case", sorted(NEW_CASES))
def test_each_new_case_says_which_leverage_sources_it_teaches(case):
    path = FOLDER / f"{case}.toml"
    first_lines = path.read_text().splitlines()[:3]
    teaches = [line for line in first_lines if re.match(r"# Teaches: \S", line)]
    assert teaches, f"{path.name} opens with a '# Teaches: ...' comment"


def _middle_package(scenario: Scenario) -> tuple[int, ...]:
    return tuple((len(issue.options) - 1) // 2 for issue in scenario.issues)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_case_has_value_to_create(path):
    """From the points tables alone: some issue is integrative, and the best package for both
    beats splitting every issue down the middle by more than rounding."""
    scenario = load_scenario(path)
    kinds = {issue_kind(issue) for issue in scenario.issues}
    assert kinds == {"distributive", "integrative", "compatible"}
    assert len(scenario.issues) >= 4
    space = OutcomeSpace.of(scenario)
    joint = space.points[0] + space.points[1]
    middle = sum(space.points_of(_middle_package(scenario)))
    assert joint.max() >= middle + 0.1 * middle


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_side_can_beat_its_batna(path):
    """Even at the highest BATNA draws some package beats both with room to spare."""
    scenario = load_scenario(path)
    space = OutcomeSpace.of(scenario)
    highs = [role.batna.high for role in scenario.roles]
    zone = (space.points[0] > highs[0] + 10) & (space.points[1] > highs[1] + 10)
    assert zone.any()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_case_passes_its_check(path):
    """Balanced, with margins wide enough to survive changes to the counterparts: most default
    games end in a deal, and every fact and event moves leverage in some probe games."""
    report = check_scenario(load_scenario(path), games=9)
    assert report.balanced, report.problems
    assert report.default_agreement >= 0.75
    for item in report.items:
        assert item.moved >= 1, item
