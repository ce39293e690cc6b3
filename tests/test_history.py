"""Practice history: every finished game in SQLite, progress by scenario and persona, and a
damaged or locked database that never blocks play (issue 6)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.ai.selfplay import Lineup, new_match
from sim.cli.main import main
from sim.core.moves import Accept, Move, WalkAway
from sim.core.state import Game
from sim.record.history import (
    FILE_NAME,
    History,
    HistoryError,
    progress,
    record_game,
    record_of,
    sparkline,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("LEVERAGE_HOME", str(folder))
    return folder


def finished(scenario, seed=3, personas=("boulware", "linear")) -> Match:
    match = new_match(scenario, seed, Lineup(personas))
    match.run()
    return match


def fill(scenarios, count=4) -> None:
    for index in range(count):
        for scenario_id in ("job-offer", "lease-renewal"):
            for persona in ("boulware", "conceder"):
                match = finished(scenarios[scenario_id], index + 1, ("linear", persona))
                when = f"2026-10-{index + 1:02d}T09:00:00+00:00"
                assert record_game(record_of(match, 0, persona, "normal", played_at=when)) is None


def test_a_finished_game_is_recorded_from_the_persons_side(home, job_offer):
    match = finished(job_offer)
    assert (
        record_game(
            record_of(
                match,
                1,
                "boulware",
                "hard",
                replay="x.jsonl",
                played_at="2026-11-01T10:00:00+00:00",
            )
        )
        is None
    )
    assert (home / FILE_NAME).is_file()
    [record] = History().games()
    outcome = match.state.outcome
    assert (
        record.scenario == "job-offer"
        and record.role == "employer"
        and record.persona == "boulware"
    )
    assert record.difficulty == "hard" and record.seed == 3 and record.replay == "x.jsonl"
    assert record.outcome == outcome.kind and record.rounds == outcome.round
    assert record.points == round(outcome.payoffs[1], 4) and record.batna == match.state.batna[1]
    gains = [outcome.payoffs[r] - match.state.batna[r] for r in (0, 1)]
    assert record.surplus_share == pytest.approx(gains[1] / sum(gains), abs=1e-4)
    assert 0 < record.efficiency <= 1


def test_a_no_deal_has_no_share_of_the_surplus(home, job_offer):
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    match.run()
    match.apply(Move(WalkAway()))
    record = record_of(match, 0, "linear", "normal")
    assert record.outcome == "walk-away" and record.surplus_share is None and record.efficiency == 0
    assert record.points == record.batna


def test_an_unfinished_game_is_not_history(job_offer):
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    match.run()
    with pytest.raises(ValueError, match="only a finished game"):
        record_of(match, 0, "linear", "normal")


def test_progress_by_scenario_and_persona(home, scenarios):
    fill(scenarios)
    records = History().games()
    assert len(records) == 16
    assert [r.played_at for r in records] == sorted(r.played_at for r in records)
    report = progress(records)
    assert set(report["by_scenario"]) == {"job-offer", "lease-renewal"}
    assert set(report["by_persona"]) == {"boulware", "conceder"}
    assert report["by_scenario"]["job-offer"]["games"] == 8
    assert History().games(scenario="lease-renewal", persona="conceder") == [
        r for r in records if r.scenario == "lease-renewal" and r.persona == "conceder"
    ]


def test_history_command_shows_a_chart_and_json(home, scenarios, capsys):
    assert main(["history"]) == 0
    assert "No games in your practice history yet" in capsys.readouterr().out
    fill(scenarios)
    assert main(["history"]) == 0
    text = capsys.readouterr().out
    assert "By scenario" in text and "By persona faced" in text
    assert "job-offer" in text and "conceder" in text
    assert any(mark in text for mark in "▁▂▃▄▅▆▇█")
    assert max(len(line) for line in text.splitlines()) <= 80, "fits an 80-column terminal"
    assert main(["history", "--json", "--scenario", "job-offer"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["games"] == 8 and len(data["records"]) == 8
    assert set(data["by_persona"]) == {"boulware", "conceder"}
    assert {
        "scenario",
        "role",
        "persona",
        "difficulty",
        "seed",
        "outcome",
        "points",
        "surplus_share",
        "efficiency",
        "played_at",
    } <= set(data["records"][0])


def test_history_command_as_a_user_runs_it(home, scenarios):
    fill(scenarios, count=1)
    env = {**__import__("os").environ, "LEVERAGE_HOME": str(home)}
    run = subprocess.run(
        [sys.executable, "-m", "sim", "history", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["games"] == 4


def test_a_corrupt_database_gets_a_clear_message_and_never_blocks_play(home, job_offer, capsys):
    home.mkdir(parents=True)
    (home / FILE_NAME).write_bytes(b"this is not a database, it is a shopping list\n" * 50)
    match = finished(job_offer)
    warning = record_game(record_of(match, 0, "linear", "normal"))
    assert warning is not None
    assert warning.startswith("Not added to your practice history: ")
    assert "history database is damaged" in warning and "move the file aside" in warning
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("leverage history: ") and "damaged" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(HistoryError):
        History().games()


def test_a_database_with_the_wrong_tables_is_reported_as_damaged(home, job_offer):
    home.mkdir(parents=True)
    connection = sqlite3.connect(home / FILE_NAME)
    connection.execute("CREATE TABLE games (id INTEGER PRIMARY KEY, scenario TEXT)")
    connection.commit()
    connection.close()
    warning = record_game(record_of(finished(job_offer), 0, "linear", "normal"))
    assert warning is not None and "lacks played_at" in warning


def test_a_locked_database_gets_a_clear_message_and_never_blocks_play(home, job_offer, capsys):
    assert record_game(record_of(finished(job_offer), 0, "linear", "normal")) is None
    holder = sqlite3.connect(home / FILE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        warning = record_game(record_of(finished(job_offer, 4), 0, "linear", "normal"))
        assert warning is not None and "busy" in warning and "locked" in warning
        assert main(["history"]) == 2
        assert "busy" in capsys.readouterr().err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert record_game(record_of(finished(job_offer, 5), 0, "linear", "normal")) is None
    assert len(History().games()) == 2


def test_a_newer_history_is_not_overwritten(home, job_offer):
    assert record_game(record_of(finished(job_offer), 0, "linear", "normal")) is None
    connection = sqlite3.connect(home / FILE_NAME)
    connection.execute("PRAGMA user_version = 9")
    connection.commit()
    connection.close()
    warning = record_game(record_of(finished(job_offer), 0, "linear", "normal"))
    assert warning is not None and "newer Leverage" in warning


def test_history_in_a_folder_that_cannot_be_created(tmp_path, monkeypatch, job_offer):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("LEVERAGE_HOME", str(blocker / "home"))
    warning = record_game(record_of(finished(job_offer), 0, "linear", "normal"))
    assert warning is not None and "cannot open the history" in warning


def test_sparkline_marks_each_game():
    assert sparkline([0.0, 0.5, 1.0, None, -1, 2]) == "▁▅█·▁█"


def test_accepting_at_once_is_recorded_too(home, job_offer):
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    match.run()
    match.apply(Move(Accept()))
    assert record_game(record_of(match, 0, "linear", "easy")) is None
    [record] = History().games()
    assert record.outcome == "deal" and record.points < record.batna
    assert record.surplus_share is not None and record.surplus_share < 0.5
