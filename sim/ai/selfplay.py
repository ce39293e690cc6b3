"""Counterpart against counterpart, headless: what `leverage simulate`, tests and benchmarks run.

Game `i` of a run started with seed `s` uses seed `s + i`, so any single game can be replayed on
its own with `leverage simulate SCENARIO --seed s+i`.
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import frozen

from sim.ai.match import Match
from sim.ai.personas import DEFAULT_DIFFICULTY, DEFAULT_PERSONA, make_counterpart
from sim.core.scenario import Scenario
from sim.core.state import Game


@frozen
class Lineup:
    """Who plays which role: persona and difficulty per role index."""

    personas: tuple[str, str] = (DEFAULT_PERSONA, DEFAULT_PERSONA)
    difficulty: str = DEFAULT_DIFFICULTY

    @classmethod
    def for_role(
        cls, role: int, persona: str, opponent: str, difficulty: str = DEFAULT_DIFFICULTY
    ) -> Lineup:
        personas = [opponent, opponent]
        personas[role] = persona
        return cls((personas[0], personas[1]), difficulty)


def new_match(scenario: Scenario, seed: int, lineup: Lineup) -> Match:
    game = Game.new(scenario, seed)
    first, second = (
        make_counterpart(game, role, lineup.personas[role], lineup.difficulty) for role in (0, 1)
    )
    return Match(game, (first, second))


def play_games(scenario: Scenario, seed: int, games: int, lineup: Lineup) -> Iterator[Match]:
    """Play `games` games with seeds seed, seed+1, ...; yield each finished match."""
    for index in range(games):
        match = new_match(scenario, seed + index, lineup)
        match.run()
        yield match
