"""The outcome space: every package, both sides' points for it, the Pareto frontier, the Nash point.

A package is one option per issue. The space is enumerated once per scenario with numpy: row `i`
of `packages` is a package (option indices, last issue varying fastest) and `points[r, i]` is
what role `r` scores for it. Everything that asks "how good is this deal" — leverage, the
counterparts, the debrief — reads these arrays instead of looping over issues.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from sim.core.scenario import Scenario

Package = tuple[int, ...]


def _readonly(array: np.ndarray) -> np.ndarray:
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


@frozen(eq=False)
class OutcomeSpace:
    packages: np.ndarray = field(converter=_readonly)  # (N, issues) option indices
    points: np.ndarray = field(converter=_readonly)  # (2, N) points by role
    tables: tuple[np.ndarray, ...]  # per issue: (2, options) points by role
    strides: np.ndarray = field(
        converter=_readonly
    )  # mixed-radix weights: index = package @ strides
    frontier: np.ndarray = field(converter=_readonly)  # Pareto mask of the whole space
    # Both sides' points by package, filled as packages are asked about: counterparts score the
    # same few offers over and over (every earlier offer, every round), and a dictionary look-up
    # is far cheaper than summing the issue tables again. Same values as the first sum.
    _points_memo: dict[Package, tuple[float, float]] = field(
        init=False, factory=dict, repr=False, eq=False
    )
    # The strides as Python ints: `index_of` is asked thousands of times a game, and a
    # Python sum over a few issues is far cheaper than a numpy dot product of tiny arrays.
    _stride_ints: tuple[int, ...] = field(init=False, repr=False, eq=False)

    # Each role's worst and best points: counterparts size their steps by the range every turn.
    _extremes: tuple[tuple[float, float], ...] = field(init=False, repr=False, eq=False)
    _spans: tuple[float, ...] = field(init=False, repr=False, eq=False)  # `span_for`
    # Per issue, every package's option there, as a contiguous index array (`option_columns`).
    _columns: tuple[np.ndarray, ...] = field(init=False, repr=False, eq=False)
    # Per role, the issues whose options are not a scale for it (`unordered_issues`).
    _unordered: dict[int, tuple[int, ...]] = field(init=False, factory=dict, repr=False, eq=False)
    # Per role, each issue's options as a share of that role's range there (`option_shares`).
    _shares: dict[int, tuple[np.ndarray, ...]] = field(
        init=False, factory=dict, repr=False, eq=False
    )
    # Whether `packages` is every package in index order, last issue fastest (as `of` builds
    # it): then packages chosen option by option are an outer product (`with_options`).
    _grid: bool = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_stride_ints", tuple(int(s) for s in self.strides))
        extremes = tuple((float(row.min()), float(row.max())) for row in self.points)
        object.__setattr__(self, "_extremes", extremes)
        spans = tuple((best - worst) or 1.0 for worst, best in extremes)
        object.__setattr__(self, "_spans", spans)
        columns = tuple(
            _readonly(np.ascontiguousarray(column, dtype=np.intp)) for column in self.packages.T
        )
        object.__setattr__(self, "_columns", columns)
        sizes = [table.shape[1] for table in self.tables]
        every = np.indices(sizes).reshape(len(sizes), -1).T
        object.__setattr__(self, "_grid", np.array_equal(self.packages, every))

    @classmethod
    def of(cls, scenario: Scenario) -> OutcomeSpace:
        sizes = [len(issue.options) for issue in scenario.issues]
        grid = np.indices(sizes).reshape(len(sizes), -1).T.astype(np.int16)
        tables = tuple(
            _readonly(np.array([[o.points[r] for o in issue.options] for r in (0, 1)], dtype=float))
            for issue in scenario.issues
        )
        points = np.zeros((2, grid.shape[0]))
        for issue_index, table in enumerate(tables):
            points += table[:, grid[:, issue_index]]
        strides = np.ones(len(sizes), dtype=np.int64)
        for i in range(len(sizes) - 2, -1, -1):
            strides[i] = strides[i + 1] * sizes[i + 1]
        return cls(grid, points, tables, strides, pareto_mask(points))

    @property
    def size(self) -> int:
        return self.packages.shape[0]

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(table.shape[1] for table in self.tables)

    def index_of(self, package: Package) -> int:
        index = 0
        for option, stride in zip(package, self._stride_ints, strict=True):
            index += option * stride
        return int(index)

    def package_at(self, index: int) -> Package:
        return tuple(int(option) for option in self.packages[index])

    def points_of(self, package: Package) -> tuple[float, float]:
        known = self._points_memo.get(package)
        if known is not None:
            return known
        first = sum(table[0, option] for table, option in zip(self.tables, package, strict=True))
        second = sum(table[1, option] for table, option in zip(self.tables, package, strict=True))
        points = (float(first), float(second))
        if len(package) == len(self.tables):  # zip(strict) raised otherwise; keep it raising
            self._points_memo[package] = points
        return points

    @property
    def option_columns(self) -> tuple[np.ndarray, ...]:
        """Per issue, every package's option on it (column `i` of `packages`), ready to index
        a per-option table with: `table.take(columns[i])` is that issue's value per package."""
        return self._columns

    def with_options(self, allowed: Sequence[np.ndarray | None]) -> np.ndarray:
        """Packages whose option on every issue is one allowed there, as a mask over packages:
        `allowed[i]` says, option by option, which of issue i's options may be chosen (None:
        any). A counterpart asks this of its rules "no issue gives them less than ..." several
        times a turn; option by option it is a few small arrays, not a pass per issue over
        every package."""
        if not self._grid:
            mask = np.ones(self.size, dtype=bool)
            for options, column in zip(allowed, self._columns, strict=True):
                if options is not None:
                    mask &= options.take(column)
            return mask
        # Built from the last issue back: each earlier issue's options are the slow axis over
        # the block built so far, the grid's order, with the long axis inner (numpy's loops
        # over a short inner axis cost many times more).
        mask = np.ones(1, dtype=bool)
        for options, table in zip(allowed[::-1], self.tables[::-1], strict=True):
            if options is None:
                options = np.ones(table.shape[1], dtype=bool)
            mask = (options[:, None] & mask).ravel()
        return mask

    def totals_by_option(self, values: Sequence[np.ndarray]) -> np.ndarray:
        """Every package's total of per-option values (`values[i]`: one number per option of
        issue i), added issue by issue from 0 in issue order, as a sum of `take`s per issue
        would add them: over the full grid, one outer sum per issue on ever larger blocks
        rather than a pass per issue over every package; the same additions, so the same
        numbers."""
        if not self._grid:
            total = np.zeros(self.size)
            for per_option, column in zip(values, self._columns, strict=True):
                total += per_option.take(column)
            return total
        total = np.zeros(1)
        for per_option in values:
            total = np.add.outer(total, per_option).ravel()
        return total

    def option_shares(self, role: int) -> tuple[np.ndarray, ...]:
        """Per issue, each option's place in `role`'s points there: 0 at its worst option, 1 at
        its best, a half on an issue it does not care about. Worked out once per space."""
        known = self._shares.get(role)
        if known is None:
            shares = []
            for table in self.tables:
                row = table[role]
                spread = float(row.max() - row.min())
                share = (row - row.min()) / spread if spread > 0 else np.full(row.shape, 0.5)
                shares.append(_readonly(share))
            known = self._shares[role] = tuple(shares)
        return known

    def unordered_issues(self, role: int) -> tuple[int, ...]:
        """The issues whose options are not a scale for `role`: its points neither rise nor
        fall along the options as listed (a used car's payment; a generated domain's
        categories). Worked out once per space: every game's counterparts ask it."""
        known = self._unordered.get(role)
        if known is None:
            unordered = []
            for issue, table in enumerate(self.tables):
                steps = np.diff(np.asarray(table[role], dtype=float))
                if not ((steps >= -1e-9).all() or (steps <= 1e-9).all()):
                    unordered.append(issue)
            known = self._unordered[role] = tuple(unordered)
        return known

    def best_for(self, role: int) -> float:
        return self._extremes[role][1]

    def worst_for(self, role: int) -> float:
        return self._extremes[role][0]

    def span_for(self, role: int) -> float:
        """A role's points range, best package less worst (1 where all are equal, so it can
        divide): counterparts measure steps and margins on it many times a move."""
        return self._spans[role]

    def issue_weights(self, role: int) -> np.ndarray:
        """How much each issue can matter to a role: the spread of its points on that issue."""
        return np.array([table[role].max() - table[role].min() for table in self.tables])

    def pareto_mask(self, candidates: np.ndarray | None = None) -> np.ndarray:
        """Packages no other candidate beats for both sides (ties count as not beaten)."""
        return pareto_mask(self.points, candidates)

    def nash_index(
        self,
        disagreement: tuple[float, float],
        power: float = 0.5,
        candidates: np.ndarray | None = None,
    ) -> int | None:
        """The (asymmetric) Nash bargaining package: maximises
        (u0 - d0)^power * (u1 - d1)^(1 - power) over candidates both prefer to disagreement.
        None when no candidate is strictly better than disagreement for both."""
        return nash_index(self.points, disagreement, power, candidates)


