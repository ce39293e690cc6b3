"""Snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot).

Everything that could differ between runs is fixed: the seed, the time stamps saves carry, an
empty LEVERAGE_HOME, the dark theme. Update after a deliberate change with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at the report.
"""

from __future__ import annotations

import pytest

from sim.core.catalogue import resolve_scenario
from sim.play.session import Setup
from sim.tui.app import make_app

SIZES = [(80, 24), (120, 40)]
STAMP = "2026-01-01T00:00:00+00:00"


def game_app(scenario_id: str = "job-offer", seed: int = 7):
    return make_app(
        setup=Setup(resolve_scenario(scenario_id), seed, 0), seed=seed, clock=lambda: STAMP
    )


async def settle(pilot):
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    assert snap_compare(
        make_app(seed=1234, clock=lambda: STAMP), terminal_size=size, run_before=settle
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_briefing(snap_compare, size):
    assert snap_compare(game_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_negotiation(snap_compare, size):
    async def play_a_little(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("left", "down", "left", "p")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=size, run_before=play_a_little)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_end_of_game(snap_compare, size):
    async def take_the_offer(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")  # their opening offer is below the BATNA: the game asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=size, run_before=take_the_offer)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_accept_below_batna_confirmation(snap_compare, size):
    async def ask_to_accept(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=size, run_before=ask_to_accept)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walk_away_confirmation(snap_compare, size):
    async def ask_to_walk(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=size, run_before=ask_to_walk)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=size, run_before=open_help)


def test_too_small(snap_compare):
    assert snap_compare(
        make_app(seed=1234, clock=lambda: STAMP), terminal_size=(60, 20), run_before=settle
    )


def test_light_theme_negotiation(snap_compare):
    async def light(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)

    assert snap_compare(game_app(), terminal_size=(80, 24), run_before=light)
