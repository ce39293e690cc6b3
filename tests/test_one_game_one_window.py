"""A saved game is played in one place at a time. Two `leverage` windows on one data folder (or
two browser tabs under `leverage serve`, which share one) both offered to resume the same game;
both appended their moves to its file, and the save no longer read back ("turn 4 is out of
order"): the game was lost. The second window is now told, in one line, that the game is open
elsewhere, and the file stays whole."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sim.core.moves import Hold, Move
from sim.play.session import PlaySession, Setup
from sim.record import autosave

REPO = Path(__file__).resolve().parents[1]
CLOCK = "2026-01-01T00:00:00"

# Another window: resumes the game, says so, plays a move when told, and keeps the game open
# until its stdin closes.
OTHER_WINDOW = textwrap.dedent(
    """
    import sys
    from sim.core.moves import Hold, Move
    from sim.play.session import PlaySession
    from sim.record import autosave
    session = PlaySession.resume(autosave.unfinished_save())
    print("playing", flush=True)
    sys.stdin.readline()
    session.play(Move(Hold()))
    print("moved", session.record_notice, flush=True)
    sys.stdin.readline()
    """
)


def _unfinished_game(job_offer) -> autosave.SavedGame:
    session = PlaySession.start(Setup(job_offer, 7, 0, "reciprocator", "normal"), lambda: CLOCK)
    session.play(Move(Hold()))
    # The window it was played in closes (quitting mid-game ends the process, and its hold).
    claim = getattr(session.recorder, "claim", None)
    if claim is not None:
        claim.release()
    saved = autosave.unfinished_save()
    assert saved is not None
    return saved


def test_a_game_open_in_another_window_is_not_resumed_twice(job_offer, leverage_home):
    saved = _unfinished_game(job_offer)
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_WINDOW],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "playing"
        with pytest.raises(ValueError, match="open in another Leverage window") as refused:
            PlaySession.resume(saved)
        assert "\n" not in str(refused.value)
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "moved None"
    finally:
        other.communicate("\n", timeout=30)
    # The other window closed: the game resumes here, whole, with the move played there.
    replay = autosave.read_game(saved.path)
    assert [turn.turn for turn in replay.turns] == list(range(1, len(replay.turns) + 1))
    here = PlaySession.resume(saved)
    assert len(here.match.turns) == len(replay.turns) == saved.moves + 2
    here.play(Move(Hold()))
    assert len(autosave.read_game(saved.path).turns) == saved.moves + 4


def test_the_same_game_reopened_in_this_window_is_saved_by_the_newer_session(job_offer):
    saved = _unfinished_game(job_offer)
    left = PlaySession.resume(saved)  # the player went home from it...
    again = PlaySession.resume(saved)  # ...and resumed it again
    again.play(Move(Hold()))
    left.play(Move(Hold()))  # the abandoned session's moves never reach the file
    assert left.record_notice is not None and "newer session" in left.record_notice
    assert again.record_notice is None
    replay = autosave.read_game(saved.path)
    assert len(replay.turns) == saved.moves + 2


def test_two_games_of_one_seed_started_in_one_second_are_both_saved(job_offer, monkeypatch):
    """A class on one `serve` playing one pack: the same scenario, seed and second. Both look
    for a free id before either has made its file (`exists` answers False for both)."""
    monkeypatch.setattr(Path, "exists", lambda self: False)
    setup = Setup(job_offer, 7, 0, "reciprocator", "normal")
    first = PlaySession.start(setup, lambda: CLOCK)
    second = PlaySession.start(setup, lambda: CLOCK)
    monkeypatch.undo()
    assert first.record_notice is None and second.record_notice is None  # before: File exists
    assert first.saved is not None and second.saved is not None
    assert first.saved.path != second.saved.path
    first.play(Move(Hold()))
    second.play(Move(Hold()))
    for session in (first, second):
        assert session.saved is not None
        assert len(autosave.read_game(session.saved.path).turns) == len(session.match.turns)


def test_a_saved_game_that_is_a_link_to_a_file_elsewhere_is_not_played_on(job_offer, tmp_path):
    saved = _unfinished_game(job_offer)
    elsewhere = tmp_path / "elsewhere.jsonl"
    Path(saved.path).rename(elsewhere)
    Path(saved.path).symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    with pytest.raises(ValueError, match="is a link to a file elsewhere") as refused:
        PlaySession.resume(saved)
    assert "\n" not in str(refused.value)
    assert elsewhere.read_bytes() == before  # before: the game's moves were appended through it
