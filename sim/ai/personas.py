"""Who you can face: the personas and difficulty levels, and the one place counterparts are built.

`make_counterpart` is the seam the CLI, the TUI and the tests use. The five main personas are
Bayesian counterparts (`sim.ai.bayesian`) that model your BATNA and priorities and differ in how
they concede, talk and use time; "boulware" and "linear" are the scripted time-based opponents
(`sim.ai.timebased`), kept for tests and benchmarks. Every persona plays either role in every
scenario; difficulty sets how well a Bayesian counterpart reads you and how hard it presses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the counterparts (and numpy) load when the first one is built, not on import
    from sim.ai.counterpart import Counterpart
    from sim.core.state import Game

DIFFICULTIES = ("easy", "normal", "hard")

# Each persona's rule in one sentence: the home screen, the briefing and the README show it, and
# `tests/bench/bench_strategies.py` measures that it holds (sim.ai.styles holds the numbers).
PERSONAS: dict[str, str] = {
    "reciprocator": (
        "Matches your moves: gives ground as you give it and holds when you hold,"
        " with a final offer near the deadline if you have been negotiating."
    ),
    "hardliner": (
        "Anchors high and concedes little whatever you do: its offers never go below a firm"
        " floor, though at its last chance it takes a deal that beats its alternative."
    ),
    "conceder": "Eager to agree: gives ground every round even when you hold, and shares what matters to it.",
    "problem-solver": (
        "Trades across issues: offers what you seem to value for what it values, and proposes"
        " a package better for both before it agrees."
    ),
    "bluffer": (
        "Talks up its alternative and may lie when asked, concedes grudgingly, and its own"
        " offers can give the bluff away."
    ),
    "boulware": "Scripted time-based: holds firm until late, then concedes fast.",
    "linear": "Scripted time-based: concedes at a steady pace.",
}
BAYESIAN_PERSONAS = ("reciprocator", "hardliner", "conceder", "problem-solver", "bluffer")
SCRIPTED_PERSONAS = ("boulware", "linear")
DEFAULT_PERSONA = "reciprocator"
DEFAULT_DIFFICULTY = "normal"


def make_counterpart(
    game: Game, role: int, persona: str = DEFAULT_PERSONA, difficulty: str = DEFAULT_DIFFICULTY
) -> Counterpart:
    """A counterpart for `role`, seeded from that role's streams of the game's seed."""
    if persona not in PERSONAS:
        raise ValueError(f"unknown persona {persona!r}; choose one of: {', '.join(PERSONAS)}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(
            f"unknown difficulty {difficulty!r}; choose one of: {', '.join(DIFFICULTIES)}"
        )
    from sim.ai.bayesian import BayesianCounterpart
    from sim.ai.timebased import EXPONENTS, TimeBasedCounterpart
    from sim.core.seeding import Streams

    streams = Streams(game.seed)
    if persona in SCRIPTED_PERSONAS:
        return TimeBasedCounterpart(role, streams.counterpart(role), persona, EXPONENTS[persona])
    return BayesianCounterpart(
        role, streams.counterpart(role), streams.dialogue(role), persona, difficulty
    )
