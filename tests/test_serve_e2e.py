"""`leverage serve` end to end (issue 7): the real command on a free localhost port, opened in
headless Chromium (Debian's, driven by Playwright), the home screen shown, a move played, a game
finished whose replay lands in the workshop folder, and the server stopped.

The terminal is drawn on a canvas, so the test reads what the game did rather than the pixels:
the first scenario on the home screen starts on enter, a move lands in the autosave, and walking
away puts the finished game's replay in the workshop folder. A screenshot of each step is kept
in the test's temporary folder for a person to look at.

Without Chromium or Playwright the test is skipped on a workstation, but fails under CI (`CI`
set), where `.ci/run` installs Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sim.core.catalogue import shipped_ids

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required under CI (.ci/run installs it)")
    pytest.skip(f"{what} is not available here")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def saves(home: Path) -> list[dict]:
    """The games saved so far (each a replay: header, then a line per move), as the scenario, the
    person's role and the moves."""
    folder = home / "replays"
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            header = json.loads(lines[0])
            moves = [json.loads(line) for line in lines[1:]]
        except (OSError, ValueError, IndexError):
            continue  # being written
        player = next(role for role, persona in header["personas"].items() if persona == "human")
        out.append(
            {
                "scenario": {"id": header["scenario"]},
                "player": player,
                "moves": [m for m in moves if "move" in m],
            }
        )
    return out


def test_serve_in_headless_chromium(tmp_path):
    chromium = chromium_path()
    if chromium is None:
        missing("Debian's chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (the Python package)")

    home = tmp_path / "home"
    workshop = tmp_path / "class"
    port = free_port()
    env = dict(os.environ, LEVERAGE_HOME=str(home))
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", "--port", str(port), "--workshop", str(workshop)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the games it starts die with it
    )
    url = f"http://127.0.0.1:{port}/"
    try:

        def page_served() -> bool:
            if server.poll() is not None:
                raise AssertionError(f"the server exited: {server.stdout.read().decode()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(page_served, 30, "the server to answer")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                page.goto(url, wait_until="domcontentloaded")
                # The game's first output reached the page, drawn into the terminal.
                page.wait_for_function(
                    "document.body.classList.contains('-first-byte')", timeout=30_000
                )
                page.wait_for_selector("textarea.xterm-helper-textarea", state="attached")
                page.wait_for_timeout(1500)  # the home screen's first frame
                page.screenshot(path=str(tmp_path / "1-home.png"))
                page.focus("textarea.xterm-helper-textarea")

                # Home: enter picks the first shipped scenario and opens its briefing;
                # enter again starts the game, which autosaves at once.
                page.keyboard.press("Enter")
                page.wait_for_timeout(800)
                page.screenshot(path=str(tmp_path / "2-briefing.png"))
                page.keyboard.press("Enter")
                started = wait_until(lambda: saves(home), 20, "the game to start")
                assert started[0]["scenario"]["id"] == shipped_ids()[0]
                moves_before = len(started[0]["moves"])

                # A move: propose the draft offer.
                page.keyboard.press("p")

                def moved():
                    games = saves(home)
                    mine = [
                        m
                        for m in games[0]["moves"][moves_before:]
                        if m["actor"] == games[0]["player"]
                    ]
                    return mine if mine else None

                played = wait_until(moved, 20, "the move to be played")
                assert played[0]["move"]["decision"] == "propose"
                page.screenshot(path=str(tmp_path / "3-negotiation.png"))

                # Walk away (and confirm): the finished game's replay lands in the workshop.
                page.keyboard.press("w")
                page.wait_for_timeout(500)
                page.keyboard.press("y")
                replays = wait_until(
                    lambda: sorted(workshop.glob("*.jsonl")), 20, "the replay in the workshop"
                )
                page.screenshot(path=str(tmp_path / "4-end.png"))
                lines = replays[0].read_text(encoding="utf-8").splitlines()
                assert json.loads(lines[-1])["end"]["kind"] == "walk-away"
            finally:
                browser.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    output = server.stdout.read().decode()
    assert "Listening on 127.0.0.1 only" in output
    assert server.returncode is not None


def test_serve_says_where_it_listens_and_refuses_a_bad_port():
    result = subprocess.run(
        [sys.executable, "-m", "sim", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 2
    assert "port from 1 to 65535" in result.stderr
