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


@pytest.mark.parametrize("change", ["scenario edited", "file damaged"])
async def test_a_listed_game_that_no_longer_reads_is_a_message_not_a_crash(leverage_home, change):
    """A finished game on a scenario file of the player's own, listed on the home screen; then
    the scenario file is edited (a trainer fixing a typo), or the replay damaged, before the
    player selects it. Selecting it raised ReplayError out of the screen and ended the app."""
    from sim.core.catalogue import shipped_folder
    from sim.core.moves import Move, WalkAway
    from sim.core.scenario import load_scenario
    from sim.play.session import PlaySession
    from sim.tui.screens.home import HomeScreen

    leverage_home.mkdir(parents=True)
    own = leverage_home / "our-case.toml"
    text = (shipped_folder() / "job-offer.toml").read_text(encoding="utf-8")
    own.write_text(text.replace('id = "job-offer"', 'id = "our-case"', 1), encoding="utf-8")
    session = PlaySession.start(Setup(load_scenario(own), 3, 0), lambda: STAMP)
    session.play(Move(WalkAway()))
    assert session.is_over and session.saved is not None
    app = make_app(seed=3, clock=lambda: STAMP)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        if change == "scenario edited":
            own.write_text(own.read_text(encoding="utf-8") + "\n# a typo fixed\n", encoding="utf-8")
        else:
            with open(session.saved.path, "r+b") as replay:
                replay.seek(40)
                replay.write(b"\x00garbage\x00")
        home.query_one("#recent").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.screen is home
        (shown,) = [n for n in app._notifications if n.title == "Cannot open this game"]
        assert "our-case" in shown.message
