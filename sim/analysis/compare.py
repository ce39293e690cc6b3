"""Two games side by side: a game and a branch of it, or two games of the same seed.

What a learner asks after trying something different: did it end better, by how much, which
moves turned it, and where did the two games part. Each game is debriefed from the same side
(`sim.analysis.debrief`); the comparison lines the figures up and finds the first move where the
games differ. A game the viewer branched from another is marked as a branch by whoever reads
the files (the caller knows the file names; see `sim.record.history.is_branch`).
"""

from __future__ import annotations

import json

from attrs import frozen

from sim.ai.match import Match
from sim.analysis.debrief import Debrief, debrief
from sim.analysis.debrief.report import OutcomeReport, TurningPoint, ValueSummary, plain
from sim.analysis.grades import move_words
from sim.core.state import GameState

COLUMN = 34  # characters per game in the text table


@frozen
class ComparedGame:
    label: str  # how the game is named (its file)
    branch: bool  # the game was branched from another in the viewer
    seed: int
    outcome: OutcomeReport
    points: dict[str, float]
    batna: dict[str, float]
    share: float | None  # the perspective side's share of the surplus
    value: ValueSummary
    turning_points: tuple[TurningPoint, ...]


@frozen
class Parting:
    """The first move where the two games differ (both games made a move there)."""

    turn: int
    round: int
    actor: str
    moves: tuple[str, str]  # the move each game made there, in words


@frozen
class Comparison:
    scenario: str
    title: str
    perspective: str
    same_start: bool  # same scenario, seed and chance: the games began as one
    shared_moves: int  # how many first moves the games have in common
    parting: Parting | None  # None: one game is the other cut short, or they are the same
    games: tuple[ComparedGame, ComparedGame]

    def to_dict(self) -> dict:
        return plain(self)


def compare(
    first: Match,
    second: Match,
    labels: tuple[str, str],
    personas: tuple[tuple[str, str], tuple[str, str]],
    perspective: int | None = None,
    branches: tuple[bool, bool] = (False, False),
) -> Comparison:
    """`first` and `second` side by side from `perspective` (default: the side a person played
    in the first game). Raises ValueError when the games are of different scenarios."""
    scenario = first.game.scenario
    if second.game.scenario.id != scenario.id:
        raise ValueError(
            f"the games are of different scenarios ({scenario.id}, {second.game.scenario.id})"
        )
    one = debrief(first, perspective, personas[0], grades=False)
    me = scenario.role_ids.index(one.perspective)
    two = debrief(second, me, personas[1], grades=False)
    shared = _shared_moves(first, second)
    return Comparison(
        scenario=scenario.id,
        title=scenario.title,
        perspective=one.perspective,
        same_start=_same_start(first, second),
        shared_moves=shared,
        parting=_parting(first, second, shared),
        games=(
            _compared(labels[0], branches[0], one),
            _compared(labels[1], branches[1], two),
        ),
    )


def _compared(label: str, branch: bool, report: Debrief) -> ComparedGame:
    return ComparedGame(
        label=label,
        branch=branch,
        seed=report.seed,
        outcome=report.outcome,
        points=report.points,
        batna=report.batna,
        share=report.surplus.share[report.perspective],
        value=report.value,
        turning_points=report.turning_points,
    )


def _same_start(first: Match, second: Match) -> bool:
    a, b = first.game, second.game
    return (a.seed, a.batna, a.event_rounds) == (b.seed, b.batna, b.event_rounds)


def _shared_moves(first: Match, second: Match) -> int:
    if not _same_start(first, second):
        return 0
    shared = 0
    for one, two in zip(first.turns, second.turns, strict=False):
        if one.move != two.move:
            break
        shared += 1
    return shared


def _parting(first: Match, second: Match, shared: int) -> Parting | None:
    if shared >= min(len(first.turns), len(second.turns)):
        return None
    before: GameState = first.turns[shared - 1].state if shared > 0 else first.game.initial_state()
    one, two = first.turns[shared], second.turns[shared]
    return Parting(
        turn=shared + 1,
        round=one.round,
        actor=before.scenario.role_ids[one.actor],
        moves=(move_words(before, one.move), move_words(before, two.move)),
    )


# -- rendering -------------------------------------------------------------------------------------


