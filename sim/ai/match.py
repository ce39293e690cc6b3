"""A match: one game in play, with a counterpart (or a person) on each side.

The rules are pure (`sim.core.rules.step`); a match is the small mutable driver around them that
asks whichever counterpart is to move for its choice, applies it, and tells both sides what they
saw. The TUI, `leverage simulate`, replays and workshops all drive games through it.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from sim.ai.counterpart import Choice, Counterpart
from sim.core.moves import Move
from sim.core.rules import step
from sim.core.state import Event, Game, GameState
from sim.core.view import RoleView

MAX_MOVES = 400  # a safety stop far beyond any real game (60 rounds, breaks included)


@frozen
class Turn:
    """One move as it happened: who moved, what they chose and why, what it caused."""

    actor: int
    round: int  # the round the move was made in
    move: Move
    choice: Choice | None  # None for a person's move
    events: tuple[Event, ...]
    state: GameState  # the state after the move


class Match:
    def __init__(self, game: Game, counterparts: tuple[Counterpart | None, Counterpart | None]):
        self.game = game
        self.counterparts = counterparts
        self.state = game.initial_state()
        self.turns: list[Turn] = []
        self.listeners: list[Callable[[Turn], None]] = []
        # A counterpart may read the opening state before play starts (the side that moves
        # first builds its model of the other side then, not in its first decision).
        for role, counterpart in enumerate(counterparts):
            prepare = getattr(counterpart, "prepare", None)
            if prepare is not None:
                prepare(RoleView(self.state, role))

    @property
    def is_over(self) -> bool:
        return self.state.is_over

    @property
    def to_move(self) -> int:
        return self.state.to_move

    def counterpart_to_move(self) -> Counterpart | None:
        return None if self.state.is_over else self.counterparts[self.state.to_move]

    def apply(self, move: Move, choice: Choice | None = None) -> Turn:
        """Apply the side-to-move's move (raises IllegalMoveError if it is not legal)."""
        actor = self.state.to_move
        round_number = self.state.round
        state, events = step(self.state, move)
        self.state = state
        for role, counterpart in enumerate(self.counterparts):
            if counterpart is not None:
                seen = tuple(e for e in events if role in e.visible_to)
                counterpart.observe(RoleView(state, role), seen)
        turn = Turn(actor, round_number, move, choice, events, state)
        self.turns.append(turn)
        for listener in self.listeners:
            listener(turn)
        return turn

    def play_counterpart(self) -> Turn:
        """Let the counterpart whose turn it is move."""
        counterpart = self.counterpart_to_move()
        if counterpart is None:
            raise RuntimeError("it is not a counterpart's turn")
        choice = counterpart.decide(RoleView(self.state, self.state.to_move))
        return self.apply(choice.move, choice)

    def run(self) -> GameState:
        """Play counterpart moves until the game ends or a person is to move."""
        while not self.state.is_over and self.counterpart_to_move() is not None:
            if len(self.turns) >= MAX_MOVES:
                raise RuntimeError(f"game did not end within {MAX_MOVES} moves")
            self.play_counterpart()
        return self.state
