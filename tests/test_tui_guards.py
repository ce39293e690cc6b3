"""The game's screens as a person can really meet them, through Pilot: a terminal dragged down to
nothing mid-game and back, keys pressed in an order no one planned. Each ended the app with a
traceback before; the game must carry on where it was."""

from __future__ import annotations

import pytest

from sim.core.catalogue import resolve_scenario
from sim.play.session import Setup
from sim.tui.app import make_app
from sim.tui.screens.negotiation import NegotiationScreen
from sim.tui.screens.too_small import TooSmallScreen

STAMP = "2026-01-01T00:00:00+00:00"


@pytest.mark.parametrize("tiny", [(1, 1), (0, 0), (5, 3)])
async def test_a_terminal_shrunk_to_nothing_mid_game_and_back_keeps_the_game(tiny):
    """A split pane dragged shut lays the offer out at width 0 ("range() arg 3 must not be
    zero" from wrapping its notes, and the app was gone)."""
    app = make_app(setup=Setup(resolve_scenario("job-offer"), 3, 0), seed=3, clock=lambda: STAMP)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # from the briefing into the negotiation
        await pilot.pause()
        game = app.screen
        assert isinstance(game, NegotiationScreen)
        await pilot.resize_terminal(*tiny)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.is_running and app.screen is game
        await pilot.press("h")  # and the game goes on
        await pilot.pause()
        assert len(game.session.match.turns) >= 2


async def test_the_command_palette_opened_twice_under_the_too_small_notice():
    """ctrl+p, the terminal shrunk (the notice covers the palette), ctrl+p again: a second
    palette with the first one's widget id, and a DuplicateIds traceback."""
    from textual.command import CommandPalette

    app = make_app(seed=3, clock=lambda: STAMP)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.is_running
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, CommandPalette)
