"""Joining a workshop in the TUI (issue 7): the home screen takes a pack's code and a name, the
game is exactly the pack's, and its replay lands in the workshop folder with the name and the
pack's id."""

from __future__ import annotations

import json

from sim.core.catalogue import resolve_scenario
from sim.record.replay import read_replay, verify
from sim.record.workshop import new_pack
from sim.tui.app import make_app
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.dialogs import ConfirmDialog
from sim.tui.screens.end import EndScreen
from sim.tui.screens.home import HomeScreen
from sim.tui.screens.join import JoinScreen
from sim.tui.screens.negotiation import NegotiationScreen

SIZE = (100, 32)
STAMP = "2026-01-01T00:00:00+00:00"


async def test_a_participant_joins_with_the_code_and_their_game_lands_in_the_workshop(tmp_path):
    pack = new_pack(resolve_scenario("job-offer"), 3, variants=3, persona="linear")
    folder = tmp_path / "class"
    app = make_app(seed=1, clock=lambda: STAMP, workshop=str(folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#join")  # shown in a workshop
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        await pilot.press(*pack.code.lower(), "enter")
        await pilot.press(*"Sam Lee", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        setup = app.screen.setup
        assert (setup.seed, setup.persona) == (pack.seed_for("Sam Lee"), "linear")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NegotiationScreen)
        for _ in range(100):
            if isinstance(app.screen, EndScreen):
                break
            session = app.screen.session
            await pilot.press("a" if session.view().their_offer is not None else "h")
            await pilot.pause()
            if isinstance(app.screen, ConfirmDialog):  # accepting below the BATNA asks first
                await pilot.press("y")
                await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"{pack.id}-sam-lee-seed{pack.seed_for('Sam Lee')}.jsonl"]
    header = json.loads(files[0].read_text(encoding="utf-8").splitlines()[0])
    assert header["pack"] == pack.id and header["names"] == {"candidate": "Sam Lee"}
    assert verify(read_replay(files[0])) is None


async def test_a_wrong_code_says_so_and_stays(tmp_path):
    app = make_app(seed=1, clock=lambda: STAMP, workshop=str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"nonsense", "enter", *"Sam", "enter")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        problem = str(app.screen.query_one("#join-problem").render())
        assert "not a pack code" in problem


async def test_without_a_workshop_the_home_screen_is_unchanged():
    app = make_app(seed=1, clock=lambda: STAMP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#join")


def test_a_workshop_game_resumed_after_an_interruption_still_lands_in_the_class_folder(tmp_path):
    from sim.core.moves import Accept, Hold, Move
    from sim.play.session import PlaySession, Setup
    from sim.record import autosave
    from sim.record.workshop import Seat

    pack = new_pack(resolve_scenario("job-offer"), 3, persona="linear")
    seat = Seat.of(pack, "Ana Ruiz")
    folder = tmp_path / "class"
    setup = Setup(
        seat.scenario,
        seat.seed,
        seat.role,
        pack.persona,
        pack.difficulty,
        seat=seat,
        replay_folder=str(folder),
    )
    session = PlaySession.start(setup, clock=lambda: STAMP)
    session.play(Move(Hold()))
    saved = autosave.read_save(autosave.save_path(session.saved.id))
    assert saved.workshop_name == "Ana Ruiz" and saved.replay_folder == str(folder)

    resumed = PlaySession.resume(saved, clock=lambda: STAMP)  # the app was closed mid-game
    while not resumed.is_over:
        has_offer = resumed.view().their_offer is not None
        resumed.play(Move(Accept() if has_offer else Hold()))
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"{pack.id}-ana-ruiz-seed{seat.seed}.jsonl"]
    header = json.loads(files[0].read_text(encoding="utf-8").splitlines()[0])
    assert header["pack"] == pack.id and header["names"] == {"candidate": "Ana Ruiz"}
    assert verify(read_replay(files[0])) is None
