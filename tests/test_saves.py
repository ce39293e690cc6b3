"""The save is the replay: one append-only file per game, each move written once, resumable from
any point a process could have been killed at, and old JSON saves converted once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from sim.cli.main import main
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Accept, Hold, Move
from sim.play.session import PlaySession, Setup
from sim.record import autosave
from sim.record.paths import UnsafeGameIdError, game_file, replays_folder
from sim.record.replay import read_replay, verify

STAMP = "2026-01-01T00:00:00+00:00"


def started(seed: int = 4, persona: str = "linear") -> PlaySession:
    return PlaySession.start(
        Setup(resolve_scenario("job-offer"), seed, 0, persona), clock=lambda: STAMP
    )


def play_to_the_end(session: PlaySession) -> None:
    while not session.is_over:
        session.play(Move(Accept() if session.view().their_offer is not None else Hold()))


def test_the_save_is_the_replay_one_line_per_move_and_nothing_else(leverage_home):
    session = started()
    session.play(Move(Hold()))
    files = sorted(p.relative_to(leverage_home) for p in leverage_home.rglob("*") if p.is_file())
    assert [str(f) for f in files] == [f"replays/{session.saved.id}.jsonl"]
    lines = (leverage_home / files[0]).read_text().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "leverage-replay" and header["seed"] == 4
    assert header["personas"] == {"candidate": "human", "employer": "linear"}
    assert [json.loads(line)["actor"] for line in lines[1:]] == [
        "employer",
        "candidate",
        "employer",
    ]
    # An unfinished game is a replay without its end line: it verifies as one in progress.
    assert main(["replay", "verify", "--partial", str(leverage_home / files[0])]) == 0
    resumed = PlaySession.resume(autosave.read_save(leverage_home / files[0]))
    assert resumed.state.digest() == session.state.digest()


def test_every_move_is_appended_never_rewritten(leverage_home):
    session = started(seed=8, persona="reciprocator")
    path = game_file(session.saved.id)
    before = path.read_bytes()
    while not session.is_over:
        session.play(Move(Accept() if session.view().their_offer is not None else Hold()))
        now = path.read_bytes()
        assert now.startswith(before) and len(now) > len(before)
        before = now
    replay = read_replay(path)
    assert replay.finished and len(replay.turns) == len(session.match.turns)
    assert verify(replay) is None


def test_a_game_cut_off_at_any_byte_resumes_with_every_whole_move(leverage_home):
    """A kill while a line is being written leaves part of it: every byte of the last line is
    a place the kill could land. The moves before it all come back, and play goes on."""
    session = started()
    for _ in range(3):
        session.play(Move(Hold()))
    path = game_file(session.saved.id)
    whole = path.read_bytes()
    lines = whole.splitlines(keepends=True)
    last_start = len(whole) - len(lines[-1])
    digests = [turn.state.digest() for turn in session.match.turns]
    for cut in range(last_start, len(whole) + 1, 7):
        path.write_bytes(whole[:cut])
        saved = autosave.read_save(path)
        moves = len(lines) - 2 if cut < len(whole) else len(lines) - 1
        assert saved.moves == moves
        resumed = PlaySession.resume(saved, clock=lambda: STAMP)
        # It may be the counterpart's move that was cut: it makes it again on resuming.
        assert [t.state.digest() for t in resumed.match.turns[:moves]] == digests[:moves]
    path.write_bytes(whole[: last_start + 5])  # cut inside the last line, then play on
    resumed = PlaySession.resume(autosave.read_save(path), clock=lambda: STAMP)
    play_to_the_end(resumed)
    replay = read_replay(path)  # the torn line was cut off before the next move was appended
    assert replay.finished and verify(replay) is None


def test_kill_9_mid_game_loses_no_move(leverage_home, tmp_path):
    """A real `kill -9` of a process playing as fast as it can: every move it reported as played
    is in the file, and the game resumes from it."""
    script = textwrap.dedent(
        """
        import sys
        from sim.core.catalogue import resolve_scenario
        from sim.core.moves import Hold, Move
        from sim.play.session import PlaySession, Setup
        session = PlaySession.start(Setup(resolve_scenario("lease-renewal"), 2, 0, "linear"))
        print(session.saved.path, flush=True)
        while True:
            session.play(Move(Hold()))
            print(len(session.match.turns), flush=True)
            if session.is_over:
                session = PlaySession.start(Setup(resolve_scenario("lease-renewal"), 2, 0))
                print(session.saved.path, flush=True)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert process.stdout is not None
    path = process.stdout.readline().strip()
    played = 0
    while played < 4:
        line = process.stdout.readline().strip()
        assert line.isdigit(), line
        played = int(line)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    saved = autosave.read_save(path)
    assert saved.moves >= played
    resumed = PlaySession.resume(saved)
    assert len(resumed.match.turns) >= played


