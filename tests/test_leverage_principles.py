"""The principles of leverage (issue 3), as properties over generated scenarios and states.

Each property is checked on true leverage and on a side's perceived leverage of itself; the
disclosure principle is about how the *other* side perceives you.
"""

from __future__ import annotations

import pytest
from attrs import evolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from leverage_strategies import new_game, play, scenarios, states, swapped

from sim.core import knowledge
from sim.core.leverage import Frontier, Position, leverage, leverage_at, perceived_leverage
from sim.core.moves import Disclose, Hold, Move, Propose
from sim.core.outcomes import OutcomeSpace
from sim.core.rules import step
from sim.core.state import Game

SLACK = 1e-9
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
role_index = st.integers(0, 1)


def readings(state, role):
    """Your leverage, true and as you perceive it."""
    return leverage(state)[role], perceived_leverage(state, role)


def with_role(state, role, **changes):
    """The same state in a scenario where one role's parameters differ."""
    scenario = state.scenario
    roles = list(scenario.roles)
    roles[role] = evolve(roles[role], **changes)
    game = Game.restore(
        evolve(scenario, roles=tuple(roles)), 0, state.batna, state.game.event_rounds
    )
    return state.evolve(game=game)


def with_pair(pair, role, value):
    return (value, pair[1]) if role == 0 else (pair[0], value)


# -- alternatives --------------------------------------------------------------------------------


@PROPERTY
@given(states(), role_index, st.floats(0.5, 40))
def test_better_batna_never_lowers_leverage(state, role, gain):
    better = state.evolve(batna=with_pair(state.batna, role, state.batna[role] + gain))
    for now, after in zip(readings(state, role), readings(better, role), strict=True):
        assert after >= now - SLACK


@PROPERTY
@given(states(), role_index, st.floats(0.5, 40))
def test_worse_batna_never_raises_leverage(state, role, loss):
    worse = state.evolve(batna=with_pair(state.batna, role, state.batna[role] - loss))
    for now, after in zip(readings(state, role), readings(worse, role), strict=True):
        assert after <= now + SLACK


@PROPERTY
@given(states(), role_index, st.floats(0.5, 40))
def test_the_other_sides_better_batna_never_raises_yours(state, role, gain):
    them = 1 - role
    better = state.evolve(batna=with_pair(state.batna, them, state.batna[them] + gain))
    assert leverage(better)[role] <= leverage(state)[role] + SLACK


# -- timing --------------------------------------------------------------------------------------


@PROPERTY
@given(states(), role_index, st.integers(1, 6))
def test_nearer_deadline_never_raises_leverage(state, role, sooner):
    nearer = max(state.round, state.effective_deadline(role) - sooner)
    rushed = state.evolve(deadline=with_pair(state.deadline, role, nearer))
    for now, after in zip(readings(state, role), readings(rushed, role), strict=True):
        assert after <= now + SLACK


@PROPERTY
@given(states(), role_index, st.sampled_from([0.5, 1.0, 2.5, 10.0]))
def test_higher_cost_of_delay_never_raises_leverage(state, role, extra):
    costly = with_role(state, role, delay_cost=state.scenario.roles[role].delay_cost + extra)
    for now, after in zip(readings(state, role), readings(costly, role), strict=True):
        assert after <= now + SLACK


# -- concessions ---------------------------------------------------------------------------------


@PROPERTY
@given(states(), st.data())
def test_a_concession_never_raises_leverage(state, data):
    role = state.to_move
    standing = state.standing[role]
    assume(standing is not None)
    space = state.space
    mine = space.points[role]
    ask = space.points_of(standing)[role]
    worse = [
        i
        for i in range(space.size)
        if mine[i] <= ask and space.package_at(i) != state.standing[1 - role]
    ]
    assume(worse)
    package = space.package_at(data.draw(st.sampled_from(worse)))
    conceded, _ = step(state, Move(Propose(package)))
    held, _ = step(state, Move(Hold()))
    assume(not conceded.is_over and not held.is_over)
    for firm, soft in zip(readings(held, role), readings(conceded, role), strict=True):
        assert soft <= firm + SLACK


@PROPERTY
@given(states(), st.data())
def test_the_other_sides_concession_never_lowers_yours(state, data):
    mover = state.to_move
    role = 1 - mover
    assume(state.standing[mover] is not None)
    space = state.space
    ask = space.points_of(state.standing[mover])[mover]
    worse = [
        i
        for i in range(space.size)
        if space.points[mover][i] <= ask and space.package_at(i) != state.standing[role]
    ]
    assume(worse)
    package = space.package_at(data.draw(st.sampled_from(worse)))
    conceded, _ = step(state, Move(Propose(package)))
    held, _ = step(state, Move(Hold()))
    assume(not conceded.is_over and not held.is_over)
    for firm, soft in zip(readings(held, role), readings(conceded, role), strict=True):
        assert soft >= firm - SLACK


