"""Leverage on the shipped scenarios: their stories show in the numbers; the trace carries it;
the readings add up and use what each side knows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sim.core import knowledge
from sim.core.leverage import (
    COMPONENTS,
    LeverageTimeline,
    assess,
    explain,
    leverage,
    perceived_leverage,
)
from sim.core.moves import Disclose, Hold, Move, Propose, SignalAlternative
from sim.core.rules import step
from sim.core.state import Game


def held_game(scenario, batna, event_rounds, until_round=None):
    """A game where both sides only hold: the states after each move, starting with the first."""
    state = Game.restore(scenario, 1, batna, event_rounds).initial_state()
    states = [state]
    while not state.is_over and (until_round is None or state.round <= until_round):
        state, _ = step(state, Move(Hold()))
        states.append(state)
    return states


def round_starts(states):
    """The first state of each round (index by round number)."""
    firsts = {}
    for state in states:
        if not state.is_over:
            firsts.setdefault(state.round, state)
    return firsts


# -- the stories ---------------------------------------------------------------------------------


def test_job_offer_candidate_loses_leverage_when_the_competing_offer_expires(scenarios):
    scenario = scenarios["job-offer"]
    candidate = scenario.role_index("candidate")
    states = held_game(scenario, (40.0, 32.0), (6, None, 8))
    timeline = LeverageTimeline.of(states)
    expiry = next(i for i, s in enumerate(states) if s.round == 6)
    before, after = timeline.at(expiry - 1, candidate), timeline.at(expiry, candidate)
    assert after.true < before.true - 10
    assert after.perceived < before.perceived - 10
    assert after.changes["alternatives"] < -10
    assert any("alternative fell from 40 to 14 points: alternatives −" in r for r in after.reasons)
    # The employer never heard of it: its picture of the candidate does not move.
    employer = 1 - candidate
    assert timeline.at(expiry, employer).changes["alternatives"] == 0


def test_supplier_contract_buyer_loses_leverage_as_the_quarter_end_nears(scenarios):
    scenario = scenarios["supplier-contract"]
    buyer = scenario.role_index("buyer")
    states = held_game(scenario, (42.0, 12.0), (None, None, None))
    firsts = round_starts(states)
    readings = {r: assess(firsts[r]) for r in range(1, 8)}
    for view in ("true", "perceived"):
        series = [readings[r].reading(buyer, view).value for r in range(1, 8)]
        assert all(later < earlier for earlier, later in zip(series, series[1:], strict=False)), (
            series
        )
        timing = [readings[r].reading(buyer, view).components["timing"] for r in range(1, 8)]
        assert all(later < earlier for earlier, later in zip(timing, timing[1:], strict=False)), (
            timing
        )
        assert series[-1] < series[0] - 20


def test_supplier_contract_sole_source_shows_in_alternatives(scenarios):
    scenario = scenarios["supplier-contract"]
    supplier = scenario.role_index("supplier")
    start = Game.restore(scenario, 1, (42.0, 12.0), (None, None, None)).initial_state()
    reading = assess(start)
    for view in ("true", "perceived"):
        assert reading.reading(supplier, view).components["alternatives"] > 5
        assert reading.reading(1 - supplier, view).components["alternatives"] < -5
    # When the news breaks that its capacity sits idle, the sole source's alternative weakens.
    states = held_game(scenario, (42.0, 12.0), (5, None, None), until_round=5)
    news = next(i for i, s in enumerate(states) if s.round == 5)
    change = explain(states[news - 1], states[news], supplier)
    assert change.changes["alternatives"] < -3


def test_lease_renewal_timing_turns_against_the_tenant_as_the_lease_runs_out(scenarios):
    scenario = scenarios["lease-renewal"]
    tenant = scenario.role_index("tenant")
    states = held_game(scenario, (24.0, 30.0), (None, None, None))
    firsts = round_starts(states)
    for view in ("true", "perceived"):
        timing = [
            assess(firsts[r]).reading(tenant, view).components["timing"] for r in range(1, 10)
        ]
        assert all(later < earlier for earlier, later in zip(timing, timing[1:], strict=False)), (
            timing
        )
        # Early on the landlord's own cost of delay nearly offsets the tenant's deadline...
        assert abs(timing[0]) < 10
        # ... but in the lease's last round the clock is all on the landlord's side.
        assert timing[-1] < -30
    # The landlord's cost of delay is what props the tenant up at the start.
    from attrs import evolve

    roles = list(scenario.roles)
    landlord = 1 - tenant
    roles[landlord] = evolve(roles[landlord], delay_cost=0.0)
    patient = evolve(scenario, roles=tuple(roles))
    start = Game.restore(patient, 1, (24.0, 30.0), (None, None, None)).initial_state()
    assert (
        assess(start).true[tenant].components["timing"]
        < assess(firsts[1]).true[tenant].components["timing"] - 3
    )


# -- readings ------------------------------------------------------------------------------------


@pytest.fixture
def job_states(scenarios):
    scenario = scenarios["job-offer"]
    state = Game.restore(scenario, 1, (40.0, 32.0), (6, 4, 8)).initial_state()
    moves = [
        Move(Propose((0, 0, 0, 0, 0, 2))),
        Move(Propose((4, 3, 3, 4, 3, 2)), SignalAlternative(70.0)),
        Move(Propose((1, 0, 0, 2, 1, 2)), Disclose(scenario.fact_index("emp-headcount"))),
        Move(Propose((3, 2, 1, 3, 3, 2))),
        Move(Hold()),
    ]
    states = [state]
    for move in moves:
        state, _ = step(state, move)
        states.append(state)
    return states


def test_leverage_is_on_the_scale_and_opposite_for_the_two_sides(job_states):
    for state in job_states:
        true = leverage(state)
        assert -100 <= true[0] <= 100
        assert true[1] == -true[0]
        reading = assess(state)
        for role in (0, 1):
            assert reading.true[role].value == pytest.approx(true[role])
            assert reading.perceived[role].value == pytest.approx(perceived_leverage(state, role))


def test_components_add_up_to_the_reading_and_changes_to_the_change(job_states):
    timeline = LeverageTimeline.of(job_states)
    for index in range(len(job_states)):
        for role in (0, 1):
            for view in ("true", "perceived"):
                turn = timeline.at(index, role, view)
                assert sum(turn.components.values()) == pytest.approx(turn.value, abs=1e-9)
                if index:
                    previous = timeline.at(index - 1, role, view)
                    assert turn.change == pytest.approx(turn.value - previous.value, abs=1e-9)
    true_information = [
        timeline.at(i, r, "true").components["information"] for i in range(6) for r in (0, 1)
    ]
    assert true_information == pytest.approx([0.0] * 12, abs=1e-9)


def test_a_signal_and_a_disclosure_move_what_the_other_side_perceives(job_states, scenarios):
    scenario = scenarios["job-offer"]
    candidate, employer = scenario.role_index("candidate"), scenario.role_index("employer")
    signalled = explain(job_states[1], job_states[2], employer)
    assert signalled.changes["alternatives"] < 0
    assert any("signalled an alternative worth about 70 points" in r for r in signalled.reasons)
    disclosed = explain(job_states[2], job_states[3], candidate)
    assert disclosed.changes["information"] > 0  # the employer's deadline is nearer than it seemed
    assert any("disclosed their deadline" in r for r in disclosed.reasons)
    assert knowledge.their_deadline_estimate(job_states[3], candidate) == 10


def test_their_estimates_can_come_from_a_belief(job_states, scenarios):
    state = job_states[-1]
    candidate = scenarios["job-offer"].role_index("candidate")
    assert perceived_leverage(state, candidate, their_batna_estimate=60) < perceived_leverage(
        state, candidate, their_batna_estimate=10
    )
    assert perceived_leverage(state, candidate, their_deadline_estimate=4) > perceived_leverage(
        state, candidate, their_deadline_estimate=12
    )


def test_claims_in_your_own_favour_are_discounted_by_trust(job_states):
    state = job_states[2]  # the candidate signalled 70
    employer = state.scenario.role_index("employer")
    trusting = knowledge.their_batna_estimate(state, employer)
    wary = knowledge.their_batna_estimate(state.evolve(trust=(0.2, 1.0)), employer)
    public = knowledge.public_batna_guess(state, 1 - employer)
    assert public < wary < trusting
    assert trusting == pytest.approx(public + 0.5 * (70 - public))


# -- the trace -----------------------------------------------------------------------------------


def run_trace(*args):
    result = subprocess.run(
        [sys.executable, "-m", "sim", "simulate", "job-offer", "--seed", "1", "--trace", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_every_trace_line_has_both_sides_leverage():
    output = run_trace()
    lines = [json.loads(line) for line in output.splitlines()]
    assert lines
    for line in lines:
        assert set(line["leverage"]) == {"candidate", "employer"}
        for entry in line["leverage"].values():
            assert set(entry) == {"true", "perceived", "components", "reasons"}
            assert set(entry["components"]) == set(COMPONENTS)
            numbers = [entry["true"], entry["perceived"], *entry["components"].values()]
            assert all(isinstance(n, float) and round(n, 1) == n for n in numbers)
            assert all(isinstance(reason, str) for reason in entry["reasons"])
        assert line["leverage"]["candidate"]["true"] == -line["leverage"]["employer"]["true"]
    assert any(entry["reasons"] for line in lines for entry in line["leverage"].values())
    assert run_trace() == output  # byte for byte


def test_the_leverage_model_stays_headless():
    code = (
        "import sys, sim.core.leverage, sim.core.knowledge, sim.record.trace_leverage;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_benchmark_runs():
    sys.path.insert(0, "tests/bench")
    try:
        import bench_leverage
    finally:
        sys.path.pop(0)
    figures = bench_leverage.measure(repeat=3)
    assert figures["turn_ms"] > 0 and figures["points_ms"] > 0


def test_causes_read_as_one_sentence():
    from sim.core.leverage_words import _join

    said = ["You signalled your alternative", "The other company has filled the role"]
    assert _join(said) == "You signalled your alternative; the other company has filled the role"
    assert _join(["Employer disclosed their deadline", "Your claim was exposed"]) == (
        "Employer disclosed their deadline; your claim was exposed"
    )
