"""A recorded game laid out for study, turn by turn, with everything revealed; and branching.

What the replay viewer shows (`sim.tui.screens.replay` turns it into words and draws it): every
state of the game, true and perceived leverage for both sides by `sim.core.leverage`, what each
counterpart believed at each turn, its reasons and lines. `branch` starts a new game from any
turn with the same seed, the person taking over their side; `parent` and `same_seed_games` find
another game to set beside this one, `compared_with` does it (`sim.analysis.compare`). No UI
here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sim.ai.match import Match, Turn
from sim.core.files import write_new
from sim.core.leverage import LeverageTimeline
from sim.core.scenario import Scenario
from sim.core.state import GameState
from sim.record import autosave
from sim.record.autosave import SavedGame
from sim.record.history import is_branch
from sim.record.paths import GAME_SUFFIX, replays_folder
from sim.record.replay import (
    HUMAN,
    Player,
    Replay,
    ReplayError,
    dumps,
    fold,
    header_for,
    rebuild,
    scenario_for,
    turn_line,
)

if TYPE_CHECKING:
    from sim.analysis.compare import Comparison

SPARKS = "▁▂▃▄▅▆▇█"
BeliefsByRole = dict[int, dict[str, float]]


class ReplayStudy:
    """A recorded game laid out for study: states, leverage, beliefs and reasons, by turn index
    (0 is before the first move, i after move i)."""

    def __init__(
        self,
        match: Match,
        personas: tuple[str, str],
        beliefs: list[BeliefsByRole] | None = None,
        reasons: list[dict | None] | None = None,
        lines: list[str | None] | None = None,
        source: Replay | None = None,
    ):
        self.match = match
        self.scenario: Scenario = match.game.scenario
        self.personas = personas
        self.states: list[GameState] = [match.game.initial_state(), *(t.state for t in match.turns)]
        self.beliefs = beliefs
        self.reasons = reasons or [
            t.choice.reasons.to_dict() if t.choice is not None else None for t in match.turns
        ]
        self.lines = lines or [t.choice.line if t.choice is not None else None for t in match.turns]
        self.source = source
        humans = [r for r in (0, 1) if personas[r] == HUMAN]
        self.perspective = humans[0] if humans else 0
        timeline = LeverageTimeline.of(self.states)
        self.true = [[a.true[r].value for r in (0, 1)] for a in timeline.assessments]
        self.perceived = [[a.perceived[r].value for r in (0, 1)] for a in timeline.assessments]
        self._grades: dict[int, str] = {}

    # -- building one --

    @classmethod
    def of_replay(
        cls, replay: Replay, scenario: Scenario | str | Path | None = None
    ) -> ReplayStudy:
        """Re-run the counterparts to see what they believed at each turn; if the file no longer
        re-runs (the AI changed since), fold the moves and show the recorded reasons."""
        scenario = scenario_for(replay, scenario)  # raises ReplayError: missing or changed
        personas = tuple(p.persona for p in replay.header.players)
        beliefs: list[BeliefsByRole] | None = [{}]

        def note(match: Match, turn: Turn) -> None:
            assert beliefs is not None
            beliefs.append(beliefs_of(match))

        try:
            match = rebuild(replay, scenario, on_turn=note)
        except ReplayError:
            match = fold(replay, scenario)
            beliefs = None
        return cls(
            match,
            (personas[0], personas[1]),
            beliefs,
            [t.reasons for t in replay.turns],
            [t.line for t in replay.turns],
            replay,
        )

    @classmethod
    def of_saved(cls, saved: SavedGame) -> ReplayStudy:
        """A game from the home screen's list: its replay, as far as it was played."""
        return cls.of_replay(autosave.read_game(saved.path))

    # -- reading it --

    @property
    def last(self) -> int:
        return len(self.states) - 1

    def timeline_marks(
        self, role: int | None = None, span: tuple[float, float] | None = None
    ) -> str:
        """One mark per state: the role's true leverage, scaled to this game's range (at least
        20 points wide) so that its turning points show; or to `span` (low, high), so that two
        games drawn one above the other share a scale."""
        role = self.perspective if role is None else role
        series = [values[role] for values in self.true]
        low, high = span if span is not None else (min(series), max(series))
        if high - low < 20:
            middle = (high + low) / 2
            low, high = middle - 10, middle + 10
        marks = []
        for value in series:
            level = (value - low) / (high - low)
            marks.append(SPARKS[min(len(SPARKS) - 1, max(0, int(level * len(SPARKS))))])
        return "".join(marks)

    def grade_line(self, index: int) -> str:
        """The person's move `index` graded like a chess engine's (computed once, on demand)."""
        from sim.analysis.grades import grade_line

        if index not in self._grades:
            difficulty = self.source.header.difficulty if self.source is not None else "normal"
            self._grades[index] = grade_line(self.match, index, self.personas, difficulty)
        return self._grades[index]

    def belief_at(self, index: int, role: int) -> dict | None:
        """What counterpart `role` believed about the other side after move `index`: as re-run,
        or (a folded game) as its recorded reasons said."""
        if self.beliefs is not None:
            for i in range(min(index, len(self.beliefs) - 1), -1, -1):
                if role in self.beliefs[i]:
                    return self.beliefs[i][role]
            return None
        for i in range(index, 0, -1):
            reasons = self.reasons[i - 1]
            if (
                self.match.turns[i - 1].actor == role
                and reasons
                and isinstance(reasons.get("belief"), dict)
            ):
                return reasons["belief"]
        return None

    def keeps_no_estimate(self, role: int) -> bool:
        """A re-run counterpart that never reported a belief (a persona without a model)."""
        return self.beliefs is not None and not any(role in b for b in self.beliefs)

    def header(self, index: int) -> str:
        seed = self.match.game.seed
        if index == 0:
            return f"Before the first move of {self.last} · round 1 · seed {seed}"
        # The state shown is after the move, which may already be the next round: name the
        # round the move was made in.
        played_in = self.match.turns[index - 1].round
        return f"Turn {index} of {self.last}, made in round {played_in} · seed {seed}"

    @property
    def path(self) -> Path | None:
        """The replay file this game was read from (None: built in memory)."""
        if self.source is None or self.source.source == "<memory>":
            return None
        return Path(self.source.source)

    # -- another game to compare with --

    def same_seed_games(self, folder: Path | None = None) -> list[Path]:
        """The other readable games of this scenario and seed in `folder` (default: the replays
        folder), newest first: what this game can be compared with."""
        folder = replays_folder() if folder is None else folder
        if not folder.is_dir():
            return []
        mine = self.path.resolve() if self.path is not None else None
        found = []
        for path in folder.glob(f"*{GAME_SUFFIX}"):
            try:
                if mine is not None and path.resolve() == mine:
                    continue
                header = autosave.read_game(path).header
                modified = path.stat().st_mtime
            except (ValueError, OSError):  # a damaged or vanished file is not offered
                continue
            if header.scenario_id == self.scenario.id and header.seed == self.match.game.seed:
                found.append((modified, path.name, path))
        return [path for _, _, path in sorted(found, reverse=True)]

    def parent(self, folder: Path | None = None) -> Path | None:
        """The game this one was branched from, for a branch (`<id>-b<turn>`): the file named
        `<id>` beside it, else the newest game of the same seed whose first moves are this
        one's (a game rather than another branch when both fit); None when none is found."""
        if self.path is None or not is_branch(self.path):
            return None
        stem = self.path.stem
        turn = int(stem.rsplit("-b", 1)[1])
        named = self.path.with_name(stem.rsplit("-b", 1)[0] + GAME_SUFFIX)
        if named.is_file():
            return named
        common = [t.state.digest() for t in self.match.turns[:turn]]
        fitting = []
        for path in self.same_seed_games(folder):
            try:
                turns = autosave.read_game(path).turns
            except ValueError:
                continue
            if [t.digest for t in turns[:turn]] == common:
                fitting.append(path)
        games = [path for path in fitting if not is_branch(path)]
        if games or fitting:
            return (games or fitting)[0]
        return None

    def compared_with(self, other: ReplayStudy) -> Comparison:
        """This game (A) beside `other` (B), from this game's person's side; every figure from
        `sim.analysis.compare`."""
        from sim.analysis.compare import compare

        return compare(
            self.match,
            other.match,
            (_label(self), _label(other)),
            (self.personas, other.personas),
            self.perspective,
            (is_branch(self.path), is_branch(other.path)),
        )

    # -- branching --

    def branch(self, index: int, stamp: str) -> SavedGame:
        """A new saved game holding the first `index` moves, the person on their side: resuming
        it is the branch (same seed, same chance, the counterpart re-run to that turn)."""
        player = self.perspective
        opponent = 1 - player
        persona = self.personas[opponent]
        if persona == HUMAN:
            persona = self.personas[player] if self.personas[player] != HUMAN else "linear"
        players = [Player(HUMAN), Player(HUMAN)]
        players[opponent] = Player(persona)
        difficulty = self.source.header.difficulty if self.source is not None else "normal"
        header = header_for(self.match.game, (players[0], players[1]), difficulty)
        save_id = autosave.new_save_id(self.scenario.id, self.match.game.seed, stamp) + f"-b{index}"
        path = autosave.save_path(save_id)
        lines = [dumps(header.to_dict())]
        for number, turn in enumerate(self.match.turns[:index], start=1):
            line = turn_line(self.match, turn, number)
            if turn.actor == player:  # the person's side from here: no counterpart's words
                line.pop("line", None)
                line.pop("reasons", None)
            lines.append(dumps(line))
        # Whole or not at all (a full disk leaves no half game to list), never over another file.
        write_new(lambda _: path, "".join(line + "\n" for line in lines), tries=1)
        return autosave.read_save(path)


def _label(study: ReplayStudy) -> str:
    return study.path.name if study.path is not None else "this game"


def beliefs_of(match: Match) -> BeliefsByRole:
    out = {}
    for role, counterpart in enumerate(match.counterparts):
        if counterpart is None:
            continue
        summary = counterpart.belief_summary()
        if summary is not None:
            out[role] = {key: float(value) for key, value in summary.items()}
    return out


__all__ = ["ReplayStudy", "beliefs_of"]