def pareto_mask(points: np.ndarray, candidates: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the Pareto-optimal columns of a (2, N) points array among `candidates`.

    Two objectives make this a sort and a sweep: walk packages from best to worst for role 0
    (ties broken by role 1, best first, then by index); a package is on the frontier exactly
    when it is strictly better for role 1 than everything already walked past. Counterparts ask
    this of their model of the pie on every decision, so the walk is done cheaply (below), and
    with no sorting at all when one row is a side's own points, as seen before (`_Walk`)."""
    count = points.shape[1]
    if candidates is None:
        known = _walk_known_row(points)
        if known is not None:
            kept = np.zeros(count, dtype=bool)
            kept[known[0]] = True
            return kept
    mask = np.zeros(count, dtype=bool)
    allowed = np.ones(count, dtype=bool) if candidates is None else candidates
    if not allowed.any():
        return mask
    with np.errstate(invalid="ignore"):  # +inf and -inf make nan: then the filter is skipped
        total = np.where(allowed, points[0] + points[1], -np.inf)
    # First drop what cannot be on the frontier: everything weakly below-left of the package
    # with the best total (a frontier package), except its exact ties, which the walk must still
    # see to pick the first of them. A package dropped is beaten by that package, which stays,
    # so the walk would not keep it, nor does dropping it change what the walk keeps.
    pivot = int(np.argmax(total))
    if allowed[pivot] and np.isfinite(total[pivot]):
        top0, top1 = points[0, pivot], points[1, pivot]
        below = (points[0] <= top0) & (points[1] <= top1)
        tied = (points[0] == top0) & (points[1] == top1)
        allowed = allowed & (~below | tied)
    index = np.flatnonzero(allowed)
    first, second = points[0, index], points[1, index]
    if not (np.isfinite(first).all() and np.isfinite(second).all()):
        order = np.lexsort((-second, -first))
        sorted_second = second[order]
        best_before = np.maximum.accumulate(np.concatenate(([-np.inf], sorted_second[:-1])))
        mask[index[order[sorted_second > best_before]]] = True
        return mask
    # The same walk without sorting on role 1 (a two-key sort is the slow part): `_Walk`.
    mask[index[_Walk(first).front(second)]] = True
    return mask


def pareto_front(points: np.ndarray) -> np.ndarray:
    """`pareto_mask(points)`'s packages as indices, in the order `Frontier.through` sorts them
    (role 0's points rising, ties by role 1's falling): a kept walk yields them in its own
    order already, one way or the other (on a frontier no two packages share either side's
    points), so neither a mask nor a sort is needed for a counterpart's model of the pie."""
    known = _walk_known_row(points)
    if known is not None:
        front, row = known
        return front[::-1] if row == 0 else front
    index = np.flatnonzero(pareto_mask(points))
    return index[np.lexsort((-points[1, index], points[0, index]))]


class _Walk:
    """The walk's order for one row of points, kept for the next array with that same row.

    The walk without a two-key sort: group the packages by this row's points, best first; in a
    group only its first package (by index) with the group's best points in the other row can
    be kept, and it is kept when that beats every better group's best.

    A counterpart's model of the pie is its own points against its model of yours: its own row
    never changes in a game, so the sort by it is done once. The frontier is the same whichever
    row the walk goes by (a package is kept when nothing beats it for both sides and no package
    before it has the very same points, which says nothing of row order), so a known row
    serves as the walk's order whether it is row 0 or row 1."""

    __slots__ = ("grid", "group", "head", "order", "positions", "row", "row_starts", "starts")

    def __init__(self, row: np.ndarray, kept: bool = False):
        self.row = row.copy()
        self.head = self.row[:4].tolist()  # a cheap first look when matching a row to a walk
        self.order = np.argsort(-row, kind="stable")  # best first; ties stay in index order
        ordered = row[self.order]
        self.starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        self.group = np.cumsum(np.concatenate(([False], ordered[1:] != ordered[:-1])))
        self.positions = np.arange(row.size)
        self.grid: np.ndarray | None = None
        self.row_starts: np.ndarray | None = None
        if kept:
            self._lay_out_groups()

    def _lay_out_groups(self) -> None:
        """For a walk kept for many arrays: the groups as the rows of one index grid (package
        indices, each group in index order, padded with its own first package), so a group's
        best and the first package at it are one `argmax` along the rows (`argmax` gives the
        first of equals), with no per-package passes but one `take`. Skipped when the groups
        are so uneven that the grid would be much larger than the row."""
        sizes = np.diff(np.append(self.starts, self.row.size))
        width = int(sizes.max())
        if width == 0 or sizes.size * width > 4 * self.row.size:
            return
        columns = np.arange(width)
        inside = columns[None, :] < sizes[:, None]
        slots = np.where(inside, self.starts[:, None] + columns[None, :], self.starts[:, None])
        self.grid = self.order[slots]
        self.row_starts = np.arange(sizes.size) * width

    def front(self, other: np.ndarray) -> np.ndarray:
        """The frontier of this row against `other` (finite): the walk as in `pareto_mask`,
        its packages' indices in the walk's order."""
        ordered = other[self.order]
        group_best = np.maximum.reduceat(ordered, self.starts)
        at_best = ordered == group_best[self.group]
        first_at_best = np.minimum.reduceat(
            np.where(at_best, self.positions, ordered.size), self.starts
        )
        best_before = np.maximum.accumulate(np.concatenate(([-np.inf], group_best[:-1])))
        return self.order[first_at_best[group_best > best_before]]

    def kept_front(self, other: np.ndarray) -> np.ndarray | None:
        """`front` for a kept walk, by its group grid when it has one; None when `other` is
        not finite where it matters (then the plain walk must judge)."""
        if self.grid is None or self.row_starts is None:
            return self.front(other) if np.isfinite(other).all() else None
        grid = other.take(self.grid)
        first = grid.argmax(axis=1) + self.row_starts  # flat, in the grid
        group_best = grid.ravel().take(first)
        # A nan or +inf anywhere is its group's best (argmax takes the first nan), so this
        # sees it; a -inf below its group's best is beaten there, as the plain walk finds.
        if not np.isfinite(group_best).all():
            return None
        # The same comparisons of the same numbers as `front`: a group's best is its largest
        # value, kept when larger than every better group's best (the first is: it is finite).
        record = np.empty(group_best.size, dtype=bool)
        record[0] = True
        np.greater(group_best[1:], np.maximum.accumulate(group_best)[:-1], out=record[1:])
        return self.grid.ravel().take(first[record])


# Walks by row length, most recently used first: a game's two counterparts' own rows, and room
# for another game's beside them.
_WALKS: dict[int, list[_Walk]] = {}
_WALKS_KEPT = 6
_SIZES_KEPT = 8


def _walk_known_row(points: np.ndarray) -> tuple[np.ndarray, int] | None:
    """`pareto_mask(points)`'s packages by a kept walk when either row is one already seen
    (and the other finite): their indices in the walk's order, and the row it walked by. None
    when neither row is known, after keeping walks for both (the next array may share one)."""
    walks = _WALKS.get(points.shape[1])
    if walks is None:
        walks = _WALKS[points.shape[1]] = []
        while len(_WALKS) > _SIZES_KEPT:  # a process may see many sizes (generated scenarios)
            del _WALKS[next(iter(_WALKS))]
    heads = points[:, :4].tolist()
    for index, walk in enumerate(walks):
        for row in (0, 1):
            # Equal as numbers is enough: the walk only compares points. (Rows of one length:
            # `np.array_equal`'s own checks around this comparison cost as much again.)
            if heads[row] == walk.head and (points[row] == walk.row).all():
                front = walk.kept_front(points[1 - row])
                if front is None:
                    return None
                if index:
                    walks.insert(0, walks.pop(index))
                return front, row
    for row in (1, 0):
        if np.isfinite(points[row]).all():
            walks.insert(0, _Walk(points[row], kept=True))
    del walks[_WALKS_KEPT:]
    return None


def nash_index(
    points: np.ndarray,
    disagreement: tuple[float, float],
    power: float = 0.5,
    candidates: np.ndarray | None = None,
) -> int | None:
    gain0 = points[0] - disagreement[0]
    gain1 = points[1] - disagreement[1]
    viable = (gain0 > 0) & (gain1 > 0)
    if candidates is not None:
        viable &= candidates
    if not viable.any():
        return None
    with np.errstate(divide="ignore"):
        score = np.where(
            viable,
            power * np.log(np.where(viable, gain0, 1))
            + (1 - power) * np.log(np.where(viable, gain1, 1)),
            -np.inf,
        )
    return int(np.argmax(score))


def pareto_distance(space: OutcomeSpace, point: tuple[float, float]) -> float:
    """How far an outcome falls short of the Pareto frontier, in points: the length of the
    smallest improvement (for both sides, never a loss for either) that reaches a frontier
    package. Zero on the frontier; a deal below it or a no-deal leaves this much on the table."""
    frontier = space.points[:, space.frontier]
    shortfall = np.maximum(frontier - np.asarray(point, dtype=float)[:, None], 0.0)
    dominating = (frontier >= np.asarray(point)[:, None] - 1e-9).all(axis=0)
    if not dominating.any():
        return 0.0
    lengths = np.sqrt((shortfall[:, dominating] ** 2).sum(axis=0))
    return float(lengths.min())
