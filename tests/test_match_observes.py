"""A match tells each counterpart, after every move, exactly the events of that move it may see,
in order, with a view of the state as it now stands; and hands the side to move a view of that
same state. Match takes the events from the part of the log each side keeps and makes each
side's view once a move: these hold it to the plain definitions, on every shipped scenario
(most have events only one side is told about)."""

from __future__ import annotations

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.core.catalogue import shipped_ids
from sim.core.state import Event, Game
from sim.core.view import RoleView


class Recording:
    """A counterpart that records what it is handed, and lets a real one play."""

    def __init__(self, match_of, inner):
        self.match_of = match_of  # the match, once made (it is made after its counterparts)
        self.inner = inner
        self.observed: list[tuple[object, tuple[Event, ...]]] = []
        self.decided: list[object] = []

    def decide(self, view: RoleView):
        assert view.moment is self.match_of().state
        self.decided.append(view.moment)
        return self.inner.decide(view)

    def observe(self, view: RoleView, events: tuple[Event, ...]) -> None:
        assert view.moment is self.match_of().state
        self.observed.append((view.moment, events))
        self.inner.observe(view, events)


def test_each_side_observes_the_events_of_each_move_it_may_see(scenarios):
    private = 0
    for scenario_id in shipped_ids():
        for seed in (1, 2):
            private += _check_match(scenarios[scenario_id], seed)
    assert private  # a side was not told everything: the case the per-side part is for


def _check_match(scenario, seed: int) -> int:
    """Play one match and check it; how many moves had an event one side was not told."""
    private = 0
    game = Game.new(scenario, seed)
    holder: list[Match] = []
    sides = tuple(
        Recording(lambda: holder[0], make_counterpart(game, role, persona, "normal"))
        for role, persona in ((0, "bluffer"), (1, "reciprocator"))
    )
    match = Match(game, (sides[0], sides[1]))
    holder.append(match)
    opening = match.state
    match.run()
    before_each_move = [opening, *(turn.state for turn in match.turns[:-1])]
    for role, side in enumerate(sides):
        assert len(side.observed) == len(match.turns)
        for turn, (moment, events) in zip(match.turns, side.observed, strict=True):
            assert moment is turn.state
            assert events == tuple(e for e in turn.events if role in e.visible_to)
            private += len(events) < len(turn.events)
        assert side.decided == [
            state
            for state, turn in zip(before_each_move, match.turns, strict=True)
            if turn.actor == role
        ]
    return private
