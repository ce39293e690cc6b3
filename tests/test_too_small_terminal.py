"""A terminal too small for the game: the notice saying what size it needs must itself fit.

The notice was as wide as its longest line (`width: auto`), 52 columns, so in a 40-column
terminal it was cut at "Leverage needs a terminal of at lea": the one thing the person needed
to read, the size, was off the screen."""

from __future__ import annotations

import pytest

from sim.tui.app import make_app
from sim.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

STAMP = "2026-01-01T00:00:00+00:00"


@pytest.mark.parametrize("size", [(40, 10), (30, 12), (79, 23)])
async def test_the_too_small_notice_fits_the_terminal_it_is_shown_in(size):
    app = make_app(seed=1, clock=lambda: STAMP)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        notice = app.screen.query_one("#too-small-text")
        region = notice.region
        assert region.x >= 0 and region.right <= size[0], (region, size)
        # Every word is there to be read, wrapped, not cut.
        text = str(notice.render())
        assert f"{MIN_WIDTH}×{MIN_HEIGHT}" in text and f"{size[0]}×{size[1]}" in text
