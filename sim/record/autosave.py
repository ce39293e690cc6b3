"""Saved games: the save is the replay, so no game is ever lost and no move is written twice.

Every game played in the app is one JSON Lines replay in the replays folder (`sim.record.paths`),
appended to as it is played: the header when the game starts, one line per move (flushed as it
is written), the end line when it ends. An unfinished game is a replay without its end line;
resuming reads it and folds its moves into a fresh match. A process killed at any point leaves
every finished line on disk: a line cut short by the kill is dropped when the game is read again
(and cut off the file before the next move is appended), so no move that was written is lost.

A game is played in one place at a time. Its recorder holds a lock on the file (`flock`, released
by the system when the process ends, however it ends), and resuming a game another process holds
is refused in one line: two windows (or two browser tabs under `serve`, which share one data
folder) appending to one file interleaved their moves, and the save no longer read back at all.

Resuming re-creates the counterpart and lets it re-decide its own moves (it is seeded, so it
makes the same ones, and its memory matches); should it decide differently (its code changed
since), the recorded move is applied anyway, so the game resumes exactly where it stopped.

Saves written before the save became the replay (JSON files in `saves/`) are converted once, the
first time the folder is listed: the game is rebuilt from the old file and written as a replay,
and the old file is renamed `*.json.converted`. Nothing here imports a UI.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from sim.core.errors import IllegalMoveError
from sim.core.moves import Move
from sim.record.paths import (
    GAME_SUFFIX,
    check_game_id,
    game_file,
    legacy_saves_folder,
    replays_folder,
)
from sim.record.replay import (
    HUMAN,
    Header,
    Player,
    Replay,
    ReplayError,
    dumps,
    end_line,
    game_of,
    header_for,
    parse_replay,
    scenario_for,
    turn_line,
    write_replay_text,
)

if TYPE_CHECKING:  # the engine loads only when a game is resumed: the home screen starts faster
    from sim.ai.match import Match, Turn
    from sim.core.scenario import Scenario


@frozen
class SavedGame:
    """A game on disk as the home screen lists it, read from its replay. `player` is the role id
    the person plays; `persona` the counterpart's on the other side."""

    id: str
    path: str
    scenario_id: str
    seed: int
    player: str
    persona: str
    difficulty: str
    moves: int = 0
    finished: bool = False
    outcome: dict[str, Any] | None = None  # kind, round and payoffs by role id, once it ended
    round: int = 1  # the round of the last move
    updated: str = ""  # ISO time of the last write, for the recent-games list
    modified: float = 0.0  # the same, as the file's modification time: the list's order
    title: str = ""  # filled in by whoever knows the scenario's title (the home screen)
    # A workshop game: the pack's TOML text and the participant's name, so a resumed game still
    # lands in the class's folder; `replay_folder` is that folder (also set under `serve`).
    workshop_pack: str | None = None
    workshop_name: str | None = None
    replay_folder: str | None = None

    @classmethod
    def of_replay(cls, replay: Replay, path: Path) -> SavedGame:
        """The summary of a game from its replay; ValueError when it is not one person's game
        against a counterpart (a hot-seat game, say) and so cannot be resumed."""
        header = replay.header
        humans = [role for role, p in enumerate(header.players) if p.is_human]
        if len(humans) != 1:
            raise ValueError(f"{path}: not one person's game against a counterpart")
        player = humans[0]
        outcome = None
        if replay.end is not None:
            outcome = {
                "kind": replay.end.kind,
                "round": replay.end.round,
                "payoffs": {header.roles[r]: round(replay.end.payoffs[r], 4) for r in (0, 1)},
            }
        try:
            modified = path.stat().st_mtime
        except OSError:
            modified = 0.0
        return cls(
            id=path.name.removesuffix(GAME_SUFFIX),
            path=str(path),
            scenario_id=header.scenario_id,
            seed=header.seed,
            player=header.roles[player],
            persona=header.players[1 - player].persona,
            difficulty=header.difficulty,
            moves=len(replay.turns),
            finished=replay.end is not None,
            outcome=outcome,
            round=replay.end.round
            if replay.end is not None
            else (replay.turns[-1].round if replay.turns else 1),
            updated=datetime.fromtimestamp(modified, UTC).isoformat(timespec="seconds"),
            modified=modified,
            workshop_pack=header.workshop_pack,
            workshop_name=header.players[player].name,
            replay_folder=header.workshop_folder,
        )