# -- information ---------------------------------------------------------------------------------


@pytest.mark.parametrize("topic", ["batna", "deadline"])
@settings(PROPERTY, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(state=states(secretive=True, max_moves=6), data=st.data())
def test_disclosing_the_truth_never_raises_how_the_other_side_sees_you(topic, state, data):
    role = state.to_move
    them = 1 - role
    fact = state.scenario.fact_index(f"f{role}-{topic}")
    assume(fact not in state.disclosed(role))
    if topic == "batna":
        estimate, truth = knowledge.their_batna_estimate(state, them), state.batna[role]
    else:
        estimate, truth = (
            knowledge.their_deadline_estimate(state, them),
            state.effective_deadline(role),
        )
    assume(estimate > truth)  # they had it wrong in your favour
    decision = data.draw(
        st.sampled_from([Hold(), Propose(state.standing[role] or state.space.package_at(0))])
    )
    if isinstance(decision, Propose):
        assume(decision.package != state.standing[them])
    told, _ = step(state, Move(decision, Disclose(fact)))
    silent, _ = step(state, Move(decision))
    assume(not told.is_over and not silent.is_over)
    # Your leverage as they see it is minus their perceived leverage.
    assert -perceived_leverage(told, them) <= -perceived_leverage(silent, them) + SLACK


# -- symmetry ------------------------------------------------------------------------------------


@PROPERTY
@given(scenarios(), st.data())
def test_swapping_the_roles_negates_leverage(scenario, data):
    from leverage_strategies import moves

    sizes = tuple(len(issue.options) for issue in scenario.issues)
    sequence = data.draw(st.lists(moves(sizes), max_size=8))
    state = play(new_game(scenario).initial_state(), sequence)
    mirror = play(new_game(swapped(scenario)).initial_state(), sequence)
    assume(state.moves_made == mirror.moves_made)
    assert leverage(mirror)[0] == pytest.approx(-leverage(state)[0], abs=1e-6)
    for role in (0, 1):
        assert perceived_leverage(mirror, 1 - role) == pytest.approx(
            perceived_leverage(state, role), abs=1e-6
        )


@PROPERTY
@given(scenarios(symmetric=True))
def test_a_symmetric_scenario_starts_at_zero(scenario):
    state = new_game(scenario).initial_state()
    assert leverage(state) == pytest.approx((0.0, 0.0), abs=1e-6)
    # Each side perceives it at 0 too when its public guesses of the other are right.
    if all(
        (r.deadline is None or r.deadline_public) and sum(r.batna_public) / 2 == r.batna.low
        for r in scenario.roles
    ):
        assert perceived_leverage(state, 0) == pytest.approx(0.0, abs=1e-6)
        assert perceived_leverage(state, 1) == pytest.approx(0.0, abs=1e-6)


# -- the model itself, on explicit inputs --------------------------------------------------------


@st.composite
def positions(draw):
    batna = (draw(st.floats(-20, 140)), draw(st.floats(-20, 140)))
    rounds = (float(draw(st.integers(0, 20))), float(draw(st.integers(0, 20))))
    cost = (draw(st.floats(0, 5)), draw(st.floats(0, 5)))
    asks = (draw(st.none() | st.floats(0, 120)), draw(st.none() | st.floats(0, 120)))
    return Position(batna, rounds, cost, asks)


@st.composite
def frontiers(draw):
    scenario = draw(scenarios())
    return Frontier.of(OutcomeSpace.of(scenario))


@PROPERTY
@given(frontiers(), positions(), st.floats(0.1, 50))
def test_every_input_moves_leverage_the_right_way(frontier, position, step_size):
    base = leverage_at(frontier, position)
    assert -100 - SLACK <= base <= 100 + SLACK
    ask0 = position.asks[0]
    cases = [
        (evolve(position, batna=(position.batna[0] + step_size, position.batna[1])), +1),
        (evolve(position, batna=(position.batna[0], position.batna[1] + step_size)), -1),
        (evolve(position, rounds_left=(position.rounds_left[0] + 1, position.rounds_left[1])), +1),
        (evolve(position, rounds_left=(position.rounds_left[0], position.rounds_left[1] + 1)), -1),
        (
            evolve(
                position, delay_cost=(position.delay_cost[0] + step_size, position.delay_cost[1])
            ),
            -1,
        ),
        (
            evolve(
                position,
                asks=(
                    max(-50.0, (ask0 if ask0 is not None else 150.0) - step_size),
                    position.asks[1],
                ),
            ),
            -1,
        ),
    ]
    for changed, direction in cases:
        after = leverage_at(frontier, changed)
        assert direction * (after - base) >= -SLACK
