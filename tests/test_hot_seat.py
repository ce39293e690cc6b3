"""Hot-seat (issue 7): two people on one terminal, played key by key with Pilot. Whenever one side
is at the keyboard, nothing private to the other side (its private brief, its facts, its BATNA)
is on the screen, and between turns the pass-the-keyboard screen shows neither."""

from __future__ import annotations

import html
import re

import pytest

from sim.core.catalogue import resolve_scenario
from sim.play.session import Setup
from sim.record.replay import read_replay, verify
from sim.tui.app import make_app
from sim.tui.screens.dialogs import ConfirmDialog
from sim.tui.screens.hot_seat import (
    HotSeatBriefingScreen,
    HotSeatEndScreen,
    HotSeatNegotiationScreen,
    PassScreen,
    hot_seat_start,
)

SIZE = (120, 40)
STAMP = "2026-01-01T00:00:00+00:00"


def squashed(text: str) -> str:
    """Text without any whitespace: a phrase wrapped over several lines still matches."""
    return re.sub(r"\s+", "", text)


def screen_text(app) -> str:
    """Everything drawn on the terminal now, as plain text (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return squashed(html.unescape(" ".join(parts)).replace("\xa0", " "))


def secrets_of(scenario, role: int) -> list[str]:
    """What only `role` may know, as phrases that would give it away on screen."""
    out = [scenario.roles[role].private_brief[:80]]
    out += [scenario.facts[i].text[:60] for i in scenario.facts_of(role)]
    return [squashed(text) for text in out]


def script(session) -> str:
    """Both people's plan: propose your draft for two rounds, then accept what is on the table."""
    view = session.view()
    if view.their_offer is not None and session.state.round >= 3:
        return "a"
    return "p"


@pytest.mark.parametrize("scenario_id", ["job-offer", "lease-renewal"])
async def test_a_whole_hot_seat_game_never_shows_one_side_the_others_secrets(scenario_id, tmp_path):
    scenario = resolve_scenario(scenario_id)
    setup = Setup(scenario, 7, 0, "hot seat")
    folder = tmp_path / "games"
    app = make_app(seed=7, clock=lambda: STAMP, start_screen=hot_seat_start(setup, str(folder)))
    secrets = [secrets_of(scenario, 0), secrets_of(scenario, 1)]
    names = [role.name for role in scenario.roles]
    seen = {"pass": 0, "briefing": 0, "negotiation": 0}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(200):
            screen = app.screen
            shown = screen_text(app)
            if isinstance(screen, HotSeatEndScreen):
                break
            if isinstance(screen, PassScreen):
                seen["pass"] += 1
                for phrase in secrets[0] + secrets[1]:
                    assert phrase not in shown
                assert squashed(f"Pass the keyboard to the {names[screen.role]}") in shown
                await pilot.press("enter")
            elif isinstance(screen, HotSeatBriefingScreen):
                seen["briefing"] += 1
                me = screen.setup.player
                assert secrets[me][0] in shown  # your own private brief is there
                for phrase in secrets[1 - me]:
                    assert phrase not in shown
                assert "playedbythecomputer" not in shown
                await pilot.press("enter")
            else:
                assert isinstance(screen, HotSeatNegotiationScreen), type(screen)
                seen["negotiation"] += 1
                me = screen.session.player
                assert screen.session.state.to_move == me
                for phrase in secrets[1 - me]:
                    assert phrase not in shown
                await pilot.press(script(screen.session))
            await pilot.pause()
            if isinstance(app.screen, ConfirmDialog):  # accepting below the BATNA asks first
                await pilot.press("y")
                await pilot.pause()
        else:
            raise AssertionError("the game did not end")
        end = app.screen
        assert isinstance(end, HotSeatEndScreen)
        assert end.session.state.outcome.kind == "deal"
    assert seen["briefing"] == 2  # each side read its own brief once
    assert seen["pass"] == seen["negotiation"] >= 4
    replays = sorted(folder.glob("*.jsonl"))
    assert len(replays) == 1
    replay = read_replay(replays[0])
    assert [p.persona for p in replay.header.players] == ["human", "human"]
    assert verify(replay) is None


def test_hot_seat_on_the_command_line_needs_a_scenario_and_no_pack():
    import subprocess
    import sys

    for args, message in (
        (["play", "--hot-seat"], "--hot-seat needs a SCENARIO"),
        (["play", "job-offer", "--hot-seat", "--name", "Sam"], "not a workshop pack"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "sim", *args], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 2
        assert message in result.stderr
