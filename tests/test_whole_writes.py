"""Files the commands write are whole or absent: a full disk (here a file size limit, as `ulimit
-f` sets), a link planted where a temporary file would go, or two participants finishing at the
same second never cost a trainer's pack, a saved game or a replay. Each test runs the command as a
person does, in its own process."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from sim.ai.selfplay import Lineup, play_games
from sim.core.files import write_new
from sim.record.replay import read_replay
from sim.record.workshop import Seat, new_pack

REPO = Path(__file__).resolve().parents[1]


def _leverage(*argv: str, file_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        if file_limit is not None:  # what `ulimit -f` does: a write past it fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-m", "sim", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        preexec_fn=limits,
        stdin=subprocess.DEVNULL,
    )


def test_a_pack_that_cannot_be_written_leaves_no_empty_pack_behind(tmp_path):
    pack = tmp_path / "class.toml"
    run = _leverage(
        "workshop", "new", "job-offer", "--seed", "3", "--out", str(pack), file_limit=64
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and str(pack) in run.stderr
    # Before: an empty class.toml stayed, and the retry said "already exists; add --force".
    assert not pack.exists()
    assert list(tmp_path.iterdir()) == []
    again = _leverage("workshop", "new", "job-offer", "--seed", "3", "--out", str(pack))
    assert again.returncode == 0, again.stderr


def test_force_on_a_full_disk_keeps_the_pack_the_class_is_playing(tmp_path):
    pack = tmp_path / "class.toml"
    assert (
        _leverage("workshop", "new", "job-offer", "--seed", "3", "--out", str(pack)).returncode == 0
    )
    before = pack.read_bytes()
    run = _leverage(
        "workshop", "new", "job-offer", "--seed", "4", "--out", str(pack), "--force", file_limit=64
    )
    assert run.returncode == 2
    assert pack.read_bytes() == before  # before: truncated to nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.toml"]


def test_a_save_folder_on_a_full_disk_keeps_no_half_written_replay(tmp_path):
    out = tmp_path / "out"
    run = _leverage(
        "simulate", "job-offer", "--games", "3", "--jobs", "1", "--save", str(out), file_limit=4096
    )
    assert run.returncode == 2 and "cannot write" in run.stderr
    assert run.stderr.count("\n") == 1
    # Before: job-offer-seed1-....jsonl.part stayed in the folder.
    assert [p.name for p in out.iterdir() if not p.name.endswith(".jsonl")] == []


def test_a_link_planted_at_the_temporary_name_is_not_written_through(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "precious.txt"
    victim.write_text("precious\n")
    (out / "job-offer-seed1-reciprocator-v-reciprocator.jsonl.part").symlink_to(victim)
    run = _leverage("simulate", "job-offer", "--games", "1", "--jobs", "1", "--save", str(out))
    assert run.returncode == 0, run.stderr
    assert victim.read_text() == "precious\n"  # before: overwritten with the replay
    saved = out / "job-offer-seed1-reciprocator-v-reciprocator.jsonl"
    assert not saved.is_symlink()
    assert read_replay(saved).header.seed == 1


def test_a_written_replay_is_readable_by_others_as_any_file_is(tmp_path):
    out = tmp_path / "out"
    _leverage("simulate", "job-offer", "--games", "1", "--jobs", "1", "--save", str(out))
    (saved,) = out.iterdir()
    mask = os.umask(0o022)
    os.umask(mask)
    assert saved.stat().st_mode & 0o777 == 0o666 & ~mask


def test_two_participants_finishing_at_once_keep_a_replay_each(tmp_path, job_offer, monkeypatch):
    """The same pack, the same name (two people both typing "Sam" at one `serve`), finishing in
    the same instant: each looks for a free name before either has written, so both see the
    first name free (`exists` answers False, as it did for both). Each must keep its replay."""
    pack = new_pack(job_offer, 11, 1, "candidate", "reciprocator", "normal")
    seat = Seat.of(pack, "Sam", job_offer)
    (match,) = play_games(job_offer, 11, 1, Lineup())
    folder = tmp_path / "class"
    monkeypatch.setattr(Path, "exists", lambda self: False)
    first = seat.save(match, folder)
    second = seat.save(match, folder)
    monkeypatch.undo()
    assert first != second  # before: the second replaced the first
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


def test_a_new_file_never_replaces_one_that_appeared_meanwhile(tmp_path):
    taken = tmp_path / "game.jsonl"
    taken.write_text("someone else's game\n")
    path = write_new(lambda n: tmp_path / ("game.jsonl" if n == 1 else f"game-{n}.jsonl"), "mine\n")
    assert path.name == "game-2.jsonl" and path.read_text() == "mine\n"
    assert taken.read_text() == "someone else's game\n"
