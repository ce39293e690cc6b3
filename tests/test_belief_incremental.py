"""The belief kept up move by move is the belief read afresh: its caches never go stale.

A counterpart's belief reads only what arrived since its last update (new offers, new talk, new
events), skips a view of the moment it has already read, and keeps what it derived while its
inputs stand (their modelled values, the talk factors). A cache that missed a change would make
it believe something the evidence no longer says, silently. So games of any legal moves are
read twice: by a belief updated as a counterpart updates it (some moments read twice, as
observing a move and then deciding on it do), and by one that forgets every such cache before
each update and so reads the whole view again, as the belief did before it kept any. Every
number of the two must be the same, bit for bit.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from move_strategies import draw_legal_move

from sim.ai.belief import Belief
from sim.core.catalogue import shipped_scenarios
from sim.core.moves import Disclose, Hold, Move, Propose, SignalAlternative
from sim.core.rules import step
from sim.core.state import Game
from sim.core.view import RoleView

MOVES = 30
SCENARIOS = {scenario.id: scenario for scenario in shipped_scenarios()}


def read_afresh(belief: Belief, view: RoleView) -> None:
    """An update that remembers nothing of what it read before: the moment, the talk it built
    its factors from, their modelled values, how well their offers back a claim, the answers
    read off the posterior."""
    belief._forget()
    belief.update(view)
    belief._answers = {}


def same(kept: Belief, afresh: Belief) -> None:
    for name in ("offer_loglik", "batna_loglik", "weight_loglik", "horizon_loglik", "horizons"):
        assert np.array_equal(getattr(kept, name), getattr(afresh, name)), name
    assert kept.posterior().tobytes() == afresh.posterior().tobytes()
    assert kept.their_points().tobytes() == afresh.their_points().tobytes()
    assert kept.summary() == afresh.summary()
    assert kept.doubted() == afresh.doubted()
    assert kept.known_batna == afresh.known_batna
    assert kept.shift == afresh.shift


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    scenario_id=st.sampled_from(sorted(SCENARIOS)),
    seed=st.integers(0, 2**16),
    role=st.integers(0, 1),
    data=st.data(),
)
def test_the_belief_kept_up_is_the_belief_read_afresh(scenario_id, seed, role, data):
    state = Game.new(SCENARIOS[scenario_id], seed).initial_state()
    kept = Belief(RoleView(state, role))
    afresh = Belief(RoleView(state, role))
    for _ in range(MOVES):
        if state.is_over:
            break
        state, _events = step(state, draw_legal_move(data, state, walk_away_weight=0))
        kept.update(RoleView(state, role))
        if data.draw(st.booleans(), label="read the same moment again"):
            kept.update(RoleView(state, role))
        read_afresh(afresh, RoleView(state, role))
        # The kept belief is looked at only now and then, as a counterpart looks at it only
        # when it decides: what it derives lazily must still follow every update in between.
        if data.draw(st.booleans(), label="look at it now"):
            same(kept, afresh)
    same(kept, afresh)


def test_a_public_turn_of_events_reweighs_a_claim_with_no_new_offer():
    """Hospital-union: the union claims an alternative, discloses it, and makes three offers;
    the news that moves its alternative breaks after the hospital's move, with nothing new said
    or offered by the union. What the union disclosed is read as of its alternative now, so
    the hospital's belief must read the talk again then."""
    scenario = SCENARIOS["hospital-union"]
    union, hospital = (scenario.role_ids.index(role) for role in ("union", "hospital"))
    assert scenario.first_to_move == union
    seeded = tuple(4 if rule.round is None else rule.round for rule in scenario.events)
    state = Game.restore(scenario, 1, (40.0, 40.0), seeded).initial_state()
    sizes = state.space.sizes
    best = tuple(size - 1 for size in sizes)
    kept = Belief(RoleView(state, hospital))
    afresh = Belief(RoleView(state, hospital))
    moves = [
        Move(Propose(best), SignalAlternative(30.0)),
        Move(Propose(tuple(0 for _ in sizes))),
        Move(Propose(tuple(max(0, s - 2) for s in sizes)), Disclose(0)),
        Move(Hold()),
        Move(Propose(tuple(max(0, s - 3) for s in sizes))),
        Move(Hold()),
    ]
    assert scenario.facts[0].holder == union and scenario.facts[0].topic == "batna"
    shifted = 0
    for move in moves:
        state, _events = step(state, move)
        kept.update(RoleView(state, hospital))
        read_afresh(afresh, RoleView(state, hospital))
        same(kept, afresh)
        shifted = max(shifted, len(kept.shifts))
    assert shifted, "the union's turn of events was public, and read"
