"""Saved games: a game in progress written to disk after every move, so no game is ever lost.

A save is a small JSON file: which scenario (id, source and content digest), the seed, which role
the person plays and whom they face (persona, difficulty), and every move so far by both sides in
its text form (`Move.to_dict`). Resuming is folding those moves into a fresh game: `Game.new` from
the seed, a fresh counterpart, and each move applied again through a `Match`. The counterpart
re-decides its own moves (it is seeded, so it makes the same ones); should it decide differently
(its code changed since), the recorded move is applied anyway, so the game resumes exactly where
it stopped. This is the same header-plus-moves shape as a replay, on purpose: the two can become
one format.

Saves live in `$LEVERAGE_HOME/saves/`, or the user data folder (`platformdirs`) when
`LEVERAGE_HOME` is not set. Nothing here imports a UI.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import evolve, field, frozen

from sim import __version__
from sim.core.moves import Move

if TYPE_CHECKING:  # the engine loads only when a game is resumed: the home screen starts faster
    from sim.ai.match import Match, Turn
    from sim.core.scenario import Scenario

SAVE_FORMAT = "leverage-save"
SAVE_VERSION = 1
HOME_ENV = "LEVERAGE_HOME"


def leverage_home() -> Path:
    """Where the game keeps its files: `$LEVERAGE_HOME`, else the user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("leverage"))


def saves_folder() -> Path:
    return leverage_home() / "saves"


@frozen
class SavedMove:
    actor: str  # role id
    round: int
    move: dict[str, Any]  # Move.to_dict()
    line: str = ""  # what a counterpart said with it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"actor": self.actor, "round": self.round, "move": self.move}
        if self.line:
            out["line"] = self.line
        return out


@frozen
class SavedGame:
    """The header of a game plus its moves. `player` is the role id the person plays."""

    id: str
    scenario_id: str
    scenario_source: str
    scenario_digest: str
    seed: int
    player: str
    persona: str
    difficulty: str
    moves: tuple[SavedMove, ...] = ()
    finished: bool = False
    outcome: dict[str, Any] | None = field(default=None, eq=False)
    title: str = ""
    round: int = 1
    updated: str = ""  # ISO time of the last write, for the recent-games list
    # A workshop game: the pack's TOML text and the participant's name, so a resumed game still
    # lands in the class's folder; `replay_folder` is that folder (also set under `serve`).
    workshop_pack: str | None = None
    workshop_name: str | None = None
    replay_folder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "app_version": __version__,
            "id": self.id,
            "scenario": {
                "id": self.scenario_id,
                "source": self.scenario_source,
                "digest": self.scenario_digest,
                "title": self.title,
            },
            "seed": self.seed,
            "player": self.player,
            "persona": self.persona,
            "difficulty": self.difficulty,
            "round": self.round,
            "finished": self.finished,
            "outcome": self.outcome,
            "updated": self.updated,
            "moves": [move.to_dict() for move in self.moves],
            **self._workshop_dict(),
        }

    def _workshop_dict(self) -> dict[str, Any]:
        workshop = {
            key: value
            for key, value in (
                ("pack", self.workshop_pack),
                ("name", self.workshop_name),
                ("replay_folder", self.replay_folder),
            )
            if value is not None
        }
        return {"workshop": workshop} if workshop else {}

    @classmethod
    def from_dict(cls, data: Any) -> SavedGame:
        """Rebuild a save; raises ValueError naming the field when it is damaged."""
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise ValueError(f"format: not a {SAVE_FORMAT} file")
        if data.get("version") != SAVE_VERSION:
            raise ValueError(f"version: unsupported save version {data.get('version')!r}")
        scenario = _get(data, "scenario", dict)
        moves = []
        for index, entry in enumerate(_get(data, "moves", list)):
            where = f"moves[{index}]"
            if not isinstance(entry, dict):
                raise ValueError(f"{where}: expected an object")
            move = _get(entry, "move", dict, where)
            Move.from_dict(move)  # fails early, naming the field, on a damaged move
            moves.append(
                SavedMove(
                    _get(entry, "actor", str, where),
                    _get(entry, "round", int, where),
                    move,
                    entry.get("line", "") if isinstance(entry.get("line", ""), str) else "",
                )
            )
        outcome = data.get("outcome")
        workshop = data.get("workshop", {})
        if not isinstance(workshop, dict):
            raise ValueError("workshop: expected an object")
        for key in ("pack", "name", "replay_folder"):
            if key in workshop and not isinstance(workshop[key], str):
                raise ValueError(f"workshop.{key}: expected a string")
        return cls(
            id=_get(data, "id", str),
            scenario_id=_get(scenario, "id", str, "scenario"),
            scenario_source=_get(scenario, "source", str, "scenario"),
            scenario_digest=_get(scenario, "digest", str, "scenario"),
            title=scenario.get("title", "") if isinstance(scenario.get("title"), str) else "",
            seed=_get(data, "seed", int),
            player=_get(data, "player", str),
            persona=_get(data, "persona", str),
            difficulty=_get(data, "difficulty", str),
            moves=tuple(moves),
            finished=data.get("finished") is True,
            outcome=outcome if isinstance(outcome, dict) else None,
            round=data.get("round", 1) if isinstance(data.get("round"), int) else 1,
            updated=data.get("updated", "") if isinstance(data.get("updated"), str) else "",
            workshop_pack=workshop.get("pack"),
            workshop_name=workshop.get("name"),
            replay_folder=workshop.get("replay_folder"),
        )


