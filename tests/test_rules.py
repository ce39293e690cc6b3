"""The rules of a turn, one by one, as a player meets them."""

from __future__ import annotations

import pytest

from sim.core.errors import IllegalMoveError
from sim.core.moves import (
    Accept,
    Answer,
    Ask,
    CiteBenchmark,
    Disclose,
    Hold,
    Move,
    Propose,
    RequestMediator,
    SignalAlternative,
    TakeBreak,
    WalkAway,
)
from sim.core.rules import legal_decisions, step
from sim.core.state import EXPOSED_LIE_TRUST, MAX_BREAKS, Game


def _start(scenario, seed=1):
    return Game.new(scenario, seed).initial_state()


def _hold(state):
    return step(state, Move(Hold()))[0]


def _cheapest(state, role):
    """The package worst for `role` (a generous offer from the other side)."""
    return state.space.package_at(int(state.space.points[role].argmin()))


def test_game_setup_is_determined_by_the_seed(job_offer):
    first, again, other = Game.new(job_offer, 7), Game.new(job_offer, 7), Game.new(job_offer, 8)
    assert (first.batna, first.event_rounds) == (again.batna, again.event_rounds)
    drawn = {Game.new(job_offer, seed).batna for seed in range(20)}
    assert len(drawn) > 1, "a BATNA range must give different draws for different seeds"
    assert other.scenario is job_offer


def test_drawn_batna_lies_in_the_range(job_offer):
    for seed in range(50):
        game = Game.new(job_offer, seed)
        for role, value in enumerate(game.batna):
            batna = job_offer.roles[role].batna
            assert batna.low <= value <= batna.high


def test_first_mover_and_turn_order(job_offer):
    state = _start(job_offer)
    assert state.to_move == job_offer.first_to_move
    after = _hold(state)
    assert after.to_move == 1 - state.to_move and after.round == 1
    after = _hold(after)
    assert after.round == 2 and after.to_move == job_offer.first_to_move


def test_accepting_makes_a_deal_with_delay_costs(job_offer):
    state = _start(job_offer)
    mover = state.to_move
    package = _cheapest(state, mover)
    state = _hold(state)  # first mover holds
    state = step(state, Move(Propose(package)))[0]  # round 1, second mover proposes
    state = _hold(_hold(state))  # round 2 passes
    state, events = step(state, Move(Accept()))  # round 3
    assert state.outcome.kind == "deal" and state.outcome.package == package
    points = state.space.points_of(package)
    for role in (0, 1):
        expected = points[role] - job_offer.roles[role].delay_cost * 2
        assert state.outcome.payoffs[role] == pytest.approx(expected)
    assert events[-1].kind == "deal"


def test_proposing_their_offer_agrees_to_it(job_offer):
    state = _start(job_offer)
    package = _cheapest(state, state.to_move)
    state = step(state, Move(Propose(package)))[0]
    state = step(state, Move(Propose(package)))[0]
    assert state.outcome.kind == "deal" and state.outcome.package == package


def test_walking_away_gives_both_batnas(job_offer):
    state = _start(job_offer)
    mover = state.to_move
    state, events = step(state, Move(WalkAway()))
    assert state.outcome.kind == "walk-away" and state.outcome.walked_by == mover
    assert state.outcome.payoffs == state.batna
    with pytest.raises(IllegalMoveError, match="game is over"):
        step(state, Move(Hold()))


def test_a_passed_deadline_ends_in_batnas(scenarios):
    scenario = scenarios["supplier-contract"]
    state = _start(scenario)
    buyer = scenario.role_index("buyer")
    while not state.is_over:
        state = _hold(state)
    assert state.outcome.kind == "deadline"
    assert state.outcome.round == state.effective_deadline(buyer)
    assert state.outcome.payoffs == state.batna
    assert any(e.kind == "deadline-passed" for e in state.log)


