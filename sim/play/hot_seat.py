"""Hot-seat: two people play each other on one terminal, one match, each side's seat a session.

`HotSeatGame` is the one match both people share and what each has been shown; `SeatSession` is
one side's seat at it, a `GameSession` like `PlaySession` so the ordinary negotiation and end
screens play it (`sim.tui.screens.hot_seat` adds the pass-the-keyboard screens). When the game
ends the replay is written, "human" on both sides. No UI here.
"""

from __future__ import annotations

from pathlib import Path

from sim.ai.counterpart import Counterpart
from sim.ai.match import Match, Turn
from sim.core.moves import Move
from sim.core.scenario import Scenario
from sim.core.state import Game
from sim.play.session import BeliefPoint, SessionSide, Setup

HOT_SEAT = "hot seat"  # what the screens call the other side's player: a person, not a persona


class HotSeatGame:
    """The one match both people share, and what each has been shown."""

    def __init__(self, setup: Setup, replay_folder: str | None = None):
        self.setup = setup
        self.match = Match(Game.new(setup.scenario, setup.seed), (None, None))
        self.briefed: set[int] = set()
        self.replay_folder = replay_folder
        self.replay_path: Path | None = None
        self.replay_error: str | None = None

    @property
    def scenario(self) -> Scenario:
        return self.setup.scenario

    @property
    def to_move(self) -> int:
        return self.match.state.to_move

    def seat(self, role: int) -> SeatSession:
        return SeatSession(self, role)

    def finish(self) -> None:
        """Write the finished game's replay; a failure is kept to show, never raised."""
        from sim.record.paths import replays_folder
        from sim.record.workshop import write_game

        folder = self.replay_folder or replays_folder()
        try:
            self.replay_path = write_game(self.match, folder, None, self.setup.difficulty)
        except OSError as error:
            self.replay_error = f"The replay could not be saved: {error.strerror or error}"


class SeatSession(SessionSide):
    """One side's seat at the shared match: what the negotiation and end screens need of a
    `PlaySession`, with the person on the other side instead of a counterpart."""

    def __init__(self, game: HotSeatGame, role: int):
        self.game = game
        self.match = game.match
        self.setup = Setup(game.scenario, game.setup.seed, role, HOT_SEAT, game.setup.difficulty)
        self.beliefs: list[BeliefPoint] = []  # no counterpart: nobody's beliefs to show

    @property
    def counterpart(self) -> Counterpart | None:
        return None  # the other side is a person

    def play(self, move: Move) -> list[Turn]:
        before = len(self.match.turns)
        self.match.apply(move)
        if self.match.is_over:
            self.game.finish()
        return self.match.turns[before:]
