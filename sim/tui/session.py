"""One person's game in play: the match, who they are, and the autosave after every move.

The screens hold a `PlaySession` and never touch the rules directly: they ask it for the player's
`RoleView`, hand it the player's `Move`, and redraw. Every move goes through `sim.ai.match.Match`
(and so `sim.core.rules.step`); the counterpart answers at once, in the same call. No textual
import here: a test or a workshop script can drive a session without a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from attrs import frozen

from sim.ai.match import Match, Turn
from sim.ai.personas import DEFAULT_DIFFICULTY, DEFAULT_PERSONA, make_counterpart
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Move
from sim.core.scenario import Scenario
from sim.core.state import Game, GameState
from sim.core.view import RoleView
from sim.record import autosave
from sim.record.autosave import SavedGame


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
    # A workshop game (sim.record.workshop.Seat: the pack and the participant's name), and the
    # folder its replay lands in when it ends (also set for every game `leverage serve` runs).
    seat: object | None = None
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


class PlaySession:
    def __init__(
        self,
        setup: Setup,
        match: Match,
        saved: SavedGame,
        clock: Callable[[], str] = _now,
        beliefs: list[BeliefPoint] | None = None,
        autosave_enabled: bool = True,
    ):
        self.setup = setup
        self.match = match
        self.saved = saved
        self.clock = clock
        # What the counterpart believed about the player's BATNA after each of its moves.
        self.beliefs: list[BeliefPoint] = list(beliefs or [])
        self.autosave = autosave_enabled
        self.replay_path = None  # where the finished game's workshop replay was written
        self.replay_error: str | None = None
        match.listeners.append(self._after_turn)
        from sim.tui.records import keep_records  # its replay and practice history (issue 6)

        keep_records(self)

    # -- starting and resuming --

    @classmethod
    def start(
        cls, setup: Setup, clock: Callable[[], str] = _now, autosave_enabled: bool = True
    ) -> PlaySession:
        """A new game; if the counterpart moves first, it moves now."""
        game = setup.game()
        counterparts: list = [None, None]
        counterparts[setup.opponent] = make_counterpart(
            game, setup.opponent, setup.persona, setup.difficulty
        )
        match = Match(game, (counterparts[0], counterparts[1]))
        scenario = setup.scenario
        stamp = clock()
        saved = SavedGame(
            id=autosave.new_save_id(scenario.id, setup.seed, stamp),
            scenario_id=scenario.id,
            scenario_source=scenario.source,
            scenario_digest=scenario.digest,
            title=scenario.title,
            seed=setup.seed,
            player=scenario.roles[setup.player].id,
            persona=setup.persona,
            difficulty=setup.difficulty,
            updated=stamp,
            workshop_pack=setup.seat.pack.to_toml() if setup.seat is not None else None,
            workshop_name=setup.seat.name if setup.seat is not None else None,
            replay_folder=None if setup.replay_folder is None else str(setup.replay_folder),
        )
        session = cls(setup, match, saved, clock, autosave_enabled=autosave_enabled)
        session.save()
        match.run()
        return session

    @classmethod
    def resume(cls, saved: SavedGame, clock: Callable[[], str] = _now) -> PlaySession:
        """The saved game exactly where it stopped. Raises ValueError (one line) if it cannot be."""
        scenario = load_saved_scenario(saved)
        player = scenario.role_index(saved.player)
        setup = Setup(
            scenario,
            saved.seed,
            player,
            saved.persona,
            saved.difficulty,
            seat=_seat_of(saved, scenario),
            replay_folder=saved.replay_folder,
        )
        beliefs: list[BeliefPoint] = []

        def note(match: Match, turn: Turn) -> None:
            counterpart = match.counterparts[1 - player]
            summary = counterpart.belief_summary() if counterpart is not None else None
            if summary is not None and turn.actor != player:
                beliefs.append(BeliefPoint(turn.round, dict(summary)))

        try:
            match = autosave.rebuild_match(saved, scenario, on_turn=note)
        except ValueError as error:
            raise ValueError(f"cannot resume {saved.id}: {error}") from None
        session = cls(setup, match, saved, clock, beliefs)
        match.run()  # a save written just before the counterpart's reply: let it reply now
        return session

    # -- reading --

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
    def counterpart(self):
        return self.match.counterparts[self.setup.opponent]

    @property
    def is_over(self) -> bool:
        return self.match.is_over

    # -- playing --

    def play(self, move: Move) -> list[Turn]:
        """The player's move, then the counterpart's reply. Raises IllegalMoveError (changing
        nothing) when the move is not legal. Returns the turns that happened."""
        before = len(self.match.turns)
        self.match.apply(move)
        self.match.run()
        return self.match.turns[before:]

    def save(self) -> None:
        self.saved = autosave.with_state(self.saved, self.match, self.clock())
        if self.autosave:
            autosave.write_save(self.saved)

    def _after_turn(self, turn: Turn) -> None:
        self.saved = autosave.record_turn(self.saved, self.match, turn, self.clock())
        if turn.actor != self.player and self.counterpart is not None:
            summary = self.counterpart.belief_summary()
            if summary is not None:
                self.beliefs.append(BeliefPoint(turn.round, dict(summary)))
        if self.autosave:
            autosave.write_save(self.saved)
        if turn.state.is_over and self.setup.replay_folder is not None:
            self._write_replay()

    def _write_replay(self) -> None:
        """A finished game's replay, into the workshop folder (never stops the game)."""
        from sim.record.workshop import write_game

        try:
            self.replay_path = write_game(
                self.match, self.setup.replay_folder, self.setup.seat, self.setup.difficulty
            )
        except OSError as error:
            self.replay_error = f"The replay could not be saved: {error.strerror or error}"


def load_saved_scenario(saved: SavedGame) -> Scenario:
    """The scenario a save was played in: its file if it still exists, else the shipped one.
    Raises ValueError when neither can be found."""
    from sim.core.errors import ScenarioError

    for name in (saved.scenario_source, saved.scenario_id):
        if not name or name.startswith("<"):
            continue
        try:
            return resolve_scenario(name)
        except ScenarioError:
            continue
    raise ValueError(f"cannot resume {saved.id}: scenario {saved.scenario_id!r} is not available")


def _seat_of(saved: SavedGame, scenario: Scenario):
    """The workshop seat a saved game was played from, so its replay still lands in the class's
    folder once it is resumed and finished."""
    if saved.workshop_pack is None or saved.workshop_name is None:
        return None
    from sim.record.workshop import PackError, Seat, pack_from_text

    try:
        pack = pack_from_text(saved.workshop_pack, f"{saved.id}: workshop.pack")
        return Seat.of(pack, saved.workshop_name, scenario)
    except (PackError, ValueError) as error:
        raise ValueError(f"cannot resume {saved.id}: {error}") from None