def test_competing_offer_expires_on_schedule(job_offer):
    state = _start(job_offer)
    candidate = job_offer.role_index("candidate")
    before = state.batna[candidate]
    index = [rule.id for rule in job_offer.events].index("offer-expires")
    expiry = job_offer.events[index].round
    while state.round < expiry:
        state = _hold(state)
    assert state.batna[candidate] < before
    happened = [
        e
        for e in state.log
        if e.kind == "scenario-event" and e.detail.get("event") == "offer-expires"
    ]
    assert happened and happened[0].round == expiry
    assert happened[0].visible_to == frozenset({candidate}), (
        "a private event is told only to the side it touches"
    )


def test_illegal_moves_say_what_is_legal(job_offer):
    state = _start(job_offer)
    with pytest.raises(
        IllegalMoveError, match="no offer from the other side.*legal decisions now: propose, hold"
    ):
        step(state, Move(Accept()))
    with pytest.raises(IllegalMoveError, match="one option per issue"):
        step(state, Move(Propose((0,))))
    with pytest.raises(IllegalMoveError, match="no question to answer"):
        step(state, Move(Hold(), Answer("truthful")))
    with pytest.raises(IllegalMoveError, match="from round 3"):
        step(state, Move(RequestMediator()))
    assert issubclass(IllegalMoveError, ValueError)


def test_truthful_answer_and_a_lie_are_recorded(job_offer):
    state = _start(job_offer)
    asker = state.to_move
    answerer = 1 - asker
    state = step(state, Move(Hold(), Ask("batna")))[0]
    state = step(state, Move(Hold(), Answer("lie", claim=state.batna[answerer] + 20)))[0]
    lie = state.claims[-1]
    assert lie.role == answerer and lie.manner == "lie" and not lie.truthful and not lie.exposed
    # Disclosing the BATNA fact later exposes the lie and costs trust.
    batna_facts = [i for i in job_offer.facts_of(answerer) if job_offer.facts[i].topic == "batna"]
    assert batna_facts
    state = _hold(state)
    state, events = step(state, Move(Hold(), Disclose(batna_facts[0])))
    assert any(e.kind == "exposed" for e in events)
    assert state.claims[-1].exposed
    assert state.trust[answerer] == pytest.approx(1.0 - EXPOSED_LIE_TRUST)


def test_truthful_answer_tells_the_truth(job_offer):
    state = _start(job_offer)
    answerer = 1 - state.to_move
    state = step(state, Move(Hold(), Ask("batna")))[0]
    state = step(state, Move(Hold(), Answer("truthful")))[0]
    assert state.claims[-1].values == (state.batna[answerer],) and state.claims[-1].truthful


def test_a_question_lapses_if_not_answered(job_offer):
    state = _start(job_offer)
    state = step(state, Move(Hold(), Ask("deadline")))[0]
    state, events = step(state, Move(Hold()))
    assert state.question is None
    assert any(e.kind == "unanswered" for e in events)


def test_signal_overstating_batna_is_a_bluff(job_offer):
    state = _start(job_offer)
    mover = state.to_move
    state = step(state, Move(Hold(), SignalAlternative(state.batna[mover] + 30)))[0]
    assert not state.claims[-1].truthful
    state = step(state, Move(Hold(), SignalAlternative(state.batna[1 - mover])))[0]
    assert state.claims[-1].truthful


def test_citing_a_benchmark_twice_is_illegal(job_offer):
    state = _start(job_offer)
    state = step(state, Move(Hold(), CiteBenchmark(0)))[0]
    state = _hold(state)
    with pytest.raises(IllegalMoveError, match="cannot cite benchmark"):
        step(state, Move(Hold(), CiteBenchmark(0)))


def test_a_break_lets_a_round_pass_and_is_limited(job_offer):
    state = _start(job_offer)
    mover = state.to_move
    for _ in range(MAX_BREAKS):
        before = state.round
        state = step(state, Move(TakeBreak()))[0]
        assert state.round == before + 1
        state = _hold(state)
    assert "break" not in legal_decisions(state)
    with pytest.raises(IllegalMoveError, match="breaks"):
        step(state, Move(TakeBreak()))
    assert state.breaks[mover] == MAX_BREAKS


