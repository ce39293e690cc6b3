"""What the leverage model keeps between questions answers exactly as a fresh computation would.

For speed (issue 16) the model keeps a few results: the last frontiers built from a
counterpart's model of the pie, and on an assessment the split of its change since an earlier
one (asked once per role in a turn). These tests ask in the orders a game does not — other
earlier assessments, other pies, numbers equal but not bit for bit — and hold every answer to a
fresh one, to the last bit.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core import leverage as model
from sim.core.leverage import Frontier, assess, believed_frontier, explain
from sim.core.moves import Hold, Move, Propose, SignalAlternative
from sim.core.outcomes import pareto_mask
from sim.core.rules import step
from sim.core.state import Game


def _fresh_frontier(points: np.ndarray) -> Frontier:
    return Frontier.through(points[:, pareto_mask(points)])


def _same(first: Frontier, second: Frontier) -> bool:
    return all(
        np.array_equal(a, b) and (a.tobytes() == b.tobytes())
        for a, b in (
            (first.xs, second.xs),
            (first.ys, second.ys),
            (first.positions, second.positions),
        )
    ) and (first.nadir, first.ideal, first.fair_gain) == (
        second.nadir,
        second.ideal,
        second.fair_gain,
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=30),
    st.integers(0, 2**32 - 1),
)
def test_a_kept_believed_frontier_is_the_one_its_points_give(picks, seed):
    """Pies asked in any order, some again: each answer is the frontier of exactly its points."""
    rng = np.random.Generator(np.random.PCG64(seed))
    pies = [np.round(rng.uniform(0, 100, size=(2, 40)), 1) for _ in range(6)]
    for pick in picks:
        points = pies[pick]
        assert _same(believed_frontier(points), _fresh_frontier(points))


def test_a_kept_frontier_never_answers_for_points_equal_only_in_value():
    plus = np.array([[0.0, 10.0, 5.0], [10.0, 0.0, 5.0]])
    minus = plus.copy()
    minus[0, 0] = -0.0  # equal to 0.0, but not the same number
    believed_frontier(plus)
    assert believed_frontier(minus).xs.tobytes() == _fresh_frontier(minus).xs.tobytes()
    assert believed_frontier(minus).xs.tobytes() != believed_frontier(plus).xs.tobytes()


def test_changing_the_points_in_place_does_not_fool_the_kept_frontier():
    points = np.array([[1.0, 11.0, 6.0], [11.0, 1.0, 6.0]])  # a pie no other test asks about
    before = believed_frontier(points)
    points[1, 2] = 10.0  # now (6, 10) is well above the chord
    after = believed_frontier(points)
    assert after is not before
    assert _same(after, _fresh_frontier(points))


def _game(scenario):
    state = Game.new(scenario, 4).initial_state()
    sizes = state.space.sizes
    states = [state]
    for turn in range(8):
        package = tuple((turn * (i + 1)) % size for i, size in enumerate(sizes))
        move = Move(Propose(package) if turn % 3 else Hold(), SignalAlternative(30.0 + turn))
        state = step(state, move)[0]
        states.append(state)
        if state.is_over:
            break
    return states


def test_a_turns_changes_are_the_same_whichever_earlier_assessment_and_role_come_first(
    scenarios,
):
    states = _game(scenarios["job-offer"])
    assessments = [assess(state) for state in states]
    now, state = assessments[-1], states[-1]
    # Against every earlier state, both roles, both views, in an order that swaps the earlier
    # assessment between the two roles' questions: each answer equals a fresh one.
    for back in range(len(states) - 1):
        for view in ("perceived", "true"):
            for role in (1, 0):
                kept = explain(states[back], state, role, view, before=assessments[back], now=now)
                fresh = explain(states[back], state, role, view)
                assert kept.changes == fresh.changes
                assert kept == fresh


def test_kept_splits_go_with_the_earlier_assessment_they_came_from(scenarios):
    states = _game(scenarios["supplier-contract"])
    now = assess(states[-1])
    first = explain(states[0], states[-1], 0, before=assess(states[0]), now=now)
    # A new earlier assessment (even of the same state) is not the kept one: split again.
    second = explain(states[1], states[-1], 0, before=assess(states[1]), now=now)
    assert second.changes == explain(states[1], states[-1], 0).changes
    assert first.changes == explain(states[0], states[-1], 0).changes
    assert len(model._BELIEVED) <= model._BELIEVED_KEPT


# -- one landing point in plain floats, against the vectorised rule it stands for -------------


def _reference_rows(frontier: Frontier, position: model.Position) -> tuple[np.ndarray, ...]:
    """One position as the vectorised rule's one-element input arrays (d0, d1, p, ask0, ask1)."""
    asks = np.array([np.inf if a is None else a for a in position.asks])
    p = model._powers(frontier, np.array([position.rounds_left]), np.array([position.delay_cost]))
    return (np.array([position.batna[0]]), np.array([position.batna[1]]), p, asks[:1], asks[1:])


