"""Calibrating a case: play it between the counterparts and tell its writer what it teaches.

A scenario can load cleanly and still be a poor case: one side's BATNA beats every package, the
counterparts never agree, the "integrative" issues add nothing, or a fact that was meant to swing
the game changes nothing. `check_scenario` finds these by playing the case, headless, across
personas and seeds (`leverage scenario check` prints what it finds):

- **the points tables**, read statically: each issue's kind (distributive, integrative,
  compatible, the same rule the shipped-scenario tests use), the joint points the integrative
  issues add when each goes to the side that values it more instead of being split down the
  middle, and whether either side can do better than its BATNA at all;
- **the main sample**: the default pairing plus every Bayesian persona against the default one,
  from either side. Agreement rate, how each side does against its BATNA, how far true
  leverage swings within a game, and how often games run to a deadline;
- **probes**: for every fact and every event, the same seed played twice — once with it (the
  holder discloses the fact on its first move; the event happens in its round) and once
  without (the fact is never disclosed or revealed; the event never happens). It *moves
  leverage* in a probe when either side's true or perceived leverage differs anywhere in the
  two games. A counterfactual catches what a one-turn reading cannot: a priorities fact moves
  no BATNA, but it changes what the other side offers next.

Problems (a case that is not ready) and notes (worth a look) are plain sentences. Everything is
seeded: the same file, seed and game count give the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from attrs import evolve, frozen

from sim.ai.match import MAX_MOVES, Match
from sim.ai.personas import BAYESIAN_PERSONAS, DEFAULT_DIFFICULTY, DEFAULT_PERSONA, make_counterpart
from sim.ai.selfplay import Lineup
from sim.core.leverage import leverage, perceived_leverage
from sim.core.moves import Disclose, Move
from sim.core.rules import undisclosed_facts
from sim.core.scenario import Issue, Scenario
from sim.core.state import Game, GameState
from sim.core.view import RoleView

DEFAULT_GAMES = 12  # games of the default pairing; the persona pairings play a third each
PROBES_PER_ITEM = 6
MOVED = 0.5  # leverage points (of ±100) that count as a difference between two games
INTEGRATIVE_RATIO = 1.8  # opposed issues whose weights differ this much are worth trading
MIN_AGREEMENT = 0.6  # "most games" with the default counterpart, with a margin
MAX_SURPLUS_SHARE = 0.85  # one side taking more than this of the surplus is lopsided

Progress = Callable[[int, int], None]


def issue_kind(issue: Issue) -> str:
    """Distributive, integrative or compatible, from the points alone: the same direction of
    preference is compatible; opposed with weights at least INTEGRATIVE_RATIO apart is worth
    trading (integrative); otherwise every point one side gains the other loses."""
    first = [o.points[0] for o in issue.options]
    second = [o.points[1] for o in issue.options]
    if first.index(max(first)) == second.index(max(second)):
        return "compatible"
    weights = sorted((max(first) - min(first), max(second) - min(second)))
    return "integrative" if weights[1] >= INTEGRATIVE_RATIO * weights[0] else "distributive"


@frozen
class IssueReport:
    id: str
    kind: str
    weights: tuple[float, float]  # how much the issue can matter to each role
    joint_gain: float  # joint points of its best option for both over its middle option


@frozen
class ItemReport:
    """One fact or event, across its probes."""

    kind: str  # "fact" or "event"
    id: str
    probes: int
    happened: int  # probes in which the event happened / the fact came out
    moved: int  # probes in which leverage ran differently with it than without
    largest_shift: float  # the largest difference in leverage it made at any turn
    points_effect: tuple[float, float]  # mean final points with it minus without, by role


@frozen
class CheckReport:
    scenario: Scenario
    games: int
    seed: int
    issues: tuple[IssueReport, ...]
    integrative_value: float  # joint points the integrative issues add over splitting them
    max_joint: float
    best_for: tuple[float, float]  # each role's best package
    batna_range: tuple[tuple[float, float], tuple[float, float]]
    zone_at_low: bool  # some package beats both BATNAs at their lowest draws
    zone_at_high: bool  # ... at their highest draws
    default_agreement: float
    agreement_by_pairing: dict[str, float]
    mean_gain: tuple[float, float]  # mean final points over the drawn BATNA (all games)
    surplus_share: tuple[float, float]  # mean share of the surplus in deals, by role
    swing_mean: float  # mean (max - min) of role 0's true leverage within a game
    swing_max: float
    opening_range: tuple[float, float]  # role 0's true leverage at the start, over the seeds
    deadline_rate: float  # games that ended with no deal when time ran out
    walk_away_rate: float  # games one side walked away from
    wire_rate: float  # deals struck in the last round anyone had
    mean_rounds: float
    items: tuple[ItemReport, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def balanced(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        roles = self.scenario.role_ids

        def by_role(pair) -> dict[str, float]:
            return {roles[r]: _r(pair[r]) for r in (0, 1)}

        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "games": self.games,
            "balanced": self.balanced,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "issues": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "weights": by_role(i.weights),
                    "joint_gain": _r(i.joint_gain),
                }
                for i in self.issues
            ],
            "integrative_value": _r(self.integrative_value),
            "max_joint_points": _r(self.max_joint),
            "best_package": by_role(self.best_for),
            "batna_range": {roles[r]: [_r(v) for v in self.batna_range[r]] for r in (0, 1)},
            "zone_of_agreement": {
                "lowest_batnas": self.zone_at_low,
                "highest_batnas": self.zone_at_high,
            },
            "agreement_rate": _r(self.default_agreement),
            "agreement_by_pairing": {k: _r(v) for k, v in self.agreement_by_pairing.items()},
            "mean_gain_over_batna": by_role(self.mean_gain),
            "surplus_share": by_role(self.surplus_share),
            "leverage_swing": {"mean": _r(self.swing_mean), "max": _r(self.swing_max)},
            "opening_leverage": {roles[0]: [_r(v) for v in self.opening_range]},
            "deadline_rate": _r(self.deadline_rate),
            "walk_away_rate": _r(self.walk_away_rate),
            "last_round_deal_rate": _r(self.wire_rate),
            "mean_rounds": _r(self.mean_rounds),
            "facts_and_events": [
                {
                    "kind": item.kind,
                    "id": item.id,
                    "probes": item.probes,
                    "happened": item.happened,
                    "moved_leverage": item.moved,
                    "largest_shift": _r(item.largest_shift),
                    "points_effect": by_role(item.points_effect),
                }
                for item in self.items
            ],
        }


def _r(value: float) -> float:
    return round(float(value), 2)


# -- the points tables ---------------------------------------------------------------------------


def _issue_reports(scenario: Scenario) -> tuple[IssueReport, ...]:
    reports = []
    for issue in scenario.issues:
        first = [o.points[0] for o in issue.options]
        second = [o.points[1] for o in issue.options]
        joint = [a + b for a, b in zip(first, second, strict=True)]
        middle = joint[(len(joint) - 1) // 2]
        reports.append(
            IssueReport(
                issue.id,
                issue_kind(issue),
                (max(first) - min(first), max(second) - min(second)),
                max(joint) - middle,
            )
        )
    return tuple(reports)


def _zone(points: np.ndarray, low: tuple[float, float]) -> bool:
    """Whether some package beats both BATNAs."""
    return bool(((points[0] > low[0]) & (points[1] > low[1])).any())


# -- playing -------------------------------------------------------------------------------------


def _pairings() -> list[tuple[str, Lineup]]:
    """The default pairing first, then each other Bayesian persona against it, from each side."""
    pairings = [(f"{DEFAULT_PERSONA} v {DEFAULT_PERSONA}", Lineup())]
    for persona in BAYESIAN_PERSONAS:
        if persona == DEFAULT_PERSONA:
            continue
        pairings.append(
            (f"{persona} v {DEFAULT_PERSONA}", Lineup.for_role(0, persona, DEFAULT_PERSONA))
        )
        pairings.append(
            (f"{DEFAULT_PERSONA} v {persona}", Lineup.for_role(1, persona, DEFAULT_PERSONA))
        )
    return pairings


def _play(
    game: Game, lineup: Lineup, disclose_first: int | None = None, muzzle: int | None = None
) -> Match:
    """Play one game between counterparts. `disclose_first`: the fact's holder discloses it with
    its first move. `muzzle`: that fact is never disclosed (the talk is dropped, the move kept)."""
    first, second = (
        make_counterpart(game, role, lineup.personas[role], lineup.difficulty) for role in (0, 1)
    )
    counterparts = (first, second)
    match = Match(game, counterparts)
    while not match.is_over:
        if len(match.turns) >= MAX_MOVES:
            raise RuntimeError(f"game did not end within {MAX_MOVES} moves")
        role = match.to_move
        choice = counterparts[role].decide(RoleView(match.state, role))
        move = choice.move
        if isinstance(move.talk, Disclose) and move.talk.fact == muzzle:
            move = Move(move.decision)
        if disclose_first is not None and game.scenario.facts[disclose_first].holder == role:
            if disclose_first in undisclosed_facts(match.state, role):
                move = Move(move.decision, Disclose(disclose_first))
            disclose_first = None
        match.apply(move, choice)
    return match


def _states(match: Match) -> list[GameState]:
    return [match.game.initial_state()] + [turn.state for turn in match.turns]


def _readings(match: Match) -> list[tuple[float, float, float]]:
    """Per state: role 0's true leverage and each side's perceived leverage."""
    return [
        (leverage(s)[0], perceived_leverage(s, 0), perceived_leverage(s, 1)) for s in _states(match)
    ]


def _largest_difference(first: Match, second: Match) -> float:
    a, b = _readings(first), _readings(second)
    shift = max(
        (
            abs(x - y)
            for row_a, row_b in zip(a, b, strict=False)
            for x, y in zip(row_a, row_b, strict=True)
        ),
        default=0.0,
    )
    if len(a) != len(b) or first.state.outcome != second.state.outcome:
        # The games took different courses; count at least the threshold even if every
        # aligned reading agrees.
        shift = max(shift, MOVED)
    return shift


def _without_reveal(scenario: Scenario, fact: int) -> Scenario:
    """The scenario with every event's reveal of `fact` dropped (their other effects kept)."""
    events = tuple(
        evolve(rule, reveal=None) if rule.reveal == fact else rule for rule in scenario.events
    )
    return evolve(scenario, events=events)


