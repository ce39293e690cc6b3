"""A package's total of per-option values, worked as outer sums, is the plain sum to the bit.

`OutcomeSpace.totals` shares each partial sum among the packages that continue it (the space
lists every package, the last issue fastest) instead of gathering each issue's values by
package and adding them to zeros. Float addition is not associative, so this holds it to the
plain loop bit for bit, with the numbers that make order show: -0.0, tiny and huge values,
infinities and nan.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.catalogue import shipped_scenarios
from sim.core.outcomes import OutcomeSpace

_SPACES = {scenario.id: OutcomeSpace.of(scenario) for scenario in shipped_scenarios()}
_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-308, 1e308, 0.1, 0.2, 0.3, 1 / 3]),
)


def _plain(space: OutcomeSpace, per_option: list[np.ndarray]) -> np.ndarray:
    total = np.zeros(space.size)
    for issue, values in enumerate(per_option):
        total += values[space.packages[:, issue]]
    return total


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_SPACES)), st.data())
def test_totals_are_the_plain_sum_bit_for_bit(scenario_id, data):
    space = _SPACES[scenario_id]
    per_option = [
        np.array(data.draw(st.lists(_VALUES, min_size=size, max_size=size)), dtype=float)
        for size in space.sizes
    ]
    with np.errstate(invalid="ignore", over="ignore"):
        assert space.totals(per_option).tobytes() == _plain(space, per_option).tobytes()


def test_a_space_totals_its_own_points():
    space = _SPACES["job-offer"]
    for role in (0, 1):
        tables = [table[role] for table in space.tables]
        assert space.totals(tables).tobytes() == space.points[role].tobytes()


def test_values_of_the_wrong_length_are_refused():
    space = _SPACES["job-offer"]
    per_option = [np.zeros(size) for size in space.sizes]
    per_option[0] = np.zeros(space.sizes[0] + 1)
    with pytest.raises(ValueError, match="option values"):
        space.totals(per_option)


def test_totals_start_from_zero_as_the_plain_sum_does():
    """-0.0 on every issue: the plain sum starts from 0.0, and 0.0 + -0.0 is 0.0."""
    space = _SPACES["job-offer"]
    per_option = [np.full(size, -0.0) for size in space.sizes]
    assert space.totals(per_option).tobytes() == _plain(space, per_option).tobytes()
    assert not np.signbit(space.totals(per_option)).any()