def test_an_old_json_save_is_converted_once_and_resumes(leverage_home):
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 4, 0, "linear"), autosave_enabled=False
    )
    session.play(Move(Hold()))
    roles = session.scenario.role_ids
    old = {
        "format": "leverage-save",
        "version": 1,
        "app_version": "0.1.0",
        "id": "job-offer-s4-20250101000000",
        "scenario": {"id": "job-offer", "source": "job-offer", "digest": "x", "title": "t"},
        "seed": 4,
        "player": "candidate",
        "persona": "linear",
        "difficulty": "normal",
        "round": 2,
        "finished": False,
        "outcome": None,
        "updated": STAMP,
        "moves": [
            {"actor": roles[turn.actor], "round": turn.round, "move": turn.move.to_dict()}
            for turn in session.match.turns
        ],
    }
    folder = leverage_home / "saves"
    folder.mkdir(parents=True)
    (folder / "job-offer-s4-20250101000000.json").write_text(json.dumps(old))
    [saved] = autosave.recent_saves()
    assert saved.id == "job-offer-s4-20250101000000" and not saved.finished
    assert [p.name for p in folder.iterdir()] == ["job-offer-s4-20250101000000.json.converted"]
    resumed = PlaySession.resume(saved)
    assert resumed.state.digest() == session.state.digest()
    assert autosave.convert_legacy_saves() == []  # once


def test_an_old_save_that_cannot_be_converted_says_why_and_stays(leverage_home):
    folder = leverage_home / "saves"
    folder.mkdir(parents=True)
    (folder / "bad.json").write_text('{"format": "leverage-save", "version": 1, "id": "bad"}')
    [problem] = autosave.convert_legacy_saves()
    assert "bad.json" in problem and "moves: expected list" in problem
    assert (folder / "bad.json").is_file() and autosave.recent_saves() == []


@pytest.mark.parametrize("game_id", ["../../somewhere", "/etc/passwd", "a/../../b", "..", ""])
def test_a_game_id_never_reaches_outside_the_data_folder(leverage_home, game_id):
    with pytest.raises(UnsafeGameIdError, match="never points outside the data folder"):
        game_file(game_id)
    folder = leverage_home / "saves"
    folder.mkdir(parents=True)
    forged = {"format": "leverage-save", "version": 1, "id": game_id, "moves": []}
    (folder / "forged.json").write_text(json.dumps(forged))
    [problem] = autosave.convert_legacy_saves()
    assert "forged.json" in problem and "not a plain file name" in problem
    assert len(problem.splitlines()) == 1
    written = [p for p in leverage_home.parent.rglob("*") if p.is_file()]
    assert written == [folder / "forged.json"]


def test_a_damaged_game_is_skipped_and_names_the_line(leverage_home):
    folder = replays_folder()
    folder.mkdir(parents=True)
    (folder / "bad.jsonl").write_text('{"format": "leverage-replay", "version": "x"}\n')
    assert autosave.recent_saves() == []
    with pytest.raises(ValueError, match=r"bad.jsonl: line 1: version: expected a whole number"):
        autosave.read_save(folder / "bad.jsonl")


def test_recent_games_are_the_newest_first_and_only_as_many_as_asked(leverage_home):
    first = started(seed=1)
    path = game_file(first.saved.id)
    folder = path.parent
    for number in range(6):  # the same game under six ids, played at six different times
        copy = folder / f"game-{number}.jsonl"
        copy.write_bytes(path.read_bytes())
        os.utime(copy, (1_000_000 + number, 1_000_000 + number))
    os.utime(path, (500_000, 500_000))
    saves = autosave.recent_saves(limit=4)
    assert [s.id for s in saves] == ["game-5", "game-4", "game-3", "game-2"]
    assert autosave.unfinished_save().id == "game-5"