def _probe_fact(
    scenario: Scenario, fact: int, seed: int, lineup: Lineup
) -> tuple[Match, Match, bool]:
    natural = Game.new(scenario, seed)
    with_it = _play(natural, lineup, disclose_first=fact)
    silent = Game.restore(
        _without_reveal(scenario, fact), seed, natural.batna, natural.event_rounds
    )
    without = _play(silent, lineup, muzzle=fact)
    came_out = any(d.fact == fact for d in with_it.state.disclosures)
    return with_it, without, came_out


def _probe_event(
    scenario: Scenario, event: int, seed: int, lineup: Lineup
) -> tuple[Match, Match, bool]:
    natural = Game.new(scenario, seed)
    rule = scenario.events[event]
    rounds = list(natural.event_rounds)
    if rounds[event] is None and rule.window is not None:  # force it somewhere in its window
        first, last = rule.window
        rounds[event] = first + seed % (last - first + 1)
    # An event that reveals a fact is probed with the holder keeping that fact to itself, so
    # the event is what brings it out (otherwise it may only repeat a disclosure).
    held_back = rule.reveal
    with_it = _play(
        Game.restore(scenario, seed, natural.batna, tuple(rounds)), lineup, muzzle=held_back
    )
    rounds[event] = None
    without = _play(
        Game.restore(scenario, seed, natural.batna, tuple(rounds)), lineup, muzzle=held_back
    )
    return with_it, without, event in with_it.state.fired


