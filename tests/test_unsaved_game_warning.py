"""A game that cannot be saved says so when it starts, not when it ends.

With LEVERAGE_HOME pointing at a file (or a folder that cannot be written), the recorder cannot
create the replays folder. The person learned it only from the end screen, after a whole game
that could not be resumed had they stopped; now the negotiation screen says so at once."""

from __future__ import annotations

from sim.core.catalogue import resolve_scenario
from sim.play.session import Setup
from sim.tui.app import make_app
from sim.tui.screens.negotiation import NegotiationScreen

STAMP = "2026-01-01T00:00:00+00:00"


async def start_a_game() -> list[str]:
    """Open the briefing of a job-offer game, start negotiating; the notices shown."""
    app = make_app(setup=Setup(resolve_scenario("job-offer"), 3, 0), seed=3, clock=lambda: STAMP)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NegotiationScreen)
        return [notice.message for notice in app._notifications]


async def test_a_game_that_cannot_be_saved_says_so_at_once(tmp_path, monkeypatch):
    home = tmp_path / "home-is-a-file"
    home.write_text("not a folder\n")
    monkeypatch.setenv("LEVERAGE_HOME", str(home))
    notices = await start_a_game()
    unsaved = [notice for notice in notices if "not being saved" in notice]
    assert len(unsaved) == 1, notices
    assert f"{home / 'replays'}: cannot create the folder" in unsaved[0]


async def test_a_game_that_is_saved_brings_no_such_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))
    notices = await start_a_game()
    assert not [notice for notice in notices if "not being saved" in notice]
