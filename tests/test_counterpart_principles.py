"""The counterpart's principles, as properties over real scenarios and random play (issue 10).

- A better BATNA believed for you never makes the counterpart demand more.
- An offer that concedes more never makes its belief about your BATNA higher.
- The reciprocator's next concession grows with yours (down to its floor).
- No counterpart ever accepts, or proposes your standing offer, below its BATNA plus the delay
  costs paid, whatever you do.
- A final offer, or an invitation out of a standstill, takes back nothing on any issue: on every
  issue it is at least as near to what you asked for in your opening offer as its previous offer
  was (judged in its own points table: your offers show which way you pull, whatever its model
  of your points says).
- No offer of a counterpart is a retraction: none of its offers, rephrasings included, is worth
  less to you than the offer it replaces (what the rules log as "took back part of their earlier
  offer"), whatever you do.
- A counterpart signals its alternative only to say it is better than the public brief lets you
  guess (every signal line says so).
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sim.ai.belief import DIRECTION_OFFERS, Belief
from sim.ai.match import Match
from sim.ai.offering import Offering, log_chance_you_take
from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES, make_counterpart
from sim.ai.styles import LEVELS, STYLES
from sim.core.catalogue import shipped_scenarios
from sim.core.moves import Accept, Hold, Move, Propose
from sim.core.rules import step
from sim.core.state import EventKind, Game, GameState
from sim.core.view import RoleView
from tests.move_strategies import draw_legal_move

SCENARIOS = shipped_scenarios()
SCENARIOS_BY_ID = {scenario.id: scenario for scenario in SCENARIOS}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class ShiftedBelief:
    """A belief with every BATNA hypothesis moved by `shift` points: the same evidence, read as
    pointing to a better (or worse) alternative for them."""

    def __init__(self, belief: Belief, shift: float):
        self.belief = belief
        self.shift = shift

    def batna_quantile(self, q: float) -> float:
        return self.belief.batna_quantile(q) + self.shift

    def batna_distribution(self) -> tuple[np.ndarray, np.ndarray]:
        grid, mass = self.belief.batna_distribution()
        return grid + self.shift, mass

    def horizon(self) -> float:
        return self.belief.horizon()

    def horizon_quantile(self, q: float) -> float:
        return self.belief.horizon_quantile(q)


def offers_state(data, scenario, seed: int, rounds: int) -> tuple[GameState, int]:
    """A state after `rounds` rounds of offers: the counterpart (the side that moves first)
    proposing its best package then holding, the other side proposing packages drawn at random;
    returns the state with the counterpart to move, and its role."""
    game = Game.new(scenario, seed)
    state = game.initial_state()
    me = state.to_move
    space = game.space
    best = space.package_at(int(np.argmax(space.points[me])))
    sizes = space.sizes
    for _ in range(rounds):
        if state.is_over or state.to_move != me:
            break
        mine = Propose(best) if state.standing[me] is None else Hold()
        state, _ = step(state, Move(mine))
        package = tuple(data.draw(st.integers(0, n - 1)) for n in sizes)
        if state.is_over:
            break
        state, _ = step(state, Move(Propose(package)))
    return state, me


@SETTINGS
@given(
    data=st.data(),
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    rounds=st.integers(1, 5),
    persona=st.sampled_from(BAYESIAN_PERSONAS),
    difficulty=st.sampled_from(DIFFICULTIES),
    shifts=st.tuples(st.floats(-15, 15), st.floats(0.5, 15)),
)
def test_a_better_batna_believed_for_you_never_makes_it_demand_more(
    data, scenario, seed, rounds, persona, difficulty, shifts
):
    state, me = offers_state(data, scenario, seed, rounds)
    if state.is_over:
        return
    view = RoleView(state, me)
    belief = Belief(view, LEVELS[difficulty].sharpness)
    their_points = belief.their_points()
    low, better = shifts[0], shifts[0] + shifts[1]
    plans = []
    for shift in (low, better):
        offering = Offering(STYLES[persona], LEVELS[difficulty], np.random.default_rng(0))
        plans.append(offering.plan(view, ShiftedBelief(belief, shift), their_points, False))
    assert plans[1].landing <= plans[0].landing + 1e-6
    assert plans[1].floor <= plans[0].floor + 1e-6
    assert plans[1].target <= plans[0].target + 1e-6


def final_stretch_state(
    scenario, seed: int, offers: int, difficulty: str
) -> tuple[RoleView, Belief, Offering] | None:
    """Play as `offers_state` does (their packages drawn by a generator seeded with `offers`)
    until the counterpart reaches its final stretch against a side that has moved; returns its
    view and belief there, or None when the game ends first."""
    rng = np.random.default_rng(offers)
    game = Game.new(scenario, seed)
    state = game.initial_state()
    me = state.to_move
    space = game.space
    best = space.package_at(int(np.argmax(space.points[me])))
    while not state.is_over and state.to_move == me:
        mine = Propose(best) if state.standing[me] is None else Hold()
        state, _ = step(state, Move(mine))
        if state.is_over:
            return None
        package = tuple(int(rng.integers(0, n)) for n in space.sizes)
        state, _ = step(state, Move(Propose(package)))
        if state.is_over or state.to_move != me:
            return None
        view = RoleView(state, me)
        belief = Belief(view, LEVELS[difficulty].sharpness)
        offering = Offering(STYLES["reciprocator"], LEVELS[difficulty], np.random.default_rng(0))
        offering.theirs.read(view)
        if offering._final_stretch(view, belief) and offering._negotiating(view, offering.theirs):
            return view, belief, offering
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    offers=st.integers(0, 2**32 - 1),
    persona=st.sampled_from(BAYESIAN_PERSONAS),
    difficulty=st.sampled_from(DIFFICULTIES),
)
# Found by this test on the lumpy, hedged chance curve: a belief 2 points better than one that
# had it ask 38 of its points made it ask 46 (a long shot, paid for by a thin tail).
@example(SCENARIOS_BY_ID["hospital-union"], 0, 196, "reciprocator", "normal")
def test_at_the_final_stretch_a_better_batna_believed_for_you_never_makes_it_demand_more(
    scenario, seed, offers, persona, difficulty
):
    """Its last offers weigh its gain against the chance you take them: believing your
    alternative better may only make it offer you more, never gamble on asking more."""
    found = final_stretch_state(scenario, seed, offers, difficulty)
    if found is None:
        return
    view, belief, _ = found
    their_points = belief.their_points()
    finals, targets = [], []
    for shift in np.linspace(-15, 15, 16):
        offering = Offering(STYLES[persona], LEVELS[difficulty], np.random.default_rng(0))
        plan = offering.plan(view, ShiftedBelief(belief, float(shift)), their_points, False)
        finals.append(offering.final_offer(view, ShiftedBelief(belief, float(shift)), their_points))
        targets.append(plan.target)
        assert plan.final  # the rule under test is the one its last offers follow
    assert np.diff(finals).max() <= 1e-9, finals
    assert np.diff(targets).max() <= 1e-6, targets


@SETTINGS
@given(
    data=st.data(),
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    rounds=st.integers(1, 8),
    difficulty=st.sampled_from(DIFFICULTIES),
)
def test_the_chance_you_take_an_offer_is_log_concave_and_rises_with_your_points(
    data, scenario, seed, rounds, difficulty
):
    """What makes the final offer monotone: on any belief, the log of the chance you take a
    package is concave and non-decreasing in your points, far into both tails."""
    state, me = offers_state(data, scenario, seed, rounds)
    if state.is_over or state.to_move != me:
        return
    view = RoleView(state, me)
    belief = Belief(view, LEVELS[difficulty].sharpness)
    points = np.linspace(-200.0, 300.0, 5001)
    log_chance = log_chance_you_take(view, belief, points)
    assert np.isfinite(log_chance).all() and log_chance.max() <= 0.0
    slopes = np.diff(log_chance) / np.diff(points)
    assert slopes.min() >= 0.0, slopes.min()
    assert np.diff(slopes).max() <= 1e-9, np.diff(slopes).max()


@SETTINGS
@given(
    data=st.data(),
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    extra=st.integers(0, 3),
)
def test_an_offer_that_concedes_more_never_raises_its_belief_about_your_batna(
    data, scenario, seed, extra
):
    """Past the opening offers its model of their points is settled; an offer no better for
    them issue by issue (by that model) than another makes, under every hypothesis about their
    weights, style and deadline, every lower BATNA at least as likely relative to every higher
    one (a monotone likelihood ratio). The posterior mean can still move a hair the other way
    when the conceding offer favours one weight hypothesis, under which their earlier offers
    read differently: that is the mix, not the reading of the offer."""
    state, me = offers_state(data, scenario, seed, DIRECTION_OFFERS + extra)
    if state.is_over or state.to_move != me:
        return
    belief = Belief(RoleView(state, me))
    values = belief._their_values()
    sizes = state.space.sizes
    held = tuple(data.draw(st.integers(0, n - 1)) for n in sizes)
    conceding = tuple(
        data.draw(st.sampled_from([o for o in range(n) if values[i][o] <= values[i][held[i]]]))
        for i, n in enumerate(sizes)
    )
    when = state.round + data.draw(st.integers(0, 3))
    kept = belief._offer_term(when, held, 0.0).astype(float)
    given_up = belief._offer_term(when, conceding, 0.0).astype(float)
    # Along the BATNA axis (1): the log-likelihood ratio of the conceding offer to the other
    # may only fall as the BATNA rises.
    ratio = given_up - kept
    assert np.diff(ratio, axis=1).max() <= 1e-3, np.diff(ratio, axis=1).max()


@SETTINGS
@given(
    data=st.data(),
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    rounds=st.integers(1, 4),
    difficulty=st.sampled_from(DIFFICULTIES),
)
def test_the_reciprocators_next_concession_grows_with_yours(
    data, scenario, seed, rounds, difficulty
):
    state, me = offers_state(data, scenario, seed, rounds)
    if state.is_over or state.to_move != me:
        return
    state, _ = step(state, Move(Hold()))
    if state.is_over:
        return
    space = state.space
    mine = space.points[me]
    best_before = max(mine[space.index_of(o.package)] for o in state.offers if o.role != me)
    # Two next offers of theirs: one conceding less to it (in its points) than the other.
    better = np.flatnonzero(mine > best_before)
    if better.size < 2:
        return
    picks = sorted(data.draw(st.lists(st.sampled_from(list(better)), min_size=2, max_size=2)))
    a, b = sorted(picks, key=lambda i: mine[i])
    if mine[a] == mine[b]:
        # Two offers worth the same to it are the same concession: no order to keep (found by
        # hypothesis on freelance-project and software-licence, 67 and 67, 69 and 69 points).
        return
    concessions, floors, finals = [], [], []
    for index in (a, b):
        after, _ = step(state, Move(Propose(space.package_at(int(index)))))
        if after.is_over:
            return
        view = RoleView(after, me)
        belief = Belief(view, LEVELS[difficulty].sharpness)
        offering = Offering(STYLES["reciprocator"], LEVELS[difficulty], np.random.default_rng(0))
        plan = offering.plan(view, belief, belief.their_points(), False)
        concessions.append(view.points_of(view.my_offer) - plan.target)
        floors.append(plan.target <= max(plan.floor, view.reservation()) + 1e-9)
        finals.append(plan.final)
    if any(finals):
        # Its last offer before the deadline follows another rule: the package of best expected
        # gain on its belief, and a bigger concession reads as a weaker alternative there
        # (found by hypothesis on freelance-project at its deadline round: 10.0 vs 9.62).
        return
    # Moving more gets at least as much back, unless its floor is what stops it.
    assert concessions[1] >= concessions[0] - 1e-9 or floors[1], (concessions, floors)


# Any shipped case, seed, persona and level, against moves drawn at random.
AGAINST_RANDOM_MOVES = given(
    data=st.data(),
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    persona=st.sampled_from(BAYESIAN_PERSONAS),
    difficulty=st.sampled_from(DIFFICULTIES),
)


def turns_against_random_moves(data, scenario, seed: int, persona: str, difficulty: str):
    """Play a counterpart (on a side drawn at random) against legal moves drawn at random, up to
    80 turns; yield (the state it moved from, its turn, its role) for each of its moves."""
    game = Game.new(scenario, seed)
    ai = data.draw(st.integers(0, 1))
    sides: list = [None, None]
    sides[ai] = make_counterpart(game, ai, persona, difficulty)
    match = Match(game, (sides[0], sides[1]))
    while not match.is_over and len(match.turns) < 80:
        if match.to_move == ai:
            state = match.state
            yield state, match.play_counterpart(), ai
        else:
            match.apply(draw_legal_move(data, match.state, walk_away_weight=0))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@AGAINST_RANDOM_MOVES
def test_no_counterpart_ever_accepts_below_its_batna(data, scenario, seed, persona, difficulty):
    for state, turn, ai in turns_against_random_moves(data, scenario, seed, persona, difficulty):
        decision = turn.move.decision
        taken = None
        if isinstance(decision, Accept) and not decision.mediator:
            taken = state.standing[1 - ai]
        elif isinstance(decision, Propose) and decision.package == state.standing[1 - ai]:
            taken = decision.package
        if taken is not None:
            assert state.deal_value(ai, taken) >= state.batna[ai] - 1e-9


def nearness(space, me: int, opening: tuple[int, ...], package: tuple[int, ...]) -> list[float]:
    """Per issue: how near `package` is to the other side's opening option, in my points."""
    return [
        -abs(float(table[me][option]) - float(table[me][opening[issue]]))
        for issue, (table, option) in enumerate(zip(space.tables, package, strict=True))
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@AGAINST_RANDOM_MOVES
def test_a_final_offer_takes_back_nothing_on_any_issue(data, scenario, seed, persona, difficulty):
    for state, turn, ai in turns_against_random_moves(data, scenario, seed, persona, difficulty):
        decision = turn.move.decision
        assert turn.choice is not None
        tactic = turn.choice.reasons.tactic
        theirs = [o for o in state.offers if o.role != ai]
        mine = state.standing[ai]
        if tactic in ("final-offer", "invite") and theirs and mine is not None:
            assert isinstance(decision, Propose)
            opening = tuple(theirs[0].package)
            before = nearness(state.space, ai, opening, tuple(mine))
            after = nearness(state.space, ai, opening, tuple(decision.package))
            event(tactic)
            assert all(a >= b - 1e-9 for a, b in zip(after, before, strict=True)), (
                tactic,
                mine,
                decision.package,
                opening,
            )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 10_000),
    persona=st.sampled_from(BAYESIAN_PERSONAS),
    opponent=st.sampled_from((*BAYESIAN_PERSONAS, "boulware", "linear")),
    difficulty=st.sampled_from(DIFFICULTIES),
)
def test_no_counterpart_offer_takes_back_what_it_gave(
    scenario, seed, persona, opponent, difficulty
):
    # Against a side whose offers show which way it pulls (any counterpart, time-based ones
    # included): a side that asks for what it does not want can mislead any reading of offers.
    game = Game.new(scenario, seed)
    ai = seed % 2
    sides: list = [None, None]
    sides[ai] = make_counterpart(game, ai, persona, difficulty)
    sides[1 - ai] = make_counterpart(game, 1 - ai, opponent, difficulty)
    match = Match(game, (sides[0], sides[1]))
    while not match.is_over:
        turn = match.play_counterpart()
        if turn.actor != ai:
            continue
        assert turn.choice is not None
        kinds = [e.kind for e in turn.events]
        # Asking for more after news or a caught bluff takes back on purpose, and says so.
        assert EventKind.RETRACTED not in kinds or "raise" in turn.choice.reasons.speech, (
            turn.choice.line,
            turn.choice.reasons.tactic,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@AGAINST_RANDOM_MOVES
def test_a_signal_says_more_than_the_public_brief(data, scenario, seed, persona, difficulty):
    for _, turn, ai in turns_against_random_moves(data, scenario, seed, persona, difficulty):
        low, high = scenario.roles[ai].batna_public
        for signal in (e for e in turn.events if e.kind == EventKind.SIGNALLED):
            event("signalled")
            assert signal.detail["claim"] > (low + high) / 2, (signal.detail, (low, high))


def road_bike(tmp_path):
    """docs/examples/unbalanced.toml with the owner's BATNA fixed, as docs/scenario-format.md
    does: a small case with no news, one price issue carrying most of the points."""
    from pathlib import Path

    from sim.core.scenario import load_scenario

    text = (Path(__file__).parent.parent / "docs/examples/unbalanced.toml").read_text()
    fixed = text.replace("\nbatna = 60\n", "\nbatna = { low = 14, high = 20 }\n")
    assert fixed != text
    path = tmp_path / "fixed.toml"
    path.write_text(fixed)
    return load_scenario(path)


def test_two_reciprocators_do_not_deadlock(tmp_path):
    """Each used to hold until the other moved: 0 deals in 12 games. Tit for tat cooperates
    first; `scenario check`'s bar is the one to meet."""
    from sim.ai.selfplay import Lineup, play_games
    from sim.analysis.calibration import MIN_AGREEMENT

    matches = list(play_games(road_bike(tmp_path), 1, 12, Lineup()))
    deals = sum(match.state.outcome.is_deal for match in matches)
    assert deals >= MIN_AGREEMENT * len(matches), deals


def test_a_final_offer_in_the_road_bike_takes_back_nothing(tmp_path):
    """The case it was seen in (the owner's final offer went 21 -> 15 of the student's points):
    every final offer and invitation keeps, issue by issue, what it gave."""
    from sim.ai.selfplay import Lineup, play_games

    scenario = road_bike(tmp_path)
    checked = 0
    for match in play_games(scenario, 1, 12, Lineup()):
        for before, turn in zip(match.turns, match.turns[1:], strict=False):
            tactic = turn.choice.reasons.tactic if turn.choice is not None else ""
            if tactic not in ("final-offer", "invite"):
                continue
            me = turn.actor
            mine = before.state.standing[me]
            theirs = [o for o in before.state.offers if o.role != me]
            if mine is None or not theirs:
                continue
            opening = tuple(theirs[0].package)
            space = match.state.space
            was = nearness(space, me, opening, tuple(mine))
            now = nearness(space, me, opening, tuple(turn.move.decision.package))
            assert all(a >= b - 1e-9 for a, b in zip(now, was, strict=True)), (tactic, mine)
            checked += 1
    assert checked >= 12  # every game has its invitation, many a final offer too


class SteadyConceder:
    """A silent human-side player that concedes a little every round, in its own points, from
    its best package down to its BATNA by its deadline, and takes what beats its next step."""

    persona = "scripted"

    def __init__(self, role: int):
        self.role = role

    def decide(self, view: RoleView):
        from sim.ai.counterpart import Choice, Reasons

        points = view.my_points
        best, least = float(points.max()), view.reservation()
        t = min(1.0, (view.round - 1) / max(1, view.deadline - 1))
        target = best - (best - least) * t
        offer = view.their_offer
        if offer is not None and view.points_of(offer) >= max(target, least):
            return Choice(Move(Accept()), "", Reasons("accept"))
        eligible = np.flatnonzero(points >= target - 1e-9)
        package = view.package_at(int(eligible[np.argmin(points[eligible])]))
        if package == view.my_offer:
            return Choice(Move(Hold()), "", Reasons("hold"))
        return Choice(Move(Propose(package)), "", Reasons("propose"))

    def observe(self, view, events) -> None:
        return None

    def belief_summary(self):
        return None


def test_the_reciprocator_answers_a_real_concession_even_at_its_floor():
    """After you give ground it gives some back, shows a package better for you, or says
    plainly it is at its limit (the line's `at-floor` act goes with a hold, and only then)."""
    answered = silent = at_floor = 0
    for scenario in SCENARIOS:
        for human in (0, 1):
            for difficulty in DIFFICULTIES:
                game = Game.new(scenario, 3)
                ai = 1 - human
                sides: list = [None, None]
                sides[human] = SteadyConceder(human)
                sides[ai] = make_counterpart(game, ai, "reciprocator", difficulty)
                match = Match(game, (sides[0], sides[1]))
                conceded = False
                while not match.is_over:
                    state = match.state
                    turn = match.play_counterpart()
                    if turn.actor == human:
                        decision = turn.move.decision
                        before = state.standing[human]
                        conceded = (
                            isinstance(decision, Propose)
                            and before is not None
                            and state.space.points_of(decision.package)[ai]
                            > state.space.points_of(before)[ai] + 1e-9
                        )
                        continue
                    assert turn.choice is not None
                    acts = turn.choice.reasons.speech
                    if "at-floor" in acts:
                        assert conceded and isinstance(turn.move.decision, Hold)
                        at_floor += 1
                    if not conceded:
                        continue
                    if isinstance(turn.move.decision, Hold) and "at-floor" not in acts:
                        silent += 1
                    else:
                        answered += 1
    assert at_floor > 0
    # A few holds remain: the step it owes is smaller than any package that takes back nothing
    # you asked for (an offer never retracts, see above), so it waits a round. Measured on
    # this sample: 11 of 160 answers (6.9%) since offers stopped retracting; under 5% before.
    assert silent <= 0.08 * (answered + silent), (silent, answered)
