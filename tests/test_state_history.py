"""A state keeps each side's part of its history as the history grows, and its digest is the same
hash as dumping the whole state: checked against the plain definitions under any legal play.

The game's cost per move must not grow with its length (issue 16), so `GameState` keeps each
side's events and offers as they are added and digests its growing lists as they grow. These
properties hold those shortcuts to the definitions they replace, on every state of a game, with
the states' digests asked in an order a game never asks them (so the encoding kept from one
state can never answer for another).
"""

from __future__ import annotations

import hashlib
import json

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from move_strategies import draw_legal_move

from sim.core.catalogue import shipped_ids
from sim.core.moves import Hold, Move, Propose, SignalAlternative
from sim.core.rules import step
from sim.core.state import Game, GameState
from sim.core.view import RoleView

SCENARIO_IDS = shipped_ids()


def plain_digest(state: GameState) -> str:
    """The digest as first defined: the whole state dumped as JSON and hashed, every time."""
    body = {
        "round": state.round,
        "to_move": state.to_move,
        "second_half": state.second_half,
        "moves": state.moves_made,
        "batna": list(state.batna),
        "deadline": list(state.deadline),
        "standing": [list(p) if p is not None else None for p in state.standing],
        "claims": [
            [c.role, c.round, c.topic, c.manner, list(c.values), c.exposed] for c in state.claims
        ],
        "disclosures": [[d.fact, d.round, d.value] for d in state.disclosures],
        "question": [state.question.asker, state.question.topic] if state.question else None,
        "breaks": list(state.breaks),
        "citations": [[c.role, c.benchmark] for c in state.citations],
        "trust": [round(t, 6) for t in state.trust],
        "mediator": [
            state.mediator_used,
            list(state.mediator_proposal or ()),
            sorted(state.mediator_accepted),
        ],
        "fired": sorted(state.fired),
        "log": len(state.log),
        "outcome": None
        if state.outcome is None
        else [
            state.outcome.kind,
            state.outcome.round,
            [round(p, 6) for p in state.outcome.payoffs],
        ],
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _played(scenarios, scenario_id: str, seed: int, data) -> list[GameState]:
    state = Game.new(scenarios[scenario_id], seed).initial_state()
    states = [state]
    while not state.is_over and len(states) < 60:
        # Talk on most moves, so claims, disclosures and citations pile up.
        state = step(state, draw_legal_move(data, state, walk_away_weight=0))[0]
        states.append(state)
    return states


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_id=st.sampled_from(SCENARIO_IDS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_each_side_sees_exactly_the_events_and_offers_the_log_holds_for_it(
    scenarios, scenario_id, seed, data
):
    for state in _played(scenarios, scenario_id, seed, data):
        for role in (0, 1):
            told = tuple(event for event in state.log if role in event.visible_to)
            assert state.events_seen_by(role) == told
            assert RoleView(state, role).events() == told
            offers = tuple(offer for offer in state.offers if offer.role == role)
            assert state.offers_by(role) == offers
            assert RoleView(state, 1 - role).offers_by(role) == offers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario_id=st.sampled_from(SCENARIO_IDS),
    seed=st.integers(0, 2**32 - 1),
    data=st.data(),
    order=st.randoms(use_true_random=False),
)
def test_the_digest_is_the_hash_of_the_whole_state_in_any_order_of_asking(
    scenarios, scenario_id, seed, data, order
):
    states = _played(scenarios, scenario_id, seed, data)
    in_play = [state.digest() for state in states]  # the order a game asks them
    shuffled = list(range(len(states)))
    order.shuffle(shuffled)
    for index in shuffled:
        assert states[index].digest() == plain_digest(states[index]) == in_play[index]


def test_a_long_game_keeps_its_digest_and_views_right(scenarios):
    """A game of many talking moves, digested move by move as a replay does."""
    scenario = scenarios[SCENARIO_IDS[0]]
    state = Game.new(scenario, 3).initial_state()
    sizes = state.space.sizes
    for turn in range(40):
        if state.is_over:
            break
        package = tuple((turn + i) % size for i, size in enumerate(sizes))
        decision = Propose(package) if turn % 3 else Hold()
        state = step(state, Move(decision, SignalAlternative(float(turn))))[0]
        assert state.digest() == plain_digest(state)
        for role in (0, 1):
            assert state.events_seen_by(role) == tuple(e for e in state.log if role in e.visible_to)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_id=st.sampled_from(SCENARIO_IDS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_a_state_evolves_as_attrs_evolves_it(scenarios, scenario_id, seed, data):
    """`GameState.evolve` copies the fields itself (the rules call it once or more a move):
    every state of a game, evolved either way, has the same fields, digest included, and what
    the state worked out before (its digest, its last rounds) does not follow it."""
    for state in _played(scenarios, scenario_id, seed, data):
        state.digest()  # a digest taken before must not follow the state into its successor
        state.effective_deadline(0)  # nor its last rounds, when the deadlines change
        deadline = data.draw(st.sampled_from([None, 1, state.round, 10**6]))
        changes = {
            "round": state.round + 1,
            "trust": (0.5, 0.25),
            "question": None,
            "deadline": (deadline, state.deadline[1]),
        }
        ours, theirs = state.evolve(**changes), attrs.evolve(state, **changes)
        for field in attrs.fields(GameState):
            assert getattr(ours, field.name) == getattr(theirs, field.name), field.name
        assert ours.digest() == theirs.digest() == plain_digest(ours)
        last = ours.scenario.max_rounds
        for role in (0, 1):
            named = ours.deadline[role]
            expected = last if named is None else min(named, last)
            assert ours.effective_deadline(role) == theirs.effective_deadline(role) == expected
