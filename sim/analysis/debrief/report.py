"""The debrief as typed values: what each section holds, so renderers and callers read named
fields instead of digging through nested dicts.

`plain(report)` turns any of these into the JSON-ready form `--format json` prints. Field names
are the JSON keys, except where a key is a Python keyword (`TurningPoint.before`/`after` are
written as `from`/`to`): classes list such renames in `JSON_NAMES`.
"""

from __future__ import annotations

from typing import Any

import attrs
from attrs import frozen

Labels = dict[str, str]  # issue id -> option label
ByRole = dict[str, float]  # role id -> a number


def plain(value: Any) -> Any:
    """A report value as plain JSON data (attrs classes to dicts, tuples to lists)."""
    if attrs.has(type(value)):
        renames: dict[str, str] = getattr(type(value), "JSON_NAMES", {})
        return {
            renames.get(f.name, f.name): plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
        }
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def rounded(value: float | None, places: int = 2) -> float | None:
    """Rounded for output, and never "-0.0"."""
    if value is None:
        return None
    value = round(float(value), places)
    return 0.0 if value == 0 else value


@frozen
class OutcomeReport:
    kind: str  # deal, walk-away, deadline, unfinished
    round: int
    package: Labels | None
    walked_by: str | None
    mediated: bool


@frozen
class Surplus:
    total: float
    share: dict[str, float | None]


@frozen
class Package:
    """A package with each side's points for it (before any cost of delay)."""

    package: Labels
    points: ByRole


@frozen
class BetterPackage:
    """A package better for both than the one agreed (compared before delay costs)."""

    package: Labels
    points: ByRole
    gain: ByRole


@frozen
class ValueSummary:
    """Created, claimed, lost to delay: the three numbers a negotiation is judged by.

    `frontier_distance` is measured on the package's own points (before delay), so it counts
    only value left in the package; `lost_to_delay` is what the rounds it took cost each side."""

    joint_gain: float  # both sides' package points over both BATNAs (before delay)
    frontier_distance: float
    efficiency: float | None
    claimed: dict[str, float | None]  # each side's share of the surplus (after delay)
    lost_to_delay: ByRole


@frozen
class ConcessionStep:
    round: int
    size: float


@frozen
class RoleConcessions:
    offers: int
    opening: float | None
    count: int
    total: float
    largest: float
    steps: tuple[ConcessionStep, ...]


@frozen
class Concessions:
    measure: str  # how a concession is measured, said once
    by_role: dict[str, RoleConcessions]
    first_to_concede: str | None
    first_concession_round: int | None
    first_offer: str | None


@frozen
class Asked:
    round: int
    topic: str | None


@frozen
class Answered:
    round: int
    topic: str | None
    manner: str | None
    values: tuple[float | None, ...]


@frozen
class Disclosed:
    round: int
    fact: str | None
    topic: str | None
    text: str


@frozen
class Signalled:
    round: int
    claim: float | None


@frozen
class Cited:
    round: int
    benchmark: str | None


@frozen
class Revealed:
    round: int
    fact: str | None
    text: str


@frozen
class GivenInformation:
    """What one side told the other (what the other received)."""

    asked: tuple[Asked, ...] = ()
    answered: tuple[Answered, ...] = ()
    disclosed: tuple[Disclosed, ...] = ()
    signalled: tuple[Signalled, ...] = ()
    cited: tuple[Cited, ...] = ()
    revealed_by_events: tuple[Revealed, ...] = ()


@frozen
class Information:
    given: dict[str, GivenInformation]
    received: dict[str, GivenInformation]


@frozen
class Deception:
    """A lie or bluff, priced against the truth in the round it was told."""

    role: str
    round: int
    topic: str
    kind: str  # lie, bluff
    claimed: tuple[float | None, ...]
    truth: float | None
    exposed: bool
    exposed_round: int | None
    trust_cost: float | None


@frozen
class LeveragePoint:
    turn: int
    round: int
    true: ByRole
    perceived: ByRole
    components: dict[str, ByRole]
    causes: dict[str, tuple[str, ...]]


@frozen
class LeverageTimeline:
    source: str
    points: tuple[LeveragePoint, ...]


@frozen
class TurningPoint:
    """A move that changed the perspective side's true leverage a lot. `round` is the round the
    change took effect in (the round of the state after the move, as the chart shows it);
    `move_round` the round the move was made in."""

    JSON_NAMES = {"before": "from", "after": "to"}

    turn: int
    round: int
    move_round: int
    actor: str
    role: str
    before: float
    after: float
    change: float
    causes: tuple[str, ...]


@frozen
class Debrief:
    scenario: str
    title: str
    seed: int
    roles: tuple[str, str]
    issues: Labels
    personas: dict[str, str]
    perspective: str
    outcome: OutcomeReport
    points: ByRole
    batna: ByRole
    batna_at_start: ByRole
    above_batna: ByRole
    surplus: Surplus
    efficiency: float | None
    pareto_distance: float
    value: ValueSummary
    left_on_table: BetterPackage | None
    nash: Package | None
    concessions: Concessions
    information: Information
    deception: tuple[Deception, ...]
    trust: ByRole
    leverage: LeverageTimeline
    turning_points: tuple[TurningPoint, ...]
    grades: tuple[Any, ...]  # sim.analysis.grades.MoveGrade, one per graded move
    costliest_moves: tuple[Any, ...]
    tips: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return plain(self)
