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

PERSONAS: dict[str, str] = {
    "reciprocator": "Matches your moves: concedes when you concede, holds when you hold.",
    "hardliner": "Opens high, concedes late and little, presses its leverage, takes breaks.",
    "conceder": "Eager to agree: gives ground early and shares what matters to it.",
    "problem-solver": "Looks for trades across issues, shares priorities, calls the mediator at an impasse.",
    "bluffer": "Talks up its alternative, may lie when asked, and concedes grudgingly.",
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