def test_mediator_proposes_a_package_both_prefer_to_their_batna(job_offer):
    state = _start(job_offer)
    while state.round < 3:
        state = _hold(state)
    state, events = step(state, Move(RequestMediator()))
    proposal = state.mediator_proposal
    assert proposal is not None
    for role in (0, 1):
        assert state.deal_value(role, proposal, state.round) > state.batna[role]
    state = step(state, Move(Accept(mediator=True)))[0]
    assert not state.is_over
    state = step(state, Move(Accept(mediator=True)))[0]
    assert (
        state.outcome.kind == "deal"
        and state.outcome.mediated
        and state.outcome.package == proposal
    )
    assert "mediator" not in legal_decisions(state)


def test_declining_the_mediator_withdraws_the_proposal(job_offer):
    state = _start(job_offer)
    while state.round < 3:
        state = _hold(state)
    state = step(state, Move(RequestMediator()))[0]
    state, events = step(state, Move(Hold()))
    assert state.mediator_proposal is None and any(e.kind == "mediator-declined" for e in events)
    assert state.mediator_used


def test_retracting_an_offer_costs_trust(job_offer):
    state = _start(job_offer)
    mover = state.to_move
    generous = _cheapest(state, mover)
    greedy = state.space.package_at(int(state.space.points[mover].argmax()))
    state = _hold(step(state, Move(Propose(generous)))[0])
    state, events = step(state, Move(Propose(greedy)))
    assert any(e.kind == "retracted" for e in events)
    assert state.trust[mover] < 1.0


def test_digest_is_stable_and_changes_with_the_state(job_offer):
    first = _start(job_offer)
    assert first.digest() == _start(job_offer).digest()
    assert _hold(first).digest() != first.digest()


def test_moves_round_trip_through_their_text_form():
    moves = [
        Move(Propose((1, 2, 0))),
        Move(Accept(mediator=True), Ask("batna")),
        Move(Hold(), Answer("lie", 12.0)),
        Move(TakeBreak(), Disclose(2)),
        Move(WalkAway(), SignalAlternative(40.0)),
        Move(RequestMediator(), CiteBenchmark(1)),
        Move(Hold(), Answer("vague")),
    ]
    for move in moves:
        assert Move.from_dict(move.to_dict()) == move
    with pytest.raises(ValueError, match="decision"):
        Move.from_dict({"decision": "shout"})


def test_the_other_side_cannot_tell_a_lie_from_the_truth(job_offer):
    from sim.core.view import RoleView

    state = _start(job_offer)
    asker = state.to_move
    state = step(state, Move(Hold(), Ask("batna")))[0]
    state = step(state, Move(Hold(), Answer("lie", claim=99.0)))[0]
    heard = RoleView(state, asker).their_claims[-1]
    assert heard.manner == "stated" and heard.values == (99.0,)
    assert not hasattr(heard, "truthful")


def test_a_public_event_tells_the_other_side_the_change_not_the_value(scenarios):
    scenario = scenarios["supplier-contract"]
    state = _start(scenario)
    public = [i for i, rule in enumerate(scenario.events) if rule.public and rule.batna is not None]
    assert public, "supplier-contract has a public event that moves a BATNA"
    when = state.game.event_rounds[public[0]]
    while state.round < when:
        state = _hold(state)
    event = next(e for e in state.log if e.detail.get("event") == scenario.events[public[0]].id)
    assert "batna_change" in event.detail
    assert "batna_before" not in event.detail and "batna_after" not in event.detail


def test_a_question_let_pass_is_worded_for_people(job_offer):
    state = step(_start(job_offer), Move(Hold(), Ask("batna")))[0]
    state, events = step(state, Move(Hold()))
    passed = [event.text for event in events if event.kind == "unanswered"]
    assert len(passed) == 1 and "the question about their alternative pass" in passed[0]
    assert "batna" not in passed[0]
