"""A command stopped with SIGTERM (`kill`, a service manager, a cancelled CI job) stops the way
Ctrl+C stops it: quietly, with what it wrote whole, and nothing left running. Python's default
was to die on the spot, and `simulate --jobs 2` left both its worker processes waiting for work
for ever (still there, orphaned, minutes later)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sim.record.replay import read_replay

REPO = Path(__file__).resolve().parents[1]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "Z" not in state.split()[1]  # a zombie has stopped; only its exit is unread


def test_simulate_stopped_with_sigterm_leaves_no_worker_running(tmp_path):
    out = tmp_path / "out"
    command = subprocess.Popen(
        [sys.executable, "-m", "sim", "simulate", "job-offer", "--games", "4000", "--jobs", "2"]
        + ["--save", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.jsonl"))):
            assert command.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        workers = _children(command.pid)
        assert len(workers) == 2
        command.send_signal(signal.SIGTERM)
        _, err = command.communicate(timeout=20)
    finally:
        if command.poll() is None:
            command.kill()
    assert command.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)  # before: both still waiting for work
    for replay in out.iterdir():  # every replay it wrote is whole
        assert replay.suffix == ".jsonl"
        assert read_replay(replay).end is not None


def _read_for(master: int, seconds: float, until: bytes | None = None) -> bytes:
    import select

    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end closed: the app is gone
                break
            if not chunk:
                break
            seen += chunk
            if until is not None and until in seen:
                break
    return seen


LEAVE_APP_SCREEN = b"\x1b[?1049l"  # back from the app's screen to the shell's


def test_the_game_stopped_with_sigterm_gives_the_terminal_back(tmp_path, leverage_home):
    """`leverage play` in a terminal, then `kill PID` (or a closed session's service manager):
    the app must leave its screen and raw mode as it does on Ctrl+Q. Before, it died on the
    spot: the shell came back inside the app's screen, and typed text was not shown."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    game = subprocess.Popen(
        [sys.executable, "-m", "sim", "play", "job-offer", "--seed", "3"],
        cwd=REPO,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        shown = _read_for(master, 30, until=b"Start negotiating")
        assert b"Start negotiating" in shown, shown[-500:]
        os.write(master, b"\r")  # begin: the game is saved from here
        deadline = time.monotonic() + 30
        while not list((leverage_home / "replays").glob("*.jsonl")):
            assert time.monotonic() < deadline
            _read_for(master, 0.2)
        _read_for(master, 1.0)
        game.send_signal(signal.SIGTERM)
        after = _read_for(master, 20)
        game.wait(timeout=20)
    finally:
        if game.poll() is None:
            game.kill()
        os.close(master)
    assert game.returncode == 128 + signal.SIGTERM
    assert LEAVE_APP_SCREEN in after  # before: nothing more was drawn
    (saved,) = (leverage_home / "replays").glob("*.jsonl")
    assert read_replay(saved).header.seed == 3
