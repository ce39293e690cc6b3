"""One person's game in play: the match, who they are, and its save after every move.

The screens hold a session and never touch the rules directly: they ask it for the player's
`RoleView`, hand it the player's `Move`, and redraw. Every move goes through `sim.ai.match.Match`
(and so `sim.core.rules.step`); the counterpart answers at once, in the same call. The game is
saved as its replay, one line per move as it is played (`sim.record.autosave`). No UI here: a
test or a workshop script can drive a session without a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from attrs import frozen

from sim.ai.counterpart import Counterpart
from sim.ai.match import Match, Turn
from sim.ai.personas import DEFAULT_DIFFICULTY, DEFAULT_PERSONA, make_counterpart
from sim.core.moves import Move
from sim.core.scenario import Scenario
from sim.core.state import Game, GameState
from sim.core.view import RoleView
from sim.record import autosave
from sim.record.autosave import GameRecorder, SavedGame
from sim.record.replay import Header, ReplayError, header_for, players_of

if TYPE_CHECKING:
    from sim.record.workshop import Seat


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@frozen
class Setup:
    """What the home screen (or `leverage play`) decides before the briefing."""

    scenario: Scenario
    seed: int
    player: int  # role index the person plays
    persona: str = DEFAULT_PERSONA
    difficulty: str = DEFAULT_DIFFICULTY
    # A workshop game (the pack and the participant's name), and the folder its replay lands in
    # when it ends (also set for every game `leverage serve` runs).
    seat: Seat | None = None
    replay_folder: str | None = None

    @property
    def opponent(self) -> int:
        return 1 - self.player

    def game(self) -> Game:
        return Game.new(self.scenario, self.seed)


@frozen
class BeliefPoint:
    """What the counterpart believed about the player's BATNA after one of its moves."""

    round: int
    summary: dict[str, float]


class GameSession(Protocol):
    """What the negotiation and end screens need of a game: one side's seat at a match. Both a
    `PlaySession` (a person against a counterpart) and a hot-seat seat (`sim.play.hot_seat`)
    are one."""

    setup: Setup
    match: Match
    beliefs: list[BeliefPoint]
    record_notice: str | None  # a save or history that failed, for a screen to show

    @property
    def player(self) -> int: ...

    @property
    def scenario(self) -> Scenario: ...

    @property
    def state(self) -> GameState: ...

    @property
    def is_over(self) -> bool: ...

    @property
    def counterpart(self) -> Counterpart | None: ...

    def view(self) -> RoleView: ...

    def play(self, move: Move) -> list[Turn]: ...


class SessionSide:
    """One side's seat at a match: what every session reads off its setup and match the same
    way (`PlaySession` and the hot seat's `SeatSession` differ in who the other side is)."""

    setup: Setup
    match: Match
    record_notice: str | None = None  # nothing recorded, nothing failed (a hot seat's seat)

    @property
    def state(self) -> GameState:
        return self.match.state

    @property
    def player(self) -> int:
        return self.setup.player

    @property
    def scenario(self) -> Scenario:
        return self.setup.scenario

    def view(self) -> RoleView:
        return RoleView(self.match.state, self.player)

    @property
    def is_over(self) -> bool:
        return self.match.is_over