# -- the folder --------------------------------------------------------------------------------


def new_save_id(scenario_id: str, seed: int, stamp: str) -> str:
    """A file-safe id not used yet: scenario, seed and the time the game began (`stamp`, any
    text), with a counter when two games start in the same second."""
    for candidate in _save_ids(scenario_id, seed, stamp):
        if not save_path(candidate).exists():
            return candidate
    raise AssertionError("unreachable: the ids never run out")  # pragma: no cover


def _save_ids(scenario_id: str, seed: int, stamp: str) -> Iterator[str]:
    """The ids a game begun at `stamp` may take, in order: `SCENARIO-sSEED-STAMP`, then `-2`..."""
    digits = re.sub(r"[^0-9]", "", stamp)[:14] or "0"
    base = f"{scenario_id}-s{seed}-{digits}"
    yield base
    yield from (f"{base}-{count}" for count in itertools.count(2))


def save_path(save_id: str) -> Path:
    """The file of game `save_id`; an id that is not a plain file name is refused (ValueError)."""
    return game_file(save_id)


def read_game(path: str | Path) -> Replay:
    """A game's replay as far as it was written. A last line cut short (the process was killed
    while writing it) is left out; anything else damaged is a `ReplayError` in one line."""
    from sim.core.files import FileRefused, read_limited
    from sim.record.replay.reader import MAX_FILE_BYTES

    path = Path(path)
    try:
        # The safe reader: a FIFO or /dev/zero named like a game must not hang the home screen.
        raw = read_limited(path, MAX_FILE_BYTES, "replay")
    except FileRefused as error:
        raise ReplayError(str(path), error.reason) from None
    return parse_replay(_whole_lines(raw), str(path))


def _whole_lines(raw: bytes) -> bytes:
    return raw if raw.endswith(b"\n") else raw[: raw.rfind(b"\n") + 1]


def read_save(path: str | Path) -> SavedGame:
    """The summary of the game in `path`; ValueError (one line) when it cannot be read."""
    path = Path(path)
    return SavedGame.of_replay(read_game(path), path)


def recent_saves(limit: int = 20, problems: list[str] | None = None) -> list[SavedGame]:
    """Readable games, most recently played first. A damaged file is skipped, never touched:
    with `problems`, a line is added for each saying where it is and what is wrong, so a game
    that stops being listed does not vanish without a word."""
    convert_legacy_saves()
    folder = replays_folder()
    if not folder.is_dir():
        return []
    # Newest first, and only as many as asked for: a long history of games is not read whole
    # every time the home screen opens.
    paths = []
    for path in folder.glob(f"*{GAME_SUFFIX}"):
        try:
            paths.append((path.stat().st_mtime, path.name, path))
        except OSError:
            continue
    saves: list[SavedGame] = []
    for _, _, path in sorted(paths, reverse=True):
        if len(saves) == limit:
            break
        try:
            saves.append(read_save(path))
        except ReplayError as error:
            if problems is not None:
                problems.append(f"A saved game cannot be read; it is left as it is: {error}")
        except ValueError:
            continue  # a game that is whole but not one person's (a hot-seat game)
    return saves


def unfinished_save() -> SavedGame | None:
    """The most recent game that has not ended: what `leverage` offers to resume."""
    for saved in recent_saves():
        if not saved.finished:
            return saved
    return None


def delete_save(save_id: str) -> None:
    path = save_path(save_id)
    if path.exists():
        path.unlink()


# -- one game, one place ------------------------------------------------------------------------


class GameInUse(ValueError):
    """A saved game another process is playing right now (its file is locked)."""


