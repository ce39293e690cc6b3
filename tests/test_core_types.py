"""The game's kinds are types: topics, manners, event and outcome kinds are StrEnums whose values
are exactly the text replays carry; a move that cannot be read is not a move the rules forbid."""

from __future__ import annotations

import json

import pytest

from sim.ai.selfplay import Lineup, new_match
from sim.core.errors import IllegalMoveError, InvalidMoveError
from sim.core.moves import Accept, Answer, Ask, Manner, Move, Topic
from sim.core.rules import step
from sim.core.state import EventKind, Game, OutcomeKind


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ("propose", "a move must be an object"),
        ({"decision": "shout"}, "decision: unknown decision"),
        ({"decision": "propose", "package": "all"}, "package:"),
        ({"decision": "hold", "talk": "ask", "topic": "weather"}, "topic:"),
        ({"decision": "hold", "talk": "answer", "manner": "coy"}, "manner:"),
        ({"decision": "hold", "talk": "signal"}, "claim:"),
    ],
)
def test_a_move_that_cannot_be_read_is_an_invalid_move_naming_the_field(data, field):
    with pytest.raises(InvalidMoveError, match=field) as raised:
        Move.from_dict(data)
    assert isinstance(raised.value, ValueError)
    assert not isinstance(raised.value, IllegalMoveError)


def test_a_move_the_rules_forbid_is_an_illegal_move_not_an_invalid_one(job_offer):
    state = Game.new(job_offer, 1).initial_state()
    with pytest.raises(IllegalMoveError) as raised:
        step(state, Move(Accept()))  # nothing on the table yet
    assert not isinstance(raised.value, InvalidMoveError)


def test_kinds_are_their_text_form_in_json_and_in_comparisons():
    move = Move(Accept(), Answer("lie", 50.0))
    assert move.talk == Answer(Manner.LIE, 50.0) and move.talk.manner is Manner.LIE
    assert Ask("batna").topic is Topic.BATNA and Ask("batna").topic == "batna"
    text = json.dumps(Move(Accept(), Ask(Topic.DEADLINE)).to_dict())
    assert text == '{"decision": "accept", "talk": "ask", "topic": "deadline"}'
    assert (
        json.dumps([EventKind.WALKED_AWAY, OutcomeKind.WALK_AWAY]) == '["walked-away", "walk-away"]'
    )


@pytest.mark.parametrize("seed", range(6))
def test_every_ending_is_reported_by_the_event_its_outcome_kind_names(scenarios, seed):
    personas = ("hardliner", "conceder", "reciprocator", "linear", "boulware", "bluffer")
    scenario = list(scenarios.values())[seed % len(scenarios)]
    match = new_match(scenario, seed, Lineup((personas[seed], personas[-seed - 1])))
    match.run()
    outcome = match.state.outcome
    assert isinstance(outcome.kind, OutcomeKind)
    kinds = [event.kind for event in match.state.log]
    assert all(isinstance(kind, EventKind) for kind in kinds)
    assert outcome.kind.event in kinds
    others = {kind.event for kind in OutcomeKind} - {outcome.kind.event}
    assert not others & set(kinds)