class PlaySession(SessionSide):
    def __init__(
        self,
        setup: Setup,
        match: Match,
        saved: SavedGame | None,
        clock: Callable[[], str] = _now,
        beliefs: list[BeliefPoint] | None = None,
        recorder: GameRecorder | None = None,
    ):
        self.setup = setup
        self.match = match
        self.saved = saved
        self.clock = clock
        # What the counterpart believed about the player's BATNA after each of its moves.
        self.beliefs: list[BeliefPoint] = list(beliefs or [])
        self.recorder = recorder
        self.replay_path: Path | None = None  # where the finished game's workshop replay went
        self.replay_error: str | None = None
        # A save that failed or a history that could not be written, for a screen to show.
        self.record_notice: str | None = recorder.error if recorder is not None else None
        match.listeners.append(self._after_turn)

    # -- starting and resuming --

    @classmethod
    def start(
        cls, setup: Setup, clock: Callable[[], str] = _now, autosave_enabled: bool = True
    ) -> PlaySession:
        """A new game, saved as it is played (unless `autosave_enabled` is false: tests and
        previews); if the counterpart moves first, it moves now."""
        game = setup.game()
        counterparts: list[Counterpart | None] = [None, None]
        counterparts[setup.opponent] = make_counterpart(
            game, setup.opponent, setup.persona, setup.difficulty
        )
        match = Match(game, (counterparts[0], counterparts[1]))
        recorder, saved = None, None
        if autosave_enabled:
            recorder = GameRecorder.start_new(
                match, setup.scenario.id, setup.seed, clock(), _header(setup, match)
            )
            path = recorder.path
            saved = _summary(setup, path.name.removesuffix(autosave.GAME_SUFFIX), path)
        session = cls(setup, match, saved, clock, recorder=recorder)
        match.run()
        return session

    @classmethod
    def resume(cls, saved: SavedGame, clock: Callable[[], str] = _now) -> PlaySession:
        """The saved game exactly where it stopped. Raises ValueError (one line) if it cannot be."""
        path = Path(saved.path)
        beliefs: list[BeliefPoint] = []
        claim = None
        try:
            # Held before it is read: another window playing this game appends to it meanwhile.
            claim = autosave.claim_game(path)
            replay = autosave.read_game(path)
            player = replay.header.roles.index(saved.player)

            def note(match: Match, turn: Turn) -> None:
                counterpart = match.counterparts[1 - player]
                summary = counterpart.belief_summary() if counterpart is not None else None
                if summary is not None and turn.actor != player:
                    beliefs.append(BeliefPoint(turn.round, dict(summary)))

            match = autosave.rebuild_match(replay, on_turn=note)
            scenario = match.game.scenario
            setup = Setup(
                scenario,
                saved.seed,
                player,
                saved.persona,
                saved.difficulty,
                seat=_seat_of(saved, scenario),
                replay_folder=saved.replay_folder,
            )
        except ValueError as error:  # ReplayError, GameInUse, a pack that no longer loads
            if claim is not None:
                claim.release()
            if isinstance(error, autosave.GameInUse):
                raise ValueError(
                    f"cannot resume {saved.id}: it is open in another Leverage window right now"
                ) from None
            reason = error.reason if isinstance(error, ReplayError) else str(error)
            raise ValueError(f"cannot resume {saved.id}: {reason}") from None
        recorder = GameRecorder.resume(match, path, claim)
        session = cls(setup, match, saved, clock, beliefs, recorder)
        match.run()  # saved just before the counterpart's reply: let it reply now
        return session

    # -- reading --

    @property
    def counterpart(self) -> Counterpart | None:
        return self.match.counterparts[self.setup.opponent]

    # -- playing --

    def play(self, move: Move) -> list[Turn]:
        """The player's move, then the counterpart's reply. Raises IllegalMoveError (changing
        nothing) when the move is not legal. Returns the turns that happened."""
        before = len(self.match.turns)
        self.match.apply(move)
        self.match.run()
        return self.match.turns[before:]

    def _after_turn(self, turn: Turn) -> None:
        if turn.actor != self.player and self.counterpart is not None:
            summary = self.counterpart.belief_summary()
            if summary is not None:
                self.beliefs.append(BeliefPoint(turn.round, dict(summary)))
        if self.recorder is not None and self.recorder.error is not None:
            self.record_notice = self.recorder.error
        if turn.state.is_over:
            self._at_the_end()

    def _at_the_end(self) -> None:
        from sim.play.records import keep_history

        if self.setup.replay_folder is not None:
            self._write_replay()
        if self.recorder is not None:  # a session that saves nothing records nothing either
            warning = keep_history(self)
            if warning is not None:
                self.record_notice = warning

    def _write_replay(self) -> None:
        """A finished game's replay, into the workshop folder (never stops the game)."""
        from sim.record.workshop import write_game

        assert self.setup.replay_folder is not None
        try:
            self.replay_path = write_game(
                self.match, self.setup.replay_folder, self.setup.seat, self.setup.difficulty
            )
        except OSError as error:
            self.replay_error = f"The replay could not be saved: {error.strerror or error}"


def _header(setup: Setup, match: Match) -> Header:
    """The header the game is saved with: who plays, and what a resumed workshop game needs."""
    seat = setup.seat
    names: list[str | None] = [None, None]
    if seat is not None:
        names[setup.player] = seat.name
    return header_for(
        match.game,
        players_of(match, (names[0], names[1])),
        setup.difficulty,
        pack=seat.pack.id if seat is not None else None,
        workshop_pack=seat.pack.to_toml() if seat is not None else None,
        workshop_folder=None if setup.replay_folder is None else str(setup.replay_folder),
    )


def _summary(setup: Setup, save_id: str, path: Path) -> SavedGame:
    scenario = setup.scenario
    return SavedGame(
        id=save_id,
        path=str(path),
        scenario_id=scenario.id,
        seed=setup.seed,
        player=scenario.roles[setup.player].id,
        persona=setup.persona,
        difficulty=setup.difficulty,
        title=scenario.title,
        workshop_pack=setup.seat.pack.to_toml() if setup.seat is not None else None,
        workshop_name=setup.seat.name if setup.seat is not None else None,
        replay_folder=None if setup.replay_folder is None else str(setup.replay_folder),
    )


def _seat_of(saved: SavedGame, scenario: Scenario) -> Seat | None:
    """The workshop seat a saved game was played from, so its replay still lands in the class's
    folder once it is resumed and finished."""
    if saved.workshop_pack is None or saved.workshop_name is None:
        return None
    from sim.record.workshop import Seat, pack_from_text

    pack = pack_from_text(saved.workshop_pack, f"{saved.id}: workshop.pack")
    return Seat.of(pack, saved.workshop_name, scenario)
