"""What a counterpart keeps from one move to the next changes nothing it does.

A counterpart reuses, on a later move, what it worked out on an earlier one while nothing that
went into it has changed (`sim.ai.offering.REUSE`): the packages that clear its bar, its model
of the pie and the landing on it, its reasons' belief summary. Those are kept by what they were
read from, and a rule that starts reading something new would make a kept answer stale without
any other test noticing. So the same games are played with the reuse off (every move worked out
afresh) and on, and must be the same move for move, line for line, belief for belief.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

from dialogue_checks import random_move  # noqa: E402
from fingerprint import play  # noqa: E402
from generated_case import random_case  # noqa: E402

from sim.ai import offering  # noqa: E402
from sim.ai.acceptance import Acceptance  # noqa: E402
from sim.ai.match import Match  # noqa: E402
from sim.ai.offering import Offering  # noqa: E402
from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES, make_counterpart  # noqa: E402
from sim.ai.styles import LEVELS, STYLES  # noqa: E402
from sim.core.catalogue import shipped_scenarios  # noqa: E402
from sim.core.state import Game  # noqa: E402
from sim.core.view import RoleView  # noqa: E402


def games() -> dict[str, str]:
    """Hashes of a spread of games: shipped scenarios with pairs of personas and against a
    random player that makes every kind of move, and a long generated domain."""
    out: dict[str, str] = {}
    scenarios = sorted(shipped_scenarios(), key=lambda s: s.id)
    for index, scenario in enumerate(scenarios[::2]):
        seed = 40 + index
        first = BAYESIAN_PERSONAS[index % 5]
        second = BAYESIAN_PERSONAS[(index + 2) % 5]
        level = DIFFICULTIES[index % 3]
        game = Game.new(scenario, seed)
        pair = (make_counterpart(game, 0, first, level), make_counterpart(game, 1, second, level))
        out[f"{scenario.id}-{first}-{second}"] = play(game, pair)
        side = index % 2
        seats: list = [None, None]
        seats[side] = make_counterpart(game, side, second, DIFFICULTIES[(index + 1) % 3])
        out[f"{scenario.id}-random-{second}"] = play(
            game, tuple(seats), np.random.default_rng(seed)
        )
    scenario, values, _, _ = random_case(
        np.random.Generator(np.random.PCG64(101)), "negmas-999", (10, 5, 4, 3), 100
    )
    reserved = (100 * values[0], 100 * values[1])
    for persona in ("hardliner", "conceder"):
        game = Game.restore(scenario, 3, reserved, ())
        pair = (
            make_counterpart(game, 0, persona, "hard"),
            make_counterpart(game, 1, persona, "hard"),
        )
        out[f"negmas-{persona}"] = play(game, pair)
    return out


def test_kept_work_plays_the_same_games_as_work_done_afresh(monkeypatch: pytest.MonkeyPatch):
    kept = games()
    monkeypatch.setattr(offering, "REUSE", False)
    afresh = games()
    assert kept.keys() == afresh.keys()
    differ = [name for name in kept if kept[name] != afresh[name]]
    assert not differ, f"games that differ with work kept between moves: {differ}"
    assert len(set(kept.values())) == len(kept)  # (real games, each its own)


def _views_and_models():
    """Role 0's views at each of its decisions in a game against a random player (offers,
    holds, talk), and a few models of the other side's points: its belief's, and others."""
    scenario = next(s for s in shipped_scenarios() if s.id == "job-offer")
    game = Game.new(scenario, 5)
    counterpart = make_counterpart(game, 0, "reciprocator", "hard")
    match = Match(game, (counterpart, None))
    rng = np.random.default_rng(5)
    views = []
    while not match.is_over and len(views) < 12:
        if match.to_move == 0:
            views.append(RoleView(match.state, 0))
            match.play_counterpart()
        else:
            match.apply(random_move(rng, match.state))
    theirs = counterpart.belief.their_points()
    span = float(theirs.max() - theirs.min())
    models = [theirs, theirs.copy()]  # (the same numbers as a new array too)
    models += [theirs + span * rng.normal(0, 0.1, theirs.shape) for _ in range(2)]
    return views, models


VIEWS, MODELS = _views_and_models()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),  # on to the next view (the game moved on)
            st.floats(0.0, 1.0),  # the target, as a share of its range
            st.integers(0, len(MODELS) - 1),  # which model of their points
            st.booleans(),  # `package` or `equivalent`
            st.booleans(),  # an equivalent that answers a concession
        ),
        min_size=1,
        max_size=25,
    )
)
def test_packages_chosen_with_kept_work_are_those_chosen_afresh(calls):
    """Asked in turn, with views moving on, bars rising and falling and models of their
    points coming and going (some the same object again, some the same numbers anew), an
    offering that keeps its picks chooses what one that works each out afresh chooses."""
    kept = Offering(STYLES["hardliner"], LEVELS["hard"], np.random.default_rng(1))
    afresh = Offering(STYLES["hardliner"], LEVELS["hard"], np.random.default_rng(1))
    at = 0
    for next_view, share, model, as_package, answer in calls:
        at = min(at + next_view, len(VIEWS) - 1)
        view = VIEWS[at]
        target = view.my_worst + share * view.my_span
        their_points = MODELS[model]
        chosen = []
        for offering_, reuse in ((kept, True), (afresh, False)):
            offering.REUSE = reuse
            try:
                offering_.theirs.read(view)
                if as_package:
                    chosen.append(offering_.package(view, target, their_points))
                else:
                    floor = target - 0.05 * view.my_span
                    band = 0.03 * view.my_span if answer else None
                    chosen.append(
                        offering_.equivalent(view, target, their_points, floor, band, answer)
                    )
            finally:
                offering.REUSE = True
        assert chosen[0] == chosen[1], (at, target, model, as_package, answer)


class _Reading:
    """A belief that reads your BATNA as one number (all `walks_early` asks of it)."""

    def __init__(self, low: float, known: bool):
        self.low = low
        self.known_batna = low if known else None

    def batna_quantile(self, q: float) -> float:
        return self.low


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),  # on to the next view
            st.floats(-0.5, 1.5),  # the low end of your BATNA, as a share of its range
            st.integers(0, len(MODELS) - 1),
            st.booleans(),  # disclosed
        ),
        min_size=1,
        max_size=25,
    )
)
def test_walking_away_with_kept_answers_is_walking_away_afresh(calls):
    """`walks_early` keeps its answers by the bars it compares against: asked with bars and
    models coming and going, it answers as one that works each out afresh."""
    kept = Acceptance(STYLES["hardliner"], LEVELS["hard"])
    afresh = Acceptance(STYLES["hardliner"], LEVELS["hard"])
    assert STYLES["hardliner"].walks_early
    read_only = [model.copy() for model in MODELS]
    for model in read_only:
        model.setflags(write=False)
    at = 0
    for next_view, share, model, known in calls:
        at = min(at + next_view, len(VIEWS) - 1)
        view = VIEWS[at]
        belief = _Reading(view.my_worst + share * view.my_span, known)
        answers = []
        for acceptance, reuse in ((kept, True), (afresh, False)):
            offering.REUSE = reuse
            try:
                answers.append(acceptance.walks_early(view, belief, read_only[model]))
            finally:
                offering.REUSE = True
        assert answers[0] == answers[1], (at, share, model, known)


class _Expecting:
    """A belief that reads your BATNA and your deadline as one number each (all `landings`
    asks of it)."""

    def __init__(self, batna: float, deadline: float):
        self.batna, self.deadline = batna, deadline

    def batna_quantile(self, q: float) -> float:
        return self.batna

    def horizon(self) -> float:
        return self.deadline


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-1, 1),  # a view before or after (asks and rounds come and go)
            st.sampled_from([0.0, -0.0, 0.3, 0.5]),  # your BATNA, as a share of its range
            st.sampled_from([3.0, 6.0, 8.0]),  # your deadline
            st.integers(0, len(MODELS) - 1),
            st.integers(0, 2),  # rounds ahead of the view's own
        ),
        min_size=1,
        max_size=25,
    )
)
def test_landings_kept_from_move_to_move_are_the_landings_afresh(calls):
    """`landings` keeps where the deal lands by rounds left while the pie, BATNAs, costs and
    asks are the same numbers: asked of views, beliefs and pies in any order, it answers as
    one that works each out afresh, to the last bit."""
    kept = Offering(STYLES["hardliner"], LEVELS["hard"], np.random.default_rng(1))
    afresh = Offering(STYLES["hardliner"], LEVELS["hard"], np.random.default_rng(1))
    at = 0
    for step, share, deadline, model, ahead in calls:
        at = min(max(at + step, 0), len(VIEWS) - 1)
        view = VIEWS[at]
        their_points = MODELS[model]
        belief = _Expecting(view.my_worst + share * view.my_span, deadline)
        whens = (view.round + ahead, view.round + ahead + 1)
        answers = []
        for offering_, reuse in ((kept, True), (afresh, False)):
            offering.REUSE = reuse
            try:
                frontier = offering_._pie(view, their_points)
                answers.append(offering_.landings(view, belief, frontier, their_points, whens))
            finally:
                offering.REUSE = True
        assert np.array(answers[0]).tobytes() == np.array(answers[1]).tobytes()
