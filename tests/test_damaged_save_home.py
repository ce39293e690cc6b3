"""`leverage` with a damaged save in LEVERAGE_HOME: the home screen says which file it is and
what is wrong with it, and leaves it where it is. Before, `recent_saves` skipped it without a
word, so an unfinished game simply stopped being offered for resuming."""

from __future__ import annotations

import pytest

from sim.core.catalogue import resolve_scenario
from sim.core.moves import Hold, Move
from sim.play.session import PlaySession, Setup
from sim.record.paths import game_file
from sim.tui.app import make_app
from sim.tui.screens.home import HomeScreen

STAMP = "2026-01-01T00:00:00+00:00"


def unfinished_game() -> PlaySession:
    """A game of job-offer three moves in, saved as it was played."""
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 4, 0, "linear"), clock=lambda: STAMP
    )
    for _ in range(2):
        session.play(Move(Hold()))
    assert not session.is_over
    return session


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda lines: lines.__setitem__(2, '{"turn": 2, garbage'), "line 3"),
        (lambda lines: lines.__setitem__(0, "not a replay"), "line 1"),
    ],
    ids=["a move line", "the header"],
)
async def test_a_damaged_save_is_named_on_the_home_screen_and_kept(damage, where):
    path = game_file(unfinished_game().saved.id)
    lines = path.read_text(encoding="utf-8").splitlines()
    damage(lines)
    damaged = "\n".join(lines) + "\n"
    path.write_text(damaged, encoding="utf-8")

    app = make_app(seed=1, clock=lambda: STAMP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.unfinished is None  # it cannot be resumed...
        notices = [notice.message for notice in app._notifications]
        # ...and the person is told where the file is and what is wrong with it.
        named = [notice for notice in notices if str(path) in notice]
        assert len(named) == 1, notices
        assert f"{path}: {where}" in named[0] and "left as it is" in named[0]
    assert path.read_text(encoding="utf-8") == damaged  # never lost, never rewritten


async def test_a_whole_save_brings_no_notice():
    path = game_file(unfinished_game().saved.id)
    app = make_app(seed=1, clock=lambda: STAMP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.unfinished is not None and app.screen.unfinished.path == str(path)
        assert list(app._notifications) == []