def check_scenario(
    scenario: Scenario,
    games: int = DEFAULT_GAMES,
    seed: int = 1,
    progress: Progress | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
) -> CheckReport:
    """Play the case and report what its writer needs to know (see the module docstring)."""
    pairings = [(name, evolve(lineup, difficulty=difficulty)) for name, lineup in _pairings()]
    side_games = max(2, games // 3)
    counts = [games] + [side_games] * (len(pairings) - 1)
    items = [("fact", i) for i in range(len(scenario.facts))] + [
        ("event", i) for i in range(len(scenario.events))
    ]
    total = sum(counts) + 2 * len(items) * PROBES_PER_ITEM  # a probe is two games
    done = 0

    def tick(played: int = 1) -> None:
        nonlocal done
        done += played
        if progress is not None:
            progress(done, total)

    # The main sample.
    agreement: dict[str, float] = {}
    matches: list[Match] = []
    for (name, lineup), count in zip(pairings, counts, strict=True):
        deals = 0
        for index in range(count):
            match = _play(Game.new(scenario, seed + index), lineup)
            matches.append(match)
            deals += match.state.final_outcome.is_deal
            tick()
        agreement[name] = deals / count
    default_agreement = agreement[pairings[0][0]]

    gains = [0.0, 0.0]
    shares = [0.0, 0.0]
    deal_count = 0
    swings: list[float] = []
    openings: list[float] = []
    deadline_endings = 0
    walk_aways = 0
    wire = 0
    rounds = 0.0
    for match in matches:
        outcome = match.state.final_outcome
        batna = match.game.batna
        for role in (0, 1):
            gains[role] += outcome.payoffs[role] - batna[role]
        if outcome.is_deal:
            deal_count += 1
            surplus = [max(outcome.payoffs[r] - batna[r], 0.0) for r in (0, 1)]
            if sum(surplus) > 0:
                for role in (0, 1):
                    shares[role] += surplus[role] / sum(surplus)
            else:
                shares[0] += 0.5
                shares[1] += 0.5
            last_state = match.turns[-1].state if match.turns else match.state
            final = min(last_state.effective_deadline(0), last_state.effective_deadline(1))
            wire += outcome.round >= final
        elif outcome.kind == "deadline":
            deadline_endings += 1
        else:
            walk_aways += 1
        series = [leverage(s)[0] for s in _states(match)]
        swings.append(max(series) - min(series))
        openings.append(series[0])
        rounds += outcome.round
    played = len(matches)

    # The probes: each fact and event with and without, over seeds and pairings in turn.
    item_reports = []
    for kind, index in items:
        happened = moved = 0
        largest = 0.0
        effect = [0.0, 0.0]
        for probe in range(PROBES_PER_ITEM):
            lineup = pairings[probe % len(pairings)][1]
            probe_seed = seed + 1000 + probe
            if kind == "fact":
                with_it, without, occurred = _probe_fact(scenario, index, probe_seed, lineup)
            else:
                with_it, without, occurred = _probe_event(scenario, index, probe_seed, lineup)
            tick(2)
            if not occurred:
                continue
            happened += 1
            shift = _largest_difference(with_it, without)
            largest = max(largest, shift)
            moved += shift >= MOVED
            for role in (0, 1):
                effect[role] += (
                    with_it.state.final_outcome.payoffs[role]
                    - without.state.final_outcome.payoffs[role]
                )
        ident = (scenario.facts if kind == "fact" else scenario.events)[index].id
        mean_effect = (effect[0] / happened, effect[1] / happened) if happened else (0.0, 0.0)
        item_reports.append(
            ItemReport(kind, ident, PROBES_PER_ITEM, happened, moved, largest, mean_effect)
        )

    # The points tables.
    space = matches[0].game.space
    issues = _issue_reports(scenario)
    integrative_value = sum(i.joint_gain for i in issues if i.kind == "integrative")
    best_for = (space.best_for(0), space.best_for(1))
    batna_range = tuple((role.batna.low, role.batna.high) for role in scenario.roles)
    lows = (batna_range[0][0], batna_range[1][0])
    highs = (batna_range[0][1], batna_range[1][1])

    report = CheckReport(
        scenario=scenario,
        games=games,
        seed=seed,
        issues=issues,
        integrative_value=integrative_value,
        max_joint=float((space.points[0] + space.points[1]).max()),
        best_for=best_for,
        batna_range=(batna_range[0], batna_range[1]),
        zone_at_low=_zone(space.points, lows),
        zone_at_high=_zone(space.points, highs),
        default_agreement=default_agreement,
        agreement_by_pairing=agreement,
        mean_gain=(gains[0] / played, gains[1] / played),
        surplus_share=(shares[0] / deal_count, shares[1] / deal_count)
        if deal_count
        else (0.0, 0.0),
        swing_mean=sum(swings) / played,
        swing_max=max(swings),
        opening_range=(min(openings), max(openings)),
        deadline_rate=deadline_endings / played,
        walk_away_rate=walk_aways / played,
        wire_rate=wire / deal_count if deal_count else 0.0,
        mean_rounds=rounds / played,
        items=tuple(item_reports),
        problems=(),
        notes=(),
    )
    problems, notes = _judge(report)
    return evolve(report, problems=tuple(problems), notes=tuple(notes))


def _judge(report: CheckReport) -> tuple[list[str], list[str]]:
    """What makes the case not ready (problems) and what is worth a look (notes)."""
    scenario = report.scenario
    names = [role.name for role in scenario.roles]
    problems: list[str] = []
    notes: list[str] = []
    for role in (0, 1):
        low = report.batna_range[role][0]
        if report.best_for[role] <= low:
            problems.append(
                f"{names[role]} can never do better than its BATNA: its best package scores "
                f"{report.best_for[role]:g}, its BATNA at least {low:g}"
            )
    if not report.zone_at_low:
        problems.append(
            "no package beats both BATNAs, even at their lowest draws: no deal is possible"
        )
    elif not report.zone_at_high:
        notes.append(
            "at their highest draws no package beats both BATNAs: some seeds have no deal to find"
        )
    if report.default_agreement < MIN_AGREEMENT:
        problems.append(
            f"the default counterparts agree in only {report.default_agreement:.0%} of games "
            f"(a case should reach a deal in most: at least {MIN_AGREEMENT:.0%})"
        )
    for name, rate in list(report.agreement_by_pairing.items())[1:]:
        if rate < 0.5:
            notes.append(f"{name} agrees in only {rate:.0%} of games")
    if not any(i.kind == "integrative" for i in report.issues):
        problems.append(
            "no integrative issue: nothing is worth trading, so there is no value to create"
        )
    elif report.integrative_value <= 0:
        problems.append(
            "the integrative issues add no joint value over splitting them down the middle"
        )
    for kind in ("distributive", "compatible"):
        if not any(i.kind == kind for i in report.issues):
            notes.append(f"no {kind} issue")
    for role in (0, 1):
        if report.surplus_share[role] > MAX_SURPLUS_SHARE:
            problems.append(
                f"lopsided: {names[role]} takes {report.surplus_share[role]:.0%} of the surplus in "
                f"an average deal"
            )
    for item in report.items:
        if item.happened == 0:
            what = (
                "never came out (its holder had no move to say it in)"
                if item.kind == "fact"
                else "never happened (games end before its round)"
            )
            problems.append(f"{item.kind} {item.id} {what} in {item.probes} probe games")
        elif item.moved == 0:
            problems.append(
                f"{item.kind} {item.id} never moves leverage: with it or without it, "
                f"{item.happened} probe games ran the same"
            )
    if report.deadline_rate > 0.25:
        notes.append(f"{report.deadline_rate:.0%} of games run out of time without a deal")
    if report.swing_mean < 5:
        notes.append(f"leverage hardly moves within a game (mean swing {report.swing_mean:.1f})")
    return problems, notes


# -- the report in words -------------------------------------------------------------------------


def format_report(report: CheckReport) -> str:
    """The report as `leverage scenario check` prints it: figures first, then the verdict."""
    scenario = report.scenario
    roles = scenario.role_ids
    lines = [
        f"{scenario.title} ({scenario.id}): seeds {report.seed}..{report.seed + report.games - 1}, "
        f"{sum(_pairing_counts(report))} games and "
        f"{2 * sum(i.probes for i in report.items)} probe games"
    ]
    lines.append("Points tables")
    for issue in report.issues:
        lines.append(
            f"  {issue.id:<18} {issue.kind:<13} weights {roles[0]} {issue.weights[0]:g} / "
            f"{roles[1]} {issue.weights[1]:g}"
            + (f"; trading it adds {issue.joint_gain:g}" if issue.kind == "integrative" else "")
        )
    lines.append(
        f"  the integrative issues add {report.integrative_value:g} joint points over splitting "
        f"them down the middle (the best package for both scores {report.max_joint:g} together)"
    )
    for role in (0, 1):
        low, high = report.batna_range[role]
        batna = f"{low:g}" if low == high else f"{low:g}..{high:g}"
        lines.append(f"  {roles[role]}: best package {report.best_for[role]:g}, BATNA {batna}")
    lines.append(
        "  zone of agreement: "
        f"{'yes' if report.zone_at_low else 'NO'} at the lowest BATNAs, "
        f"{'yes' if report.zone_at_high else 'no'} at the highest"
    )
    lines.append("Play")
    default_name = next(iter(report.agreement_by_pairing))
    worst = min(report.agreement_by_pairing.items(), key=lambda item: item[1])
    lowest = (
        f"lowest {worst[1]:.0%} ({worst[0]})"
        if worst[1] < report.default_agreement
        else "no pairing lower"
    )
    lines.append(
        f"  agreement        {report.default_agreement:.0%} with the default pairing "
        f"({default_name}); {lowest}"
    )
    lines.append(
        f"  over BATNA       {roles[0]} {report.mean_gain[0]:+.1f}, {roles[1]} "
        f"{report.mean_gain[1]:+.1f} (mean final points over the drawn BATNA)"
    )
    if report.default_agreement or any(report.agreement_by_pairing.values()):
        lines.append(
            f"  surplus share    {roles[0]} {report.surplus_share[0]:.0%}, {roles[1]} "
            f"{report.surplus_share[1]:.0%} (mean, in deals)"
        )
    else:
        lines.append("  surplus share    no deals to share")
    lines.append(
        f"  leverage swing   {report.swing_mean:.1f} mean, {report.swing_max:.1f} largest "
        f"({roles[0]}'s true leverage within a game; it opens at "
        f"{report.opening_range[0]:+.0f}..{report.opening_range[1]:+.0f})"
    )
    lines.append(
        f"  endings          {report.walk_away_rate:.0%} walk-aways; {report.deadline_rate:.0%} run "
        f"out of time without a deal; {report.wire_rate:.0%} of deals in the last round; "
        f"{report.mean_rounds:.1f} rounds on average"
    )
    lines.append(
        f"Facts and events (each probed {PROBES_PER_ITEM} times: the same seed with it and without it)"
    )
    for item in report.items:
        verb = "came out" if item.kind == "fact" else "happened"
        lines.append(
            f"  {item.kind:<5} {item.id:<20} {verb} {item.happened}/{item.probes}, moved leverage "
            f"{item.moved}/{item.happened} (up to {item.largest_shift:.1f}); final points "
            f"{roles[0]} {item.points_effect[0]:+.1f}, {roles[1]} {item.points_effect[1]:+.1f}"
        )
    if report.balanced:
        lines.append("Balanced: no problems found.")
    else:
        count = len(report.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''}:")
        lines += [f"  - {problem}" for problem in report.problems]
    if report.notes:
        lines.append("Notes:")
        lines += [f"  - {note}" for note in report.notes]
    return "\n".join(lines) + "\n"


def _pairing_counts(report: CheckReport) -> list[int]:
    side = max(2, report.games // 3)
    return [report.games] + [side] * (len(report.agreement_by_pairing) - 1)
