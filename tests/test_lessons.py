"""Lessons: each goal of the vocabulary measured on real games (one that meets it, one that does
not), the path file checked like a scenario, and progress kept in the practice history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from attrs import evolve

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.analysis.lesson_path import (
    Lesson,
    LessonPathError,
    finish_lesson_game,
    load_path,
    shipped_path_file,
    standings,
)
from sim.analysis.lessons import GOALS, Goal, judge_all
from sim.core.moves import (
    Accept,
    Ask,
    CiteBenchmark,
    Hold,
    Move,
    Propose,
    RequestMediator,
    WalkAway,
)
from sim.core.outcomes import Package
from sim.core.state import Game, GameState
from sim.core.view import RoleView
from sim.record.lesson_progress import progress, record_attempt

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def path():
    return load_path(shipped_path_file())


def play(
    lesson: Lesson,
    opening: list[Move],
    accept_margin: float = 0.0,
    walk_at: int | None = None,
    concede: bool = True,
    concede_by: int | None = None,
) -> Match:
    """The lesson's game against its counterpart, with a scripted person who plays `opening`
    first and then, move by move: accepts the mediator's package when it beats the BATNA; takes
    their offer once it beats the BATNA by `accept_margin`; walks away from round `walk_at`; and
    otherwise concedes in a straight line from their best package in round 1 to the BATNA plus
    the margin at their deadline (or by round `concede_by`), the way a time-based player does.
    The counterparts no longer give in to a side that only holds, so holding (`concede=False`)
    is a choice, not the default."""
    game = Game.new(lesson.scenario, lesson.seed)
    me = lesson.role
    counterparts: list = [None, None]
    counterparts[1 - me] = make_counterpart(game, 1 - me, lesson.persona, lesson.difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    match.run()
    moves = list(opening)
    while not match.is_over:
        state = match.state
        view = RoleView(state, me)
        theirs = view.their_offer
        floor = view.batna + accept_margin
        target = aim(view, floor, concede_by)
        if moves:
            move = moves.pop(0)
        elif (
            view.mediator_proposal is not None
            and me not in state.mediator_accepted
            and view.deal_value(view.mediator_proposal) >= view.batna
        ):
            move = Move(Accept(mediator=True))
        elif theirs is not None and view.deal_value(theirs) >= floor:
            move = Move(Accept())
        elif walk_at is not None and state.round >= walk_at:
            move = Move(WalkAway())
        elif concede:
            move = Move(Propose(best_for_them_worth(state, me, target)))
        else:
            move = Move(Hold())
        match.apply(move)
        match.run()
    return match


def aim(view: RoleView, floor: float, by: int | None = None) -> float:
    """A time-based player's target, in points before delay: their best package in round 1, the
    floor (plus the delay paid by then) at their deadline or round `by`, in a straight line."""
    best = float(view.my_points.max())
    last = max(min(view.deadline, by or view.deadline), 2)
    t = min(1.0, (view.round - 1) / (last - 1))
    at_deadline = min(best, floor + view.delay_cost * (last - 1))
    return best - t * (best - at_deadline)


def asking(lesson: Lesson, share: float) -> Move:
    """An offer worth `share` of the way from your BATNA to your best package, the one of those
    best for the other side (the way a player who knew their table would build it)."""
    state = Game.new(lesson.scenario, lesson.seed).initial_state()
    best = float(state.space.points[lesson.role].max())
    target = state.batna[lesson.role] + share * (best - state.batna[lesson.role])
    return Move(Propose(best_for_them_worth(state, lesson.role, target)))


def best_for_them_worth(state: GameState, me: int, target: float) -> Package:
    """Of the packages worth at least `target` to you, the one best for the other side."""
    mine, theirs = state.space.points[me], state.space.points[1 - me]
    index = int(np.argmax(np.where(mine >= target - 1e-9, theirs - 1e-3 * mine, -np.inf)))
    return state.space.package_at(index)


def judge(goal: str, lesson: Lesson, match: Match, **params):
    spec = GOALS[goal]
    settings = {key: p.kind(p.default) for key, p in spec.params.items()} | params
    return Goal(goal, settings).judge(match, lesson.role)


# -- each goal, met and missed ------------------------------------------------------------------


def test_deal_above_batna_counts_points_over_the_batna_after_delay(path):
    lesson = path.lesson("know-your-batna")
    patient = play(lesson, [Move(Hold())], accept_margin=5)  # their round-2 offer: 50 vs 34
    over = patient.state.outcome.payoffs[lesson.role] - 34  # worth 49 after a round's delay
    assert over >= 5 and judge("deal_above_batna", lesson, patient, points=5).met
    missed = judge("deal_above_batna", lesson, patient, points=30)
    assert not missed.met and f"only {over:g} above your BATNA of 34" in missed.why
    hasty = play(lesson, [Move(Accept())])  # their opening offer, worth 10
    verdict = judge("deal_above_batna", lesson, hasty, points=0)
    assert not verdict.met and "less than your BATNA of 34" in verdict.why


def test_walked_away_when_right_only_when_nothing_on_the_table_beat_the_batna(path):
    lesson = path.lesson("walk-away")  # their opening offer is worth 16 against a BATNA of 18
    leaving = play(lesson, [Move(WalkAway())])
    verdict = judge("walked_away_when_right", lesson, leaving)
    assert verdict.met and "below your BATNA of 18" in verdict.why
    taking = judge("walked_away_when_right", lesson, play(lesson, [Move(Accept())]))
    assert not taking.met and "You accepted 16 points" in taking.why
    first = path.lesson("know-your-batna")  # by round 2 their offer (50) beats the BATNA (34)
    leaving_a_good_offer = play(first, [Move(Hold()), Move(WalkAway())])
    verdict = judge("walked_away_when_right", first, leaving_a_good_offer)
    assert not verdict.met and "more than your BATNA" in verdict.why


def first_step(match: Match, role: int) -> float:
    """The size of a side's first concession: the first offer worth less to its maker than the
    one before."""
    made = [offer.points[role] for offer in match.state.offers if offer.role == role]
    return next(
        before - after for before, after in zip(made, made[1:], strict=False) if after < before
    )


def test_first_concession_not_larger_than_theirs(path):
    lesson = path.lesson("small-steps")  # the reciprocator gives ground only as you give it
    me, them = lesson.role, 1 - lesson.role
    small = play(lesson, [asking(lesson, 1.0)])  # then conceding about 3 points a round
    mine, theirs = first_step(small, me), first_step(small, them)
    assert mine <= theirs
    verdict = judge("first_concession_not_larger", lesson, small)
    assert (
        verdict.met and f"({mine:g} points) was no larger than theirs ({theirs:g})" in verdict.why
    )
    # You hold until they take a small step, then leap 23 points at once.
    big = play(lesson, [asking(lesson, 1.0), Move(Hold()), Move(Hold()), asking(lesson, 0.55)])
    mine, theirs = first_step(big, me), first_step(big, them)
    assert mine > theirs
    verdict = judge("first_concession_not_larger", lesson, big)
    assert (
        not verdict.met and f"({mine:g} points) was larger than theirs ({theirs:g})" in verdict.why
    )


def test_anchored_high_measures_the_opening_offer(path):
    lesson = path.lesson("set-the-anchor")
    assert judge("anchored_high", lesson, play(lesson, [asking(lesson, 1.0)]), share=0.7).met
    low = judge("anchored_high", lesson, play(lesson, [asking(lesson, 0.3)]), share=0.7)
    assert not low.met and "only 30% of the way" in low.why


def test_found_integrative_trade_fails_a_deal_both_sides_could_have_bettered(path):
    lesson = path.lesson("grow-the-pie")
    # Offers built to be best for them at each step, and their offer taken once it is worth it.
    traded = play(lesson, [asking(lesson, 0.6)], accept_margin=10)
    assert traded.state.outcome.is_deal
    assert judge("found_integrative_trade", lesson, traded, tolerance=2).met
    # A package dominated by another: the problem-solver takes it, and points are left over.
    dominated = play(lesson, [Move(Propose((5, 3, 3, 0, 1)))], accept_margin=100)
    assert dominated.state.outcome.package == (5, 3, 3, 0, 1)
    verdict = judge("found_integrative_trade", lesson, dominated, tolerance=2)
    assert not verdict.met and "worth 11 more points to the two of you" in verdict.why


def test_asked_before_proposing(path):
    lesson = path.lesson("ask-first")
    curious = play(lesson, [Move(Hold(), Ask("batna")), asking(lesson, 0.8)])
    verdict = judge("asked_before_proposing", lesson, curious)
    assert verdict.met and "asked about their alternative" in verdict.why
    blind = play(lesson, [asking(lesson, 0.8), Move(Hold(), Ask("batna"))])
    verdict = judge("asked_before_proposing", lesson, blind)
    assert not verdict.met and "before asking them a single question" in verdict.why
    at_once = play(lesson, [Move(Propose(asking(lesson, 0.8).decision.package), Ask("batna"))])
    verdict = judge("asked_before_proposing", lesson, at_once)
    assert not verdict.met and "in the same move as your first offer" in verdict.why


def test_called_bluff_means_no_concession_right_after_their_false_claim(path):
    lesson = path.lesson("call-the-bluff")  # the bluffer overstates its alternative in round 3
    firm = play(lesson, [asking(lesson, 1.0), asking(lesson, 0.9)], accept_margin=2)
    assert any(c.role != lesson.role and not c.truthful for c in firm.state.claims)
    assert judge("called_bluff", lesson, firm).met
    shaken = play(lesson, [asking(lesson, 1.0), asking(lesson, 0.9), asking(lesson, 0.5)])
    verdict = judge("called_bluff", lesson, shaken)
    assert not verdict.met and "After their bluff in round" in verdict.why


def test_used_mediator(path):
    lesson = path.lesson("the-mediator")
    # The hardliner barely moves; called in round 8, the mediator's package is taken by both.
    holds = [Move(Hold())] * 6
    mediated = play(lesson, [asking(lesson, 1.0), *holds, Move(RequestMediator())])
    assert mediated.state.outcome.mediated
    verdict = judge("used_mediator", lesson, mediated)
    assert verdict.met and "on the mediator's package" in verdict.why
    alone = play(lesson, [asking(lesson, 1.0)])
    verdict = judge("used_mediator", lesson, alone)
    assert not verdict.met and verdict.why == "You never called the mediator."


def test_deal_by_round(path):
    lesson = path.lesson("the-clock")
    match = play(lesson, [asking(lesson, 0.6)], accept_margin=5)
    when = match.state.outcome.round
    assert judge("deal_by_round", lesson, match, round=when).met
    late = judge("deal_by_round", lesson, match, round=when - 1)
    assert not late.met and f"The deal came in round {when}" in late.why


def test_cited_benchmark(path):
    lesson = path.lesson("the-standard")
    citing = play(lesson, [Move(Propose(asking(lesson, 0.8).decision.package), CiteBenchmark(0))])
    assert judge("cited_benchmark", lesson, citing).met
    silent = judge("cited_benchmark", lesson, play(lesson, [asking(lesson, 0.8)]))
    assert not silent.met and "never pointed to a public benchmark" in silent.why


def test_every_goal_of_the_vocabulary_has_a_test_above():
    tested = {name[5:] for name in globals() if name.startswith("test_")}
    for goal in GOALS:
        assert any(goal in name or name in goal for name in tested), goal


# -- every lesson can be passed -------------------------------------------------------------------


def sensible_game(lesson: Lesson) -> Match:
    """The lesson's game played the way its goals ask, by the time-based person of `play`: ask
    about their alternative first if the lesson is about asking; open at the best package (citing
    the first benchmark if the lesson is about standards); against a bluffer, keep the next offer
    near the anchor; to reach the mediator, hold until the round before the first deadline and
    call it; to close by round N, concede by then; to walk away well, leave at your deadline if
    nothing beat the BATNA; and take their offer once it beats the BATNA by the points asked."""
    goals = {goal.name: goal.params for goal in lesson.goals}
    game = Game.new(lesson.scenario, lesson.seed)
    deadline = RoleView(game.initial_state(), lesson.role).deadline
    opening: list[Move] = []
    if "asked_before_proposing" in goals:
        opening.append(Move(Hold(), Ask("batna")))
    # To grow the pie, open with a trade across issues already part of the way down.
    anchor = asking(lesson, 0.6 if "found_integrative_trade" in goals else 1.0)
    if "cited_benchmark" in goals:
        anchor = Move(anchor.decision, CiteBenchmark(0))
    opening.append(anchor)
    if "called_bluff" in goals:
        opening.append(asking(lesson, 0.9))
    if "used_mediator" in goals:
        stall = min(d for d in game.initial_state().deadline if d is not None) - 1
        opening += [Move(Hold())] * (stall - len(opening) - 1) + [Move(RequestMediator())]
    margin = max([5.0, *(float(g.get("points", 0)) for g in goals.values())])
    if "found_integrative_trade" in goals:
        margin = 10.0
    walk_at = deadline if "walked_away_when_right" in goals else None
    by = goals.get("deal_by_round", {}).get("round")
    return play(lesson, opening, margin, walk_at, concede_by=None if by is None else int(by))


@pytest.mark.parametrize(
    "lesson_id", [lesson.id for lesson in load_path(shipped_path_file()).lessons]
)
def test_every_lesson_of_the_path_can_be_passed_by_a_sensible_player(path, lesson_id):
    lesson = path.lesson(lesson_id)
    verdicts = judge_all(lesson.goals, sensible_game(lesson), lesson.role)
    assert all(verdict.met for verdict in verdicts), [verdict.why for verdict in verdicts]


# -- the shipped path ---------------------------------------------------------------------------


def test_the_shipped_path_has_eight_lessons_on_every_scenario_from_both_sides(path):
    assert len(path.lessons) >= 8
    sides = {(lesson.scenario.id, lesson.role_id) for lesson in path.lessons}
    for scenario in ("job-offer", "lease-renewal", "supplier-contract"):  # each from both sides
        assert len({role for played, role in sides if played == scenario}) == 2, scenario
    assert {"software-licence", "hospital-union"} <= {played for played, _ in sides}
    assert len({lesson.persona for lesson in path.lessons}) >= 4
    for lesson in path.lessons:
        sentences = [s for s in lesson.primer.replace("\n", " ").split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, lesson.id


def test_a_lesson_is_recognised_by_its_game_and_progress_opens_the_next(path, leverage_home):
    first = path.lessons[0]
    other = evolve(first, seed=first.seed + 1)
    match = play(other, [Move(Hold())], accept_margin=5)
    assert finish_lesson_game(path, match, first.role, first.persona, "easy", "g0", "t") is None
    match = play(first, [Move(Hold())], accept_margin=5)
    result = finish_lesson_game(path, match, first.role, first.persona, "easy", "g1", "t")
    assert result is not None and result.passed and result.notice is None
    # The same game noted twice (an end screen shown again) is one attempt.
    finish_lesson_game(path, match, first.role, first.persona, "easy", "g1", "t")
    records = progress(path.id)
    assert records[first.id].attempts == 1 and records[first.id].passed
    assert [row.status for row in standings(path, records)][:3] == ["passed", "open", "locked"]
    assert (leverage_home / "history.sqlite3").is_file()


def test_a_failed_attempt_after_a_pass_keeps_the_lesson_passed(path):
    record_attempt(path.id, "know-your-batna", "a", True, "good", "t1")
    record_attempt(path.id, "know-your-batna", "b", False, "bad", "t2")
    record = progress(path.id)["know-your-batna"]
    assert record.passed and record.attempts == 2 and record.last_why == "bad"


def test_a_damaged_progress_database_is_a_warning_not_a_crash(leverage_home):
    leverage_home.mkdir(parents=True)
    (leverage_home / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    warning = record_attempt("p", "l", "g", True, "why", "t")
    assert warning is not None and "history.sqlite3" in warning


# -- the file format and the command line -------------------------------------------------------

GOOD_LESSON = """
[[lessons]]
id = "one"
title = "One"
teaches = "BATNA"
scenario = "job-offer"
role = "candidate"
persona = "conceder"
difficulty = "easy"
seed = 7
primer = "A primer. Two sentences."
goals = [{ goal = "deal_above_batna", points = 5 }]
"""


def write(tmp_path, text: str) -> Path:
    file = tmp_path / "path.toml"
    file.write_text('format = 1\nid = "mine"\ntitle = "Mine"\n' + text)
    return file


def test_a_path_file_with_a_lesson_of_its_own_loads(tmp_path):
    path = load_path(write(tmp_path, GOOD_LESSON))
    assert path.lessons[0].goals[0].params == {"points": 5}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('role = "candidate"', 'role = "boss"'),
            "lessons[0].role: 'boss' is not a role of job-offer",
        ),
        (("points = 5", 'points = "5"'), "lessons[0].goals[0].points: expected a number"),
        (
            ("points = 5", "share = 5"),
            "lessons[0].goals[0].share: unknown setting for deal_above_batna",
        ),
        (('"deal_above_batna"', '"win"'), "lessons[0].goals[0].goal: expected one of"),
        (("seed = 7", "seed = -1"), "lessons[0].seed: expected a whole number"),
        (
            ('scenario = "job-offer"', 'scenario = "nowhere.toml"'),
            "lessons[0].scenario: cannot be loaded",
        ),
        (('persona = "conceder"', 'persona = "human"'), "lessons[0].persona: expected one of"),
        (
            ('teaches = "BATNA"', 'teaches = "BATNA"\ncolour = "red"'),
            "lessons[0].colour: unknown field",
        ),
    ],
)
def test_each_problem_is_one_line_naming_the_file_and_field(tmp_path, change, expected):
    file = write(tmp_path, GOOD_LESSON.replace(*change))
    with pytest.raises(LessonPathError) as caught:
        load_path(file)
    assert caught.value.problems == [line for line in caught.value.problems if line]
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{file}: {expected}")


def test_two_lessons_on_the_same_game_are_refused(tmp_path):
    file = write(tmp_path, GOOD_LESSON + GOOD_LESSON.replace('id = "one"', 'id = "two"'))
    with pytest.raises(LessonPathError, match=r"lessons\[1\]\.seed: lessons\[0\] already plays"):
        load_path(file)


def leverage(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"LEVERAGE_HOME": str(home), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_lessons_validate_on_a_broken_file_prints_one_line_and_exits_2(tmp_path):
    file = write(tmp_path, GOOD_LESSON.replace("seed = 7", "seed = 7.5"))
    result = leverage("lessons", "validate", str(file), home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{file}: lessons[0].seed: expected a whole number from 0 to 2^63-1"
    ]
    assert "Traceback" not in result.stderr
    ok = leverage("lessons", "validate", "lessons/path.toml", home=tmp_path / "home")
    assert ok.returncode == 0 and ok.stdout.startswith("lessons/path.toml: ok (practice-path: ")


def test_an_empty_lesson_path_is_refused_not_taken_for_the_default(tmp_path):
    result = leverage("lessons", "--path", "", home=tmp_path / "home")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["leverage lessons: --path: the file name is empty"]


def test_lessons_lists_the_path_with_progress_as_json(tmp_path):
    home = tmp_path / "home"
    first = leverage("lessons", "--json", home=home)
    assert first.returncode == 0, first.stderr
    listing = json.loads(first.stdout)
    assert [lesson["status"] for lesson in listing["lessons"][:2]] == ["open", "locked"]
    record_attempt(
        listing["path"],
        listing["lessons"][0]["id"],
        "g",
        True,
        "why",
        "t",
        home / "history.sqlite3",
    )
    after = json.loads(leverage("lessons", "--json", home=home).stdout)
    assert [lesson["status"] for lesson in after["lessons"][:3]] == ["passed", "open", "locked"]
    text = leverage("lessons", home=home)
    assert "1 of " in text.stdout and "✓  1. Know your walk-away point" in text.stdout


def test_a_trainers_path_in_the_data_folder_replaces_the_shipped_one(tmp_path, leverage_home):
    from sim.analysis.lesson_path import active_path_file

    assert active_path_file() == shipped_path_file()
    leverage_home.mkdir(parents=True)
    own = leverage_home / "lessons.toml"
    own.write_text('format = 1\nid = "mine"\ntitle = "Mine"\n' + GOOD_LESSON)
    assert active_path_file() == own
    listing = json.loads(leverage("lessons", "--json", home=leverage_home).stdout)
    assert listing["path"] == "mine" and [x["id"] for x in listing["lessons"]] == ["one"]


@pytest.mark.parametrize(
    "module",
    [
        "sim.analysis.lessons",
        "sim.analysis.lesson_path",
        "sim.record.lesson_progress",
        "sim.cli.lessons_cmd",
    ],
)
def test_the_lessons_headless_modules_do_not_import_textual(module):
    code = (
        f"import sys, {module}; bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in {result.stdout.strip()}"
