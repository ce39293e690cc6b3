"""Hypothesis helpers: draw any legal move for the side to move, as the rules define legal.

Shared by the rules' invariants (tests/test_rules_properties.py) and the replay round trip
(tests/test_replay.py), so both explore the same space of play.
"""

from __future__ import annotations

from hypothesis import strategies as st

from sim.core.moves import (
    MANNERS,
    TOPICS,
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
from sim.core.rules import legal_decisions, legal_talk, uncited_benchmarks, undisclosed_facts
from sim.core.state import GameState

_DECISIONS = {
    "accept": Accept(),
    "accept-mediator": Accept(mediator=True),
    "hold": Hold(),
    "break": TakeBreak(),
    "walk-away": WalkAway(),
    "mediator": RequestMediator(),
}


def draw_legal_move(data, state: GameState, walk_away_weight: int = 1) -> Move:
    """A legal move: talk and decision drawn from what the rules allow now. Other decisions
    weigh 8 against `walk_away_weight` (0: walk away only when nothing else is legal), since a
    walk-away ends a game at once and would keep most games short."""
    role = state.to_move
    decisions = legal_decisions(state)
    weighted = [
        name for name in decisions for _ in range(walk_away_weight if name == "walk-away" else 8)
    ] or ["walk-away"]
    name = data.draw(st.sampled_from(weighted))
    if name == "propose":
        decision = Propose(tuple(data.draw(st.integers(0, size - 1)) for size in state.space.sizes))
    else:
        decision = _DECISIONS[name]
    kind = data.draw(st.sampled_from([None, *legal_talk(state)]))
    talk = None
    if kind == "ask":
        talk = Ask(data.draw(st.sampled_from(TOPICS)))
    elif kind == "answer":
        manner = data.draw(st.sampled_from(MANNERS))
        claim = None
        if manner == "lie":
            topic = state.question.topic
            if topic == "priorities":
                claim = float(data.draw(st.integers(0, len(state.scenario.issues) - 1)))
            elif topic == "deadline":
                claim = float(data.draw(st.integers(1, state.scenario.max_rounds + 1)))
            else:
                claim = float(data.draw(st.integers(-20, 120)))
        talk = Answer(manner, claim)
    elif kind == "disclose":
        talk = Disclose(data.draw(st.sampled_from(undisclosed_facts(state, role))))
    elif kind == "signal":
        talk = SignalAlternative(float(data.draw(st.integers(0, 120))))
    elif kind == "cite":
        talk = CiteBenchmark(data.draw(st.sampled_from(uncited_benchmarks(state, role))))
    return Move(decision, talk)
