"""Who you can face: the personas and difficulty levels, and the one place counterparts are built.

`make_counterpart` is the seam the CLI, the TUI and the tests use; each persona names how a
counterpart concedes and talks. Every persona plays either role in every scenario.
"""

from __future__ import annotations

from sim.ai.counterpart import Counterpart
from sim.ai.timebased import EXPONENTS, TimeBasedCounterpart
from sim.core.seeding import Streams
from sim.core.state import Game

DIFFICULTIES = ("easy", "normal", "hard")

PERSONAS: dict[str, str] = {
    "boulware": "Time-based: holds firm until late, then concedes fast.",
    "linear": "Time-based: concedes at a steady pace.",
    "conceder": "Time-based: gives ground early.",
}
DEFAULT_PERSONA = "linear"
DEFAULT_DIFFICULTY = "normal"


def make_counterpart(game: Game, role: int, persona: str = DEFAULT_PERSONA, difficulty: str = "normal") -> Counterpart:
    """A counterpart for `role`, seeded from that role's stream of the game's seed."""
    if persona not in PERSONAS:
        raise ValueError(f"unknown persona {persona!r}; choose one of: {', '.join(PERSONAS)}")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {difficulty!r}; choose one of: {', '.join(DIFFICULTIES)}")
    rng = Streams(game.seed).counterpart(role)
    return TimeBasedCounterpart(role, rng, persona, EXPONENTS[persona])
