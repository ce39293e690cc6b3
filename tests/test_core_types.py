"""The game's kinds are types: topics, manners, event and outcome kinds are StrEnums whose values
are exactly the text replays carry; a move that cannot be read is not a move the rules forbid."""

from __future__ import annotations

import json

import pytest

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


def _ended_by(job_offer, ending: str):
    """A game of job-offer ended one way: a deal, a walk-away, or holding past every deadline."""
    from sim.core.moves import Hold, Propose, WalkAway

    state = Game.new(job_offer, 2).initial_state()
    while not state.is_over:
        if ending == "deal" and state.standing[1 - state.to_move] is not None:
            move = Move(Accept())
        elif ending == "deal":
            move = Move(Propose(tuple(0 for _ in job_offer.issues)))
        elif ending == "walk-away":
            move = Move(WalkAway())
        else:
            move = Move(Hold())
        state, _ = step(state, move)
    return state


@pytest.mark.parametrize("ending", ["deal", "walk-away", "deadline"])
def test_every_ending_is_reported_by_the_event_its_outcome_kind_names(job_offer, ending):
    state = _ended_by(job_offer, ending)
    assert state.outcome.kind is OutcomeKind(ending)
    kinds = [event.kind for event in state.log]
    assert all(isinstance(kind, EventKind) for kind in kinds)
    assert kinds[-1] == state.outcome.kind.event
    others = {kind.event for kind in OutcomeKind} - {state.outcome.kind.event}
    assert len(others) == 2 and not others & set(kinds)
