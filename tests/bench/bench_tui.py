"""TUI benchmark: cold start to the home screen against a bare Textual app, and key-to-screen time.

1. Cold start: a fresh Python process starts the app and exits as soon as the home screen is up;
   the reference is a bare Textual app showing one Static, started the same way in the same run.
   Printed as a ratio (target ≤ 1.5), median of several alternating runs.
2. Move latency: with Pilot, the time from pressing a move's key to the screen showing the
   counterpart's answer (target ≤ 50 ms), median over the moves of a game.

Run: .venv/bin/python tests/bench/bench_tui.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(80, 24))
"""

GAME = """
from sim.tui.app import make_app
from sim.tui.screens.home import HomeScreen

app = make_app(seed=1)
original = HomeScreen.on_mount

def on_mount(self):
    original(self)
    self.call_after_refresh(self.app.exit)

HomeScreen.on_mount = on_mount
app.run(headless=True, size=(80, 24))
"""


def cold_start(code: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def bench_cold_start() -> None:
    env = dict(os.environ, LEVERAGE_HOME=tempfile.mkdtemp(prefix="leverage-bench-"))
    bare, game = [], []
    cold_start(BARE, env), cold_start(GAME, env)  # warm the file cache and bytecode
    for _ in range(RUNS):
        bare.append(cold_start(BARE, env))
        game.append(cold_start(GAME, env))
    b, g = statistics.median(bare), statistics.median(game)
    print(f"cold start: bare Textual app {b * 1000:.0f} ms, leverage home screen {g * 1000:.0f} ms")
    print(f"cold start ratio: {g / b:.2f} (target <= 1.5)")


async def bench_move_latency() -> None:
    """Key press to updated screen for a move, with Pilot: press, then pause until the screen is
    repainted. Pilot's round trip has a floor of its own (it waits for idle), so the same round
    trip for a bare app is printed beside it; the difference is the game's share. The time
    spent in the move's handler (player's move, reply, autosave, panels) is printed too."""
    os.environ["LEVERAGE_HOME"] = tempfile.mkdtemp(prefix="leverage-bench-")
    from sim.core.catalogue import resolve_scenario
    from sim.tui.app import make_app
    from sim.tui.screens.negotiation import NegotiationScreen
    from sim.tui.session import Setup

    handled, round_trips = [], []
    for scenario_id in ("job-offer", "supplier-contract", "lease-renewal"):
        app = make_app(setup=Setup(resolve_scenario(scenario_id), 3, 0), seed=3)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            for _ in range(6):
                screen = app.screen
                if not isinstance(screen, NegotiationScreen):
                    break
                submit = screen.submit
                spent = []

                def timed(decision, submit=submit, spent=spent):
                    start = time.perf_counter()
                    submit(decision)
                    spent.append(time.perf_counter() - start)

                screen.submit = timed
                start = time.perf_counter()
                await pilot.press("h")
                await pilot.pause()
                round_trips.append(time.perf_counter() - start)
                handled.append(spent[0])
    bare = await bare_round_trip()
    trip, bare_trip = statistics.median(round_trips), statistics.median(bare)
    print(
        f"move handled in the app (player's move, reply, autosave, panels): median {statistics.median(handled) * 1000:.1f} ms"
    )
    print(
        f"key to updated screen with Pilot (press + pause): median {trip * 1000:.0f} ms, max {max(round_trips) * 1000:.0f} ms"
    )
    print(f"  the same round trip for a bare app updating one Static: {bare_trip * 1000:.0f} ms")
    print(
        f"  the game's share beyond Pilot's own waiting: {(trip - bare_trip) * 1000:.0f} ms (target <= 50 ms)"
    )


async def bare_round_trip() -> list[float]:
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        BINDINGS = [("h", "bump", "Bump")]
        count = 0

        def compose(self):
            yield Static("0", id="count")

        def action_bump(self):
            self.count += 1
            self.query_one("#count", Static).update(str(self.count))

    samples = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(10):
            start = time.perf_counter()
            await pilot.press("h")
            await pilot.pause()
            samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    import asyncio

    bench_cold_start()
    asyncio.run(bench_move_latency())