def _reference_landing(frontier: Frontier, position: model.Position) -> tuple[float, float]:
    """`landing_point` as the vectorised rule computes it, on one-element arrays."""
    if frontier.degenerate:
        return (float(frontier.xs[0]), float(frontier.ys[0]))
    s = model._landing_positions(frontier, *_reference_rows(frontier, position))
    at = float(s[0])
    return (
        float(np.interp(at, frontier.positions, frontier.xs)),
        float(np.interp(at, frontier.positions, frontier.ys)),
    )


_POINTS = st.one_of(
    st.floats(-200, 300, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1.0, 50.0, 100.0]),
)
_ASKS = st.one_of(st.none(), _POINTS)


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    batna=st.tuples(_POINTS, _POINTS),
    rounds=st.tuples(st.floats(0, 80), st.floats(0, 80)),
    costs=st.tuples(st.sampled_from([0.0, 0.5, 2.0]), st.sampled_from([0.0, 1.0, 3.5])),
    asks=st.tuples(_ASKS, _ASKS),
)
def test_one_landing_point_is_the_vectorised_rules_to_the_last_bit(
    seed, batna, rounds, costs, asks
):
    rng = np.random.Generator(np.random.PCG64(seed))
    points = np.round(rng.uniform(0, 100, size=(2, int(rng.integers(1, 60)))), 1)
    frontier = _fresh_frontier(points)
    position = model.Position(batna, rounds, costs, asks)
    fast, slow = model.landing_point(frontier, position), _reference_landing(frontier, position)
    assert np.array(fast).tobytes() == np.array(slow).tobytes()
    value = model._leverage_rows(frontier, *_reference_rows(frontier, position))
    assert np.float64(model.leverage_at(frontier, position)).tobytes() == value.tobytes()
    expected = model._powers(frontier, np.array([rounds]), np.array([costs]))[0]
    assert np.float64(model.power(frontier, position)).tobytes() == expected.tobytes()


