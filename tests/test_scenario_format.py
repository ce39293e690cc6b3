"""The scenario format: shipped files load; every kind of broken file is reported, one line per
problem, naming the file and the field."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from sim.core.errors import ScenarioError
from sim.core.scenario import load_scenario, parse_scenario

SHIPPED = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_load(path):
    scenario = load_scenario(path)
    assert scenario.id == path.stem
    assert len(scenario.issues) >= 4
    assert scenario.facts and scenario.benchmarks and scenario.events
    assert len(scenario.digest) == 64


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_mix_kinds_of_issue(path):
    """Each scenario mixes distributive, integrative and compatible issues (they follow from the
    points): opposed-and-equal, opposed-and-unequal, and same-direction."""
    scenario = load_scenario(path)
    kinds = set()
    for issue in scenario.issues:
        first = [o.points[0] for o in issue.options]
        second = [o.points[1] for o in issue.options]
        same_direction = first.index(max(first)) == second.index(max(second))
        weight0 = max(first) - min(first)
        weight1 = max(second) - min(second)
        if same_direction:
            kinds.add("compatible")
        elif max(weight0, weight1) >= 1.8 * min(weight0, weight1):
            kinds.add("integrative")
        else:
            kinds.add("distributive")
    assert kinds == {"compatible", "integrative", "distributive"}


def _shipped_text(name="job-offer") -> str:
    return (Path(__file__).resolve().parents[1] / "scenarios" / f"{name}.toml").read_text()


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text.encode(), "case.toml")
    return caught.value.problems


def test_wrong_type_names_file_and_field():
    text = _shipped_text().replace("points = { candidate = 0,", 'points = { candidate = "high",', 1)
    problems = _problems(text)
    assert len(problems) == 1
    assert problems[0].startswith("case.toml: issues[0].options[")
    assert 'points.candidate: expected a number (got "high")' in problems[0]


def test_syntax_error_is_one_line():
    problems = _problems("id = \n")
    assert len(problems) == 1
    assert problems[0].startswith("case.toml: TOML syntax error")


def test_missing_key_is_reported():
    text = _shipped_text().replace('title = "', 'xtitle = "', 1)
    problems = _problems(text)
    assert "case.toml: title: missing (required)" in problems
    assert any(p.startswith("case.toml: xtitle: unknown key") for p in problems)


def test_bad_reference_is_reported():
    data = tomllib.loads(_shipped_text())
    holder = data["facts"][0]["holder"]
    text = _shipped_text().replace(f'holder = "{holder}"', 'holder = "ceo"', 1)
    problems = _problems(text)
    assert any('facts[0].holder: unknown role "ceo"' in p for p in problems)


def test_every_problem_reported_at_once():
    text = (
        _shipped_text()
        .replace("max_rounds = 12", "max_rounds = 0")
        .replace('first_to_move = "employer"', 'first_to_move = "boss"')
    )
    problems = _problems(text)
    assert any("max_rounds: expected a whole number from 2 to 60 (got 0)" in p for p in problems)
    assert any('first_to_move: unknown role "boss"' in p for p in problems)


def test_event_needs_an_effect_and_a_time():
    base = _shipped_text()
    text = base + '\n[[events]]\nid = "nothing"\ntext = "Nothing happens."\n'
    problems = _problems(text)
    assert any('needs "round"' in p for p in problems)
    assert any("an event must do something" in p for p in problems)


def test_benchmark_option_out_of_range():
    data = tomllib.loads(_shipped_text())
    option = data["benchmarks"][0]["option"]
    text = _shipped_text().replace(f"option = {option}", "option = 99", 1)
    problems = _problems(text)
    assert any(
        p.startswith("case.toml: benchmarks[0].option: expected a whole number from 0 to")
        for p in problems
    )


def test_file_too_large(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text("# " + "x" * 300_000)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert "at most" in caught.value.problems[0] and str(path) in caught.value.problems[0]


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "absent.toml")
    assert "cannot read the file" in caught.value.problems[0]


def test_nothing_in_a_scenario_is_executed(tmp_path):
    """TOML is data: a string that looks like code stays a string."""
    text = _shipped_text().replace('title = "', "title = \"__import__('os').system('false') ", 1)
    scenario = parse_scenario(text.encode(), "case.toml")
    assert scenario.title.startswith("__import__")


def test_the_readme_worked_example_is_a_valid_scenario():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = [part.split("```", 1)[0] for part in readme.split("```toml\n")[1:]]
    block = next(b for b in blocks if 'id = "car-sale"' in b)
    scenario = parse_scenario(block.encode(), "README.md")
    assert scenario.id == "car-sale" and len(scenario.issues) == 2


def _scalars():
    from hypothesis import strategies as st

    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
    )


def _mutations():
    """A shipped scenario with one field, anywhere in it, replaced by arbitrary data."""
    from hypothesis import strategies as st

    junk = st.recursive(
        _scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=8,
    )
    return st.tuples(st.integers(0, 10**6), junk)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def test_no_damage_to_a_scenario_crashes_the_loader():
    """Whatever a broken file holds, loading ends in a Scenario or a ScenarioError whose every
    line names the file: never another exception (which would reach the user as a traceback)."""
    import copy

    from hypothesis import HealthCheck, given, settings

    from sim.core.scenario import _Reader

    original = tomllib.loads(_shipped_text("supplier-contract"))
    paths = [p for p in _paths(original) if p]

    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(_mutations())
    def check(mutation):
        choice, junk = mutation
        data = copy.deepcopy(original)
        path = paths[choice % len(paths)]
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = junk
        reader = _Reader("case.toml")
        reader.scenario(data)
        assert all(line.startswith("case.toml: ") for line in reader.problems)

    check()
