"""Leverage, turn by turn: where the deal would land if both sides played well from here.

Every turn, each side's leverage on −100…+100 comes from the rules (DESIGN.md §2, issue 3).

1. **The pie.** The Pareto frontier of all packages, taken as a continuous curve (its upper
   concave hull: packages can be mixed, a difference split). A point on it has a *position*
   s from 0 (role 1's ideal package) to 1 (role 0's ideal): s = (1 + g_0 − g_1) / 2, where g_i
   is how far that point is from side i's worst frontier point (its nadir) towards its best, as
   a share of the way. s = ½ gives both sides the same share: an even split.
2. **What the BATNAs claim.** A side's BATNA rules out the part of the frontier that is worse
   for it than walking away: c_0 is the position where the frontier gives role 0 exactly its
   BATNA, c_1 the same from role 1's end. These are read off the real frontier, so a BATNA
   counts exactly as much as the packages it rules out.
3. **The bargaining point.** The asymmetric Nash bargaining point over positions, with the
   disagreement point at the BATNAs' claims and role 0's power p: s* = c_0 + p·(1 − c_0 − c_1),
   the share p of the zone of agreement beyond both claims (kept on the frontier). If the claims
   overlap (no package beats both BATNAs), the point is halfway between them,
   s* = (1 + c_0 − c_1) / 2: whoever's BATNA reaches further gets nearer its ideal. Both formulas
   agree where the zone closes, so leverage moves continuously.
4. **In play.** A standing offer caps what its author can get, in its own points (it asked for
   no more than that); on the frontier that is the same as "at least what you were offered" for
   the other side, so the packages in play are the arc between the two asks (no offer: the
   whole frontier; asks that cross: the overlap). The deal lands at the point of the arc
   nearest s*: median(s*, ask_0, ask_1).
5. **Power from patience** (Rubinstein: the more patient side takes the larger share):
   p = r_1 / (r_0 + r_1), where r_i, how fast waiting hurts side i per round, is
   1 / (rounds left to its deadline) + its cost of delay / its even-split gain. Delay costs enter
   only here, not the disagreement point, so a higher cost of delay can never help.
6. **The scale.** Role 0's leverage is 100·(2s − 1) at the landing point, role 1's its negative:
   0 is an even split, +100 takes the whole frontier, −100 gives it all away.

*Why positions and not raw points:* the exact Nash point on a piecewise-linear frontier sits on
a corner package for whole ranges of power, so leverage would freeze while the clock runs and
then jump. Bargaining over positions keeps every BATNA and ask exactly where it binds on the real
frontier, moves smoothly with every round, and makes the scale exactly symmetric.

Every step is monotone, so the principles hold by construction: a better BATNA, more rounds
left, a lower cost of delay or a firmer ask never lower your leverage; the other side's never
raise it; swapping the roles negates leverage; a symmetric scenario starts at 0.

**True and perceived.** True leverage reads the true parameters. Perceived leverage reads what a
side knows (`sim.core.knowledge`): its own parameters, and its estimate of the other's BATNA and
deadline (public brief, disclosures, answers and signals discounted by trust, events it saw).
Costs of delay are public. A side does not know the other's points table, so perceived leverage
assumes the true outcome space: leverage is about BATNAs, time and concessions, not the shape of
the pie (the debrief shows that). A counterpart with a belief can pass its own estimates
(`their_batna_estimate=`, `their_deadline_estimate=`).

**Components** say where a reading comes from. Its inputs fall into four groups: alternatives
(the BATNAs, as moved by events, signals and exposed claims), information (what the side learnt
of the other from disclosures and answers: their BATNA and deadline), timing (rounds left,
deadlines, delay costs, breaks) and concessions (the asks). Switching each group between a
neutral baseline (BATNAs at the nadirs, equal patience, nothing on the table: leverage 0) and
its current value, the Shapley split gives four levels that add up to the reading. **Changes**
say why it just moved: the same split between the previous turn's inputs and this turn's (a
group that did not change gets exactly 0); `explain` puts each in words from the turn's events
("The other company has filled the role; your alternative fell from 40 to 14 points:
alternatives −14").

Public API (the TUI and the debrief use these):

- `leverage(state) -> (float, float)`: true leverage of both roles.
- `perceived_leverage(state, role, their_batna_estimate=None, their_deadline_estimate=None)
  -> float`: `role`'s leverage as `role` sees it; the other side's, as `role` sees it, is minus
  this.
- `assess(state) -> Assessment`: both roles' true and perceived readings with components.
- `explain(previous, state, role, view="perceived") -> TurnLeverage`: one role's reading after a
  move: true, perceived, components (levels), changes since `previous` and reasons in words.
- `LeverageTimeline.of(states)`: the whole game's readings, each state assessed once;
  `.at(i, role)`, `.for_role(role)`, `.series(role, view)`, `.trace_entry(i)`.
- `trace_entry(previous, state) -> dict`: the `"leverage"` object of a `--trace` line.
- Lower level: `Frontier.of(space)` (cached per outcome space), `Position` (the model's inputs),
  `true_position(state)`, `perceived_position(state, role, ...)`, `leverage_at(frontier,
  position)` (role 0's leverage for explicit inputs: tests and what-ifs), `landing_point` (and
  `landing_points` for several positions on one frontier, `landings_for` one side's);
  `believed_landing(points, position)`, the landing point on a side's *model* of both points
  tables (the counterparts use it, so they act on the leverage model the player is shown).
- The reasons in words live in `sim.core.leverage_words`.
"""

