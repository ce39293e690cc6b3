"""Three tips for the perspective side, each tied to something that happened in this game.

Each rule below looks at one kind of lesson (a deal below the BATNA, value left in the package,
a walk-away from a zone of agreement, an exposed bluff, conceding first, never asking, delay,
an uncited benchmark, the split, the costliest graded move) and proposes tips with a weight for
how much they explain; the three weightiest are kept.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from sim.analysis.debrief.report import Debrief, Deception, Labels
from sim.core.scenario import Scenario
from sim.core.state import GameState, other
from sim.core.words import TOPIC_WORDS

Tip = tuple[float, str]


@frozen
class Context:
    report: Debrief
    state: GameState
    me: int

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario

    @property
    def you(self) -> str:
        return self.report.roles[self.me]

    @property
    def them(self) -> str:
        return self.report.roles[other(self.me)]

    @property
    def their_name(self) -> str:
        return self.scenario.roles[other(self.me)].name.lower()


def tips(report: Debrief, state: GameState, me: int) -> tuple[str, ...]:
    context = Context(report, state, me)
    candidates: list[Tip] = []
    for rule in RULES:
        candidates.extend(rule(context))
    ranked = sorted(enumerate(candidates), key=lambda item: (-item[1][0], item[0]))
    return tuple(text for _, (_, text) in ranked[:3])


def _below_batna(c: Context) -> list[Tip]:
    r = c.report
    if r.outcome.kind != "deal" or r.points[c.you] >= r.batna[c.you] - 1e-9:
        return []
    return [
        (
            100,
            f"You agreed in round {r.outcome.round} to a deal worth {r.points[c.you]:g} points, "
            f"below your alternative of {r.batna[c.you]:g}. Before accepting, compare the offer "
            "with what walking away gives you; here walking away was better.",
        )
    ]


def _value_in_the_package(c: Context) -> list[Tip]:
    """A package better for both, compared with the agreed package before delay costs."""
    r = c.report
    left = r.left_on_table
    if left is None or r.outcome.kind != "deal" or r.outcome.package is None:
        return []
    changed = [
        f"{issue_name(c.scenario, issue)} {label}"
        for issue, label in left.package.items()
        if r.outcome.package.get(issue) != label
    ]
    gains = (
        f"{left.gain[c.you]:+g} and the {c.their_name} {left.gain[c.them]:+g} points more in the "
        "package itself"
    )
    return [
        (
            60 + left.gain[c.you] + left.gain[c.them],
            f"Value was left in the package: {', '.join(changed)} would have given you {gains}. "
            "Trade on the issues that matter more to you than to them instead of splitting each "
            "issue.",
        )
    ]


def _delay(c: Context) -> list[Tip]:
    r = c.report
    lost = r.value.lost_to_delay[c.you]
    if r.outcome.kind != "deal" or lost <= 0:
        return []
    theirs = r.value.lost_to_delay[c.them]
    return [
        (
            20 + lost,
            f"The deal came in round {r.outcome.round}: delay cost you {lost:g} points (the "
            f"{c.their_name} {theirs:g}). The same terms agreed sooner were worth that much more; "
            "once the terms are right, close.",
        )
    ]


def _no_deal_despite_a_zone(c: Context) -> list[Tip]:
    r = c.report
    nash = r.nash
    if r.outcome.kind in ("deal", "unfinished") or nash is None:
        return []
    if r.outcome.walked_by == c.you:
        how = f"You walked away in round {r.outcome.round}"
    elif r.outcome.walked_by == c.them:
        how = f"The {c.their_name} walked away in round {r.outcome.round}"
    else:
        how = f"Time ran out in round {r.outcome.round}"
    out: list[Tip] = [
        (
            90,
            f"{how}, yet a deal existed that beat both alternatives: "
            f"{package_words(c.scenario, nash.package)} gave you {nash.points[c.you]:g} "
            f"(alternative {r.batna[c.you]:g}) and the {c.their_name} {nash.points[c.them]:g} "
            f"(alternative {r.batna[c.them]:g}). Keep a package like that in view before the "
            "deadline.",
        )
    ]
    last_mine = c.state.last_offer(c.me)
    if r.outcome.walked_by == c.them and last_mine is not None:
        out.append(
            (
                70,
                f"Your last offer (round {last_mine.round}) gave the {c.their_name} "
                f"{last_mine.points[other(c.me)]:g} points, below the {r.batna[c.them]:g} their "
                "alternative was worth, so walking away was their better move. Ask about their "
                "alternative before you hold firm.",
            )
        )
    return out


def _deceptions(c: Context) -> list[Tip]:
    out: list[Tip] = []
    for item in c.report.deception:
        if item.role != c.you:
            continue
        said = claim_words(c.scenario, item)
        if item.exposed:
            out.append(
                (
                    80,
                    f"Your {item.kind} in round {item.round} ({said}) was exposed in round "
                    f"{item.exposed_round} and cost you {item.trust_cost:g} trust: the "
                    f"{c.their_name} discounts everything you say after that. A claim the facts "
                    "can contradict is a bet against the clock.",
                )
            )
        else:
            out.append(
                (
                    35,
                    f"Your {item.kind} in round {item.round} ({said}) was never exposed, but it "
                    "was recorded; had a fact on that topic come out, it would have cost you trust.",
                )
            )
    return out


def _conceding(c: Context) -> list[Tip]:
    conc = c.report.concessions
    mine, theirs = conc.by_role[c.you], conc.by_role[c.them]
    out: list[Tip] = []
    if conc.first_to_concede == c.you and mine.largest > 0 and mine.total > theirs.total:
        biggest = max(mine.steps, key=lambda s: (s.size, -s.round))
        steps = "concession" if mine.count == 1 else "concessions"
        out.append(
            (
                50 + mine.total - theirs.total,
                f"You conceded first (round {conc.first_concession_round}) and gave up "
                f"{mine.total:g} of your points over {mine.count} {steps}, the largest "
                f"{biggest.size:g} in round {biggest.round}, while the {c.their_name} gave up "
                f"{theirs.total:g} of theirs. Smaller steps, each traded for something, leak less "
                "about your alternative.",
            )
        )
    if mine.offers and mine.count == 0 and c.report.outcome.kind != "deal":
        offers = "offer" if mine.offers == 1 else "offers"
        out.append(
            (
                55,
                f"You made {mine.offers} {offers} and never conceded, while the {c.their_name} "
                f"gave up {theirs.total:g} of their points; holding firm to the end left no deal.",
            )
        )
    return out


def _questions_and_disclosures(c: Context) -> list[Tip]:
    r = c.report
    given = r.information.given[c.you]
    out: list[Tip] = []
    if not given.asked and r.outcome.kind != "unfinished":
        out.append(
            (
                45,
                f"You never asked the {c.their_name} a question. Their alternative was worth "
                f"{r.batna[c.them]:g} points and you ended with {r.points[c.you]:g}; asking about "
                "their alternative and deadline is how you find out how far you can push.",
            )
        )
    for item in [d for d in given.disclosed if d.topic in ("batna", "deadline")][:1]:
        out.append(
            (
                40,
                f"In round {item.round} you disclosed your {TOPIC_WORDS[item.topic or 'batna']}. "
                f"That shows the {c.their_name} where your floor is; disclose it when it is "
                "strong, or in return for something.",
            )
        )
    return out


def _leverage_drop(c: Context) -> list[Tip]:
    for point in c.report.turning_points:
        if point.role == c.you and point.change <= -10:
            return [
                (
                    30 - point.change,
                    f"Your leverage fell most in round {point.round} (turn {point.turn}, "
                    f"{point.before:+g} to {point.after:+g}): {point.causes[0]}. When you can see "
                    "a drop like that coming (a lapsing offer, a deadline), close before it lands "
                    "or use what you have while it still counts.",
                )
            ]
    return []


def _uncited_benchmark(c: Context) -> list[Tip]:
    r = c.report
    if r.outcome.kind != "deal" or r.outcome.package is None:
        return []
    cited = {item.benchmark for item in r.information.given[c.you].cited}
    for benchmark in c.scenario.benchmarks:
        if benchmark.id in cited:
            continue
        issue = c.scenario.issues[benchmark.issue]
        fair = issue.options[benchmark.option]
        got_label = r.outcome.package[issue.id]
        got = next(o for o in issue.options if o.label == got_label)
        if fair.points[c.me] > got.points[c.me]:
            return [
                (
                    25 + fair.points[c.me] - got.points[c.me],
                    f"{benchmark.name} puts {issue.name} at {fair.label}; you settled at "
                    f"{got_label} without citing it. A public standard is leverage the "
                    f"{c.their_name} cannot easily argue with.",
                )
            ]
    return []


def _costliest_move(c: Context) -> list[Tip]:
    worst = c.report.costliest_moves[:1]
    if not worst or worst[0].loss < 5:
        return []
    move = worst[0]
    return [(40 + move.loss, f"Your costliest move was turn {move.turn}: {move.sentence}")]


def _split_and_practice(c: Context) -> list[Tip]:
    r = c.report
    share = r.surplus.share[c.you]
    out: list[Tip] = []
    if share is not None and r.nash is not None:
        out.append(
            (
                10,
                f"You took {share:.0%} of the surplus ({r.points[c.you]:g} points against an "
                f"alternative of {r.batna[c.you]:g}); the even-handed Nash package would have "
                f"given you {r.nash.points[c.you]:g}.",
            )
        )
    opening = r.concessions.by_role[c.you].opening
    out.append(
        (
            1,
            f"Replay this seed ({r.seed}) and try a different first offer: yours opened at "
            f"{opening if opening is not None else 'nothing'} points for you.",
        )
    )
    out.append(
        (
            0,
            "Branch this game at the turn where your leverage peaked and see whether holding "
            f"there beats the {r.points[c.you]:g} points you ended with.",
        )
    )
    return out


RULES: tuple[Callable[[Context], list[Tip]], ...] = (
    _below_batna,
    _value_in_the_package,
    _no_deal_despite_a_zone,
    _deceptions,
    _conceding,
    _questions_and_disclosures,
    _leverage_drop,
    _delay,
    _uncited_benchmark,
    _costliest_move,
    _split_and_practice,
)


def issue_name(scenario: Scenario, issue_id: str) -> str:
    return scenario.issues[scenario.issue_index(issue_id)].name


def package_words(scenario: Scenario, labels: Labels) -> str:
    return ", ".join(f"{issue_name(scenario, issue)} {label}" for issue, label in labels.items())


def claim_words(scenario: Scenario, item: Deception) -> str:
    claimed = item.claimed
    if item.topic == "priorities":
        said = " and ".join(scenario.issues[int(v or 0)].name for v in claimed)
        return f"that {said} mattered most"
    if item.topic == "deadline":
        return f"a deadline of round {claimed[0]:g} (truly {item.truth:g})"
    if not claimed:
        return "about your alternative"
    return f"an alternative worth {claimed[0]:g} (truly {item.truth:g})"