_POSITIONS = st.builds(
    model.Position,
    st.tuples(_POINTS, _POINTS),
    st.tuples(st.floats(0, 80), st.floats(0, 80)),
    st.tuples(st.sampled_from([0.0, 0.5, 2.0]), st.sampled_from([0.0, 1.0, 3.5])),
    st.tuples(_ASKS, _ASKS),
)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), positions=st.lists(_POSITIONS, min_size=1, max_size=4))
def test_landing_points_in_one_pass_are_each_positions_own_to_the_last_bit(seed, positions):
    """A counterpart asks where the deal lands now and next round in one pass: each answer is
    the landing point of its position alone (and so the vectorised rule's)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    points = np.round(rng.uniform(0, 100, size=(2, int(rng.integers(1, 60)))), 1)
    frontier = _fresh_frontier(points)
    together = model.landing_points(frontier, positions)
    alone = [_reference_landing(frontier, position) for position in positions]
    assert np.array(together).tobytes() == np.array(alone).tobytes()
    for role in (0, 1):
        one_side = model.landings_for(frontier, positions, role)
        assert np.array(one_side).tobytes() == np.array([a[role] for a in alone]).tobytes()


_SPECIAL = [-0.0, 0.0, 1.0, -1.0, 0.5, 2.0, 1e-300, float("inf"), float("-inf"), float("nan")]


def test_the_plain_float_rules_are_numpys():
    def bits(x: float) -> bytes:
        return np.array([x], dtype=float).tobytes()

    for a in _SPECIAL:
        clipped = np.clip(np.array([a]), 0.0, 1.0)[0]
        assert bits(model._clip01(a)) == bits(clipped)
        for b in _SPECIAL:
            larger = np.maximum(np.array([a]), np.array([b]))[0]
            smaller = np.minimum(np.array([a]), np.array([b]))[0]
            assert bits(model._larger(a, b)) == bits(larger)
            assert bits(model._smaller(a, b)) == bits(smaller)


# -- the frontier's hull in plain floats, against numpy's arithmetic on the same points ----------


def _reference_frontier(points: np.ndarray) -> Frontier:
    """`Frontier.through` as numpy computes it: the monotone chain on numpy scalars, then the
    positions and the even split as array expressions and `np.interp`."""
    order = np.lexsort((-points[1], points[0]))
    hull: list[tuple[np.float64, np.float64]] = []
    for x, y in zip(points[0, order], points[1, order], strict=True):
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) >= 0:
                hull.pop()
            else:
                break
        hull.append((x, y))
    xs = np.array([x for x, _ in hull], dtype=float)
    ys = np.array([y for _, y in hull], dtype=float)
    nadir = (float(xs[0]), float(ys[-1]))
    ideal = (float(xs[-1]), float(ys[0]))
    if len(hull) < 2:
        return Frontier(xs, ys, np.array([0.5]), nadir, ideal, (0.0, 0.0))
    gain0 = (xs - nadir[0]) / (ideal[0] - nadir[0])
    gain1 = (ys - nadir[1]) / (ideal[1] - nadir[1])
    positions = (1 + gain0 - gain1) / 2
    half = (float(np.interp(0.5, positions, xs)), float(np.interp(0.5, positions, ys)))
    return Frontier(xs, ys, positions, nadir, ideal, (half[0] - nadir[0], half[1] - nadir[1]))


@st.composite
def _clouds(draw) -> np.ndarray:
    """Points on a coarse grid (many on one line, the hull's hard case) or anywhere."""
    count = draw(st.integers(1, 40))
    coordinate = draw(
        st.sampled_from([st.integers(0, 6).map(float), st.floats(-50, 150, allow_nan=False)])
    )
    row = st.lists(coordinate, min_size=count, max_size=count)
    return np.array([draw(row), draw(row)], dtype=float)


@settings(max_examples=400, deadline=None)
@given(_clouds())
def test_a_frontier_is_numpys_arithmetic_to_the_last_bit(points):
    """The hull, positions and even split are worked in plain floats for speed; the same
    operations in the same order give the same numbers as numpy's, on the Pareto-optimal
    points a frontier is built from and (nan and inf included) on any points at all."""
    pareto = points[:, pareto_mask(points)]
    with np.errstate(over="ignore"):  # numpy's word for what a plain float does silently
        assert _same(Frontier.through(pareto), _reference_frontier(pareto))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        assert _bits(Frontier.through(points)) == _bits(_reference_frontier(points))


def _bits(frontier: Frontier) -> list[bytes]:
    """Every number of a frontier as its bytes (nan compares equal to the very same nan)."""
    ends = (frontier.nadir, frontier.ideal, frontier.fair_gain)
    arrays = (frontier.xs, frontier.ys, frontier.positions, np.array(ends, dtype=float))
    return [array.tobytes() for array in (*arrays, *frontier._claims_0, *frontier._claims_1)]


def _reference_claims(frontier: Frontier) -> list[np.ndarray]:
    """The curves the claims are read from, as numpy builds them: the frontier extended
    `_FAR` spans beyond both ends, from role 1's end and from role 0's."""
    far, (n0, n1), (i0, i1) = model._FAR, frontier.nadir, frontier.ideal
    xs = np.concatenate(([n0 - far * (i0 - n0)], frontier.xs, [i0 + far * (i0 - n0)]))
    ys = np.concatenate(([n1 - far * (i1 - n1)], frontier.ys[::-1], [i1 + far * (i1 - n1)]))
    return [
        xs,
        np.concatenate(([-far], frontier.positions, [1 + far])),
        ys,
        np.concatenate(([-far], 1 - frontier.positions[::-1], [1 + far])),
    ]


@settings(max_examples=200, deadline=None)
@given(_clouds())
def test_the_claim_curves_are_numpys_to_the_last_bit(points):
    frontier = Frontier.through(points[:, pareto_mask(points)])
    kept = [*frontier._claims_0, *frontier._claims_1]
    assert [a.tobytes() for a in kept] == [a.tobytes() for a in _reference_claims(frontier)]


@st.composite
def _curves(draw) -> tuple[list[float], list[float], list[float]]:
    """A rising curve of 1 to 20 points (ties and steps included) and numbers to read off it:
    its own points, points between and beyond them, infinities and nan."""
    count = draw(st.integers(1, 20))
    coordinate = st.sampled_from([st.integers(-5, 5).map(float), st.floats(-1e6, 1e6)])
    xp = sorted(draw(st.lists(draw(coordinate), min_size=count, max_size=count)))
    fp = draw(st.lists(st.floats(-1e6, 1e6), min_size=count, max_size=count))
    special = [-0.0, 0.0, math.inf, -math.inf, math.nan, *xp]
    xs = draw(st.lists(st.one_of(st.floats(-2e6, 2e6), st.sampled_from(special)), max_size=12))
    return xp, fp, xs


@settings(max_examples=500, deadline=None)
@given(_curves())
def test_reading_a_curve_in_plain_floats_is_numpys_interp_to_the_last_bit(curve):
    """The landing is read off the claim curves one number at a time in plain floats
    (`_interp`): the same number as `np.interp`, bit for bit, ties, ends and nan included."""
    xp, fp, xs = curve
    expected = np.interp(np.array(xs, dtype=float), np.array(xp), np.array(fp))
    plain = np.array([model._interp(x, xp, fp) for x in xs], dtype=float)
    assert plain.tobytes() == expected.tobytes()
