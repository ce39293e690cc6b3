"""The debrief and practice history screens in the TUI: Pilot tests and snapshots (issue 6)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from sim.ai.selfplay import Lineup, new_match
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Move, Propose, WalkAway
from sim.play.session import PlaySession, Setup
from sim.record.history import FILE_NAME, record_game, record_of
from sim.tui.screens.debrief import DebriefScreen
from sim.tui.screens.end import EndScreen
from sim.tui.screens.history import HistoryScreen

STAMP = "2026-01-01T00:00:00+00:00"
SIZES = [(80, 24), (120, 40)]


def text_of(screen, selector: str) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(screen.query_one(selector).content)
    return capture.get()


def finished_session() -> PlaySession:
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 6, 0, "linear"), clock=lambda: STAMP
    )
    session.play(Move(Propose((4, 3, 3, 4, 3, 2))))
    session.play(Move(WalkAway()))
    assert session.is_over
    return session


def host(screen_factory):
    """The game app with one of these screens on top of home."""
    from pathlib import Path as _Path

    from sim.tui import app as app_module
    from sim.tui.app import LeverageApp

    class Host(LeverageApp):
        CSS_PATH = str(_Path(app_module.__file__).with_name(LeverageApp.CSS_PATH))

        def on_mount(self) -> None:
            self.call_later(lambda: self.push_screen(screen_factory()))

    return Host(seed=1, clock=lambda: STAMP)


def fill_history() -> None:
    scenario = resolve_scenario("job-offer")
    for day in range(1, 7):
        for persona in ("boulware", "linear"):
            match = new_match(scenario, day, Lineup(("linear", persona)))
            match.run()
            assert (
                record_game(
                    record_of(
                        match, 0, persona, "normal", played_at=f"2026-10-{day:02d}T09:00:00+00:00"
                    )
                )
                is None
            )


async def test_the_end_screen_opens_the_debrief_and_the_debrief_opens_history():
    session = finished_session()
    app = host(lambda: EndScreen(session))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        text = text_of(screen, "#debrief-text")
        assert "You walked away in round 2, yet a deal existed" in text
        assert "TIPS" in text and "LEVERAGE TIMELINE (CANDIDATE)" in text
        assert screen.report.perspective == "candidate"
        assert screen.report.personas == {"candidate": "human", "employer": "linear"}
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "job-offer" in text_of(app.screen, "#history-text")  # the game just played
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("r")
        await pilot.pause()
        from sim.tui.screens.replay import ReplayScreen

        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)


async def test_history_screen_shows_progress_by_scenario_and_persona():
    fill_history()
    app = host(HistoryScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = text_of(app.screen, "#history-text")
        assert "Practice history: 12 games" in text
        assert "By scenario" in text and "By persona faced" in text
        assert "boulware" in text and "linear" in text


async def test_a_damaged_history_is_a_message_on_the_screen(leverage_home):
    leverage_home.mkdir(parents=True)
    (leverage_home / FILE_NAME).write_bytes(b"not sqlite at all\n" * 100)
    app = host(HistoryScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = text_of(app.screen, "#history-text")
        assert "cannot be shown right now" in text and "damaged" in text


async def test_a_locked_history_is_a_message_on_the_screen(leverage_home):
    import sqlite3

    fill_history()
    holder = sqlite3.connect(leverage_home / FILE_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        app = host(HistoryScreen)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "busy" in text_of(app.screen, "#history-text")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_snapshot(snap_compare, size):
    session = finished_session()
    assert snap_compare(host(lambda: DebriefScreen(session)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_snapshot(snap_compare, size):
    fill_history()
    assert snap_compare(host(HistoryScreen), terminal_size=size)


async def test_the_home_screen_opens_the_history_with_y():
    fill_history()
    from sim.tui.app import make_app
    from sim.tui.screens.home import HomeScreen

    app = make_app(seed=1, clock=lambda: STAMP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.set_focus(None)  # keys go to the screen, not the seed field
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "12 games" in text_of(app.screen, "#history-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