class Claim:
    """This process's hold on one game's file: an open descriptor, locked so that no other
    process plays (and appends to) the same game. Released when the game ends, when this process
    claims the same game again (the player left it and resumed it), or when the process ends."""

    _held: dict[str, Claim] = {}  # by the file's real path: the claims this process holds

    def __init__(self, path: Path, descriptor: int):
        self.path = path
        self.descriptor: int | None = descriptor

    @classmethod
    def of(cls, path: Path, create: bool = False) -> Claim:
        """Open and lock `path` for appending (`create`: a new file, never an existing one).
        Raises GameInUse when another process holds it, OSError when it cannot be opened."""
        key = os.path.realpath(path)
        earlier = None if create else cls._held.pop(key, None)
        if earlier is not None:  # this process left the game and opens it again: the new wins
            earlier.release()
        flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if create else 0)
        descriptor = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            _lock(descriptor)
        except BlockingIOError:
            os.close(descriptor)
            raise GameInUse(
                f"{path}: this game is open in another Leverage window right now; go on playing "
                "it there (or close that window first)"
            ) from None
        claim = cls(path, descriptor)
        cls._held[key] = claim
        return claim

    @property
    def released(self) -> bool:
        return self.descriptor is None

    def release(self) -> None:
        if self.descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(self.descriptor)  # closing drops the lock
            self.descriptor = None
        key = os.path.realpath(self.path)
        if Claim._held.get(key) is self:
            del Claim._held[key]


