"""Counterparts (issue 4): personas that play differently, never below their BATNA, reproducibly,
and say why."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.ai import dialogue
from sim.ai.bayesian import STYLES, BayesianCounterpart
from sim.ai.match import Match
from sim.ai.personas import (
    BAYESIAN_PERSONAS,
    DEFAULT_PERSONA,
    DIFFICULTIES,
    PERSONAS,
    make_counterpart,
)
from sim.ai.selfplay import Lineup, new_match, play_games
from sim.analysis.calibration import MIN_AGREEMENT
from sim.core.catalogue import shipped_ids
from sim.core.moves import Accept, Disclose, Hold, Move, Propose, SignalAlternative
from sim.core.state import Game, other
from sim.record.trace import trace_line

SCENARIOS = shipped_ids()


def accepting_moves(match: Match):
    """Each counterpart move that agrees to a package, with the state it was made in."""
    state = match.game.initial_state()
    for turn in match.turns:
        move, actor = turn.move, turn.actor
        if turn.choice is not None:
            decision = move.decision
            if isinstance(decision, Accept) and decision.mediator:
                yield actor, state, state.mediator_proposal, state.round + 1
            elif isinstance(decision, Accept):
                yield actor, state, state.standing[other(actor)], state.round
            elif (
                isinstance(decision, Propose)
                and tuple(decision.package) == state.standing[other(actor)]
            ):
                yield actor, state, tuple(decision.package), state.round
        state = turn.state


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scenario_id=st.sampled_from(SCENARIOS),
    first=st.sampled_from(sorted(PERSONAS)),
    second=st.sampled_from(sorted(PERSONAS)),
    difficulty=st.sampled_from(DIFFICULTIES),
)
def test_no_counterpart_ever_accepts_below_its_batna(
    scenarios, seed, scenario_id, first, second, difficulty
):
    match = new_match(scenarios[scenario_id], seed, Lineup((first, second), difficulty))
    match.run()
    for actor, state, package, closes_in in accepting_moves(match):
        value = state.deal_value(actor, package, at_round=closes_in)
        assert value >= state.batna[actor] - 1e-9, (actor, package, value, state.batna[actor])
    outcome = match.state.outcome
    if outcome.is_deal and not outcome.mediated:
        closer = match.turns[-1].actor
        assert outcome.payoffs[closer] >= match.state.batna[closer] - 1e-9


@pytest.mark.parametrize("scenario_id", SCENARIOS)
@pytest.mark.parametrize("persona", BAYESIAN_PERSONAS)
def test_every_persona_plays_either_role_in_every_scenario(scenarios, scenario_id, persona):
    scenario = scenarios[scenario_id]
    for role in (0, 1):
        for difficulty in DIFFICULTIES:
            match = new_match(scenario, 7, Lineup.for_role(role, persona, "linear", difficulty))
            match.run()
            assert match.state.is_over
            for turn in match.turns:
                if turn.actor == role:
                    assert turn.choice.reasons.tactic
                    assert turn.choice.line


def opening_curve(scenario, persona, role, games=12, rounds=6):
    """Mean points (to itself) of a persona's standing offer by round, against a linear opponent."""
    curves = np.zeros((games, rounds))
    for index, match in enumerate(
        play_games(scenario, 100, games, Lineup.for_role(role, persona, "linear"))
    ):
        value = None
        by_round = {}
        for turn in match.turns:
            offer = turn.state.standing[role]
            if offer is not None:
                value = match.game.space.points_of(offer)[role]
            by_round[turn.round] = value
        last = None
        for r in range(1, rounds + 1):
            last = by_round.get(r, last)
            curves[index, r - 1] = last if last is not None else np.nan
    return np.nanmean(curves, axis=0)


def test_personas_concede_along_different_curves(scenarios):
    scenario = scenarios["lease-renewal"]
    curves = {persona: opening_curve(scenario, persona, role=1) for persona in BAYESIAN_PERSONAS}
    # Pairwise distinct in play: no two personas' concession curves coincide.
    for a in BAYESIAN_PERSONAS:
        for b in BAYESIAN_PERSONAS:
            if a < b:
                assert np.abs(curves[a] - curves[b]).max() > 1.0, (a, b)
    # And in the expected order of firmness by round 4.
    assert curves["hardliner"][3] > curves["reciprocator"][3] > curves["conceder"][3]
    assert curves["bluffer"][3] > curves["conceder"][3]