def _get(data: dict, key: str, kind: type, where: str = "") -> Any:
    value = data.get(key)
    name = f"{where}.{key}" if where else key
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{name}: expected {kind.__name__} (got {type(value).__name__})")
    return value


# -- the folder --------------------------------------------------------------------------------


def new_save_id(scenario_id: str, seed: int, stamp: str) -> str:
    """A file-safe id not used yet: scenario, seed and the time the game began (`stamp`, any
    text), with a counter when two games start in the same second."""
    digits = re.sub(r"[^0-9]", "", stamp)[:14] or "0"
    base = f"{scenario_id}-s{seed}-{digits}"
    candidate, count = base, 1
    while save_path(candidate).exists():
        count += 1
        candidate = f"{base}-{count}"
    return candidate


def save_path(save_id: str) -> Path:
    return saves_folder() / f"{save_id}.json"


def write_save(saved: SavedGame) -> Path:
    """Write atomically (a temporary file, then rename) so a crash mid-write never damages the
    previous save."""
    folder = saves_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = save_path(saved.id)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(
        json.dumps(saved.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(temporary, path)
    return path


def read_save(path: str | Path) -> SavedGame:
    from sim.core.files import FileRefused, read_limited

    path = Path(path)
    try:
        # The safe reader: a FIFO or /dev/zero named *.json in the saves folder must not hang
        # or exhaust the home screen (sim.core.files).
        data = json.loads(read_limited(path, 8 * 1024 * 1024, "save").decode("utf-8"))
    except FileRefused as error:
        raise ValueError(str(error)) from None
    except (OSError, UnicodeDecodeError, RecursionError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the save ({error})") from None
    try:
        return SavedGame.from_dict(data)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def recent_saves(limit: int = 20) -> list[SavedGame]:
    """Readable saves, most recently played first; damaged files are skipped."""
    folder = saves_folder()
    if not folder.is_dir():
        return []
    saves = []
    for path in folder.glob("*.json"):
        try:
            saves.append(read_save(path))
        except ValueError:
            continue
    saves.sort(key=lambda s: (s.updated, s.id), reverse=True)
    return saves[:limit]


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


# -- from a match and back ---------------------------------------------------------------------


def record_turn(saved: SavedGame, match: Match, turn: Turn, updated: str) -> SavedGame:
    """The save with one more move (and the game's end, if it ended)."""
    scenario = match.game.scenario
    entry = SavedMove(
        scenario.roles[turn.actor].id,
        turn.round,
        turn.move.to_dict(),
        turn.choice.line if turn.choice is not None else "",
    )
    return with_state(evolve(saved, moves=saved.moves + (entry,)), match, updated)


def with_state(saved: SavedGame, match: Match, updated: str) -> SavedGame:
    state = match.state
    outcome = None
    if state.outcome is not None:
        roles = state.scenario.role_ids
        outcome = {
            "kind": state.outcome.kind,
            "round": state.outcome.round,
            "payoffs": {roles[r]: round(state.outcome.payoffs[r], 4) for r in (0, 1)},
        }
    return evolve(
        saved, finished=state.is_over, outcome=outcome, round=state.round, updated=updated
    )


def rebuild_match(
    saved: SavedGame,
    scenario: Scenario,
    on_turn: Callable[[Match, Turn], None] | None = None,
) -> Match:
    """Fold the saved moves into a fresh match: the game exactly as it stood when last saved.

    Raises ValueError when the save does not fit the scenario (a role it lacks, a move that is no
    longer legal)."""
    from sim.core.errors import IllegalMoveError

    if saved.player not in scenario.role_ids:
        raise ValueError(f"player: {scenario.id} has no role {saved.player!r}")
    player = scenario.role_index(saved.player)
    from sim.ai.counterpart import Choice
    from sim.ai.match import Match
    from sim.ai.personas import make_counterpart
    from sim.core.state import Game

    game = Game.new(scenario, saved.seed)
    counterparts = [None, None]
    counterparts[1 - player] = make_counterpart(game, 1 - player, saved.persona, saved.difficulty)
    match = Match(game, (counterparts[0], counterparts[1]))
    for index, entry in enumerate(saved.moves):
        move = Move.from_dict(entry.move)
        counterpart = match.counterpart_to_move()
        try:
            if counterpart is None:
                turn = match.apply(move)
            else:
                from sim.core.view import RoleView

                choice = counterpart.decide(RoleView(match.state, match.state.to_move))
                if choice.move != move:
                    choice = Choice(move, entry.line)
                turn = match.apply(move, choice)
        except IllegalMoveError as error:
            raise ValueError(f"moves[{index}]: no longer legal ({error})") from None
        if on_turn is not None:
            on_turn(match, turn)
    return match