def _lock(descriptor: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one window per game is on the player
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def claim_game(path: str | Path) -> Claim:
    """Hold a saved game for playing it here; GameInUse (one line) when another process plays
    it, ReplayError when it cannot be opened. Take it before reading the game to resume it."""
    path = Path(path)
    try:
        return Claim.of(path)
    except GameInUse:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:
            # Playing on would append to whatever file the link points at, wherever that is.
            raise ReplayError(
                str(path),
                "is a link to a file elsewhere; a game is played on only from a file in the "
                "replays folder itself (copy the game there to resume it)",
            ) from None
        raise ReplayError(str(path), f"cannot open the game ({error.strerror or error})") from None


# -- writing as the game is played -------------------------------------------------------------


class GameRecorder:
    """Appends a match's moves to its file as they are played: the header when a game starts
    (`start`), every move after that, the end line when it ends. Each line goes to the file as
    it is written, through the game's `Claim`. A failure (a full disk, a folder gone) stops the
    recording and is kept in `error` for the screen to show; it never interrupts the game."""

    def __init__(self, match: Match, path: Path, written: int, claim: Claim | None = None):
        self.match = match
        self.path = path
        self.written = written  # moves already in the file
        self.error: str | None = None
        self.claim = claim
        match.listeners.append(self.on_turn)

    @classmethod
    def start(cls, match: Match, path: Path, header: Header) -> GameRecorder:
        """Record a new game in `path`, a file that must not exist yet."""
        recorder = cls(match, path, 0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            recorder.error = f"{path.parent}: cannot create the folder ({error.strerror or error})"
            return recorder
        try:
            recorder.claim = Claim.of(path, create=True)
        except OSError as error:
            recorder.error = f"{path}: the game could not be saved ({error.strerror or error})"
            return recorder
        lines = [dumps(header.to_dict())]
        lines += [dumps(turn_line(match, turn, n)) for n, turn in enumerate(match.turns, start=1)]
        recorder._write(lines)
        recorder.written = len(match.turns)
        return recorder

    @classmethod
    def start_new(
        cls, match: Match, scenario_id: str, seed: int, stamp: str, header: Header
    ) -> GameRecorder:
        """Record a new game under a fresh id (`new_save_id`). Two processes starting the same
        scenario and seed in the same second (a class on one `serve`) may pick the same id; the
        one that finds it taken when creating the file takes the next."""
        for save_id in itertools.islice(_save_ids(scenario_id, seed, stamp), 1000):
            path = save_path(save_id)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                claim = Claim.of(path, create=True)
            except FileExistsError:
                continue
            except OSError:
                break  # start() says what is wrong, in the same words as ever
            recorder = cls(match, path, 0, claim)
            lines = [dumps(header.to_dict())]
            lines += [
                dumps(turn_line(match, turn, n)) for n, turn in enumerate(match.turns, start=1)
            ]
            recorder._write(lines)
            recorder.written = len(match.turns)
            return recorder
        return cls.start(match, save_path(new_save_id(scenario_id, seed, stamp)), header)

    @classmethod
    def resume(cls, match: Match, path: Path, claim: Claim | None = None) -> GameRecorder:
        """Append to the file `match` was rebuilt from, after cutting off a line left half
        written by a killed process. `claim`: the hold taken before the file was read (taken
        now if not); another process playing the game is `GameInUse`."""
        claim = claim if claim is not None else claim_game(path)
        recorder = cls(match, path, len(match.turns), claim)
        try:
            raw = path.read_bytes()
            if not raw.endswith(b"\n"):
                os.truncate(path, len(_whole_lines(raw)))
        except OSError as error:
            recorder.error = f"{path}: the game could not be saved ({error.strerror or error})"
        return recorder

    def on_turn(self, turn: Turn) -> None:
        if self.error is not None:
            return
        lines = [dumps(turn_line(self.match, turn, len(self.match.turns)))]
        if turn.state.is_over:
            lines.append(dumps(end_line(self.match.state, len(self.match.turns))))
        self._write(lines)
        self.written = len(self.match.turns)
        if turn.state.is_over and self.claim is not None:
            self.claim.release()

    def _write(self, lines: list[str]) -> None:
        claim = self.claim
        if claim is None or claim.descriptor is None:
            # This process opened the game again (the player left it and resumed it): the newer
            # session records it from here, and this one must not add its moves to the file.
            self.error = f"{self.path}: the game is being saved by its newer session"
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        try:
            while data:
                data = data[os.write(claim.descriptor, data) :]
        except OSError as error:
            self.error = f"{self.path}: the game could not be saved ({error.strerror or error})"


# -- back into a match -------------------------------------------------------------------------


def rebuild_match(
    replay: Replay,
    scenario: Scenario | None = None,
    on_turn: Callable[[Match, Turn], None] | None = None,
) -> Match:
    """Fold a game's moves into a fresh match: the game exactly as it stood when last saved.
    The counterpart re-decides each of its moves (so its memory matches) but the recorded move
    is the one applied. Raises ValueError (one line) when the scenario is missing or changed, or
    a move is no longer legal."""
    from sim.ai.counterpart import Choice
    from sim.ai.match import Match
    from sim.ai.personas import make_counterpart
    from sim.core.view import RoleView

    scenario = scenario_for(replay, scenario)
    game = game_of(replay, scenario)
    header = replay.header
    counterparts: list = [None, None]
    for role, player in enumerate(header.players):
        if not player.is_human:
            counterparts[role] = make_counterpart(game, role, player.persona, header.difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    for recorded in replay.turns:
        counterpart = match.counterpart_to_move()
        try:
            if counterpart is None:
                turn = match.apply(recorded.move)
            else:
                choice = counterpart.decide(RoleView(match.state, match.state.to_move))
                if choice.move != recorded.move:
                    choice = Choice(recorded.move, recorded.line or "")
                turn = match.apply(recorded.move, choice)
        except IllegalMoveError as error:
            raise ReplayError(
                replay.source, f"move: no longer legal ({error})", turn=recorded.turn
            ) from None
        if on_turn is not None:
            on_turn(match, turn)
    return match


# -- saves in the old JSON format (before the save became the replay) --------------------------

LEGACY_FORMAT = "leverage-save"
LEGACY_VERSION = 1


def convert_legacy_saves() -> list[str]:
    """Turn every old JSON save into a game replay, once. Returns one line for each that could
    not be converted (its scenario is gone, it is damaged), which stays where it is."""
    folder = legacy_saves_folder()
    if not folder.is_dir():
        return []
    problems = []
    for path in sorted(folder.glob("*.json")):
        try:
            _convert(path)
        except (ValueError, OSError) as error:
            problems.append(f"{path}: cannot convert this old save ({error})")
            continue
        path.rename(path.with_name(path.name + ".converted"))
    return problems


def _convert(path: Path) -> None:
    from sim.ai.counterpart import Choice
    from sim.ai.match import Match
    from sim.ai.personas import make_counterpart
    from sim.core.catalogue import resolve_scenario
    from sim.core.errors import ScenarioError
    from sim.core.files import read_limited  # FileRefused is an OSError: one line, kept in place
    from sim.core.state import Game
    from sim.core.view import RoleView

    try:
        data = json.loads(read_limited(path, 8 * 1024 * 1024, "save").decode("utf-8"))
    except (UnicodeDecodeError, RecursionError) as error:
        raise ValueError(f"not a save ({error})") from None
    if not isinstance(data, dict) or data.get("format") != LEGACY_FORMAT:
        raise ValueError(f"format: not a {LEGACY_FORMAT} file")
    if data.get("version") != LEGACY_VERSION:
        raise ValueError(f"version: unsupported save version {data.get('version')!r}")
    target = save_path(check_game_id(_get(data, "id", str)))
    moves = _get(data, "moves", list)
    if target.is_file():  # the old app also kept a replay of every game, under the same id
        try:
            if len(read_game(target).turns) >= len(moves):
                return
        except ReplayError:
            pass
    scenario_data = _get(data, "scenario", dict)
    scenario = None
    for name in (scenario_data.get("source"), scenario_data.get("id")):
        if isinstance(name, str) and name and not name.startswith("<"):
            try:
                scenario = resolve_scenario(name)
                break
            except ScenarioError:
                continue
    if scenario is None:
        raise ValueError(f"scenario {scenario_data.get('id')!r} is not available")
    player = _get(data, "player", str)
    if player not in scenario.role_ids:
        raise ValueError(f"player: {scenario.id} has no role {player!r}")
    me = scenario.role_index(player)
    persona, difficulty = _get(data, "persona", str), _get(data, "difficulty", str)
    game = Game.new(scenario, _get(data, "seed", int))
    counterparts: list = [None, None]
    counterparts[1 - me] = make_counterpart(game, 1 - me, persona, difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    for index, entry in enumerate(moves):
        if not isinstance(entry, dict):
            raise ValueError(f"moves[{index}]: expected an object")
        move = Move.from_dict(_get(entry, "move", dict, f"moves[{index}]"))
        counterpart = match.counterpart_to_move()
        choice = None
        if counterpart is not None:
            choice = counterpart.decide(RoleView(match.state, match.state.to_move))
            if choice.move != move:
                choice = Choice(move, str(entry.get("line", "")))
        try:
            match.apply(move, choice)
        except IllegalMoveError as error:
            raise ValueError(f"moves[{index}]: no longer legal ({error})") from None
    workshop: dict[str, Any] = data["workshop"] if isinstance(data.get("workshop"), dict) else {}
    names: list[str | None] = [None, None]
    names[me] = workshop.get("name") if isinstance(workshop.get("name"), str) else None
    players = [Player(HUMAN, names[0]), Player(HUMAN, names[1])]
    players[1 - me] = Player(persona)
    header = header_for(
        match.game,
        (players[0], players[1]),
        difficulty,
        workshop_pack=workshop.get("pack"),
        workshop_folder=workshop.get("replay_folder"),
    )
    lines = [dumps(header.to_dict())]
    lines += [dumps(turn_line(match, turn, n)) for n, turn in enumerate(match.turns, start=1)]
    if match.state.is_over:
        lines.append(dumps(end_line(match.state, len(match.turns))))
    write_replay_text(target, "".join(line + "\n" for line in lines))


def _get(data: dict, key: str, kind: type, where: str = "") -> Any:
    value = data.get(key)
    name = f"{where}.{key}" if where else key
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{name}: expected {kind.__name__} (got {type(value).__name__})")
    return value