def test_personas_talk_differently(scenarios):
    scenario = scenarios["job-offer"]
    talk = {}
    for persona in BAYESIAN_PERSONAS:
        kinds = set()
        for match in play_games(scenario, 1, 8, Lineup.for_role(0, persona, "reciprocator")):
            for turn in match.turns:
                if turn.actor == 0 and turn.move.talk is not None:
                    kinds.add(type(turn.move.talk).__name__)
                    kinds.add(getattr(turn.move.talk, "manner", ""))
                if turn.actor == 0:
                    kinds.add(turn.choice.reasons.tactic)
        talk[persona] = frozenset(kinds)
    assert len(set(talk.values())) == len(BAYESIAN_PERSONAS)
    assert "SignalAlternative" in talk["bluffer"] and "SignalAlternative" not in talk["conceder"]
    assert "lie" in talk["bluffer"] and not any(
        "lie" in talk[p] for p in BAYESIAN_PERSONAS if p != "bluffer"
    )


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_default_persona_reaches_agreement_in_most_games(scenarios, scenario_id):
    matches = list(play_games(scenarios[scenario_id], 1, 40, Lineup()))
    deals = sum(m.state.outcome.is_deal for m in matches)
    # The same bar `leverage scenario check` holds every case to (self-play of the default
    # persona; term-sheet, the tightest shipped case, is at about 72%).
    assert deals >= MIN_AGREEMENT * len(matches)
    assert DEFAULT_PERSONA in BAYESIAN_PERSONAS


def trace_text(scenario, seed, games, lineup):
    lines = []
    for index, match in enumerate(play_games(scenario, seed, games, lineup)):
        lines += [
            json.dumps(trace_line(index, match, turn), sort_keys=True) for turn in match.turns
        ]
    return "\n".join(lines)


@pytest.mark.parametrize("persona", BAYESIAN_PERSONAS)
def test_the_same_seed_gives_the_same_trace(scenarios, persona):
    scenario = scenarios["supplier-contract"]
    lineup = Lineup((persona, "bluffer"), "hard")
    assert trace_text(scenario, 11, 3, lineup) == trace_text(scenario, 11, 3, lineup)
    assert trace_text(scenario, 11, 3, lineup) != trace_text(scenario, 12, 3, lineup)


def test_the_trace_carries_each_ai_sides_belief(scenarios):
    scenario = scenarios["job-offer"]
    match = next(play_games(scenario, 2, 1, Lineup()))
    for turn in match.turns:
        line = trace_line(0, match, turn)
        assert set(line["belief"]) == set(scenario.role_ids)
        for summary in line["belief"].values():
            assert set(summary) == {"batna_mean", "batna_low", "batna_high"}
            assert summary["batna_low"] <= summary["batna_mean"] <= summary["batna_high"]
        reasons = line["reasons"]
        assert reasons["tactic"] and "target" in reasons
        assert {"batna_mean", "batna_low", "batna_high", "priorities"} <= set(reasons["belief"])
    only_one = next(play_games(scenario, 2, 1, Lineup(("reciprocator", "linear"))))
    assert set(trace_line(0, only_one, only_one.turns[-1])["belief"]) == {scenario.role_ids[0]}


def test_a_counterpart_notices_an_exposed_bluff(scenarios):
    """The buyer (a person) bluffs about its alternative; its fact later exposes the bluff."""
    scenario = scenarios["supplier-contract"]
    game = Game.new(scenario, 4)
    supplier = make_counterpart(game, 0, "reciprocator")
    match = Match(game, (supplier, None))
    match.apply(Move(Propose((0, 3, 0, 3, 2)), SignalAlternative(29.0)))
    match.run()
    before = match.state.trust[1]
    match.apply(Move(Hold(), Disclose(scenario.fact_index("buy-requal"))))
    assert match.state.trust[1] < before
    turn = match.play_counterpart()
    assert any("bluff" in note for note in turn.choice.reasons.notes)
    assert supplier.caught == 1


def test_a_counterpart_only_sees_its_view():
    """Counterparts are handed a RoleView, never the state: the class takes no state anywhere."""
    import inspect

    source = inspect.getsource(BayesianCounterpart)
    assert "_state" not in source


def test_dialogue_has_four_variants_per_situation_and_persona():
    for persona in STYLES:
        for situation in list(dialogue.DECISION_LINES[persona]) + list(dialogue.TALK_LINES):
            lines = dialogue.variants(situation, persona)
            assert len(set(lines)) >= 4, (persona, situation)
    assert set(dialogue.DECISION_LINES) == set(STYLES)
    situations = {frozenset(v) for v in dialogue.DECISION_LINES.values()}
    assert len(situations) == 1  # every persona covers the same situations
    for mood in (dialogue.WARY, dialogue.PRESSED):
        assert len(set(mood)) >= 4


