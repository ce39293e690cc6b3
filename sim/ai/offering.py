"""The counterpart's offering policy: what it asks for this round, and which package says it.

**Where it expects to land.** Its perceived leverage, from the one leverage model the player is
shown (`sim.core.leverage.believed_landing`), evaluated on its belief: its own BATNA, deadline
and standing ask exactly; your BATNA a little above the belief's median (`PRUDENCE`), your
deadline as known or as the belief expects it, your standing ask in its model of your points. Who is hurt more by no deal,
whose deadline is nearer, who has conceded: all of it reaches its offers through that point.

**Its floor.** The persona's firmness shapes that point into the least it will ask for: a firm
persona sits between the landing point and its best package, a soft one between the landing
point and its reservation (BATNA plus delay costs). A better BATNA believed for you lowers the
landing point, so it never makes the counterpart demand more.

**How it moves.** What it gives in a round answers what you did: `hold_step` when you made no
new offer, plus `match` of your last concession (in its points) when you did, never below its
floor. So a reciprocator holds when you hold and moves when you move, and a hardliner gives
little either way. A persona that also concedes with time (`time_bound`: the conceder, the
problem-solver) gives at least what its time curve from its best package to its floor (the
persona's exponent) says by now. It never asks for more than it asked before (unless it has
caught you in a bluff).

**Its last offers.** In its last chance or two to propose, against a side that has moved, it
may go below that: to the package of best expected gain given the chance that you take it
(`final_offer`), a chance log-concave in your points so that this too never asks more of a
side believed to have a better BATNA.

**Which package.** Among packages worth at least its target, the one best for you by its belief
(so it trades what you value for what it values), not taking back what it already offered you.
"""

from __future__ import annotations

import math
import operator
import weakref
from bisect import bisect_left

import numpy as np
from attrs import frozen

from sim.ai.belief import INTERVAL, Belief
from sim.ai.styles import Level, Style
from sim.core.leverage import Frontier, Position, believed_frontier, landings_for
from sim.core.view import RoleView

PRUDENCE = 0.8  # the quantile of your BATNA it bargains on: a little above its median guess
OPENING_OFFERS = 4  # your first offers: what you ask for there is what you want most
# Whether a counterpart may reuse what it worked out on an earlier move when nothing it
# depends on has changed (`Offering._reusable`). Off, every move is worked out afresh: the
# tests play the same games both ways and compare them bit for bit.
REUSE = True


@frozen
class Plan:
    """What the offering policy settled on this turn, in its own points."""

    target: float  # what it asks for if it proposes now
    next_target: float  # what it would ask next round if you hold (acceptance reads it)
    floor: float  # the least it will ask for, from its perceived leverage
    landing: float  # its points where it believes the deal lands (the leverage model)
    given: float  # your last concession, in its points (0 when you did not move)
    step: float  # the most it lets itself concede this round
    final: bool = False  # its last proposal or two before the deal window closes
    invitation: bool = False  # its first move out of a standstill (tit for tat starts nice)


class TheirOffers:
    """What their offers have shown, folded in as they come: one look at each offer over the
    game, so a move costs the same in round 100 as in round 2 (issue 16)."""

    def __init__(self) -> None:
        self.count = 0  # how many of their offers are folded in
        self.first = 0.0  # their opening offer, in its points
        self.best = -np.inf  # the best for it of all their offers
        self.best_package: tuple[int, ...] | None = None  # ... and which package that was
        self.best_before = -np.inf  # ... of all but their latest
        self.latest = 0.0
        self.opening: tuple[int, ...] | None = None  # their first package: where they pull
        self.last_package: tuple[int, ...] | None = None  # their latest package
        # Per issue, per option: which of their offers first asked for it (0: the opening;
        # inf: never asked). A side that concedes asks first for what it wants most.
        self.asked: list[np.ndarray] = []
        self.asked_version = 0  # bumped whenever they ask for an option for the first time

    def read(self, view: RoleView) -> None:
        offers = view.their_offers
        if len(offers) == self.count and self.asked:
            return  # (asked several times a move: nothing new since)
        if not self.asked:
            self.asked = [np.full(len(issue.options), np.inf) for issue in view.issues]
        for number, offer in enumerate(offers[self.count :], start=self.count):
            value = view.points_of(offer.package)
            if self.opening is None:
                self.first, self.opening = value, tuple(offer.package)
            for issue, option in enumerate(offer.package):
                if self.asked[issue][option] == np.inf:
                    self.asked[issue][option] = number
                    self.asked_version += 1
            self.best_before = self.best
            if value > self.best:
                self.best, self.best_package = value, tuple(offer.package)
            self.latest = value
            self.last_package = tuple(offer.package)
        self.count = len(offers)

    def concession(self) -> float:
        """How far their latest offer improves, in its points, on the best they offered before:
        going back and forth among old offers is not a concession."""
        return self.latest - self.best_before if self.count >= 2 else 0.0

    def moved(self) -> float:
        """How far they have come, at their best, from their opening (in its points)."""
        return self.best - self.first if self.count else 0.0


