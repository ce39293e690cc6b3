"""Invariants of the rules under any sequence of legal moves (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from move_strategies import draw_legal_move

from sim.core.catalogue import shipped_ids
from sim.core.moves import (
    TOPICS,
    Move,
)
from sim.core.rules import step
from sim.core.state import MAX_BREAKS, Game, GameState

SCENARIO_IDS = shipped_ids()

MOVE_LIMIT = 200


def _draw_move(data, state: GameState) -> Move:
    return draw_legal_move(data, state, walk_away_weight=1)


def _check_consistent(state: GameState) -> None:
    scenario = state.scenario
    space = state.space
    assert 1 <= state.round <= scenario.max_rounds + 2
    assert state.to_move in (0, 1)
    for role in (0, 1):
        assert 0.0 <= state.trust[role] <= 1.0
        assert 0 <= state.breaks[role] <= MAX_BREAKS
        package = state.standing[role]
        if package is not None:
            assert len(package) == len(scenario.issues)
            assert all(0 <= o < n for o, n in zip(package, space.sizes, strict=True))
            points = space.points_of(package)
            for r in (0, 1):
                assert space.worst_for(r) <= points[r] <= space.best_for(r)
    for claim in state.claims:
        assert claim.topic in TOPICS
        if claim.exposed:
            assert not claim.truthful
    if state.question is not None:
        assert state.question.asker != state.to_move or state.outcome is not None
    assert len({d.fact for d in state.disclosures}) == len(state.disclosures), (
        "a fact is disclosed once"
    )
    if state.outcome is None:
        assert state.round <= min(state.effective_deadline(0), state.effective_deadline(1))


def _check_finished(state: GameState) -> None:
    outcome = state.outcome
    assert outcome is not None
    assert outcome.kind in ("deal", "walk-away", "deadline")
    if outcome.is_deal:
        assert outcome.package is not None
        for role in (0, 1):
            assert outcome.payoffs[role] == pytest.approx(
                state.deal_value(role, outcome.package, outcome.round)
            )
    else:
        assert outcome.package is None
        assert outcome.payoffs == state.batna
    assert state.log[-1].kind in ("deal", "walked-away", "deadline-passed")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario_id=st.sampled_from(SCENARIO_IDS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_no_sequence_of_legal_moves_reaches_an_inconsistent_state(
    scenarios, scenario_id, seed, data
):
    state = Game.new(scenarios[scenario_id], seed).initial_state()
    moves = 0
    while not state.is_over:
        assert moves < MOVE_LIMIT, "every game ends: the clock only moves forward"
        log_before = len(state.log)
        state, events = step(state, _draw_move(data, state))
        assert len(state.log) >= log_before + len(events) - 0
        _check_consistent(state)
        moves += 1
    _check_finished(state)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_id=st.sampled_from(SCENARIO_IDS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_the_same_moves_give_the_same_game(scenarios, scenario_id, seed, data):
    scenario = scenarios[scenario_id]
    state = Game.new(scenario, seed).initial_state()
    moves = []
    while not state.is_over and len(moves) < 40:
        move = _draw_move(data, state)
        moves.append(move)
        state = step(state, move)[0]
    again = Game.new(scenario, seed).initial_state()
    for move in moves:
        again = step(again, move)[0]
    assert again.digest() == state.digest()
    assert [e.text for e in again.log] == [e.text for e in state.log]


@settings(max_examples=40, deadline=None)
@given(scenario_id=st.sampled_from(SCENARIO_IDS), index=st.integers(0, 10**9))
def test_points_stay_within_the_tables(scenarios, scenario_id, index):
    scenario = scenarios[scenario_id]
    space = Game.new(scenario, 0).space
    package = space.package_at(index % space.size)
    assert space.index_of(package) == index % space.size
    for role in (0, 1):
        expected = sum(
            issue.options[o].points[role] for issue, o in zip(scenario.issues, package, strict=True)
        )
        assert space.points_of(package)[role] == pytest.approx(expected)
        assert space.points[role, index % space.size] == pytest.approx(expected)
