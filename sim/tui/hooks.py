"""Where later screens plug in: the debrief and the replay viewer.

The end-of-game screen shows a "Debrief" button only when `debrief_screen()` finds one, and the
home screen offers to replay a finished game only when `replay_screen()` does. To plug in, add
`sim/tui/screens/debrief.py` defining `DebriefScreen(session)` (a `sim.tui.session.PlaySession`,
which holds the match, the player's role and the counterpart's beliefs), and
`sim/tui/screens/replay.py` defining `ReplayScreen(saved)` (a `sim.record.autosave.SavedGame`).
"""

from __future__ import annotations

import importlib


def _screen(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def debrief_screen():
    return _screen("sim.tui.screens.debrief", "DebriefScreen")


def replay_screen():
    return _screen("sim.tui.screens.replay", "ReplayScreen")