from __future__ import annotations

import math
import weakref
from bisect import bisect_right
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from attrs import field, frozen

from sim.core import knowledge, leverage_words
from sim.core.leverage_words import COMPONENTS, rounded
from sim.core.outcomes import OutcomeSpace, pareto_front
from sim.core.state import GameState, other

_FACTORS = ("alternatives", "information", "timing", "concessions")  # bit order in a row mask
_FAR = 1000.0  # BATNAs beyond the frontier's ends keep counting, on the same scale, this far


# -- the pie ----------------------------------------------------------------------------------


@frozen(eq=False)
class Frontier:
    """The Pareto frontier as a concave, decreasing curve through `xs` (role 0's points) and
    `ys` (role 1's), and the position of each vertex along it (`positions`, increasing from 0
    at role 1's ideal to 1 at role 0's)."""

    xs: np.ndarray
    ys: np.ndarray
    positions: np.ndarray
    nadir: tuple[float, float]
    ideal: tuple[float, float]
    fair_gain: tuple[float, float]  # each side's gain over its nadir at an even split
    # The curves `claim_of_0` / `claim_of_1` read, extended _FAR beyond both ends; built once,
    # since the leverage model reads them several times a turn.
    _claims_0: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False)
    _claims_1: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False)
    # The same curves as plain lists, and each side's points along the positions: what
    # `_interp` reads a few numbers off, a counterpart's every decision.
    _plain: tuple[tuple[list[float], list[float]], ...] = field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Built from plain lists (a frontier has a few vertices; `1 - s` is the same subtraction
        # numpy would do): counterparts build a frontier on most decisions.
        xs, ys, positions = self.xs.tolist(), self.ys.tolist(), self.positions.tolist()
        span = self.ideal[0] - self.nadir[0]
        ends = ([self.nadir[0] - _FAR * span], [self.ideal[0] + _FAR * span])
        claims = (np.array(ends[0] + xs + ends[1]), np.array([-_FAR, *positions, 1 + _FAR]))
        object.__setattr__(self, "_claims_0", claims)
        span = self.ideal[1] - self.nadir[1]
        ends = ([self.nadir[1] - _FAR * span], [self.ideal[1] + _FAR * span])
        from_1 = [1 - position for position in reversed(positions)]
        claims = (np.array(ends[0] + ys[::-1] + ends[1]), np.array([-_FAR, *from_1, 1 + _FAR]))
        object.__setattr__(self, "_claims_1", claims)
        plain = tuple(
            (curve[0].tolist(), curve[1].tolist()) for curve in (self._claims_0, self._claims_1)
        )
        object.__setattr__(self, "_plain", (*plain, (positions, xs), (positions, ys)))

    @classmethod
    def of(cls, space: OutcomeSpace) -> Frontier:
        cached = _FRONTIERS.get(space)
        if cached is None:
            cached = cls.through(space.points[:, space.frontier])
            _FRONTIERS[space] = cached
        return cached

    @classmethod
    def through(cls, points: np.ndarray) -> Frontier:
        """The frontier of a (2, N) array of Pareto-optimal points."""
        order = np.lexsort((-points[1], points[0]))
        return cls._of_sorted(points[0, order].tolist(), points[1, order].tolist())

    @classmethod
    def _of_sorted(cls, xs_sorted: list[float], ys_sorted: list[float]) -> Frontier:
        """`through` for points already in its order (role 0's points rising, ties by role 1's
        falling), as plain lists."""
        hull_x, hull_y = _upper_hull(xs_sorted, ys_sorted)
        xs = np.array(hull_x, dtype=float)
        ys = np.array(hull_y, dtype=float)
        nadir = (hull_x[0], hull_y[-1])
        ideal = (hull_x[-1], hull_y[0])
        if len(hull_x) < 2:
            return cls(xs, ys, np.array([0.5]), nadir, ideal, (0.0, 0.0))
        span0, span1 = ideal[0] - nadir[0], ideal[1] - nadir[1]
        if span0 and span1:
            # A few vertices: each position in plain floats is the same arithmetic, in the
            # same order, as the array expression below, at a fraction of numpy's call cost.
            positions = np.array(
                [
                    (1 + (x - nadir[0]) / span0 - (y - nadir[1]) / span1) / 2
                    for x, y in zip(hull_x, hull_y, strict=True)
                ]
            )
        else:  # (not Pareto-optimal points) numpy's inf and nan, not Python's ZeroDivisionError
            positions = (1 + (xs - nadir[0]) / span0 - (ys - nadir[1]) / span1) / 2
        half_x = float(np.interp(0.5, positions, xs))
        half_y = float(np.interp(0.5, positions, ys))
        fair = (half_x - nadir[0], half_y - nadir[1])
        return cls(xs, ys, positions, nadir, ideal, fair)

    @property
    def degenerate(self) -> bool:
        """One package is best for both: there is nothing to bargain over."""
        return self.xs.size < 2

    def claim_of_0(self, points):
        """How far along the frontier (from role 1's end) role 0 must be to get `points`."""
        xs, ss = self._claims_0
        return np.interp(points, xs, ss)

    def claim_of_1(self, points):
        """How far along the frontier from role 0's end role 1 must be to get `points`."""
        ys, ss = self._claims_1
        return np.interp(points, ys, ss)

    def point_at(self, position: float) -> tuple[float, float]:
        """Both sides' points at a position along the frontier."""
        return (
            float(np.interp(position, self.positions, self.xs)),
            float(np.interp(position, self.positions, self.ys)),
        )

    def points_at(self, positions: Sequence[float]) -> list[tuple[float, float]]:
        """`point_at` for several positions, in one pass (`np.interp` works each one out
        alone: the same numbers)."""
        xs = np.interp(positions, self.positions, self.xs).tolist()
        ys = np.interp(positions, self.positions, self.ys).tolist()
        return list(zip(xs, ys, strict=True))


_FRONTIERS: weakref.WeakKeyDictionary[OutcomeSpace, Frontier] = weakref.WeakKeyDictionary()


def _upper_hull(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """The upper concave hull of points sorted by x (monotone chain): a vertex on or under the
    chord from the one before it to the next point is dropped. Plain lists and floats, with the
    last two vertices kept at hand: counterparts build a frontier on most decisions."""
    hull_x: list[float] = []
    hull_y: list[float] = []
    x1 = y1 = x2 = y2 = 0.0  # the last two vertices, once there are two
    for x, y in zip(xs, ys, strict=True):
        while len(hull_x) >= 2 and (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) >= 0:
            hull_x.pop()
            hull_y.pop()
            x2, y2 = x1, y1
            if len(hull_x) >= 2:
                x1, y1 = hull_x[-2], hull_y[-2]
        hull_x.append(x)
        hull_y.append(y)
        x1, y1, x2, y2 = x2, y2, x, y
    return hull_x, hull_y


def _landing_positions(frontier: Frontier, d0, d1, p, ask0, ask1) -> np.ndarray:
    """Where the deal lands, as a position along the frontier, for each row of inputs (arrays;
    an ask is +inf when that side has no offer on the table)."""
    claim0 = frontier.claim_of_0(d0)
    claim1 = frontier.claim_of_1(d1)
    zone = 1 - claim0 - claim1
    nash = np.where(zone > 0, claim0 + p * zone, (1 + claim0 - claim1) / 2)
    nash = np.clip(nash, 0.0, 1.0)
    top = np.clip(frontier.claim_of_0(ask0), 0.0, 1.0)  # role 0 gets no more than it asked
    bottom = 1 - np.clip(frontier.claim_of_1(ask1), 0.0, 1.0)  # nor does role 1
    return np.maximum(np.minimum(nash, top), np.minimum(np.maximum(nash, top), bottom))  # median


def _leverage_rows(frontier: Frontier, d0, d1, p, ask0, ask1) -> np.ndarray:
    """Role 0's leverage for each row of inputs."""
    if frontier.degenerate:
        return np.zeros(np.shape(d0))
    return 100.0 * (2 * _landing_positions(frontier, d0, d1, p, ask0, ask1) - 1)


# -- the model's inputs -------------------------------------------------------------------------


@frozen
class Position:
    """Everything leverage depends on, as one side (or the truth) sees it, by role index.
    `asks`: each side's own points for its standing offer (None: no offer yet)."""

    batna: tuple[float, float]
    rounds_left: tuple[float, float]
    delay_cost: tuple[float, float]
    asks: tuple[float | None, float | None] = (None, None)


def true_position(state: GameState) -> Position:
    return Position(
        batna=(float(state.batna[0]), float(state.batna[1])),
        rounds_left=(float(state.rounds_left(0)), float(state.rounds_left(1))),
        delay_cost=_delay_costs(state),
        asks=_asks(state),
    )


def perceived_position(
    state: GameState,
    role: int,
    their_batna_estimate: float | None = None,
    their_deadline_estimate: float | None = None,
    kinds=knowledge.ALL_EVIDENCE,
) -> Position:
    """The inputs as `role` knows them: its own exactly, the other side's as it estimates them
    (from the evidence `kinds`, unless an estimate is passed in)."""
    them = other(role)
    batna = [float(state.batna[0]), float(state.batna[1])]
    rounds = [float(state.rounds_left(0)), float(state.rounds_left(1))]
    if their_batna_estimate is None:
        their_batna_estimate = knowledge.their_batna_estimate(state, role, kinds)
    if their_deadline_estimate is None:
        their_deadline_estimate = knowledge.their_deadline_estimate(state, role, kinds)
    batna[them] = float(their_batna_estimate)
    rounds[them] = max(0.0, float(their_deadline_estimate) - state.round + 1)
    return Position((batna[0], batna[1]), (rounds[0], rounds[1]), _delay_costs(state), _asks(state))


def _delay_costs(state: GameState) -> tuple[float, float]:
    roles = state.scenario.roles
    return (float(roles[0].delay_cost), float(roles[1].delay_cost))


def _asks(state: GameState) -> tuple[float | None, float | None]:
    space = state.space
    asks: list[float | None] = []
    for role in (0, 1):
        package = state.standing[role]
        asks.append(None if package is None else float(space.points[role, space.index_of(package)]))
    return (asks[0], asks[1])


def _powers(frontier: Frontier, rounds_left: np.ndarray, delay_cost: np.ndarray) -> np.ndarray:
    """Role 0's bargaining power for rows of (rounds left, delay cost) pairs, shape (n, 2)."""
    prize = np.maximum(np.array(frontier.fair_gain), 1.0)
    rates = 1.0 / np.maximum(rounds_left, 1.0) + delay_cost / prize
    return rates[:, 1] / (rates[:, 0] + rates[:, 1])


def power(frontier: Frontier, position: Position) -> float:
    """Role 0's bargaining power from relative patience: `_powers` for one row, in plain floats
    (the same operations in the same order, so the same number)."""
    gain, rounds, cost = frontier.fair_gain, position.rounds_left, position.delay_cost
    rate_0 = 1.0 / _larger(rounds[0], 1.0) + cost[0] / _larger(gain[0], 1.0)
    rate_1 = 1.0 / _larger(rounds[1], 1.0) + cost[1] / _larger(gain[1], 1.0)
    total = rate_0 + rate_1
    if total:  # (a double's quotient is numpy's; only numpy's inf or nan for a zero)
        return rate_1 / total
    return float(np.float64(rate_1) / np.float64(total))


# numpy's element rules, for one number at a time: `np.maximum` / `np.minimum` keep a nan and
# otherwise take the first only when strictly larger / smaller; `np.clip` keeps its value on a
# tie with a bound (so -0.0 stays -0.0). `tests/test_leverage_kept.py` holds them to numpy.


def _larger(a: float, b: float) -> float:
    return a if a != a or a > b else b


def _smaller(a: float, b: float) -> float:
    return a if a != a or a < b else b


def _clip01(a: float) -> float:
    a = a if a != a or a >= 0.0 else 0.0
    return a if a != a or a <= 1.0 else 1.0


def leverage_at(frontier: Frontier, position: Position) -> float:
    """Role 0's leverage for explicit inputs (role 1's is its negative)."""
    if frontier.degenerate:
        return 0.0
    # `_leverage_rows` for one row, in plain floats (`_landing_position`): the same number.
    return 100.0 * (2 * _landing_position(frontier, position) - 1)


def landing_point(frontier: Frontier, position: Position) -> tuple[float, float]:
    """Both sides' points where the deal would land (the debrief: what each could expect)."""
    return landing_points(frontier, (position,))[0]


def landing_points(frontier: Frontier, positions: Sequence[Position]) -> list[tuple[float, float]]:
    """`landing_point` for several positions on one frontier, in one pass: a counterpart asks
    where the deal lands now and where next round, on the same pie. The same numbers as one
    position at a time."""
    if frontier.degenerate:
        return [(float(frontier.xs[0]), float(frontier.ys[0]))] * len(positions)
    return frontier.points_at(_landing_positions_plain(frontier, positions))


def landings_for(frontier: Frontier, positions: Sequence[Position], role: int) -> list[float]:
    """`role`'s points in `landing_points`, alone: a counterpart bargains on its own share, and
    the other side's is one more curve to read."""
    if frontier.degenerate:
        return [float((frontier.xs if role == 0 else frontier.ys)[0])] * len(positions)
    along, curve = frontier._plain[2 + role]
    return [_interp(s, along, curve) for s in _landing_positions_plain(frontier, positions)]


def _landing_position(frontier: Frontier, position: Position) -> float:
    """`_landing_positions` for one position, in plain floats (`_landing_positions_plain`)."""
    return _landing_positions_plain(frontier, (position,))[0]


def _landing_positions_plain(frontier: Frontier, positions: Sequence[Position]) -> list[float]:
    """`_landing_positions` for a few positions, in plain floats: counterparts ask it twice a
    decision, and numpy's cost on one-element arrays is mostly overhead. Each step is the same
    operation on the same numbers (`np.interp` itself for the curves, each point worked out
    alone however many it is given), so the same result; `tests/test_leverage_kept.py` checks
    it bit for bit against the vectorised rule."""
    # Each side's BATNA and ask (+inf: none), read off the claim curves (`_interp`: numpy's
    # own arithmetic, one number at a time).
    (xs_0, claims_0), (xs_1, claims_1) = frontier._plain[0], frontier._plain[1]
    landed = []
    for position in positions:
        p = power(frontier, position)
        ask0, ask1 = position.asks
        # (as doubles, the numbers numpy would read)
        claim0 = _interp(float(position.batna[0]), xs_0, claims_0)
        top_claim = _interp(math.inf if ask0 is None else float(ask0), xs_0, claims_0)
        claim1 = _interp(float(position.batna[1]), xs_1, claims_1)
        bottom_claim = _interp(math.inf if ask1 is None else float(ask1), xs_1, claims_1)
        zone = 1 - claim0 - claim1
        nash = _clip01(claim0 + p * zone if zone > 0 else (1 + claim0 - claim1) / 2)
        top = _clip01(top_claim)  # role 0 gets no more than it asked
        bottom = 1 - _clip01(bottom_claim)  # nor does role 1
        landed.append(_larger(_smaller(nash, top), _smaller(_larger(nash, top), bottom)))  # median
    return landed


def _interp(x: float, xp: list[float], fp: list[float]) -> float:
    """`np.interp(x, xp, fp)` for one number, as numpy works it out (`arr_interp` in its
    `compiled_base.c`): the last point at or below x by bisection, the end values outside,
    a point's own value at it, else the slope times the way from the point below plus its
    value, tried from the point above if that gives a nan. The same operations in the same
    order on the same doubles: the same number (`tests/test_leverage_kept.py`), without the
    cost of making arrays of one."""
    last = len(xp) - 1
    if not last:
        return fp[0]  # (one point: its value everywhere, nan included)
    if x != x:
        return x  # (a nan stays one)
    j = bisect_right(xp, x) - 1
    if j < 0:
        return fp[0]
    if j >= last:
        return fp[last]
    if xp[j] == x:
        return fp[j]
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    value = slope * (x - xp[j]) + fp[j]
    if value != value:
        value = slope * (x - xp[j + 1]) + fp[j + 1]
        if value != value and fp[j] == fp[j + 1]:
            value = fp[j]
    return value


def believed_frontier(points: np.ndarray) -> Frontier:
    """The frontier of a (2, N) points array over every package, one row a side's own points
    and the other its *model* of the other side's: what a counterpart that cannot see your
    points table bargains over.

    A counterpart's model of the pie changes only when its belief does, and a side that holds
    leaves it as it was: so the last few frontiers are kept by their exact points (most
    decisions find theirs there, one counterpart or two taking turns)."""
    # Compared bit for bit (as integers), so a kept frontier answers only for the very same
    # numbers: not for 0.0 where it saw -0.0, nor ever for a nan.
    bits = np.ascontiguousarray(points, dtype=np.float64).view(np.uint64)
    # A changed model of the pie changes nearly every package's points: a look at a few first
    # turns most of the kept frontiers away before comparing every package.
    head = (bits.shape, bits[:, :4].tolist())
    for index, (known_head, known, frontier) in enumerate(_BELIEVED):
        if known_head == head and (known == bits).all():  # (the head holds the shape)
            if index:
                _BELIEVED.insert(0, _BELIEVED.pop(index))
            return frontier
    front = pareto_front(points)  # in `through`'s order already
    frontier = Frontier._of_sorted(points[0].take(front).tolist(), points[1].take(front).tolist())
    _BELIEVED.insert(0, (head, bits.copy(), frontier))
    del _BELIEVED[_BELIEVED_KEPT:]
    return frontier


_BELIEVED_KEPT = 4  # two counterparts in a game, and room for a game beside it
# Most recently used first: (shape and first bits, all the bits, the frontier).
_BELIEVED: list[tuple[tuple[tuple[int, ...], list], np.ndarray, Frontier]] = []


def believed_landing(points: np.ndarray, position: Position) -> tuple[float, float]:
    """Where a side believes the deal would land: the same claims, power from patience, asks
    and landing rule as `landing_point`, on its model of the pie (`believed_frontier`) and with
    its beliefs about the other side in `position` (their BATNA, rounds left). This is how a
    counterpart's perceived leverage reaches its offers (`sim.ai.offering`)."""
    return landing_point(believed_frontier(points), position)


# -- readings of a state ------------------------------------------------------------------------


def leverage(state: GameState) -> tuple[float, float]:
    """True leverage of both roles."""
    value = leverage_at(Frontier.of(state.space), true_position(state))
    return (value, -value)


def perceived_leverage(
    state: GameState,
    role: int,
    their_batna_estimate: float | None = None,
    their_deadline_estimate: float | None = None,
) -> float:
    """`role`'s leverage as `role` sees it (the other side's, as `role` sees it, is minus this)."""
    position = perceived_position(state, role, their_batna_estimate, their_deadline_estimate)
    value = leverage_at(Frontier.of(state.space), position)
    return value if role == 0 else -value


@frozen
class Reading:
    """One role's leverage in one view, and its components (they add up to `value`)."""

    value: float
    components: dict[str, float] = field(hash=False)


@frozen(eq=False)
class _Inputs:
    """A view's inputs split by component, by role, as the rows of one (6, 2) array so pairs of
    inputs stack in one call (`_coalitions`): alternatives (the BATNAs without what was
    disclosed or answered), information (what disclosures and answers changed in them),
    timing (rounds left), information (what they changed in the other's rounds left), timing
    (delay costs), concessions (asks, +inf: no offer). `patient` False means equal patience
    (the baseline; its rounds left are nan and never read)."""

    packed: np.ndarray
    patient: bool = True

    @classmethod
    def baseline(cls, frontier: Frontier) -> _Inputs:
        known = _BASELINES.get(frontier)
        if known is None:
            rows = [frontier.nadir, (0.0, 0.0), (math.nan, math.nan), (0.0, 0.0), (0.0, 0.0)]
            known = cls(np.array([*rows, (math.inf, math.inf)], dtype=float), patient=False)
            _BASELINES[frontier] = known
        return known

    @classmethod
    def of(cls, plain: Position, full: Position) -> _Inputs:
        # Differences in plain floats: the same subtraction numpy would do, element by element.
        batna, rounds = plain.batna, plain.rounds_left
        rows = (
            batna,
            (full.batna[0] - batna[0], full.batna[1] - batna[1]),
            rounds,
            (full.rounds_left[0] - rounds[0], full.rounds_left[1] - rounds[1]),
            plain.delay_cost,
            tuple(math.inf if a is None else a for a in full.asks),
        )
        return cls(np.array(rows, dtype=float))


_BASELINES: weakref.WeakKeyDictionary[Frontier, _Inputs] = weakref.WeakKeyDictionary()


@frozen
class Assessment:
    """Both roles' true and perceived leverage in one state, each with components."""

    true: tuple[Reading, Reading]
    perceived: tuple[Reading, Reading]
    inputs: tuple[_Inputs, _Inputs, _Inputs] = field(eq=False, repr=False)  # true, seen by 0, by 1
    # Shapley splits of the change from an earlier assessment, by view index: (earlier, split).
    _changes: dict[int, tuple[weakref.ref[Assessment], np.ndarray]] = field(
        factory=dict, init=False, eq=False, repr=False
    )

    def reading(self, role: int, view: str = "perceived") -> Reading:
        return (self.perceived if view == "perceived" else self.true)[role]


def _shapley_weights() -> np.ndarray:
    """Row f gives factor f's Shapley value as a weighted sum of the 16 coalition values."""
    n = len(_FACTORS)
    weights = np.zeros((n, 1 << n))
    for f in range(n):
        others = [g for g in range(n) if g != f]
        for size in range(n):
            share = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for chosen in combinations(others, size):
                mask = sum(1 << g for g in chosen)
                weights[f, mask | (1 << f)] += share
                weights[f, mask] -= share
    return weights


_WEIGHTS = _shapley_weights()
_MASKS = np.arange(1 << len(_FACTORS))
_ON = {name: ((_MASKS >> bit) & 1).astype(bool)[:, None] for bit, name in enumerate(_FACTORS)}


def _coalitions(frontier: Frontier, starts: Sequence[_Inputs], ends: Sequence[_Inputs]):
    """The model's inputs for each of the 16 coalitions of factor groups moved from each start
    to its end (rows, pair by pair), as arrays (d0, d1, p, ask0, ask1). All pairs at once:
    every step is element by element, so a row is the same number as if its pair were alone."""
    alt, info, timing, conc = (_ON[name] for name in _FACTORS)
    start = np.stack([one.packed for one in starts])[:, None]  # (pairs, 1, 6, 2)
    end = np.stack([one.packed for one in ends])[:, None]

    def rows(array: np.ndarray) -> np.ndarray:
        return array.reshape(-1, 2)

    batna = rows(
        np.where(alt, end[:, :, 0], start[:, :, 0]) + np.where(info, end[:, :, 1], start[:, :, 1])
    )
    asks = rows(np.where(conc, end[:, :, 5], start[:, :, 5]))
    learnt = np.where(info, end[:, :, 3], start[:, :, 3])
    end_rounds, end_costs = end[:, :, 2], end[:, :, 4]
    # Only the baseline lacks timing, and it is only ever a start: all starts are, or none.
    if not starts[0].patient:  # the baseline: equal patience until timing is switched on
        powers = _powers(
            frontier, rows(end_rounds + learnt), rows(np.broadcast_to(end_costs, learnt.shape))
        )
        p = np.where(np.tile(timing[:, 0], len(ends)), powers, 0.5)
    else:
        rounds = np.where(timing, end_rounds, start[:, :, 2]) + learnt
        p = _powers(frontier, rows(rounds), rows(np.where(timing, end_costs, start[:, :, 4])))
    return batna[:, 0], batna[:, 1], p, asks[:, 0], asks[:, 1]


def _coalition_values(frontier: Frontier, pairs: Sequence[tuple[_Inputs, _Inputs]]) -> np.ndarray:
    """Leverage at each of the 16 coalitions of each (start, end) pair: shape (pairs, 16)."""
    starts = [start for start, _ in pairs]
    ends = [end for _, end in pairs]
    return _leverage_rows(frontier, *_coalitions(frontier, starts, ends)).reshape(len(pairs), -1)


def _split(
    frontier: Frontier, pairs: Sequence[tuple[_Inputs, _Inputs]]
) -> tuple[np.ndarray, np.ndarray]:
    """Leverage at the end of each (start, end) pair and its Shapley split into factors."""
    values = _coalition_values(frontier, pairs)
    return values[:, -1], values @ _WEIGHTS.T


def _view_inputs(state: GameState) -> tuple[_Inputs, _Inputs, _Inputs]:
    truth = true_position(state)
    views = [_Inputs.of(truth, truth)]
    for role in (0, 1):
        full = perceived_position(state, role)
        plain = perceived_position(
            state, role, kinds=knowledge.ALL_EVIDENCE - knowledge.INFORMATION
        )
        views.append(_Inputs.of(plain, full))
    return (views[0], views[1], views[2])


def assess(state: GameState) -> Assessment:
    """Both roles' true and perceived leverage, with components, in one vectorised pass."""
    frontier = Frontier.of(state.space)
    inputs = _view_inputs(state)
    base = _Inputs.baseline(frontier)
    values, parts = _split(frontier, [(base, view) for view in inputs])
    readings = [_reading(values[v], parts[v]) for v in range(3)]
    return Assessment(
        true=(readings[0], _negated(readings[0])),
        perceived=(readings[1], _negated(readings[2])),
        inputs=inputs,
    )


def _reading(value: float, parts: np.ndarray) -> Reading:
    by_factor = {name: float(parts[i]) for i, name in enumerate(_FACTORS)}
    return Reading(float(value), {name: by_factor[name] for name in COMPONENTS})


def _negated(reading: Reading) -> Reading:
    return Reading(-reading.value, {k: -v for k, v in reading.components.items()})


def _changes(
    frontier: Frontier, before: Assessment, now: Assessment, role: int, view: str
) -> dict[str, float]:
    """Why `role`'s reading moved between two assessments: the Shapley split of the change.

    A turn asks this for both roles, so both perceived splits (or the one true split) are
    made at once and kept on `now` for the other role's question."""
    index = 0 if view == "true" else 1 + role
    kept = now._changes.get(index)
    if kept is None or kept[0]() is not before:
        indices = (0,) if view == "true" else (1, 2)
        values = _coalition_values(frontier, [(before.inputs[i], now.inputs[i]) for i in indices])
        for row, i in enumerate(indices):
            # One pair's split at a time, as a (1, 16) product: a matrix product's last bit can
            # depend on how many rows it is given, and a reading must not.
            now._changes[i] = (weakref.ref(before), values[row : row + 1] @ _WEIGHTS.T)
        kept = now._changes[index]
    parts = kept[1]
    sign = 1.0 if role == 0 else -1.0
    by_factor = {name: sign * float(parts[0, i]) for i, name in enumerate(_FACTORS)}
    return {name: by_factor[name] for name in COMPONENTS}


# -- reasons ------------------------------------------------------------------------------------


@frozen
class TurnLeverage:
    """One role's reading after a move, and why it moved (for the TUI, the trace and debrief).
    `components` are levels (they add up to the reading in `view`); `changes` split the move's
    change in that reading (they add up to `change`); `reasons` put the changes in words."""

    role: int
    view: str
    true: float
    perceived: float
    components: dict[str, float] = field(hash=False)
    changes: dict[str, float] = field(hash=False, factory=dict)
    reasons: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.perceived if self.view == "perceived" else self.true

    @property
    def change(self) -> float | None:
        return sum(self.changes.values()) if self.changes else None

    def to_dict(self) -> dict:
        return {
            "true": rounded(self.true),
            "perceived": rounded(self.perceived),
            "components": {name: rounded(self.components[name]) for name in COMPONENTS},
            "reasons": list(self.reasons),
        }


def explain(
    previous: GameState | None,
    state: GameState,
    role: int,
    view: str = "perceived",
    *,
    before: Assessment | None = None,
    now: Assessment | None = None,
) -> TurnLeverage:
    """`role`'s reading in `state`, with why it moved since `previous` (None: the start, no
    reasons). `view` is "perceived" (what the player sees: only events it was told about give
    reasons) or "true" (the debrief). Pass `before` / `now` to reuse assessments."""
    now = now or assess(state)
    reading = now.reading(role, view)
    changes: dict[str, float] = {}
    reasons: tuple[str, ...] = ()
    if previous is not None:
        before = before or assess(previous)
        changes = _changes(Frontier.of(state.space), before, now, role, view)
        events = state.log[len(previous.log) :]
        if view == "perceived":
            events = tuple(e for e in events if role in e.visible_to)
        reasons = leverage_words.reasons(previous, state, role, changes, events)
    return TurnLeverage(
        role,
        view,
        now.true[role].value,
        now.perceived[role].value,
        dict(reading.components),
        changes,
        reasons,
    )


def trace_entry(previous: GameState | None, state: GameState, *, before=None, now=None) -> dict:
    """The `"leverage"` object of a trace line: for both roles, true and perceived leverage, and
    the components and reasons of the perceived one (what that player would see)."""
    now = now or assess(state)
    if previous is not None:
        before = before or assess(previous)
    roles = state.scenario.role_ids
    return {
        roles[role]: explain(previous, state, role, before=before, now=now).to_dict()
        for role in (0, 1)
    }


class LeverageTimeline:
    """Leverage over a whole game: `states` oldest first (e.g. the initial state, then the state
    after each move); each state is assessed once."""

    def __init__(self, states: Sequence[GameState]):
        self.states = list(states)
        self.assessments = [assess(state) for state in self.states]

    @classmethod
    def of(cls, states: Sequence[GameState]) -> LeverageTimeline:
        return cls(states)

    def __len__(self) -> int:
        return len(self.states)

    def at(self, index: int, role: int, view: str = "perceived") -> TurnLeverage:
        previous = self.states[index - 1] if index > 0 else None
        before = self.assessments[index - 1] if index > 0 else None
        return explain(
            previous, self.states[index], role, view, before=before, now=self.assessments[index]
        )

    def for_role(self, role: int, view: str = "perceived") -> list[TurnLeverage]:
        return [self.at(index, role, view) for index in range(len(self.states))]

    def series(self, role: int, view: str = "perceived") -> list[float]:
        return [a.reading(role, view).value for a in self.assessments]

    def trace_entry(self, index: int) -> dict:
        roles = self.states[index].scenario.role_ids
        return {roles[role]: self.at(index, role).to_dict() for role in (0, 1)}
