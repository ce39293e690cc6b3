"""Two games side by side (issue 12): `leverage debrief A B` lines up outcome, points and
turning points and names the move where the games diverged; a branch is marked as one and left
out of the practice trend."""

from __future__ import annotations

import json

import pytest

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.ai.selfplay import Lineup, new_match
from sim.analysis.debrief import debrief
from sim.cli.main import main
from sim.core.moves import Accept, Hold, Move, Propose, WalkAway
from sim.core.state import Game
from sim.record.history import History, is_branch, progress, record_of
from sim.record.replay import HUMAN, Player, write_replay

PLAYERS = (Player(HUMAN), Player("linear"))


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


def opening(job_offer) -> Match:
    """The candidate (a person) asks for everything and holds for two rounds."""
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    match.run()
    match.apply(Move(Propose(game.space.package_at(int(game.space.points[0].argmax())))))
    match.run()
    for _ in range(2):
        match.apply(Move(Hold()))
        match.run()
    return match


def test_a_branch_and_its_game_side_by_side(job_offer, tmp_path, capsys):
    first = opening(job_offer)
    shared = len(first.turns)
    first.apply(Move(Accept()))
    second = opening(job_offer)
    second.apply(Move(WalkAway()))
    a = write_replay(first, tmp_path / "job-offer-3-20261130-b0.jsonl", PLAYERS)
    a = a.rename(tmp_path / "job-offer-3-20261130.jsonl")
    b = write_replay(second, tmp_path / "job-offer-3-20261130-b6.jsonl", PLAYERS)

    assert main(["debrief", str(a), str(b), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["perspective"] == "candidate" and report["same_start"]
    assert report["shared_moves"] == shared
    assert report["parting"] == {
        "turn": shared + 1,
        "round": first.turns[shared].round,
        "actor": "candidate",
        "moves": [report["parting"]["moves"][0], "walking away (your alternative, 39)"],
    }
    assert report["parting"]["moves"][0].startswith("accepting their offer")
    one, two = report["games"]
    assert (one["branch"], two["branch"]) == (False, True)
    assert one["outcome"]["kind"] == "deal" and two["outcome"]["kind"] == "walk-away"
    alone = debrief(second, 0, (HUMAN, "linear"), grades=False).to_dict()
    assert two["points"] == alone["points"] and two["turning_points"] == alone["turning_points"]

    assert main(["debrief", str(a), str(b)]) == 0
    text = capsys.readouterr().out
    assert f"B: {b.name} (a branch)" in text
    assert f"They diverged at turn {shared + 1}" in text and f"after {shared} common" in text
    assert main(["debrief", str(a), str(b), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "| Outcome | deal in round" in markdown


def test_two_games_of_the_same_seed_that_differ_from_the_first_move(job_offer, tmp_path, capsys):
    lineups = [("conceder", "linear"), ("hardliner", "linear")]
    paths = []
    for index, personas in enumerate(lineups):
        match = new_match(job_offer, 4, Lineup(personas))
        match.run()
        paths.append(write_replay(match, tmp_path / f"g{index}.jsonl"))
    assert main(["debrief", *map(str, paths), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["same_start"] and report["games"][0]["seed"] == report["games"][1]["seed"]
    assert report["parting"] is None or report["parting"]["turn"] == report["shared_moves"] + 1


def test_games_of_different_scenarios_do_not_compare(scenarios, tmp_path, capsys):
    paths = []
    for scenario_id in ("job-offer", "lease-renewal"):
        match = new_match(scenarios[scenario_id], 3, Lineup(("linear", "linear")))
        match.run()
        paths.append(write_replay(match, tmp_path / f"{scenario_id}.jsonl"))
    assert main(["debrief", *map(str, paths)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"{paths[1]}: scenario: lease-renewal")
    assert main(["debrief", *map(str, paths), str(paths[0])]) == 2
    assert "one file, or two to compare" in capsys.readouterr().err


def test_branches_are_left_out_of_the_practice_trend(job_offer, tmp_path, capsys):
    assert is_branch("replays/job-offer-3-20261130T101500-b6.jsonl")
    assert not is_branch("replays/job-offer-3-20261130T101500.jsonl") and not is_branch(None)
    history = History()
    won = new_match(job_offer, 3, Lineup(("hardliner", "conceder")))
    won.run()
    game = Game.new(job_offer, 3)
    lost = Match(game, (None, None))
    lost.apply(Move(Propose(game.space.package_at(int(game.space.points[1].argmax())))))
    lost.apply(Move(Accept()))  # the employer's ideal, far below the candidate's alternative
    for stamp, match, name in (
        ("2026-11-01T10:00:00", won, "job-offer-3-a.jsonl"),
        ("2026-11-02T10:00:00", won, "job-offer-3-b.jsonl"),
        ("2026-11-03T10:00:00", lost, "job-offer-3-b-b1.jsonl"),
        ("2026-11-04T10:00:00", lost, "job-offer-3-b-b2.jsonl"),
    ):
        history.add(record_of(match, 0, "conceder", "normal", tmp_path / name, stamp))
    overall = progress(history.games())["overall"]
    assert overall["games"] == 2 and overall["branches"] == 2
    assert overall["trend"] == 0.0  # the two branches would have dragged it down
    assert main(["history"]) == 0
    assert "2 games, 2 deals (+2 branches)" in capsys.readouterr().out