def test_the_scripted_opponents_are_still_available(job_offer):
    for persona in ("boulware", "linear"):
        match = new_match(job_offer, 1, Lineup((persona, persona)))
        match.run()
        assert match.state.is_over
        assert make_counterpart(match.game, 0, persona).belief_summary() is None


def test_unknown_personas_and_difficulties_are_refused(job_offer):
    game = Game.new(job_offer, 1)
    with pytest.raises(ValueError, match="unknown persona"):
        make_counterpart(game, 0, "telepath")
    with pytest.raises(ValueError, match="unknown difficulty"):
        make_counterpart(game, 0, "hardliner", "nightmare")


def test_harder_counterparts_read_you_better(scenarios):
    """Over many games, a hard counterpart's BATNA estimate ends closer to the truth than an
    easy one's (an easy one asks nothing and weighs evidence lightly). Against sides that
    concede with time, as the belief models them, and against a hardliner, whose firm floor the
    belief allows for (it is not read as a strong alternative), with the scenarios' events off:
    a private event moves the truth where no reading can follow."""
    from attrs import evolve

    errors = {}
    for difficulty in ("easy", "hard"):
        total = 0.0
        for scenario_id in ("job-offer", "supplier-contract"):
            scenario = evolve(scenarios[scenario_id], events=())
            for opponent in ("linear", "boulware", "hardliner"):
                lineup = Lineup(("problem-solver", opponent), difficulty)
                for match in play_games(scenario, 30, 20, lineup):
                    summary = match.counterparts[0].belief_summary()
                    total += abs(summary["batna_mean"] - match.state.batna[1])
        errors[difficulty] = total
    assert errors["hard"] < errors["easy"]


def test_a_counterpart_cites_only_benchmarks_that_back_its_own_ask(scenarios):
    """Citing "the market says X is fair" while offering less than X would undercut itself."""
    from sim.ai.selfplay import Lineup, play_games
    from sim.core.moves import CiteBenchmark

    cited = 0
    for scenario in scenarios.values():
        for match in play_games(scenario, 1, 15, Lineup(("hardliner", "problem-solver"))):
            for turn in match.turns:
                if not isinstance(turn.move.talk, CiteBenchmark):
                    continue
                cited += 1
                before = (
                    match.turns[match.turns.index(turn) - 1].state
                    if match.turns.index(turn)
                    else match.game.initial_state()
                )
                ask = before.standing[turn.actor]
                benchmark = scenario.benchmarks[turn.move.talk.benchmark]
                table = match.game.space.tables[benchmark.issue][turn.actor]
                if ask is not None:
                    assert table[benchmark.option] >= table[ask[benchmark.issue]]
    assert cited > 0, "the counterparts do cite benchmarks"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_cited_benchmark_backs_the_offer_it_is_cited_with(scenarios, scenario_id):
    """A counterpart cites a standard only beside an offer the standard supports: the option it
    calls fair is worth at least as much to it as what its offer (new or standing) asks on that
    issue, and that ask is still more than the other side offers there. (Seen in play: a seller
    citing a servicing checklist while offering 'sold as it is'; and, later, citing 'an oil service
    is fair' while its own offer already gave the buyer the full service the buyer asked for.)"""
    from sim.core.moves import CiteBenchmark

    scenario = scenarios[scenario_id]
    cited = 0
    for persona in BAYESIAN_PERSONAS:
        for match in play_games(scenario, 1, 6, Lineup.for_role(0, persona, "hardliner", "hard")):
            for turn in match.turns:
                talk = turn.move.talk
                if turn.choice is None or not isinstance(talk, CiteBenchmark):
                    continue
                cited += 1
                standard = scenario.benchmarks[talk.benchmark]
                package = turn.state.standing[turn.actor]
                assert package is not None
                points = scenario.issues[standard.issue].options
                fair = points[standard.option].points[turn.actor]
                asked = points[package[standard.issue]].points[turn.actor]
                assert fair >= asked, (turn.round, scenario.roles[turn.actor].id, standard.name)
                theirs = turn.state.standing[1 - turn.actor]
                if theirs is not None:
                    granted = points[theirs[standard.issue]].points[turn.actor]
                    assert asked > granted, ("settled", turn.round, standard.name)
    assert cited > 0 or scenario_id not in ("job-offer", "used-car")
