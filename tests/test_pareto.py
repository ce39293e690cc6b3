"""The Pareto frontier as its definition says, however it is computed.

`pareto_mask` is computed cheaply (a filter, then a walk without a two-key sort); these
properties hold it to the plain definition, checked pair by pair, on small point clouds full of
ties, and to the first-of-equals rule the counterparts' offers and the golden games rely on.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ai.speech import _pareto
from sim.core.outcomes import pareto_front, pareto_mask


def by_definition(points: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """A candidate is kept when no other candidate is at least as good for both sides and
    better for one, and no equal candidate comes before it; a candidate worth -inf to role 1 is
    never kept (the walk starts from -inf and keeps what beats it)."""
    count = points.shape[1]
    mask = np.zeros(count, dtype=bool)
    for i in range(count):
        if not candidates[i] or points[1, i] == -np.inf:
            continue
        beaten = False
        for j in range(count):
            if j == i or not candidates[j]:
                continue
            weakly = points[0, j] >= points[0, i] and points[1, j] >= points[1, i]
            equal = points[0, j] == points[0, i] and points[1, j] == points[1, i]
            if (weakly and not equal) or (equal and j < i):
                beaten = True
                break
        mask[i] = not beaten
    return mask


values = st.sampled_from([-np.inf, -2.0, 0.0, 0.5, 1.0, 2.0, 3.5, 7.0, np.inf])


@st.composite
def clouds(draw) -> tuple[np.ndarray, np.ndarray]:
    count = draw(st.integers(1, 24))
    first = draw(st.lists(values, min_size=count, max_size=count))
    second = draw(st.lists(values, min_size=count, max_size=count))
    candidates = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    return np.array([first, second], dtype=float), np.array(candidates, dtype=bool)


@settings(max_examples=400, deadline=None)
@given(clouds())
def test_the_frontier_is_what_no_candidate_beats(cloud):
    points, candidates = cloud
    assert pareto_mask(points, candidates).tolist() == by_definition(points, candidates).tolist()
    everything = np.ones(points.shape[1], dtype=bool)
    assert pareto_mask(points).tolist() == by_definition(points, everything).tolist()


def test_of_equal_packages_the_first_is_kept():
    points = np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, 1.0, 1.0, 4.0, 0.5]])
    assert pareto_mask(points).tolist() == [True, True, False, True, False]


@st.composite
def shared_rows(draw) -> tuple[list[float], list[tuple[int, list[float]]]]:
    """One side's own points, and a few models of the other's against it, in either row."""
    count = draw(st.integers(1, 24))
    row = st.lists(values, min_size=count, max_size=count)
    finite = st.lists(values.filter(np.isfinite), min_size=count, max_size=count)
    others = st.lists(st.tuples(st.integers(0, 1), row), min_size=1, max_size=5)
    return draw(finite), draw(others)


@settings(max_examples=300, deadline=None)
@given(shared_rows())
def test_a_frontier_walked_by_a_row_seen_before_is_the_same(cloud):
    """Counterparts ask for the frontier of their own points against a changing model of yours:
    the walk by the row they share is kept from call to call, in either row."""
    own, others = cloud
    everything = np.ones(len(own), dtype=bool)
    for position, other in others:
        rows = [own, other] if position == 0 else [other, own]
        points = np.array(rows, dtype=float)
        assert pareto_mask(points).tolist() == by_definition(points, everything).tolist()
        assert pareto_front(points).tolist() == in_frontier_order(points, everything)


def in_frontier_order(points: np.ndarray, candidates: np.ndarray) -> list[int]:
    """The frontier's packages in the order a frontier curve is built in: role 0's points
    rising, ties by role 1's falling, then by index."""
    index = np.flatnonzero(by_definition(points, candidates))
    return index[np.lexsort((-points[1, index], points[0, index]))].tolist()


@settings(max_examples=300, deadline=None)
@given(clouds())
def test_the_frontier_in_order_is_the_frontier_sorted(cloud):
    points, _ = cloud
    everything = np.ones(points.shape[1], dtype=bool)
    assert pareto_front(points).tolist() == in_frontier_order(points, everything)


def walked_within(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Every package walked best for role 0 first (ties by role 1, best first, then by index),
    kept when better for role 1 than the last one kept by more than `tolerance`."""
    order = np.lexsort((-points[1], -points[0]))
    kept: list[int] = []
    best = -np.inf
    for index in order.tolist():
        if points[1, index] > best + tolerance:
            kept.append(index)
            best = points[1, index]
    return points[:, kept]


near_ties = st.sampled_from([0.0, 1.0, 1.0 + 1e-13, 1.0 + 3e-12, 2.0, 2.0 - 1e-13, 3.5])


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 24).flatmap(lambda n: st.lists(near_ties, min_size=2 * n, max_size=2 * n)))
def test_the_speechs_frontier_walks_only_the_frontier_and_keeps_the_same(flat):
    """A revealed deadline's leverage reads a frontier kept with a 1e-12 tolerance; walking
    only `pareto_front`'s packages keeps what walking every package kept, near ties too
    (a package the tolerance keeps beats everything walked before it, so it is on the front)."""
    points = np.array(flat, dtype=float).reshape(2, -1)
    expected = walked_within(points, 1e-12)
    assert _pareto(points).tobytes() == expected.tobytes()
    assert _pareto(points).shape == expected.shape
