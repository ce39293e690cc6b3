"""Move-by-move grades (issue 12): each move of one side judged against the best alternative it
had, like a chess engine's, with a symbol and one sentence."""

from __future__ import annotations

import json

import pytest

from sim.ai.match import Match
from sim.ai.personas import BAYESIAN_PERSONAS, make_counterpart
from sim.analysis.grades import costliest, grade_game, grade_turn
from sim.cli.main import main
from sim.core.moves import Accept, Hold, Move, Propose, WalkAway
from sim.core.state import Game
from sim.record.replay import HUMAN, Player, write_replay

CANDIDATE = 0


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


def best_for(game: Game, role: int) -> tuple[int, ...]:
    return game.space.package_at(int(game.space.points[role].argmax()))


def against_reciprocator(job_offer) -> Match:
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "reciprocator")))
    match.run()
    return match


def last_grade(match: Match, personas=(HUMAN, "reciprocator")):
    return grade_game(match, CANDIDATE, personas)[-1]


def test_a_huge_concession_for_nothing_is_a_blunder(job_offer):
    match = against_reciprocator(job_offer)
    game = match.game
    match.apply(Move(Propose(best_for(game, CANDIDATE))))
    match.run()
    everything = best_for(game, 1)  # the employer's ideal: 90 of the candidate's 100 points gone
    match.apply(Move(Propose(everything)))
    grade = grade_game(match, CANDIDATE, (HUMAN, "reciprocator"))[1]
    assert grade.turn == 4 and grade.symbol == "??" and grade.verdict == "blunder"
    assert grade.sentence.startswith("you conceded 90 points on Base salary")
    # The better alternative the sentence names keeps negotiating (against this reciprocator,
    # holding came out a little ahead of the smaller step, both far above the concession), never
    # walking away for 39 when the game was worth far more than the alternative.
    assert grade.best in ("holding", SMALLER_STEP) and grade.loss >= 20
    assert f"{grade.best} was worth about {grade.best_value:g}" in grade.sentence
    assert grade.alternatives[SMALLER_STEP] - grade.value >= 20
    assert grade.best_value > grade.alternatives["walking away (your alternative, 39)"] + 20


SMALLER_STEP = "a smaller step: proposing a package worth 70 to you"


@pytest.mark.parametrize("persona", BAYESIAN_PERSONAS)
def test_walking_away_is_not_advised_where_the_game_is_worth_far_more(job_offer, persona):
    """At the opening of The Offer (seed 3) the leverage model puts the candidate near 74 against
    an alternative of 39, so a move that keeps negotiating must beat walking away, whichever
    persona is faced: the reference policy's play-outs have to reach deals, not the deadline."""
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, persona)))
    match.run()
    match.apply(Move(Hold()))
    grade = grade_game(match, CANDIDATE, (HUMAN, persona))[0]
    walk = grade.alternatives["walking away (your alternative, 39)"]
    assert not grade.best.startswith("walking away") and grade.best_value > walk


def test_accepting_below_your_batna_is_a_blunder(job_offer):
    match = against_reciprocator(job_offer)
    match.apply(Move(Accept()))  # their opening offer: 10 points, the alternative is 39
    grade = last_grade(match)
    assert grade.symbol == "??" and grade.value == 10
    assert "below the 39 your alternative guaranteed" in grade.sentence


def test_walking_away_from_a_deal_worth_far_more_is_a_blunder(job_offer):
    game = Game.new(job_offer, 3)
    match = Match(game, (None, None))  # the employer is a person who offers everything
    match.apply(Move(Propose(best_for(game, CANDIDATE))))
    match.apply(Move(WalkAway()))
    grade = grade_game(match, CANDIDATE, (HUMAN, HUMAN))[-1]
    assert grade.symbol == "??"
    assert grade.best.startswith("accepting their offer") and grade.best_value == 100
    assert grade.sentence.startswith("you walked away for your alternative of 39")


def test_closing_a_great_deal_before_their_deadline_is_good(job_offer):
    """Round 10 is the employer's deadline: after it, only the alternatives are left."""
    game = Game.new(job_offer, 3)
    match = Match(game, (None, None))
    while match.state.round < 10:
        match.apply(Move(Hold()))
    match.apply(Move(Propose(best_for(game, CANDIDATE))))
    match.apply(Move(Accept()))
    grade = grade_game(match, CANDIDATE, (HUMAN, HUMAN))[-1]
    assert grade.symbol == "!" and grade.verdict == "good" and grade.loss == 0
    assert grade.alternatives["holding"] == match.state.batna[CANDIDATE]
    assert grade.sentence.startswith("the best move here")


def test_grades_are_deterministic_and_the_viewer_gets_the_same_grade_per_turn(job_offer):
    match = against_reciprocator(job_offer)
    match.apply(Move(Propose(best_for(match.game, CANDIDATE))))
    match.run()
    match.apply(Move(Hold()))
    match.run()
    first = grade_game(match, CANDIDATE, (HUMAN, "reciprocator"))
    assert first == grade_game(match, CANDIDATE, (HUMAN, "reciprocator"))
    mine = [i + 1 for i, turn in enumerate(match.turns) if turn.actor == CANDIDATE]
    assert [g.turn for g in first] == mine
    assert grade_turn(match, mine[-1], (HUMAN, "reciprocator")) == first[-1]


def test_costliest_are_the_three_largest_losses(job_offer):
    match = against_reciprocator(job_offer)
    match.apply(Move(Accept()))
    grades = grade_game(match, CANDIDATE, (HUMAN, "reciprocator"))
    assert costliest(grades) == (grades[0],)


def test_the_debrief_shows_grades_in_every_format(job_offer, tmp_path, capsys):
    match = against_reciprocator(job_offer)
    match.apply(Move(Accept()))
    path = write_replay(match, tmp_path / "g.jsonl", (Player(HUMAN), Player("reciprocator")))
    assert main(["debrief", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [grade] = report["grades"]
    assert grade["symbol"] == "??" and grade["turn"] == 2 and grade["role"] == "candidate"
    assert report["costliest_moves"] == [grade]
    assert main(["debrief", str(path)]) == 0
    text = capsys.readouterr().out
    assert "MOVE BY MOVE (CANDIDATE)" in text and "YOUR THREE COSTLIEST MOVES" in text
    assert "??" in text
    assert main(["debrief", str(path), "--format", "markdown"]) == 0
    assert "## Your three costliest moves" in capsys.readouterr().out


def test_the_replay_viewer_shows_the_grade_beside_the_persons_move(job_offer, tmp_path):
    from sim.play.study import ReplayStudy
    from sim.record.replay import read_replay
    from sim.tui.screens.replay import move_lines

    match = against_reciprocator(job_offer)
    match.apply(Move(Accept()))
    path = write_replay(match, tmp_path / "g.jsonl", (Player(HUMAN), Player("reciprocator")))
    study = ReplayStudy.of_replay(read_replay(path))
    grade = last_grade(match)
    assert f"Grade: ?? blunder: {grade.sentence}" in move_lines(study, 2)
    assert not any(line.startswith("Grade:") for line in move_lines(study, 1))  # theirs
