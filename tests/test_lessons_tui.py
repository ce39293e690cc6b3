"""The Lessons entry played key by key with Textual's Pilot: the first lesson played to a pass
opens the second; a failed lesson says why and opens nothing. Saves and progress go to a
temporary LEVERAGE_HOME."""

from __future__ import annotations

import io

from rich.console import Console

from sim.tui.app import make_app
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.end import EndScreen
from sim.tui.screens.home import HomeScreen
from sim.tui.screens.lessons import LessonsScreen
from sim.tui.screens.negotiation import NegotiationScreen

SIZE = (100, 30)
STAMP = "2026-01-01T00:00:00+00:00"


def text_of(widget) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(widget.content)
    return capture.get()


def marks(screen: LessonsScreen) -> list[str]:
    return [row.status for row in screen.rows]


async def open_first_lesson(app, pilot) -> NegotiationScreen:
    """Home → l → the lessons screen (lesson 1 open, the rest locked) → enter → briefing →
    enter → the negotiation, with the lesson's own setup."""
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("l")
    await pilot.pause()
    lessons = app.screen
    assert isinstance(lessons, LessonsScreen)
    assert marks(lessons)[:3] == ["open", "locked", "locked"]
    primer = text_of(lessons.query_one("#lesson-text"))
    assert "Know your walk-away point" in primer and "BATNA" in primer
    assert "at least 5 points more than your BATNA" in primer
    await pilot.press("enter")
    await pilot.pause()
    briefing = app.screen
    assert isinstance(briefing, BriefingScreen)
    setup = briefing.setup
    assert (setup.scenario.id, setup.player, setup.persona, setup.difficulty, setup.seed) == (
        "job-offer",
        0,
        "conceder",
        "easy",
        7,
    )
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, NegotiationScreen)
    return app.screen


async def test_the_first_lesson_played_to_a_pass_opens_the_second():
    app = make_app(seed=5, clock=lambda: STAMP)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_lesson(app, pilot)
        view = screen.session.view()
        # Their opening offer is worth less than the BATNA: hold, and see what comes next.
        assert view.deal_value(view.their_offer) < view.batna
        await pilot.press("h")
        await pilot.pause()
        view = screen.session.view()
        assert view.deal_value(view.their_offer) >= view.batna + 5
        await pilot.press("a")
        await pilot.pause()
        end = app.screen
        assert isinstance(end, EndScreen)
        verdict = text_of(end.query_one("#lesson-verdict"))
        assert "Lesson passed: Know your walk-away point" in verdict
        assert "19 above your BATNA of 34" in verdict
        assert "Next lesson open: Concede in small steps" in verdict
        await pilot.press("l")
        await pilot.pause()
        lessons = app.screen
        assert isinstance(lessons, LessonsScreen)
        assert marks(lessons)[:3] == ["passed", "open", "locked"]
        # The path picks up at the lesson now open.
        assert "Concede in small steps" in text_of(lessons.query_one("#lesson-text"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert app.screen.setup.scenario.id == "supplier-contract"


async def test_a_failed_lesson_says_why_and_keeps_the_next_one_locked():
    app = make_app(seed=5, clock=lambda: STAMP)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_lesson(app, pilot)
        await pilot.press("a", "y")  # take their opening offer, below the BATNA, and confirm
        await pilot.pause()
        end = app.screen
        assert isinstance(end, EndScreen)
        verdict = text_of(end.query_one("#lesson-verdict"))
        assert "Lesson not passed yet" in verdict
        assert "less than your BATNA of 34" in verdict
        assert "Play the same seed again (g) to retry" in verdict
        await pilot.press("l")
        await pilot.pause()
        lessons = app.screen
        assert isinstance(lessons, LessonsScreen)
        assert marks(lessons)[:2] == ["open", "locked"]
        assert "Last try" in text_of(lessons.query_one("#lesson-text"))
        await pilot.press("down", "enter")  # the locked second lesson does not start
        await pilot.pause()
        assert app.screen is lessons


async def test_a_game_that_is_no_lesson_shows_no_lesson_verdict():
    app = make_app(seed=5, clock=lambda: STAMP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first scenario, default setup: no lesson's game
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w", "y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert not app.screen.query("#lesson-verdict")
