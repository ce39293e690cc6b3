"""What a counterpart believes about the other side: a Bayesian posterior over its BATNA, the
shape of its concessions, its deadline and its issue priorities (DESIGN.md §2, Counterparts).

The counterpart never sees the other side's points table, so it models it. The model:

- **Their points.** For each issue it assumes a *direction* — the other side likes the options
  it likes least (a distributive reading), unless their opening offers say otherwise — and a
  *weight*. Their points for a package are `base + span * sum_i w_i * v_i(option_i)` where
  `v_i` in [0, 1] is its own normalised table on issue i, flipped for an opposed issue. It
  assumes both sides score on the same scale (`base`, `span` = its own worst package and
  range): scorable exercises are written that way.
- **Hypotheses.** A joint grid over the weight vector `w` (a lattice on the simplex),
  their BATNA `b` (a grid over the public range their brief allows, widened), a concession
  exponent `e` (Boulware ... Conceder) and their planning horizon `d` (a few deadlines, or
  the one it knows). Held as one log-probability numpy array of shape (W, B, E, D).
- **Offers.** A side that negotiates seriously offers packages near a target that falls from
  its best towards its reservation (BATNA plus delay costs) by its deadline:
  `target = res + (best - res) * (1 - t ** (1/e))`. Each offer scores every hypothesis by how
  close the offer's modelled value is to that target (a Huber loss: Gaussian near it, linear in
  the tails, so one off-model offer does not decide, and more concession never reads higher). This is how eager
  concessions leak weakness: a big early drop fits only a low BATNA. Offers are valued under
  each weight hypothesis drawn half-way to even priorities (`PRIORITY_DOUBT`): a side may pick
  the issues it gives on by what the other side seems to like, so how far it moved is read
  with more confidence than where.
- **Firm sides.** A side that barely moves may have a strong alternative, or a firm style: a
  floor of its own, anywhere up to its best package, whatever its BATNA. The offers' evidence
  mixes both (`FIRM_FLOOR`), so standing firm is read mostly as style and earns next to no
  credit for a strong alternative (a hardliner is not read as holding aces). Firmness is read
  from pace (`FIRM_PACE`): a floor of its own goes with a Boulware pace, where standing firm and
  conceding slowly look alike; a side that concedes linearly or faster is read as conceding to
  its BATNA, so its steady steps say where its alternative lies (before, a third of the belief
  stayed spread below wherever its offers pointed, whatever its pace, and a side that conceded
  steadily to a high BATNA was read well below it).
- **Talk and facts.** Separable factors over one axis, rebuilt from what the view shows whenever
  something they read has changed (claims, disclosures, citations, trust, their offers, the
  events' shift, the horizons; `_talk_is_new`), and kept otherwise: answers weighted by the
  answerer's credibility (its trust score), signals discounted as cheap talk (and read as likely
  overstatements), a claimed alternative weighed against the claimant's own offers
  (`offers_back`: doubted when they point lower, or when they offered a package worth less to
  them than the alternative they claim — no one with an alternative worth 40 offers to settle
  for 30; a sharp reader gives a claim weight only as their offers back it (a wary one, at
  hard, holds part back until they can), none once they contradict it, and reads a
  contradicted claim as a hint of a weak alternative and as a reason to believe less of what
  they say after it), disclosed facts as hard evidence, priorities
  answers and benchmark citations on the weights, deadline answers on the horizon. A claim the
  game exposes as false stops counting and instead says the truth was below it. A public event
  that moves their BATNA shifts the whole grid by the change.

Only the evidence a `RoleView` shows is read; a claim's hidden truthfulness is never looked at.
`sharpness` tempers every likelihood (an easy counterpart reads you less well).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from functools import lru_cache
from math import comb

import numpy as np

from sim.core.state import Event
from sim.core.view import RoleView

BATNA_POINTS = 33
# Concession styles, from a strong Boulware to a strong Conceder, all alike before any offer:
# the shape of the offers over time (not a guess of the style) is what tells them apart, and a
# side that gives most of its ground early (8) must not be read as a linear one with less to give.
EXPONENTS = np.array([0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0])
EXPONENT_PRIOR = np.full(len(EXPONENTS), 1 / len(EXPONENTS))
MAX_WEIGHT_HYPOTHESES = 90
OPPOSED_PRIOR = (4.0, 1.0)  # Beta pseudo-counts: an issue is opposed unless offers say otherwise
DIRECTION_OFFERS = 4  # directions are read from the opening offers, then frozen
OFFER_SIGMA = 0.04  # of the points span: how far an offer may sit from the modelled target
HUBER = 1.5  # beyond this many sigmas an offer's misfit grows linearly: off-model, not damning
ANSWER_CREDIBILITY = 0.95  # how much an answer counts from a side with full trust
SIGNAL_CREDIBILITY = 0.45  # cheap talk counts for less, and is read as overstated
INTERVAL = (0.1, 0.9)  # the 80% interval
FIRM_FLOOR = 0.35  # prior chance that a side concedes to a floor of its own, not to its BATNA
# Firmness is read from pace: a floor of its own goes with a Boulware pace (an exponent up to
# this), where standing firm and conceding slowly look alike. A side that concedes linearly or
# faster concedes to its BATNA: its steady steps are read as where its alternative lies, not
# spread below any floor it might stop at. Each exponent keeps its prior, and FIRM_FLOOR stays
# the prior chance of a floor of its own, all of it on the slow exponents (a slow side is firm
# with chance 0.35 * 7/3 = 0.82). Measured (dev harness, silent linear humans, 4 seeds): 0.69x
# -> 0.64x the midpoint's error; with the floor on every pace, no choice of FIRM_FLOOR did as
# well without crediting standing firm (0.25: 0.68x, 0.15: 0.67x).
FIRM_PACE = 0.5
_SLOW = EXPONENTS <= FIRM_PACE
# The chance of a floor of its own at each pace, shaped like the (W, B, E, D) grid.
FIRM_BY_PACE = np.where(_SLOW, min(1.0, FIRM_FLOOR * len(EXPONENTS) / _SLOW.sum()), 0.0)[
    None, None, :, None
]
FLOOR_POINTS = 8  # floors a firm side may stop at above their BATNA range, up to their best
# How far offers are read under even priorities rather than each weight hypothesis's own: a
# side may choose which issues to give on for reasons other than its own points (what the other
# side seems to like, say), so which issues moved says less about its priorities than about
# how far it moved, and the reading of its BATNA must not hang on a guess of its priorities.
PRIORITY_DOUBT = 0.5
BELOW_SIGMA = 0.05  # of the points span: how precisely it reads an offer against a claim
# An offer this many BELOW_SIGMAs below a claimed alternative half-contradicts it.
BELOW_SIGMAS = 3.0
DOUBT = 0.35  # a claim their offers back this little (against the prior) is doubted
# A claim is weighed against behaviour, and early on there is little behaviour to weigh it
# against: a wary reader (hard) withholds this share of a claimed alternative's weight while
# their offers are few (half of it after PROOF_OFFERS offers), and gives it as they back it.
UNPROVEN = 0.5
PROOF_OFFERS = 2
# A claim their offers contradict hints at a weak alternative (those with strong ones need not
# overstate): up to this much less weight at the top of their range than at the bottom.
BLUFF_HINT = 0.5


@lru_cache(maxsize=16)
def weight_lattice(issues: int) -> np.ndarray:
    """Weight hypotheses: every composition of a few units over the issues, smoothed off zero,
    with as many units as keep the grid near MAX_WEIGHT_HYPOTHESES. One issue has one weight."""
    if issues < 2:
        lattice = np.ones((1, max(issues, 1)))
        lattice.setflags(write=False)
        return lattice
    units = 1
    while comb(units + issues, issues - 1) <= MAX_WEIGHT_HYPOTHESES:
        units += 1
    rows = [c for c in itertools.product(range(units + 1), repeat=issues) if sum(c) == units]
    lattice = np.array(rows, dtype=float) + 0.5
    lattice /= lattice.sum(axis=1, keepdims=True)
    lattice.setflags(write=False)
    return lattice


class Belief:
    """The posterior one side keeps about the other. Mutable, owned by one counterpart."""

    def __init__(self, view: RoleView, sharpness: float = 1.0, wary: bool = False):
        self.role = view.role
        self.sharpness = sharpness
        self.wary = wary  # holds back part of a claim's weight until their offers can back it
        # My value per option, per issue, as a share of my range there (read-only).
        self.mine = view.my_option_shares
        issues = len(self.mine)
        my_points = view.my_points
        self.base = view.my_worst
        self.span = view.my_span
        self.best = self.base + self.span
        self.their_delay_cost = view.their_delay_cost
        self._totals = view.totals_by_option
        self.my_points = my_points
        self.index = view.index_of
        self.max_rounds = view.max_rounds

        low, high = view.their_batna_public
        margin = 0.1 * max(high - low, 0.2 * self.span)
        self.batna_grid = np.linspace(low - margin, high + margin, BATNA_POINTS)
        inside = (self.batna_grid >= low) & (self.batna_grid <= high)
        outside = np.minimum(np.abs(self.batna_grid - low), np.abs(self.batna_grid - high))
        self.batna_prior = np.where(inside, 0.0, -0.5 * (outside / (0.5 * margin + 1e-9)) ** 2)
        # Where a side's concessions may end: at its BATNA (the grid), or, for a firm side, at a
        # floor of its own anywhere up to its best package (the grid continued upwards).
        top = float(self.batna_grid[-1])
        higher = (
            np.linspace(top, self.best, FLOOR_POINTS + 1)[1:] if self.best > top else np.empty(0)
        )
        self.path_grid = np.concatenate([self.batna_grid, higher])
        # How much of the way to their best package each floor stands for (a uniform prior).
        self.floor_width = np.concatenate(
            [
                np.full(BATNA_POINTS, self.batna_grid[1] - self.batna_grid[0]),
                np.full(len(higher), (self.best - top) / FLOOR_POINTS),
            ]
        )

        self.weights = weight_lattice(issues)
        # The weights offers are valued under: each hypothesis drawn towards even priorities.
        self.offer_weights = (1 - PRIORITY_DOUBT) * self.weights + PRIORITY_DOUBT * (
            self.weights.mean(axis=0)
        )
        self.horizons = self._horizons(view)
        self.horizon_prior = np.where(self.horizons == self.max_rounds, 0.0, np.log(0.6))
        share = OPPOSED_PRIOR[0] / sum(OPPOSED_PRIOR)
        self.opposed = np.full(issues, share**4 / (share**4 + (1 - share) ** 4))
        self._direction_counts = np.tile(np.array(OPPOSED_PRIOR, dtype=float), (issues, 1))

        shape = (len(self.weights), len(self.path_grid), len(EXPONENTS), len(self.horizons))
        # Double precision throughout: every other factor it is summed with is float64, and a
        # mixed sum rounds differently depending on the order the terms arrive in.
        self.offer_loglik: np.ndarray = np.zeros(shape)
        self.offers_seen: list[tuple[int, tuple[int, ...], float]] = []  # (round, package, shift)
        self._offer_version = 0  # bumped whenever offer_loglik changes
        self._evidence: tuple[int, np.ndarray] | None = None
        self.shift = 0.0  # how far public events have moved their BATNA since the start
        self.shifts: list[tuple[int, float]] = []  # (round, total shift from then on)
        self.batna_loglik = np.zeros(BATNA_POINTS)
        self.weight_loglik = np.zeros(len(self.weights))
        self.horizon_loglik = np.zeros(len(self.horizons))
        self.exposed_seen = 0
        self.known_batna: float | None = None  # a disclosed fact states it exactly
        self._events_seen = 0
        self._posterior: np.ndarray | None = None
        self._marginals: tuple[np.ndarray, ...] = ()
        self._priorities: np.ndarray | None = None
        self._their_points: np.ndarray | None = None
        self._summary: dict[str, float] | None = None
        self._offers_marginal: tuple[int, np.ndarray, np.ndarray] | None = None
        self._doubted: tuple[str, ...] = ()
        self._forget()
        self.update(view)

    # -- setting up --

    def _forget(self) -> None:
        """Drop what is kept from earlier reading, so the next update reads the whole view as
        if for the first time (and believes the same: `tests/test_belief_incremental.py`)."""
        # What the last update read: the moment of play, and what the talk factors were built
        # from (`_talk_is_new`), so an update reads only what is new.
        self._moment: object | None = None
        self._talk_heard: tuple[object, ...] | None = None
        self._deadline_read: tuple[object, ...] = ()  # (disclosures, horizons) when last read
        self._backing: dict[tuple[int, float, float], float] = {}  # `offers_back`, by claim
        # Quantiles and means read off the posterior, until the next update changes it.
        self._answers: dict[object, float] = {}
        # Their modelled values per option, for the direction estimate they were computed from
        # (`_their_values`).
        self._values_for: np.ndarray | None = None
        self._values: list[np.ndarray] = []

    def _horizons(self, view: RoleView) -> np.ndarray:
        known = view.their_known_deadline
        if known is not None:
            return np.array([float(min(known, self.max_rounds))])
        last = self.max_rounds
        guesses = {
            last,
            max(2, round(0.6 * last)),
            max(2, round(0.8 * last)),
            min(view.deadline, last),
        }
        return np.array(sorted(guesses), dtype=float)

    def _their_values(self) -> list[np.ndarray]:
        """Per issue: their modelled value of each option in [0, 1] under the direction estimate.
        Kept while the estimate stands (it is replaced, never changed, by the opening offers)."""
        if self._values_for is not self.opposed:
            self._values = [
                q * (1 - m) + (1 - q) * m for q, m in zip(self.opposed, self.mine, strict=True)
            ]
            self._values_for = self.opposed
        return self._values

    # -- evidence --

    def update(self, view: RoleView, events: tuple[Event, ...] = ()) -> None:
        """Read everything new in the view (offers, talk, facts, events) into the posterior.

        Only what arrived since the last update is read: a view of the very moment already
        read (a counterpart observes a move, then decides on the same state) costs nothing."""
        moment = view.moment
        if moment is self._moment:
            return
        self._moment = moment
        changed = self._read_events(view)
        offers = view.their_offers
        if len(offers) > len(self.offers_seen):
            for offer in offers[len(self.offers_seen) :]:
                self._add_offer(offer.round, tuple(offer.package))
            changed = True
        # Their deadline as known (their brief, or what they disclosed): read again only when
        # the disclosures or the horizons are new since it was last read (until then it
        # would find the horizons it left).
        disclosures = view.talk_token()[1]
        read = self._deadline_read
        if not read or read[0] is not disclosures or read[1] is not self.horizons:
            known = view.their_known_deadline
            if known is not None and (
                len(self.horizons) != 1 or self.horizons[0] != min(known, self.max_rounds)
            ):
                self._reset_horizons(np.array([float(min(known, self.max_rounds))]))
                changed = True
            self._deadline_read = (disclosures, self.horizons)
        if self._talk_is_new(view):
            changed |= self._read_talk(view)
        if changed or self._summary is None:
            self._posterior = None
            self._summary = None
            self._priorities = None
            self._their_points = None
            self._answers = {}

    def _read_events(self, view: RoleView) -> bool:
        """Public events that move their BATNA shift every hypothesis by the same amount."""
        log = view.events()
        changed = False
        their_id = None
        for event in log[self._events_seen :]:
            detail = event.detail
            if event.kind == "scenario-event" and "batna_change" in detail:
                if their_id is None:
                    their_id = self._their_role_id(view)
                if detail.get("role") == their_id:
                    self.shift += float(detail["batna_change"])
                    self.shifts.append((event.round, self.shift))
                    changed = True
            if event.kind == "scenario-event" and "deadline_after" in detail:
                if their_id is None:
                    their_id = self._their_role_id(view)
                if detail.get("deadline_role") == their_id:
                    self._reset_horizons(
                        np.array([float(min(int(detail["deadline_after"]), self.max_rounds))])
                    )
                    changed = True
            if event.kind == "exposed" and event.actor is not None and event.actor != self.role:
                self.exposed_seen += 1
                changed = True
        self._events_seen = len(log)
        return changed

    def _their_role_id(self, view: RoleView) -> str:
        return view.role_ids[1 - self.role]

    def _reset_horizons(self, horizons: np.ndarray) -> None:
        self.horizons = horizons
        self.horizon_prior = np.zeros(len(horizons))
        self.horizon_loglik = np.zeros(len(horizons))
        self.offer_loglik = np.zeros(
            (len(self.weights), len(self.path_grid), len(EXPONENTS), len(horizons))
        )
        for when, package, shift in self.offers_seen:
            self.offer_loglik += self._offer_term(when, package, shift)
        self._offer_version += 1

    def _add_offer(self, when: int, package: tuple[int, ...]) -> None:
        self.offers_seen.append((when, package, self.shift))
        self._offer_version += 1
        if len(self.offers_seen) <= DIRECTION_OFFERS:
            # Opening offers show which way each issue runs for them: an option I value highly
            # in their opening offer means that issue is not opposed.
            weight = 1.0 / len(self.offers_seen)
            for issue, option in enumerate(package):
                mine = self.mine[issue][option]
                self._direction_counts[issue] += weight * np.array([1 - mine, mine]) * 2
            counts = self._direction_counts
            share = counts[:, 0] / counts.sum(axis=1)
            # Sharpened: an issue runs one way or the other, and a blend of both would model
            # their best package as worth less to them than it is.
            self.opposed = share**4 / (share**4 + (1 - share) ** 4)
            self.offer_loglik = np.zeros_like(self.offer_loglik)
            for w, p, s in self.offers_seen:
                self.offer_loglik += self._offer_term(w, p, s)
        else:
            self.offer_loglik += self._offer_term(when, package, self.shift)

    def _offer_term(self, when: int, package: tuple[int, ...], shift: float) -> np.ndarray:
        values = self._their_values()
        offered = self.base + self.span * (self.offer_weights @ _issue_values(values, package))
        # Their opening offer is their best package by their own account: read later offers
        # against it, so a model that under-values their packages does not read their
        # concessions as bigger than they are (and their BATNA as lower).
        opening = self.offers_seen[0][1]
        top = np.maximum(self.offer_weights @ _issue_values(values, opening), 0.3)
        offered = self.base + (offered - self.base) / top
        reservation = self.path_grid + shift + self.their_delay_cost * (when - 1)  # (B,)
        t = np.clip((when - 1) / np.maximum(self.horizons - 1, 1), 0.0, 1.0)  # (D,)
        progress = t[None, :] ** (1.0 / EXPONENTS[:, None])  # (E, D)
        res = reservation[:, None, None]
        target = np.minimum(
            res + (self.best - res) * (1 - progress[None]), np.maximum(res, self.best)
        )
        sigma = OFFER_SIGMA * self.span
        z = (offered[:, None, None, None] - target[None]) * (1 / sigma)
        # Huber: Gaussian near the target, linear in the tails. Robust to an off-model offer,
        # and log-concave, so an offer that concedes more can only point to a lower BATNA.
        size = np.abs(z)
        term = np.where(size <= HUBER, -0.5 * z * z, HUBER * (0.5 * HUBER - size))
        # A serious side does not offer below its own reservation value: the further below,
        # the less likely (a hinge, so the likelihood stays log-concave in the offer).
        short = (res - 2 * sigma)[None] - offered[:, None, None, None]
        term -= np.maximum(short, 0.0) * (1 / sigma)
        return term

    def _talk_is_new(self, view: RoleView) -> bool:
        """Whether anything the talk factors are built from changed since they were: the talk
        itself (claims, disclosures, citations, trust), their offers (a claim is weighed against
        them), the events' shifts of their BATNA, or the horizons. If not, `_read_talk` would
        build the same arrays again."""
        heard = (*view.talk_token(), self.horizons, self._offer_version, len(self.shifts))
        last = self._talk_heard
        if (
            last is not None
            and all(map(operator.is_, heard[:5], last[:5]))
            and heard[5:] == last[5:]
        ):
            return False
        self._talk_heard = heard
        return True

    def _read_talk(self, view: RoleView) -> bool:
        """Rebuild the separable factors from every claim, disclosure and citation so far."""
        width = 0.03 * self.span
        trust = view.their_trust
        batna = np.zeros(BATNA_POINTS)
        weights = np.zeros(len(self.weights))
        horizons = np.zeros(len(self.horizons))
        top = self.weights.max(axis=1)
        doubted: set[str] = set()
        word = 1.0  # how far their word still counts, once their offers contradicted a claim
        for claim in view.their_claims:
            values = claim.values
            if claim.exposed:
                # Caught out: the truth lay below what they claimed (they overstated).
                if claim.topic == "batna" and values:
                    at = self.batna_grid + self.shift_at(claim.round)
                    batna += np.log(0.1 + 0.9 * _below(at, values[-1], width))
                continue
            signal = claim.via == "signal"
            credibility = (SIGNAL_CREDIBILITY if signal else ANSWER_CREDIBILITY) * trust * word
            if claim.topic == "batna" and len(values) == 1:
                # Weighed against behaviour: an alternative their own offers contradict (they
                # concede like a side that has less, or offered less than it) counts for less,
                # and for nothing once they plainly do.
                backing = self.offers_back(values[0] - self.shift_at(claim.round) + self.shift)
                credibility *= self._credit(backing)
                if backing < DOUBT:
                    doubted.add("batna")
                    # Caught by their own offers: the claim hints at a weak alternative, and
                    # what they say after it counts for less.
                    caught = 1.0 - backing / DOUBT
                    at = self.batna_grid + self.shift_at(claim.round)
                    batna += np.log(1 - BLUFF_HINT * caught * _rank(at))
                    word = min(word, 1.0 - caught)
            if claim.topic == "batna":
                at = self.batna_grid + self.shift_at(claim.round)
                batna += np.log(self._batna_claim(at, values, signal, credibility))
            elif claim.topic == "priorities" and values:
                share = np.mean([self.weights[:, int(v)] / top for v in values], axis=0)
                weights += np.log(credibility * share**3 + (1 - credibility))
            elif claim.topic == "deadline" and values:
                if len(values) == 2:
                    likelihood = _inside(self.horizons, values[0], values[1], 0.5)
                else:
                    likelihood = _bump(self.horizons, min(values[0], self.max_rounds), 0.75)
                horizons += np.log(credibility * likelihood + (1 - credibility))
        known = None
        for disclosure in view.their_disclosures:
            if disclosure.topic == "batna":
                known = disclosure.value + self.shift - self.shift_at(disclosure.round)
                at = self.batna_grid + self.shift_at(disclosure.round)
                batna += np.log(0.002 + _bump(at, disclosure.value, 0.01 * self.span + 0.5))
            elif disclosure.topic == "priorities":
                weights += np.log(0.05 + (self.weights[:, int(disclosure.value)] / top) ** 3)
        for citation in view.citations_by(1 - self.role):
            issue = view.benchmarks[citation.benchmark].issue
            weights += np.log(0.7 + 0.3 * self.weights[:, issue] / top)
        changed = not (
            np.array_equal(batna, self.batna_loglik)
            and np.array_equal(weights, self.weight_loglik)
            and np.array_equal(horizons, self.horizon_loglik)
        )
        self.batna_loglik, self.weight_loglik, self.horizon_loglik = batna, weights, horizons
        changed |= known != self.known_batna
        self.known_batna = known
        if known is not None:
            doubted.discard("batna")  # a disclosed fact states it: nothing left to doubt
        self._doubted = tuple(sorted(doubted))
        return changed

    def _batna_claim(
        self, at: np.ndarray, values: tuple[float, ...], signal: bool, credibility: float
    ) -> np.ndarray:
        """The likelihood of each BATNA hypothesis (`at`, as it stood when they spoke) given
        what they said of their alternative, counted at `credibility`."""
        width = 0.03 * self.span
        if not values:
            # Declining to name an alternative hints it is not a strong one.
            return 1 - 0.15 * _rank(at)
        if len(values) == 2:
            return credibility * _inside(at, values[0], values[1], width) + (1 - credibility)
        if signal:
            # Signals overstate more often than not: read one as a ceiling near the claim.
            return credibility * _bump(at, values[0] - 0.05 * self.span, 0.08 * self.span) + (
                1 - credibility
            )
        # If it is a lie, it most likely overstates: the truth is then below it.
        return credibility * _bump(at, values[0], width) + 0.3 * (1 - credibility) * _below(
            at, values[0], 4 * width
        )

    def _credit(self, backing: float) -> float:
        """How much of a claimed alternative's weight it gives, from how well their offers back
        it (`offers_back`): a sharp reader gives nothing to a claim their offers contradict
        (backing at or below DOUBT), a loose one (easy) still some; a wary one also withholds
        part while their offers are too few to back it."""
        sharp = self.sharpness
        floor = DOUBT * sharp
        credit = max(0.0, (backing - floor) / (1.0 - floor))
        offers = len(self.offers_seen)
        withheld = UNPROVEN if self.wary else 0.0
        return credit * (1.0 - withheld * PROOF_OFFERS / (offers + PROOF_OFFERS))

    def offers_back(self, claim: float) -> float:
        """How well their offers alone support a BATNA of at least `claim` (now, in points):
        1 when the offers are as consistent with it as the brief is (or there are too few
        offers to tell), towards 0 when they contradict it. Two readings, the stricter counts:
        the BATNA their offers point to against the prior, and whether they have offered a
        package worth less to them than the alternative they claim (no one with an
        alternative worth 40 offers to settle for 30).

        Kept per claim until their offers or the events' shift change: the talk is read again
        whenever anything is said, by either side, and each of their claims asks this again."""
        key = (self._offer_version, self.shift, claim)
        known = self._backing.get(key)
        if known is None:
            if len(self._backing) >= 64:
                self._backing.clear()
            known = self._backing[key] = self._offers_back(claim)
        return known

    def _offers_back(self, claim: float) -> float:
        if len(self.offers_seen) < 2:
            return 1.0
        grid = self.batna_grid + self.shift
        # A claim beyond anything their brief allows is read as "at the top of the range".
        ceiling = min(claim, float(grid[-1] - 0.15 * (grid[-1] - grid[0])))
        at_least = grid >= ceiling - 0.03 * self.span
        prior = np.exp(self.batna_prior - self.batna_prior.max())
        prior /= prior.sum()
        expected = float(prior[at_least].sum())
        if expected <= 1e-9:
            return 1.0
        batna, _weights = self._offer_marginals()
        support = float(min(1.0, batna[at_least].sum() / expected))
        return min(support, 1.0 - self._offered_below(claim))

    def _offered_below(self, claim: float) -> float:
        """How surely some offer of theirs (after the opening) was worth less to them than an
        alternative worth `claim` now, once delay costs are paid: 0 when none was, towards 1
        the further below it went (in offer sigmas; their points read two ways, by their
        priorities as their offers show them and as the mirror of mine)."""
        _batna, weights = self._offer_marginals()
        values = self._their_values()
        opening = self.offers_seen[0][1]
        top = max(float(weights @ self.weights @ _issue_values(values, opening)), 0.3)
        sigma = BELOW_SIGMA * self.span
        start = claim - self.shift  # the claim, on the grid of their starting BATNA
        worst = -np.inf
        mirror_top = max(1.0 - float(self._mine_of(opening)), 0.3)
        for when, package, shift in self.offers_seen[1:]:
            offered = (
                self.base
                + self.span * float(weights @ self.weights @ _issue_values(values, package)) / top
            )
            # The plain distributive reading too (what I gain, they give up): a package that
            # reads as below their claim either way is below it.
            mirrored = self.base + self.span * (1.0 - self._mine_of(package)) / mirror_top
            offered = min(offered, mirrored)
            reservation = start + shift + self.their_delay_cost * (when - 1)
            worst = max(worst, (reservation - offered) / sigma)
        # Three sigmas below is as likely a misreading of their points as not; five, rarely.
        return float(1 / (1 + np.exp(-2.0 * (worst - BELOW_SIGMAS))))

    def _mine_of(self, package: tuple[int, ...]) -> float:
        """My own points for `package`, as a share of my range."""
        return (self.my_points[self.index(package)] - self.base) / self.span

    def _offer_marginals(self) -> tuple[np.ndarray, np.ndarray]:
        """Their BATNA and their priorities as their offers alone (and the priors) say them,
        cached per offer."""
        if self._offers_marginal is None or self._offers_marginal[0] != self._offer_version:
            log = self._offer_evidence()
            log = log + np.log(EXPONENT_PRIOR)[None, None, :, None]
            log = log + self.horizon_prior[None, None, None, :]
            log = log + self.batna_prior[None, :, None, None]
            log -= log.max()
            mass = np.exp(log)
            w, b, e, d = mass.shape
            by_weight_batna = mass.reshape(w * b, e * d).sum(axis=1).reshape(w, b)
            batna = by_weight_batna.sum(axis=0)
            weights = by_weight_batna.sum(axis=1)
            self._offers_marginal = (
                self._offer_version,
                batna / batna.sum(),
                weights / weights.sum(),
            )
        return self._offers_marginal[1], self._offers_marginal[2]

    def _offer_evidence(self) -> np.ndarray:
        """What their offers say of every hypothesis (log, tempered by sharpness), allowing for
        a side that concedes to a floor of its own rather than to its BATNA.

        A time-based side's offers end at its reservation; but a firm side (a hardliner, a side
        that barely moves) stops at a floor above it, wherever its BATNA is. So the offers of a
        side with BATNA b are read as either path: to b itself, or to a floor of its own drawn
        anywhere from the bottom of their range to their best package, independently of b (and
        never below b). A side that ends high is then read as "high BATNA or firm", not as a
        strong alternative alone, and a side that never moves is read mostly as firm.
        """
        if self._evidence is None or self._evidence[0] != self._offer_version:
            paths = self.sharpness * self.offer_loglik
            log = paths[:, :BATNA_POINTS]
            if self.offers_seen:
                top = paths.max()
                likelihood = np.exp(paths - top)
                to_batna = likelihood[:, :BATNA_POINTS]
                # A firm side's floor lies anywhere on the path grid whatever its BATNA, but it
                # never concedes below its BATNA: its path ends at max(floor, b). For each b:
                # the paths to every floor above it, and b's own path for every floor below.
                width = self.floor_width
                step = width[0]
                above = step * np.cumsum(to_batna[:, ::-1], axis=1)[:, ::-1]
                higher = likelihood[:, BATNA_POINTS:]
                above += np.tensordot(higher, width[BATNA_POINTS:], axes=([1], [0]))[:, None]
                below = step * np.arange(BATNA_POINTS, dtype=float)[None, :, None, None]
                firm = (above + below * to_batna) / width.sum()
                # Firmness is a pace: a side that barely moves is firm or slow, one that
                # concedes steadily concedes to its BATNA (`FIRM_PACE`).
                mixed = (1 - FIRM_BY_PACE) * to_batna + FIRM_BY_PACE * firm
                log = np.log(np.maximum(mixed, 1e-300)) + top
            self._evidence = (self._offer_version, log)
        return self._evidence[1]

    def doubted(self) -> tuple[str, ...]:
        """Topics of their claims that their own offers contradict."""
        return self._doubted

    def shift_at(self, when: int) -> float:
        """How far public events had moved their BATNA by round `when`: evidence dated to a
        round speaks of the BATNA as it stood then (the grid holds their starting BATNA)."""
        for seen_round, shift in reversed(self.shifts):
            if seen_round <= when:
                return shift
        return 0.0

    # -- reading the posterior --

    def posterior(self) -> np.ndarray:
        if self._posterior is None:
            s = self.sharpness
            log = self._offer_evidence().copy()
            log += (self.batna_prior + s * self.batna_loglik)[None, :, None, None]
            log += (s * self.weight_loglik)[:, None, None, None]
            log += np.log(EXPONENT_PRIOR)[None, None, :, None]
            log += (self.horizon_prior + s * self.horizon_loglik)[None, None, None, :]
            log -= log.max()
            post = np.exp(log, out=log)
            post /= post.sum()
            self._posterior = post
            # The four marginals, once per update: everything the strategy reads comes from them.
            # Summed as 2-D blocks (weights x BATNA against exponent x horizon): contiguous
            # reductions are several times faster than numpy's multi-axis ones.
            w, b, e, d = post.shape
            flat = post.reshape(w * b, e * d)
            by_weight_batna = flat.sum(axis=1).reshape(w, b)
            by_exponent_horizon = flat.sum(axis=0).reshape(e, d)
            self._marginals = tuple(
                m / m.sum()
                for m in (
                    by_weight_batna.sum(axis=1),
                    by_weight_batna.sum(axis=0),
                    by_exponent_horizon.sum(axis=1),
                    by_exponent_horizon.sum(axis=0),
                )
            )
        return self._posterior

    def marginal(self, axis: int) -> np.ndarray:
        """The posterior over one axis: 0 weights, 1 BATNA, 2 exponent, 3 horizon."""
        self.posterior()
        return self._marginals[axis]

    def batna_distribution(self) -> tuple[np.ndarray, np.ndarray]:
        """Their current BATNA hypotheses (points) and the probability of each."""
        if self.known_batna is not None:
            return np.array([self.known_batna]), np.array([1.0])
        return self.batna_grid + self.shift, self.marginal(1)

    def _kept_answer(self, key: object, read: Callable[[], float]) -> float:
        """An answer read off the posterior (a quantile, a mean), kept until the next update."""
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = read()
        return answer

    def batna_quantile(self, q: float) -> float:
        return self._kept_answer(("batna", q), lambda: self._batna_quantile(q))

    def _batna_quantile(self, q: float) -> float:
        grid, mass = self.batna_distribution()
        if len(grid) == 1:
            return float(grid[0])
        return float(np.interp(q, np.cumsum(mass), grid))

    def summary(self) -> dict[str, float]:
        """Mean and 80% interval of their BATNA, rounded so traces are byte-stable."""
        if self._summary is None:
            grid, mass = self.batna_distribution()
            self._summary = {
                "batna_mean": round(float(grid @ mass), 2),
                "batna_low": round(self.batna_quantile(INTERVAL[0]), 2),
                "batna_high": round(self.batna_quantile(INTERVAL[1]), 2),
            }
        return self._summary

    def priorities(self) -> np.ndarray:
        """Posterior mean weight of each issue for them (sums to 1)."""
        if self._priorities is None:
            self._priorities = self.marginal(0) @ self.weights
            self._priorities.setflags(write=False)  # (a new array whenever the belief changes)
        return self._priorities

    def horizon(self) -> float:
        """Posterior mean of the round they plan to finish by."""
        return self._kept_answer("horizon", lambda: float(self.marginal(3) @ self.horizons))

    def horizon_quantile(self, q: float) -> float:
        """The round by which, with probability q, they must have finished."""
        return self._kept_answer(("horizon", q), lambda: self._horizon_quantile(q))

    def _horizon_quantile(self, q: float) -> float:
        mass = self.marginal(3)
        index = min(len(mass) - 1, int(np.searchsorted(np.cumsum(mass), q - 1e-9)))
        return float(self.horizons[index])

    def exponent(self) -> float:
        return float(self.marginal(2) @ EXPONENTS)

    def their_points(self) -> np.ndarray:
        """Their modelled points for every package (expected under the belief), indexed like
        the outcome space."""
        if self._their_points is None:
            weights = self.priorities()
            total = self._totals([weights[i] * v for i, v in enumerate(self._their_values())])
            self._their_points = self.base + self.span * total
            # Read-only: a new array whenever the belief changes, so a reader may keep what it
            # worked out from this one for as long as it is handed this one (`Offering._pie`).
            self._their_points.setflags(write=False)
        return self._their_points


def _issue_values(values: list[np.ndarray], package: tuple[int, ...]) -> np.ndarray:
    """Their modelled value of each option of `package`, issue by issue."""
    return np.array([values[i][option] for i, option in enumerate(package)])


def _bump(grid: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((grid - centre) / width) ** 2)


def _inside(grid: np.ndarray, low: float, high: float, width: float) -> np.ndarray:
    """Close to 1 inside [low, high], falling off smoothly outside."""
    gap = np.maximum(low - grid, 0) + np.maximum(grid - high, 0)
    return np.exp(-0.5 * (gap / width) ** 2)


def _below(grid: np.ndarray, ceiling: float, width: float) -> np.ndarray:
    return 1 / (1 + np.exp((grid - ceiling) / width))


def _rank(grid: np.ndarray) -> np.ndarray:
    spread = grid.max() - grid.min()
    return (grid - grid.min()) / spread if spread > 0 else np.zeros_like(grid)
