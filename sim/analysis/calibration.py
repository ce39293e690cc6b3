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
from sim.record.batch import run_ordered

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
    jobs: int | None = 1,
    scheduler: str | None = None,
) -> CheckReport:
    """Play the case and report what its writer needs to know (see the module docstring).

    `jobs` and `scheduler` are `sim.record.batch.run_ordered`'s: the games are independent, so a
    process pool or a Dask cluster plays them, and the report is the same as a serial run's."""
    lineups = tuple(evolve(lineup, difficulty=difficulty) for _, lineup in _pairings())
    names = [name for name, _ in _pairings()]
    side_games = max(2, games // 3)
    counts = [games] + [side_games] * (len(lineups) - 1)
    sample = [
        _Task("game", pairing, seed + index)
        for pairing, count in enumerate(counts)
        for index in range(count)
    ]
    items = [("fact", i) for i in range(len(scenario.facts))] + [
        ("event", i) for i in range(len(scenario.events))
    ]
    probes = [
        _Task(kind, probe % len(lineups), seed + 1000 + probe, index)
        for kind, index in items
        for probe in range(PROBES_PER_ITEM)
    ]
    tasks = sample + probes
    total = sum(2 if task.kind != "game" else 1 for task in tasks)  # a probe is two games
    results: list[_Played | _Probe] = []
    done = 0
    for result in run_ordered(
        _play_task, tasks, jobs, _start_check, (scenario, lineups), scheduler
    ):
        results.append(result)
        done += 1 if isinstance(result, _Played) else 2
        if progress is not None:
            progress(done, total)
    played = [r for r in results if isinstance(r, _Played)]
    agreement = _agreement(names, counts, played)
    item_reports = _item_reports(scenario, items, [r for r in results if isinstance(r, _Probe)])
    report = _report(scenario, games, seed, agreement, played, item_reports)
    problems, notes = _judge(report)
    return evolve(report, problems=tuple(problems), notes=tuple(notes))


# -- one game or probe, in whichever process plays it ----------------------------------------------


@frozen
class _Task:
    kind: str  # "game" (of the main sample), "fact" or "event" (a probe: two games)
    pairing: int  # index into the lineups
    seed: int
    index: int = 0  # the fact's or event's


@frozen
class _Played:
    """One game of the main sample, reduced to what the report reads from it."""

    kind: str  # the outcome's: deal, walk-away or deadline
    payoffs: tuple[float, float]
    batna: tuple[float, float]
    wire: bool  # a deal struck in the last round anyone had
    series: tuple[float, ...]  # role 0's true leverage, state by state
    round: int


@frozen
class _Probe:
    """One probe of a fact or event: whether it happened, how far leverage ran differently with
    it than without, and the final points with it minus without, by role."""

    occurred: bool
    shift: float
    effect: tuple[float, float]


_check: tuple[Scenario, tuple[Lineup, ...]] | None = None


def _start_check(scenario: Scenario, lineups: tuple[Lineup, ...]) -> None:
    global _check
    _check = (scenario, lineups)


def _play_task(task: _Task) -> _Played | _Probe:
    assert _check is not None, "_start_check runs first in every process"
    scenario, lineups = _check
    lineup = lineups[task.pairing]
    if task.kind == "game":
        return _played(_play(Game.new(scenario, task.seed), lineup))
    probe = _probe_fact if task.kind == "fact" else _probe_event
    with_it, without, occurred = probe(scenario, task.index, task.seed, lineup)
    if not occurred:
        return _Probe(False, 0.0, (0.0, 0.0))
    ends = (with_it.state.final_outcome.payoffs, without.state.final_outcome.payoffs)
    effect = (ends[0][0] - ends[1][0], ends[0][1] - ends[1][1])
    return _Probe(True, _largest_difference(with_it, without), effect)


def _played(match: Match) -> _Played:
    outcome = match.state.final_outcome
    wire = False
    if outcome.is_deal:
        last_state = match.turns[-1].state if match.turns else match.state
        final = min(last_state.effective_deadline(0), last_state.effective_deadline(1))
        wire = outcome.round >= final
    return _Played(
        outcome.kind,
        (outcome.payoffs[0], outcome.payoffs[1]),
        (match.game.batna[0], match.game.batna[1]),
        wire,
        tuple(leverage(s)[0] for s in _states(match)),
        outcome.round,
    )


# -- the report, from the games ---------------------------------------------------------------------


def _agreement(names: list[str], counts: list[int], played: list[_Played]) -> dict[str, float]:
    """Each pairing's agreement rate (the main sample holds the pairings' games in turn)."""
    agreement: dict[str, float] = {}
    start = 0
    for name, count in zip(names, counts, strict=True):
        deals = sum(game.kind == "deal" for game in played[start : start + count])
        agreement[name] = deals / count
        start += count
    return agreement


def _item_reports(
    scenario: Scenario, items: list[tuple[str, int]], probes: list[_Probe]
) -> list[ItemReport]:
    reports = []
    for number, (kind, index) in enumerate(items):
        happened = moved = 0
        largest = 0.0
        effect = [0.0, 0.0]
        for probe in probes[number * PROBES_PER_ITEM : (number + 1) * PROBES_PER_ITEM]:
            if not probe.occurred:
                continue
            happened += 1
            largest = max(largest, probe.shift)
            moved += probe.shift >= MOVED
            for role in (0, 1):
                effect[role] += probe.effect[role]
        ident = (scenario.facts if kind == "fact" else scenario.events)[index].id
        mean_effect = (effect[0] / happened, effect[1] / happened) if happened else (0.0, 0.0)
        reports.append(
            ItemReport(kind, ident, PROBES_PER_ITEM, happened, moved, largest, mean_effect)
        )
    return reports


@frozen
class _Sample:
    """The main sample's figures: sums and counts over its games, in their order."""

    gains: tuple[float, float]
    shares: tuple[float, float]
    deals: int
    wire: int
    deadline_endings: int
    walk_aways: int
    swings: tuple[float, ...]
    openings: tuple[float, ...]
    rounds: float


def _sample(played: list[_Played]) -> _Sample:
    gains = [0.0, 0.0]
    shares = [0.0, 0.0]
    deals = wire = deadline_endings = walk_aways = 0
    rounds = 0.0
    for game in played:
        for role in (0, 1):
            gains[role] += game.payoffs[role] - game.batna[role]
        if game.kind == "deal":
            deals += 1
            surplus = [max(game.payoffs[r] - game.batna[r], 0.0) for r in (0, 1)]
            if sum(surplus) > 0:
                for role in (0, 1):
                    shares[role] += surplus[role] / sum(surplus)
            else:
                shares[0] += 0.5
                shares[1] += 0.5
            wire += game.wire
        elif game.kind == "deadline":
            deadline_endings += 1
        else:
            walk_aways += 1
        rounds += game.round
    return _Sample(
        (gains[0], gains[1]),
        (shares[0], shares[1]),
        deals,
        wire,
        deadline_endings,
        walk_aways,
        tuple(max(g.series) - min(g.series) for g in played),
        tuple(g.series[0] for g in played),
        rounds,
    )


def _report(
    scenario: Scenario,
    games: int,
    seed: int,
    agreement: dict[str, float],
    played: list[_Played],
    items: list[ItemReport],
) -> CheckReport:
    """The report's figures, before its verdict: the sample's and the points tables'."""
    sample = _sample(played)
    count = len(played)
    deals = sample.deals
    space = Game.new(scenario, seed).space
    issues = _issue_reports(scenario)
    batna_range = tuple((role.batna.low, role.batna.high) for role in scenario.roles)
    return CheckReport(
        scenario=scenario,
        games=games,
        seed=seed,
        issues=issues,
        integrative_value=sum(i.joint_gain for i in issues if i.kind == "integrative"),
        max_joint=float((space.points[0] + space.points[1]).max()),
        best_for=(space.best_for(0), space.best_for(1)),
        batna_range=(batna_range[0], batna_range[1]),
        zone_at_low=_zone(space.points, (batna_range[0][0], batna_range[1][0])),
        zone_at_high=_zone(space.points, (batna_range[0][1], batna_range[1][1])),
        default_agreement=next(iter(agreement.values())),
        agreement_by_pairing=agreement,
        mean_gain=(sample.gains[0] / count, sample.gains[1] / count),
        surplus_share=(sample.shares[0] / deals, sample.shares[1] / deals) if deals else (0.0, 0.0),
        swing_mean=sum(sample.swings) / count,
        swing_max=max(sample.swings),
        opening_range=(min(sample.openings), max(sample.openings)),
        deadline_rate=sample.deadline_endings / count,
        walk_away_rate=sample.walk_aways / count,
        wire_rate=sample.wire / deals if deals else 0.0,
        mean_rounds=sample.rounds / count,
        items=tuple(items),
        problems=(),
        notes=(),
    )


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
    lines = [
        f"{scenario.title} ({scenario.id}): seeds {report.seed}..{report.seed + report.games - 1}, "
        f"{sum(_pairing_counts(report))} games and "
        f"{2 * sum(i.probes for i in report.items)} probe games"
    ]
    lines += _points_tables_section(report)
    lines += _play_section(report)
    lines += _facts_and_events_section(report)
    lines += _verdict_section(report)
    return "\n".join(lines) + "\n"


def _points_tables_section(report: CheckReport) -> list[str]:
    """Each issue's kind and weights, the joint value of trading, best packages and BATNAs."""
    roles = report.scenario.role_ids
    lines = ["Points tables"]
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
    return lines


def _play_section(report: CheckReport) -> list[str]:
    """What the games did: agreement, points over BATNA, surplus, leverage swing, endings."""
    roles = report.scenario.role_ids
    lines = ["Play"]
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
    return lines


def _facts_and_events_section(report: CheckReport) -> list[str]:
    roles = report.scenario.role_ids
    lines = [
        f"Facts and events (each probed {PROBES_PER_ITEM} times: the same seed with it and without it)"
    ]
    for item in report.items:
        verb = "came out" if item.kind == "fact" else "happened"
        lines.append(
            f"  {item.kind:<5} {item.id:<20} {verb} {item.happened}/{item.probes}, moved leverage "
            f"{item.moved}/{item.happened} (up to {item.largest_shift:.1f}); final points "
            f"{roles[0]} {item.points_effect[0]:+.1f}, {roles[1]} {item.points_effect[1]:+.1f}"
        )
    return lines


def _verdict_section(report: CheckReport) -> list[str]:
    """Balanced, or the problems; then the notes."""
    if report.balanced:
        lines = ["Balanced: no problems found."]
    else:
        count = len(report.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''}:"]
        lines += [f"  - {problem}" for problem in report.problems]
    if report.notes:
        lines.append("Notes:")
        lines += [f"  - {note}" for note in report.notes]
    return lines


def _pairing_counts(report: CheckReport) -> list[int]:
    side = max(2, report.games // 3)
    return [report.games] + [side] * (len(report.agreement_by_pairing) - 1)