def render_compare(comparison: Comparison, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"
    rows = _rows(comparison)
    if fmt == "markdown":
        return _markdown(comparison, rows)
    return _text(comparison, rows)


def _name(game: ComparedGame, letter: str) -> str:
    return letter + (" (a branch)" if game.branch else "")


def _outcome_words(outcome: OutcomeReport) -> str:
    if outcome.kind == "deal":
        return f"deal in round {outcome.round}" + (" (mediated)" if outcome.mediated else "")
    if outcome.kind == "walk-away":
        return f"{outcome.walked_by} walked away, round {outcome.round}"
    if outcome.kind == "deadline":
        return f"no deal, time ran out in round {outcome.round}"
    return f"unfinished, round {outcome.round}"


def _rows(c: Comparison) -> list[tuple[str, str, str]]:
    a, b = c.games
    rows = [("", _name(a, "A"), _name(b, "B")), ("Seed", str(a.seed), str(b.seed))]
    rows.append(("Outcome", _outcome_words(a.outcome), _outcome_words(b.outcome)))
    for role in a.points:
        rows.append(
            (
                f"Points, {role}",
                f"{a.points[role]:g} (alternative {a.batna[role]:g})",
                f"{b.points[role]:g} (alternative {b.batna[role]:g})",
            )
        )
    rows.append((f"Share of surplus, {c.perspective}", _share(a.share), _share(b.share)))
    rows.append(
        ("Value created", f"{a.value.joint_gain:g} points", f"{b.value.joint_gain:g} points")
    )
    rows.append(
        (
            "Lost to delay",
            ", ".join(f"{r} {v:g}" for r, v in a.value.lost_to_delay.items()),
            ", ".join(f"{r} {v:g}" for r, v in b.value.lost_to_delay.items()),
        )
    )
    most = max(len(a.turning_points), len(b.turning_points))
    for index in range(most):
        rows.append(
            (
                "Turning points" if index == 0 else "",
                _turn(a.turning_points, index),
                _turn(b.turning_points, index),
            )
        )
    return rows


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _turn(points: tuple[TurningPoint, ...], index: int) -> str:
    if index >= len(points):
        return "none" if index == 0 else ""
    point = points[index]
    return f"round {point.round}: {point.before:+g} → {point.after:+g}"


def _parting_line(c: Comparison) -> str:
    if not c.same_start:
        return "The games began differently (another seed or other chance): no common moves."
    if c.parting is None:
        if c.games[0].outcome == c.games[1].outcome:
            return f"The games are the same ({c.shared_moves} moves)."
        return f"One game is the other cut short: the first {c.shared_moves} moves are the same."
    p = c.parting
    return (
        f"They diverged at turn {p.turn} (round {p.round}, the {p.actor} to move), after "
        f"{c.shared_moves} common moves: A {p.moves[0]}; B {p.moves[1]}."
    )


def _file_line(game: ComparedGame, letter: str) -> str:
    return f"{letter}: {game.label}" + (" (a branch)" if game.branch else "")


def _text(c: Comparison, rows: list[tuple[str, str, str]]) -> str:
    out = [f"Two games of {c.title} ({c.scenario}), from the {c.perspective}'s side"]
    out += [_file_line(c.games[0], "A"), _file_line(c.games[1], "B"), ""]
    width = max(len(label) for label, _, _ in rows) + 2
    for label, one, two in rows:
        out.append(f"  {label:<{width}}{one:<{COLUMN}}  {two}".rstrip())
    out.append("")
    out.append(_parting_line(c))
    return "\n".join(out) + "\n"


def _markdown(c: Comparison, rows: list[tuple[str, str, str]]) -> str:
    out = [f"# Two games of {c.title} ({c.scenario}), from the {c.perspective}'s side", ""]
    out += [f"- {_file_line(c.games[0], 'A')}", f"- {_file_line(c.games[1], 'B')}", ""]
    out.append(f"| | {rows[0][1]} | {rows[0][2]} |")
    out.append("|---|---|---|")
    for label, one, two in rows[1:]:
        out.append(f"| {label} | {one} | {two} |")
    out.append("")
    out.append(_parting_line(c))
    return "\n".join(out) + "\n"


__all__ = ["ComparedGame", "Comparison", "Parting", "compare", "render_compare"]
