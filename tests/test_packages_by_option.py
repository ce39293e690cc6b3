"""Packages chosen option by option: `OutcomeSpace.with_options` is its definition, a package
kept exactly when its option on every issue is allowed there, whether the space is the full grid
(an outer product of small masks) or packages in any other order (a pass per issue)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.outcomes import OutcomeSpace, pareto_mask


def space_of(sizes: list[int], order: np.ndarray | None = None) -> OutcomeSpace:
    grid = np.indices(sizes).reshape(len(sizes), -1).T.astype(np.int16)
    if order is not None:
        grid = grid[order]
    tables = tuple(np.arange(2 * size, dtype=float).reshape(2, size) for size in sizes)
    points = np.zeros((2, grid.shape[0]))
    for issue, table in enumerate(tables):
        points += table[:, grid[:, issue]]
    strides = np.ones(len(sizes), dtype=np.int64)
    for i in range(len(sizes) - 2, -1, -1):
        strides[i] = strides[i + 1] * sizes[i + 1]
    return OutcomeSpace(grid, points, tables, strides, pareto_mask(points))


@st.composite
def choices(draw) -> tuple[list[int], list[np.ndarray | None], int]:
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    allowed: list[np.ndarray | None] = []
    for size in sizes:
        if draw(st.booleans()) and draw(st.booleans()):
            allowed.append(None)
        else:
            allowed.append(np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size))))
    return sizes, allowed, draw(st.integers(0, 2**32 - 1))


def by_definition(space: OutcomeSpace, allowed: list[np.ndarray | None]) -> list[bool]:
    return [
        all(
            options is None or bool(options[option])
            for options, option in zip(allowed, package, strict=True)
        )
        for package in space.packages.tolist()
    ]


@settings(max_examples=300, deadline=None)
@given(choices())
def test_a_package_is_kept_when_every_option_of_it_is_allowed(case):
    sizes, allowed, seed = case
    grid = space_of(sizes)
    assert grid._grid
    assert grid.with_options(allowed).tolist() == by_definition(grid, allowed)
    # The same packages in another order: no longer the grid, the same rule package by package.
    order = np.random.default_rng(seed).permutation(int(np.prod(sizes)))
    shuffled = space_of(sizes, order)
    assert shuffled._grid == (order.tolist() == sorted(order.tolist()))
    assert shuffled.with_options(allowed).tolist() == by_definition(shuffled, allowed)


@st.composite
def option_values(draw) -> tuple[list[int], list[np.ndarray], int]:
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    number = st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from([0.0, -0.0, 0.1, 1 / 3])
    )
    values = [np.array(draw(st.lists(number, min_size=n, max_size=n))) for n in sizes]
    return sizes, values, draw(st.integers(0, 2**32 - 1))


@settings(max_examples=300, deadline=None)
@given(option_values())
def test_a_packages_total_is_its_options_added_issue_by_issue_to_the_last_bit(case):
    """Totals over the grid are outer sums; each package's is still 0 plus its first issue's
    value, plus its second's, ... the sum a pass per issue over every package makes."""
    sizes, values, seed = case
    order = np.random.default_rng(seed).permutation(int(np.prod(sizes)))
    for space in (space_of(sizes), space_of(sizes, order)):
        expected = np.zeros(space.size)
        for per_option, column in zip(values, space.option_columns, strict=True):
            expected += per_option.take(column)
        assert space.totals_by_option(values).tobytes() == expected.tobytes()