class Offering:
    def __init__(self, style: Style, level: Level, rng: np.random.Generator):
        self.style = style
        self.level = level
        self.rng = rng
        self._answered = 0  # how many of their offers it has already answered
        self._target: float | None = None  # its target last turn
        self._invited = False  # it made its one unanswered invitation
        self._owed = 0.0  # how far that invitation ran ahead of its holding steps
        self.theirs = TheirOffers()
        self._unoffered: np.ndarray | None = None  # packages it has not proposed (`equivalent`)
        self._mine_seen = 0
        # Per issue, per option: how near their opening's option it is, in its own points
        # (0 at theirs, below 0 further off): what `keeps_gains` reads their pull by.
        self._nearness: list[np.ndarray] | None = None
        self._kept_gains: dict[tuple[int, ...], np.ndarray] = {}  # `keeps_gains` by package
        self._kept_for = 0  # ... as of this many options they have asked for
        self._gifts: dict[tuple[int, ...], np.ndarray | None] = {}  # `keeps_their_gifts`
        self._gifts_for: tuple[int, ...] | None = None  # ... by package, as of their latest
        # Its own points, sorted: how many packages are worth less than a bar to it names the
        # set of packages that clear it (`_under`).
        self._ranked: tuple[np.ndarray, int, list[float]] | None = None
        self._kept_pie: tuple[np.ndarray, np.ndarray, int, Frontier] | None = None  # `_pie`
        # `landings` by rounds left, for the pie, BATNAs, costs and asks they were worked on.
        self._landed: tuple[tuple, dict[tuple[float, float], float]] = ((), {})
        # The packages `package` and `equivalent` chose among, by the set that cleared their
        # bar (and what else they read), while the arrays they read stay the same objects.
        self._picks: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray] | None] = {}
        self._picks_for: tuple[object, ...] = ()
        self._picks_at: tuple[object, ...] = ()  # ... and the moment of play they were read at
        # ... and what they chose among those at a given target (by the picks' key and it).
        self._near: dict[tuple, np.ndarray] = {}
        self._best: dict[tuple, int] = {}

    # -- the target --

    def plan(self, view: RoleView, belief: Belief, their_points: np.ndarray, caught: bool) -> Plan:
        """This turn's target and next round's, from the leverage model on its belief."""
        frontier = self._pie(view, their_points)
        later = view.round + 1  # next round, if you hold
        landing, later_landing = self.landings(
            view, belief, frontier, their_points, (view.round, later)
        )
        floor = self.floor(view, landing, view.round)
        best = view.my_best
        # Only a new offer of theirs is a move to answer: a side that holds gets no echo.
        self.theirs.read(view)
        offers = self.theirs.count
        moved = offers > self._answered
        given = self.theirs.concession() if moved else 0.0
        self._answered = offers
        hold = self.hold(view)
        if given > 0:
            self._owed = 0.0  # they answered its invitation: nothing left to make up
        # An unanswered invitation was its holding steps given early: while they hold, it
        # makes them up before it gives more, so a side that only holds gains nothing by it.
        repaid = min(hold, self._owed) if not moved else 0.0
        self._owed -= repaid
        step = hold - repaid + self.style.match * self.level.match_scale * max(0.0, given)
        target = best
        last = view.my_offer
        before = best
        if last is not None:
            # Steps add up from its last target, even while no package fits a small step (and
            # an equivalent offer a little under its target does not pull it down).
            before = self._target if self._target is not None else view.points_of(last)
            target = before - step
        if self.style.time_bound:
            target = min(target, self._curve(view, belief, floor, view.round, caught))
        target = max(target, floor, view.reservation())
        if given > 0 and last is not None:
            target = self._nearest(view, target, before, max(floor, view.reservation()))
        if last is not None and not caught:
            target = min(target, before)  # never asks for more than it asked for before
        target = min(best, target)
        final = self._final_stretch(view, belief)
        if final and self._negotiating(view, self.theirs):
            least = floor if self.style.firmness >= 0.5 else view.reservation()
            target = min(target, max(self.final_offer(view, belief, their_points), least))
        if given > 0:
            self._invited = False  # answered: it may open the way again after the next standstill
        invitation = None
        if not final and last is not None and not moved and self._standstill(view):
            invitation = self.invitation(view, their_points, max(floor, view.reservation()))
        if invitation is not None:
            offered = float(view.my_points[invitation])
            self._owed = max(0.0, target - offered)
            target = min(target, offered)
            self._invited = True
        # Next round, if you hold: one holding step lower, never below its floor then.
        next_floor = self.floor(view, later_landing, later)
        next_target = target - hold
        if self.style.time_bound:
            next_target = min(next_target, self._curve(view, belief, next_floor, later, caught))
        next_target = max(next_target, next_floor, view.reservation(later))
        self._target = target
        return Plan(
            target,
            min(best, next_target),
            floor,
            landing,
            given,
            step,
            final,
            invitation is not None,
        )

    def _nearest(self, view: RoleView, target: float, before: float, least: float) -> float:
        """An answer to their concession matches it as nearly as the packages allow: where no
        package sits near its target, the nearer of the packages just above and just below it,
        so a step it cannot make exactly is not a step it never makes; then never below `least`.

        The scale it rounds on is its own points at the packages up to what it asked before,
        whatever you offered: not the packages it may offer you now (which depend on your
        offer, `keeping`), nor cut at its floor first (which depends on what your offer tells
        its belief). So the size of its answer turns on the size of your move alone, and a
        bigger concession of yours is never answered with a smaller step (issue 10), unless
        its floor is what stops it. (Which package then says that target is `package`'s
        choice, among those it may offer.)"""
        points = view.my_points
        scale = points[points <= before + 1e-9]
        above = scale[scale >= target - 1e-9]
        below = scale[scale < target]
        if not above.size or not below.size:
            return target
        up, down = float(above.min()), float(below.max())
        return max(down, least) if target - down < up - target else target

    def _standstill(self, view: RoleView) -> bool:
        """Both sides stood still last round: they made no new offer since its last move, and
        its own last move was no offer either, with an invitation of its not yet answered."""
        if self.style.invites <= 0 or self._invited or self.theirs.count == 0:
            return False
        mine = view.offers_by(view.role)
        return bool(mine) and mine[-1].round < view.round - 1

    def invitation(self, view: RoleView, their_points: np.ndarray, least: float) -> int | None:
        """Tit for tat cooperates first, but cheaply: out of a standstill, the package that
        gives them the most (by its model, and on no issue less than its standing offer did, by
        what their offers show) for at most `invites` of its range, and only a trade worth at
        least twice to them what it costs it. A side that answers it is answered in turn; a
        side that only holds has had one small step, no more (until it moves)."""
        last = view.my_offer
        if last is None:
            return None
        points = view.my_points
        index = view.index_of(last)
        cost = points[index] - points
        gain = their_points - their_points[index]
        fits = (cost > 1e-9) & (cost <= self.style.invites * view.my_span + 1e-9)
        fits &= (points >= least - 1e-9) & (gain >= 2 * cost)
        kept = self.keeps_gains(view, last)
        if kept is not None:
            fits &= kept
        if not fits.any():
            return None
        # The cheapest such move (an invitation, not a concession), then the one worth most.
        cheapest = fits & (cost <= cost[fits].min() + 1e-9)
        return int(np.argmax(np.where(cheapest, gain, -np.inf)))

    def _final_stretch(self, view: RoleView, belief: Belief) -> bool:
        """Its last chance or two to propose before the deal window closes: before its own
        deadline or yours as known, or yours as its belief fears it (a prudent quantile) —
        but not for a fear alone while more than ten rounds remain: a side that concedes late
        looks, for most of a long game, like one that will not move at all."""
        known = view.their_known_deadline
        end = view.deadline if known is None else min(view.deadline, known)
        if known is None:
            feared = int(belief.horizon_quantile(0.3))
            end = min(end, max(feared, end - 10))
        return view.round >= end - 1

    @staticmethod
    def _negotiating(view: RoleView, theirs: TheirOffers) -> bool:
        """They have moved at all (a final offer is for a side that negotiates, not one that
        only waits for it)."""
        return theirs.count >= 2 and theirs.moved() > 0.05 * view.my_span

    def final_offer(self, view: RoleView, belief: Belief, their_points: np.ndarray) -> float:
        """Its points at the package that maximises its expected gain over its reservation,
        given the chance, by its belief about your BATNA, that you would take it now — among
        the packages that take back nothing its standing offer gave you on any issue.

        The chance is `log_chance_you_take`, log-concave in your points by construction, and
        that is what makes the rule monotone (Milgrom–Shannon): the log of the expected gain is
        log gain + log chance(their points − shift), and a log-concave chance gives it
        increasing differences in (their points, shift). So a better BATNA believed for you
        only ever moves its choice to packages better for you, and, since the chance rises
        with your points, never to one better for it. Ties go to the package best for you,
        which keeps that exact where two packages are worth the same to it."""
        gain = view.my_points - view.reservation(view.round + 1)
        # (`keeping` may hand back its standing offer's equals, which need not beat no deal.)
        allowed = self.keeping(view, gain > 0, their_points) & (gain > 0)
        if not allowed.any():
            return view.my_best  # nothing it may offer beats no deal: no final offer to make
        candidates = np.flatnonzero(allowed)
        theirs = their_points[candidates]
        value = np.log(gain[candidates]) + log_chance_you_take(view, belief, theirs)
        best = candidates[value >= value.max() - 1e-12]
        return float(view.my_points[best[np.argmax(their_points[best])]])

    def hold(self, view: RoleView) -> float:
        """What it gives in a round when you made no new offer: the persona's step, for games
        of up to ten rounds; over a longer game the same total spread over its rounds."""
        scale = min(1.0, 10.0 / max(1, view.max_rounds))
        return self.style.hold_step * self.level.step_scale * view.my_span * scale

    def landings(
        self,
        view: RoleView,
        belief: Belief,
        frontier: Frontier,
        their_points: np.ndarray,
        whens: tuple[int, ...],
    ) -> list[float]:
        """Its points where the leverage model says the deal lands, on its belief, at each
        round of `whens` (the same pie, BATNAs and asks; only the rounds left differ)."""
        me = view.role
        batna = (view.batna, belief.batna_quantile(PRUDENCE))  # (its own first, then yours)
        known = view.their_known_deadline
        their_deadline = float(known) if known is not None else belief.horizon()
        costs = (view.delay_cost, view.their_delay_cost)
        mine, theirs = view.my_offer, view.their_offer
        asks = (
            None if mine is None else view.points_of(mine),
            None if theirs is None else float(their_points[view.index_of(theirs)]),
        )
        if me == 1:
            batna, costs, asks = batna[::-1], costs[::-1], asks[::-1]
        # Where it lands next round, asked now, is where it lands now, asked next round, while
        # the pie, BATNAs, costs and asks stay as they were (a side that holds): each position
        # is worked out alone (`landings_for`), so one kept is the one it would work out again.
        given = (frontier, me, *batna, *costs, *asks)
        kept, landed = self._landed
        if not REUSE or len(kept) != len(given) or not all(map(_same, given, kept)):
            landed = {}
            self._landed = (given, landed)
        elif len(landed) > 8:
            landed.clear()
        deadline = view.deadline
        rounds_at = []
        positions = []
        for when in whens:
            rounds = (max(0.0, float(deadline - when + 1)), max(0.0, their_deadline - when + 1))
            if me == 1:
                rounds = rounds[::-1]
            rounds_at.append(rounds)  # (never -0.0 nor nan: a key that says its number)
            if rounds not in landed:
                positions.append(Position(batna, rounds, costs, asks))
        if positions:
            for position, value in zip(
                positions, landings_for(frontier, positions, me), strict=True
            ):
                landed[position.rounds_left] = value
        return [landed[rounds] for rounds in rounds_at]

    def floor(self, view: RoleView, landing: float, when: int) -> float:
        """The least it asks for: the landing point, shaped by the persona's firmness."""
        best = view.my_best
        reservation = view.reservation(when)
        landing = min(best, max(landing, reservation))
        # (`np.clip` in plain floats: the same number, without numpy's cost on one number)
        firmness = min(max(self.style.firmness + self.level.firmness, -1.0), 0.95)
        if firmness >= 0:
            floor = landing + firmness * (best - landing)
        else:
            floor = landing + firmness * (landing - reservation)
        return float(min(best, max(floor, reservation)))

    def _curve(
        self, view: RoleView, belief: Belief, floor: float, when: int, caught: bool
    ) -> float:
        """The most it is willing to have given by round `when`: best down to the floor."""
        best = view.my_best
        horizon = self.horizon(view, belief)
        t = min(1.0, max(0.0, (when - 1) / max(1, horizon - 1)))
        exponent = self.style.exponent * (0.7 if caught else 1.0)
        return floor + (best - floor) * (1 - t ** (1 / exponent))

    @staticmethod
    def horizon(view: RoleView, belief: Belief) -> int:
        """The round it plans to finish by: its deadline, or yours if that comes first — known,
        or as its belief fears it (a prudent quantile: a missed deadline means no deal)."""
        theirs = view.their_known_deadline
        if theirs is None:
            theirs = int(belief.horizon_quantile(0.3))
        return min(view.deadline, theirs)

    def _pie(self, view: RoleView, their_points: np.ndarray) -> Frontier:
        """Its model of the pie (`believed_frontier`): kept while its model of your points is
        the same read-only array (its belief hands out a new one whenever it changes), on the
        same outcome space."""
        kept = self._kept_pie
        if (
            REUSE
            and kept is not None
            and kept[0] is their_points
            and kept[1] is view.packages
            and kept[2] == view.role
            and not their_points.flags.writeable
        ):
            return kept[3]
        frontier = believed_frontier(self._both(view, their_points))
        self._kept_pie = (their_points, view.packages, view.role, frontier)
        return frontier

    @staticmethod
    def _both(view: RoleView, their_points: np.ndarray) -> np.ndarray:
        """Both sides' points by role: its own, and its model of yours."""
        rows = (view.my_points, their_points)
        # (one concatenation, not `np.vstack`'s checks around it: the same array)
        return np.concatenate(rows if view.role == 0 else rows[::-1]).reshape(2, -1)

    # -- the package --

    def keeps_gains(self, view: RoleView, package: tuple[int, ...]) -> np.ndarray | None:
        """Packages that give them, issue by issue, at least what `package` gives them there:
        on every issue at least as near (in its own points) to the option they asked for in
        their opening offer. Their offers show which way they pull on each issue even where its
        model of their points is off (an issue both want the same way, read as opposed), so a
        concession judged this way is one in their true points too. On an issue that is a set
        of choices for it (`_choices`), what their first offers asked for there. None before
        they offered."""
        if self._nearness is None:
            self.theirs.read(view)
            opening = self.theirs.opening
            if opening is None:
                return None
            self._nearness = [
                -np.abs(table - table[opening[issue]])
                for issue, table in enumerate(view.issue_tables())
            ]
        # Asked of the same standing offer several times a turn, and turn after turn (until
        # they ask for an option they had not asked for before, on an issue where that counts).
        self.theirs.read(view)
        if self._kept_for != self.theirs.asked_version and self._choices(view):
            self._kept_gains.clear()
            self._kept_for = self.theirs.asked_version
        kept = self._kept_gains.get(package)
        if kept is None:
            # Issue by issue, the options at least as near their side as the package's; a
            # package keeps their gains when every one of its options is such an option.
            allowed = [
                near >= near[option] - 1e-9
                for near, option in zip(self._nearness, package, strict=True)
            ]
            for issue in self._choices(view):
                # A set of choices, not a scale: nearness in its own points says nothing of
                # theirs there. What their offers show: the option of their opening offer is
                # the one they want most, and one they asked for in their opening offers is
                # no worse for them than one they never asked for. (An option first asked for
                # later proves nothing: a side trading across issues takes up worse options
                # along with better packages.)
                asked = self.theirs.asked[issue]
                fresh = asked[package[issue]] == np.inf
                allowed[issue] &= (
                    (np.arange(asked.size) == package[issue])
                    | (asked == 0)
                    | (fresh & (asked < OPENING_OFFERS))
                )
            kept = view.packages_with(allowed)
            kept.setflags(write=False)
            self._kept_gains[package] = kept
        return kept

    @staticmethod
    def _choices(view: RoleView) -> tuple[int, ...]:
        """The issues whose options are not a scale for it: its points neither rise nor fall
        along the options as listed (a used car's payment; a generated domain's categories)."""
        return view.my_unordered_issues

    def keeps_their_gifts(self, view: RoleView, package: tuple[int, ...]) -> np.ndarray | None:
        """Packages that give them nothing back that they gave up: on an issue where they have
        given ground since their opening, no option nearer their side than the one their latest
        offer settles for (what a side gives up is what it can spare, so handing it back is a
        concession it would not pay for; on a scale like price, meeting them where they now
        stand is still open). None before they offered."""
        theirs = self.theirs
        if self._nearness is None:
            self.keeps_gains(view, package)  # (their opening's nearness: None before it)
        else:
            theirs.read(view)
        if self._nearness is None or theirs.last_package is None:
            return None
        # Asked of the same standing offer several times a turn, and turn after turn while
        # they stand on the same package (their opening, hence the nearness, never changes).
        if self._gifts_for != theirs.last_package:
            self._gifts.clear()
            self._gifts_for = theirs.last_package
        if package not in self._gifts:
            self._gifts[package] = self._their_gifts(view, package)
        return self._gifts[package]

    def _their_gifts(self, view: RoleView, package: tuple[int, ...]) -> np.ndarray | None:
        """`keeps_their_gifts` worked out (read-only)."""
        theirs = self.theirs
        nearness = self._nearness
        assert nearness is not None and theirs.opening is not None
        assert theirs.last_package is not None
        allowed: list[np.ndarray | None] = [None] * len(nearness)
        for issue, (a, b) in enumerate(zip(theirs.opening, theirs.last_package, strict=True)):
            near = nearness[issue]
            if a != b and near.size == 2:
                # (never a reason to take back what it already gave there)
                settles = max(near[b], near[package[issue]])
                allowed[issue] = near <= settles + 1e-9
        if all(options is None for options in allowed):
            return None
        kept = view.packages_with(allowed)
        kept.setflags(write=False)
        return kept

    def keeping(self, view: RoleView, eligible: np.ndarray, their_points: np.ndarray) -> np.ndarray:
        """`eligible` narrowed to packages that do not take back what its standing offer gave
        them: on no issue by what their offers show (so no offer of its own is a retraction in
        their true points, even where its model of their points is off), or, before they have
        offered anything, by its model's total; and that give them nothing back they gave up.
        A rule that would leave nothing is passed over, except the first: where no package it
        would offer keeps what its standing offer gave them, it stays on its standing offer (or
        a package as good for it that keeps all that), rather than trust its model alone."""
        last = view.my_offer
        if last is None:
            return eligible
        kept = self.keeps_gains(view, last)
        shown = kept is not None  # what their offers show, not only its model
        if kept is None:  # they have not offered yet: nothing but its model to go by
            kept = their_points >= their_points[view.index_of(last)] - 1e-9
        narrowed = eligible & kept
        if shown and not narrowed.any():
            eligible = kept & (view.my_points >= view.points_of(last) - 1e-9)
            narrowed = eligible  # (inside `kept` already)
        if narrowed.any():
            eligible = narrowed
        echo = self.keeps_their_gifts(view, last)
        if echo is not None:
            narrowed = eligible & echo
            if narrowed.any():
                eligible = narrowed
        return eligible

    def package(self, view: RoleView, target: float, their_points: np.ndarray) -> tuple[int, ...]:
        """Among packages worth at least `target` to it, the one best for them by its model,
        taking back nothing it already offered them (`keeping`)."""
        points = view.my_points
        under = self._under(view, target - 1e-9)
        if under is None:  # (no package is worth `target`: `points >= target` is empty)
            return view.package_at(int(points.argmax()))
        # Move after move it asks at about the same target, and the packages that clear it,
        # narrowed by `keeping`, are the same while its offer and what it reads stay the same.
        last = view.my_offer
        key = ("package", under, last)
        picks = self._reusable(view, their_points, last).get(key)
        if picks is None:
            # (never empty: `keeping` narrows only to packages that are left)
            candidates = np.flatnonzero(self.keeping(view, points >= target - 1e-9, their_points))
            picks = self._picks[key] = (
                candidates,
                their_points[candidates],
                points[candidates],
            )
        candidates, theirs, mine = picks
        # Best for them by the belief; among near-ties, the one that asks least above target,
        # then a seeded pick so it does not always say the same thing.
        near = self._near.get((key, target))
        if near is None:
            score = theirs - 0.05 * (mine - target)
            near = candidates[score >= score.max() - 1e-6]
            self._near[(key, target)] = near
        return view.package_at(int(near[int(self.rng.integers(len(near)))]))

    def _under(self, view: RoleView, bar: float) -> int | None:
        """How many packages are worth less than `bar` to it (None: all are). Two bars with
        the same count are cleared (`points >= bar`) by the same packages: the sets are
        nested."""
        ranked = self._ranked
        # (its points are a row of the outcome space's, handed out as a new view at each ask:
        # the space's package grid, with its role, says which)
        if ranked is None or ranked[0] is not view.packages or ranked[1] != view.role:
            ranked = self._ranked = (view.packages, view.role, _ranked(view))
        under = bisect_left(ranked[2], bar)
        return None if under == len(ranked[2]) or bar != bar else under  # (nan: none clears)

    def _reusable(
        self, view: RoleView, their_points: np.ndarray, last: tuple[int, ...] | None
    ) -> dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
        """The picks worked out on earlier moves, kept while every array `package` and
        `equivalent` read is the same object as then (its points, its model of yours, the
        packages that keep your gains and gifts): emptied when any is new."""
        moment = (view.moment, view.role, their_points, last)
        if REUSE and len(self._picks_at) == 4 and all(map(operator.is_, moment, self._picks_at)):
            return self._picks  # (asked again in the same move: `package`, then `equivalent`)
        self._picks_at = moment
        kept = gifts = None
        if last is not None:
            kept, gifts = self.keeps_gains(view, last), self.keeps_their_gifts(view, last)
        reads = (view.packages, their_points, kept, gifts)
        known = self._picks_for
        if (
            not REUSE
            or len(known) != 5
            or known[0] != view.role
            or any(a is not b for a, b in zip(reads, known[1:], strict=True))
        ):
            self._picks_for = (view.role, *reads)
            self._picks.clear()
        if len(self._near) + len(self._best) > 256 or not self._picks:
            self._near.clear()  # (a target that drifts move after move leaves one a move)
            self._best.clear()
        return self._picks

    def equivalent(
        self,
        view: RoleView,
        target: float,
        their_points: np.ndarray,
        floor: float,
        band: float | None = None,
        answer: bool = False,
    ) -> tuple[int, ...] | None:
        """A package it has not offered yet, worth about its target to it, to show instead of
        repeating its standing offer (gives nothing away; a side that answers movement with
        movement sees some). As an `answer` to their concession it must also be better for them
        by its model and take back nothing on any issue. None when there is none."""
        if band is None:
            band = self.style.equivalents * view.my_span
        if band <= 0:
            return None
        points = view.my_points
        least = max(target - band, floor, view.reservation())
        mine = view.offers_by(view.role)
        if self._unoffered is None:
            self._unoffered = np.ones(len(points), dtype=bool)
        for offer in mine[self._mine_seen :]:
            self._unoffered[view.index_of(offer.package)] = False
        self._mine_seen = len(mine)
        last = view.my_offer
        key = (
            "equivalent",
            self._under(view, least - 1e-9),
            self._mine_seen,  # (what it has offered: the packages still unoffered)
            view.their_offer,
            last,
            answer,
        )
        reusable = self._reusable(view, their_points, last)
        if key in reusable:
            picks = reusable[key]
        else:
            picks = reusable[key] = self._equivalents(view, least, their_points, answer)
        if picks is None:
            return None
        # (scored on the eligible packages alone: the same scores, and the first best)
        best = self._best.get((key, target))
        if best is None:
            candidates, theirs, ours = picks
            score = theirs + 0.05 * (ours - target)
            best = self._best[(key, target)] = int(candidates[np.argmax(score)])
        return view.package_at(best)

    def _equivalents(
        self, view: RoleView, least: float, their_points: np.ndarray, answer: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The packages `equivalent` chooses among (with their points and its model of yours),
        or None."""
        points = view.my_points
        eligible = points >= least - 1e-9
        assert self._unoffered is not None
        eligible &= self._unoffered
        if view.their_offer is not None:
            eligible[view.index_of(view.their_offer)] = False
        if not eligible.any():
            return None
        last = view.my_offer
        if last is not None:
            # "Worth the same to us" must not be a take-back: an issue moved away from what
            # their offers asked for reads to them (and the rules log it) as a retraction,
            # whatever its model of their points says. No such package: it repeats its offer.
            for rule in (self.keeps_gains(view, last), self.keeps_their_gifts(view, last)):
                if rule is not None:
                    eligible &= rule
            if answer:
                eligible &= their_points > their_points[view.index_of(last)] + 1e-9
            if not eligible.any():
                return None
            kept = eligible & (their_points >= their_points[view.index_of(last)] - 1e-9)
            if kept.any():
                eligible = kept
        candidates = np.flatnonzero(eligible)
        return candidates, their_points[candidates], points[candidates]

    def better_for_both(
        self, view: RoleView, package: tuple[int, ...], their_points: np.ndarray
    ) -> tuple[int, ...] | None:
        """A package clearly better for it and, by its belief, no worse for you than `package`,
        taking back nothing its standing offer gave you: how a problem-solver moves an agreement
        onto the frontier before it closes."""
        index = view.index_of(package)
        points = view.my_points
        gain = 0.03 * view.my_span
        better = (points >= points[index] + gain) & (their_points >= their_points[index] + 1e-9)
        if view.my_offer is not None:
            # It replaces its standing offer: like any offer, it takes back nothing that one gave
            # them, by what their offers show (its model alone was wrong often enough).
            kept = self.keeps_gains(view, view.my_offer)
            if kept is not None:
                better &= kept
        if not better.any():
            return None
        score = np.where(better, points + their_points, -np.inf)
        return view.package_at(int(np.argmax(score)))

    def tactic(self, view: RoleView, plan: Plan) -> str:
        """What its concession answers: your new offer's concession, or your holding."""
        if plan.final:
            return "final-offer"
        if plan.invitation:
            return "invite"
        matcher = self.style.match >= 0.8 and self.style.hold_step <= 0.03
        if matcher and len(view.their_offers) >= 2:
            return "reciprocate" if plan.given > 0 else "hold-firm"
        return "concede-on-curve"


def log_chance_you_take(view: RoleView, belief: Belief, their_points: np.ndarray) -> np.ndarray:
    """The log of the chance, by its belief, that you would take each package now: that the
    package beats your BATNA plus the delay costs you have paid.

    Not the posterior's own CDF, whose lumps (and any mixture with a broad reading) make the
    final offer jump to a long shot when your BATNA is believed a little better (issue 10).
    Instead a normal curve through the belief's median and its 80% interval (the interval the
    debrief shows), widened by how far its model of your points can be off either way (5% of
    its range, the slack it gives that model). A normal CDF is log-concave, so the offer is
    monotone in the belief. The posterior's core is near normal (its offer evidence is Gaussian
    near each path's target), and its thin floor of far-off hypotheses, which a fit by mean and
    variance would blow up into fat tails, does not make a long shot look likely."""
    paid = view.their_delay_cost * (view.round - 1)
    median = belief.batna_quantile(0.5) + paid
    low, high = (belief.batna_quantile(q) for q in INTERVAL)
    slack = 0.05 * view.my_span  # its model of your points can be off either way
    spread = float(np.hypot((high - low) / (2 * _Z_INTERVAL), slack))
    z = (their_points + slack - median) / spread
    inside = np.interp(z, _Z, _LOG_NORMAL_CDF, right=0.0)
    return np.where(z < _Z[0], _LOG_NORMAL_CDF[0] + _FIRST_SLOPE * (z - _Z[0]), inside)


def _log_normal_cdf(z: float) -> float:
    """log Φ(z), accurate in both tails."""
    if z > 0:
        return math.log1p(-0.5 * math.erfc(z / math.sqrt(2)))
    return math.log(0.5 * math.erfc(-z / math.sqrt(2)))


# log Φ sampled from 37 standard deviations below (where Φ is about 1e-300) to 8 above (where
# log Φ is about -6e-16), and read by linear interpolation: the straight pieces between samples
# of a concave function are concave too, so the curve read stays log-concave. Below the table
# it goes on along its first piece (still concave); above it, log Φ is 0.
_Z = np.linspace(-37.0, 8.0, 4501)
_LOG_NORMAL_CDF = np.array([_log_normal_cdf(float(z)) for z in _Z])
_FIRST_SLOPE = float((_LOG_NORMAL_CDF[1] - _LOG_NORMAL_CDF[0]) / (_Z[1] - _Z[0]))
_Z_INTERVAL = 1.2815515655446004  # Φ(1.2816) = 0.9: the 80% interval is ±1.2816 of them


def _ranked(view: RoleView) -> list[float]:
    """Its points for every package, in rising order: sorted once per outcome space and role
    (every game of a scenario shares its space), not once per game."""
    packages = view.packages
    key = (id(packages), view.role)
    known = _RANKED.get(key)
    if known is None or known[0]() is not packages:
        if len(_RANKED) >= 64:
            _RANKED.clear()
        points = np.sort(view.my_points)
        # (a nan is worth nothing: `points >= bar` never holds for one)
        known = _RANKED[key] = (weakref.ref(packages), points[~np.isnan(points)].tolist())
    return known[1]


# By (the outcome space's package grid, role): the grid, weakly (a new space may take the id of
# one gone), and that role's points sorted.
_RANKED: dict[tuple[int, int], tuple[weakref.ref, list[float]]] = {}


def _same(a: object, b: object) -> bool:
    """The same thing, or the same number to the last bit: equal doubles other than zero
    are the same double (a zero has two signs; a nan equals nothing)."""
    return a is b or (a == b and a != 0)


def their_concession(view: RoleView) -> float:
    """How far their latest offer improves, in its points, on the best they offered before
    (read afresh from the whole view: for tests and one-off reads, not for every move)."""
    theirs = TheirOffers()
    theirs.read(view)
    return theirs.concession()
