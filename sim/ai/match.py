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
        # Each side's view of the state as it now stands: made once a move and handed to both
        # the side that observes the move and, as the next to move, decides; what a view reads
        # out of the state once (claims heard, their known deadline) is then read once.
        self._views = (RoleView(self.state, 0), RoleView(self.state, 1))
        # A counterpart may read the opening state before play starts (the side that moves
        # first builds its model of the other side then, not in its first decision).
        for role, counterpart in enumerate(counterparts):
            prepare = getattr(counterpart, "prepare", None)
            if prepare is not None:
                prepare(self.view(role))

    @property
    def is_over(self) -> bool:
        return self.state.is_over

    @property
    def to_move(self) -> int:
        return self.state.to_move

    def counterpart_to_move(self) -> Counterpart | None:
        return None if self.state.is_over else self.counterparts[self.state.to_move]

    def view(self, role: int) -> RoleView:
        """`role`'s view of the state as it now stands."""
        view = self._views[role]
        if view.moment is not self.state:  # the state was set from outside the match
            self._views = (RoleView(self.state, 0), RoleView(self.state, 1))
            view = self._views[role]
        return view

    def apply(self, move: Move, choice: Choice | None = None) -> Turn:
        """Apply the side-to-move's move (raises IllegalMoveError if it is not legal)."""
        before = self.state
        actor = before.to_move
        state, events = step(before, move)
        self.state = state
        self._views = (RoleView(state, 0), RoleView(state, 1))
        for role, counterpart in enumerate(self.counterparts):
            if counterpart is not None:
                # What this move added to the part of the log `role` was told about: the
                # events of `events` visible to it, in order, as the state keeps them.
                seen = state.seen[role][len(before.seen[role]) :]
                counterpart.observe(self._views[role], seen)
        turn = Turn(actor, before.round, move, choice, events, state)
        self.turns.append(turn)
        for listener in self.listeners:
            listener(turn)
        return turn

    def play_counterpart(self) -> Turn:
        """Let the counterpart whose turn it is move."""
        counterpart = self.counterpart_to_move()
        if counterpart is None:
            raise RuntimeError("it is not a counterpart's turn")
        choice = counterpart.decide(self.view(self.state.to_move))
        return self.apply(choice.move, choice)

    def run(self) -> GameState:
        """Play counterpart moves until the game ends or a person is to move."""
        while not self.state.is_over and self.counterpart_to_move() is not None:
            if len(self.turns) >= MAX_MOVES:
                raise RuntimeError(f"game did not end within {MAX_MOVES} moves")
            self.play_counterpart()
        return self.state
