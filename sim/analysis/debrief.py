"""The debrief: what happened in one game and what to do differently, computed from its states.

A debrief is a plain, JSON-ready dict built from a finished (or stopped) match: the outcome
against both BATNAs, the split of the surplus, how far the deal fell from the Pareto frontier
and the best package that was better for both, the Nash point, concessions, information given
and received, bluffs and lies and what they cost, the leverage timeline with its three turning
points, and three tips tied to this game's own moves. Renderers turn it into text, Markdown or
JSON. Everything is rounded and ordered deterministically, so identical games give
byte-identical debriefs.

Leverage comes from `sim.core.leverage` when it is available. Until then a clearly marked
stand-in is used: each side's share of the surplus at the asymmetric Nash point between the
standing offers, with powers from relative patience (rounds left over cost of delay).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from sim.ai.match import Match
from sim.core.outcomes import pareto_distance
from sim.core.state import EXPOSED_LIE_TRUST, Game, GameState, other

STANDIN = "stand-in"
CHART_WIDTH = 20  # characters for each half (negative, positive) of a leverage bar
TOPIC_WORDS = {"batna": "alternative", "deadline": "deadline", "priorities": "priorities"}


def _r(value: float | None, places: int = 2) -> float | None:
    if value is None:
        return None
    value = round(float(value), places)
    return 0.0 if value == 0 else value  # no "-0.0" in output


# -- leverage ----------------------------------------------------------------------------------


def leverage_timeline(match: Match) -> dict[str, Any]:
    """Each side's leverage (-100..+100) before the first move and after every move.

    Uses `sim.core.leverage` when it is installed with a `timeline` helper; otherwise the
    stand-in below. The result says which one it is in `"source"`."""
    states = [match.game.initial_state(), *(turn.state for turn in match.turns)]
    real = _model_timeline(match, states)
    if real is not None:
        return real
    points = []
    for index, state in enumerate(states):
        true = standin_leverage(state)
        points.append(
            {
                "turn": index,
                "round": state.round,
                "true": {state.scenario.roles[r].id: true[r] for r in (0, 1)},
            }
        )
    return {
        "source": STANDIN,
        "note": "simple stand-in: where the patience-weighted Nash package between the standing "
        "offers sits in each side's points range (sim.core.leverage not available)",
        "points": points,
    }


def _model_timeline(match: Match, states: list[GameState]) -> dict[str, Any] | None:
    """The leverage model's timeline (true and perceived, components and reasons, for both
    sides), or None when `sim.core.leverage` is not there."""
    try:
        from sim.core.leverage import LeverageTimeline
    except ImportError:
        return None
    roles = match.game.scenario.role_ids
    try:
        timeline = LeverageTimeline.of(states)
        rows = [timeline.for_role(role, "true") for role in (0, 1)]
        points = []
        for index, state in enumerate(states):
            readings = [rows[0][index], rows[1][index]]
            points.append(
                {
                    "turn": index,
                    "round": state.round,
                    "true": {roles[r]: _r(readings[r].true, 1) for r in (0, 1)},
                    "perceived": {roles[r]: _r(readings[r].perceived, 1) for r in (0, 1)},
                    "components": {
                        roles[r]: {
                            name: _r(value, 1) for name, value in readings[r].components.items()
                        }
                        for r in (0, 1)
                    },
                    "causes": {
                        roles[r]: [str(reason) for reason in readings[r].reasons] for r in (0, 1)
                    },
                }
            )
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):
        return None  # a model mid-change must never break a debrief: fall back to the stand-in
    return {"source": "sim.core.leverage", "points": points}


def standin_leverage(state: GameState) -> tuple[float, float]:
    """Stand-in leverage on -100..+100: where the deal would land if both played well from here.

    The landing point is the asymmetric Nash package among the outcomes still in play (no side
    gets more than its own standing offer asks), with the disagreement point at each side's
    current BATNA plus the delay it has paid, and bargaining power from patience: rounds left
    to a side's deadline over one plus its cost of delay per round. A side's leverage is how far
    up its own points range that package sits, less how far up the other side's it sits. So a
    better BATNA or more patience moves the landing point your way, and a concession (a lower
    ask) can only move it away."""
    space = state.space
    scenario = state.scenario
    delay = [state.delay_cost_so_far(r) for r in (0, 1)]
    disagreement = (state.batna[0] + delay[0], state.batna[1] + delay[1])
    patience = [state.rounds_left(r) / (1.0 + scenario.roles[r].delay_cost) for r in (0, 1)]
    power = 0.5 if sum(patience) == 0 else patience[0] / sum(patience)
    in_play = np.ones(space.size, dtype=bool)
    for role in (0, 1):
        standing = state.standing[role]
        if standing is not None:
            in_play &= space.points[role] <= space.points_of(standing)[role] + 1e-9
    index = space.nash_index(disagreement, power, in_play) if in_play.any() else None
    spans = [max(1e-9, space.best_for(r) - space.worst_for(r)) for r in (0, 1)]
    if index is None:
        # No deal in play beats both alternatives: the side whose alternative sits higher in its
        # own range holds the cards.
        height = [(disagreement[r] - space.worst_for(r)) / spans[r] for r in (0, 1)]
    else:
        height = [(space.points[r, index] - space.worst_for(r)) / spans[r] for r in (0, 1)]
    edge = max(-1.0, min(1.0, height[0] - height[1]))
    return _r(100 * edge, 1), _r(-100 * edge, 1)


# -- the debrief -------------------------------------------------------------------------------


def debrief(
    match: Match,
    perspective: int | None = None,
    personas: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the debrief shows, as a JSON-ready dict (see the module docstring).

    `perspective` is the role the tips speak to: by default the side a person played, else the
    scenario's first role. `personas` names who played each side (a persona or "human")."""
    game = match.game
    state = match.state
    scenario = game.scenario
    roles = scenario.role_ids
    if personas is None:
        personas = tuple("human" if c is None else str(c.persona) for c in match.counterparts)
    if perspective is None:
        humans = [r for r in (0, 1) if personas[r] == "human"]
        perspective = humans[0] if len(humans) == 1 else 0
    me = perspective
    space = game.space
    final = _final_points(state)
    batna = state.batna
    gains = [final[r] - batna[r] for r in (0, 1)]
    surplus = gains[0] + gains[1]
    best_joint = float((space.points[0] + space.points[1]).max()) - batna[0] - batna[1]
    left = _left_on_table(state, final)
    nash = space.nash_index((batna[0], batna[1]))
    report: dict[str, Any] = {
        "scenario": scenario.id,
        "title": scenario.title,
        "seed": game.seed,
        "roles": list(roles),
        "issues": {issue.id: issue.name for issue in scenario.issues},
        "personas": {roles[r]: personas[r] for r in (0, 1)},
        "perspective": roles[me],
        "outcome": _outcome(state),
        "points": {roles[r]: _r(final[r]) for r in (0, 1)},
        "batna": {roles[r]: _r(batna[r]) for r in (0, 1)},
        "batna_at_start": {roles[r]: _r(game.batna[r]) for r in (0, 1)},
        "above_batna": {roles[r]: _r(gains[r]) for r in (0, 1)},
        "surplus": {
            "total": _r(surplus),
            "share": {
                roles[r]: (_r(gains[r] / surplus, 4) if surplus > 1e-9 else None) for r in (0, 1)
            },
        },
        "efficiency": _r(max(0.0, surplus) / best_joint, 4) if best_joint > 1e-9 else None,
        "pareto_distance": _r(pareto_distance(space, final)),
        "left_on_table": left,
        "nash": None
        if nash is None
        else {
            "package": _labels(state, space.package_at(nash)),
            "points": {roles[r]: _r(space.points[r, nash]) for r in (0, 1)},
        },
        "concessions": _concessions(state),
        "information": _information(match),
        "deception": _deception(match),
        "trust": {roles[r]: _r(state.trust[r], 3) for r in (0, 1)},
    }
    timeline = leverage_timeline(match)
    report["leverage"] = timeline
    report["turning_points"] = _turning_points(match, timeline, me)
    report["tips"] = _tips(match, report, me)
    return report


def _final_points(state: GameState) -> tuple[float, float]:
    if state.outcome is not None:
        return state.outcome.payoffs
    return state.batna  # a game stopped before its end counts as no deal (yet)


def _outcome(state: GameState) -> dict[str, Any]:
    roles = state.scenario.role_ids
    outcome = state.outcome
    if outcome is None:
        return {
            "kind": "unfinished",
            "round": state.round,
            "package": None,
            "walked_by": None,
            "mediated": False,
        }
    return {
        "kind": outcome.kind,
        "round": outcome.round,
        "package": _labels(state, outcome.package) if outcome.package is not None else None,
        "walked_by": roles[outcome.walked_by] if outcome.walked_by is not None else None,
        "mediated": outcome.mediated,
    }


def _labels(state: GameState, package) -> dict[str, str]:
    return {
        issue.id: issue.options[option].label
        for issue, option in zip(state.scenario.issues, package, strict=True)
    }


def _left_on_table(state: GameState, final: tuple[float, float]) -> dict[str, Any] | None:
    """The best package that was better for both than the outcome: the largest joint gain among
    packages no worse for either side and strictly better for at least one (raw points, as the
    Pareto distance counts them)."""
    space = state.space
    points = space.points
    better = (points[0] >= final[0] - 1e-9) & (points[1] >= final[1] - 1e-9)
    better &= (points[0] > final[0] + 1e-9) | (points[1] > final[1] + 1e-9)
    if not better.any():
        return None
    joint = np.where(better, points[0] + points[1], -np.inf)
    index = int(np.argmax(joint))
    roles = state.scenario.role_ids
    return {
        "package": _labels(state, space.package_at(index)),
        "points": {roles[r]: _r(points[r, index]) for r in (0, 1)},
        "gain": {roles[r]: _r(points[r, index] - final[r]) for r in (0, 1)},
    }


def _concessions(state: GameState) -> dict[str, Any]:
    """A concession is an offer worth less to its maker than its previous offer."""
    roles = state.scenario.role_ids
    out: dict[str, Any] = {}
    first: tuple[int, int] | None = None  # (offer index, role)
    for role in (0, 1):
        previous = None
        steps = []
        opening = None
        for index, offer in enumerate(state.offers):
            if offer.role != role:
                continue
            if previous is None:
                opening = offer
            elif offer.points[role] < previous.points[role] - 1e-9:
                size = previous.points[role] - offer.points[role]
                steps.append({"round": offer.round, "size": _r(size)})
                if first is None or index < first[0]:
                    first = (index, role)
            previous = offer
        out[roles[role]] = {
            "offers": sum(1 for o in state.offers if o.role == role),
            "opening": _r(opening.points[role]) if opening is not None else None,
            "count": len(steps),
            "total": _r(sum(s["size"] for s in steps)),
            "largest": _r(max((s["size"] for s in steps), default=0.0)),
            "steps": steps,
        }
    first_offer = state.offers[0] if state.offers else None
    return {
        "by_role": out,
        "first_to_concede": roles[first[1]] if first is not None else None,
        "first_concession_round": state.offers[first[0]].round if first is not None else None,
        "first_offer": roles[first_offer.role] if first_offer is not None else None,
    }


def _information(match: Match) -> dict[str, Any]:
    """What each side told the other: questions, answers (and how), facts, signals, citations.
    What a side gave is what the other received."""
    scenario = match.game.scenario
    roles = scenario.role_ids
    given: dict[str, dict[str, list]] = {
        role: {
            "asked": [],
            "answered": [],
            "disclosed": [],
            "signalled": [],
            "cited": [],
            "revealed_by_events": [],
        }
        for role in roles
    }
    for turn in match.turns:
        who = roles[turn.actor]
        for event in turn.events:
            detail = event.detail
            if event.kind == "asked" and event.actor == turn.actor:
                given[who]["asked"].append({"round": event.round, "topic": detail.get("topic")})
            elif event.kind == "answered" and event.actor == turn.actor:
                claim = _claim_at(turn.state, turn.actor, event.round, "answer")
                given[who]["answered"].append(
                    {
                        "round": event.round,
                        "topic": detail.get("topic"),
                        "manner": claim.manner if claim is not None else detail.get("manner"),
                        "values": [_r(v) for v in detail.get("values", [])],
                    }
                )
            elif event.kind == "disclosed" and event.actor is not None:
                given[roles[event.actor]]["disclosed"].append(
                    {
                        "round": event.round,
                        "fact": detail.get("fact"),
                        "topic": detail.get("topic"),
                        "text": event.text,
                    }
                )
            elif event.kind == "signalled" and event.actor == turn.actor:
                given[who]["signalled"].append(
                    {"round": event.round, "claim": _r(detail.get("claim"))}
                )
            elif event.kind == "cited" and event.actor == turn.actor:
                given[who]["cited"].append(
                    {"round": event.round, "benchmark": detail.get("benchmark")}
                )
            elif event.kind == "revealed" and event.actor is not None:
                given[roles[event.actor]]["revealed_by_events"].append(
                    {"round": event.round, "fact": detail.get("fact"), "text": event.text}
                )
    return {
        "given": given,
        "received": {roles[r]: given[roles[other(r)]] for r in (0, 1)},
    }


def _claim_at(state: GameState, role: int, round_number: int, via: str):
    for claim in reversed(state.claims):
        if claim.role == role and claim.round == round_number and claim.via == via:
            return claim
    return None


def _deception(match: Match) -> list[dict[str, Any]]:
    """Every lie and bluff, whether the game exposed it, when, and the trust it cost."""
    state = match.state
    roles = state.scenario.role_ids
    exposures: dict[tuple[int, int, str], int] = {}
    for turn in match.turns:
        for event in turn.events:
            if event.kind == "exposed" and event.actor is not None:
                key = (
                    event.actor,
                    int(event.detail.get("claim_round", 0)),
                    str(event.detail.get("topic")),
                )
                exposures.setdefault(key, event.round)
    out = []
    for claim in state.claims:
        if claim.truthful:
            continue
        exposed_round = exposures.get((claim.role, claim.round, claim.topic))
        out.append(
            {
                "role": roles[claim.role],
                "round": claim.round,
                "topic": claim.topic,
                "kind": "bluff" if claim.via == "signal" else "lie",
                "claimed": [_r(v) for v in claim.values],
                "truth": _r(_truth(match.game, state, claim)),
                "exposed": claim.exposed,
                "exposed_round": exposed_round if claim.exposed else None,
                "trust_cost": _r(EXPOSED_LIE_TRUST if claim.exposed else 0.0),
            }
        )
    return out


def _truth(game: Game, state: GameState, claim) -> float:
    if claim.topic == "batna":
        return state.batna[claim.role]
    if claim.topic == "deadline":
        return float(state.effective_deadline(claim.role))
    return float(state.space.issue_weights(claim.role).argmax())


# -- turning points ----------------------------------------------------------------------------


def _turning_points(match: Match, timeline: dict[str, Any], me: int) -> list[dict[str, Any]]:
    """The three moves that changed the perspective side's true leverage most, with causes."""
    roles = match.game.scenario.role_ids
    points = timeline["points"]
    changes = []
    for index in range(1, len(points)):
        before = points[index - 1]["true"][roles[me]]
        after = points[index]["true"][roles[me]]
        changes.append((abs(after - before), index, before, after))
    changes = [c for c in changes if c[0] > 0.05]
    top = sorted(changes, key=lambda c: (-c[0], c[1]))[:3]
    out = []
    for _, index, before, after in sorted(top, key=lambda c: c[1]):
        turn = match.turns[index - 1]
        causes = points[index].get("causes", {}).get(roles[me]) or _event_causes(match, index - 1)
        out.append(
            {
                "turn": index,
                "round": turn.round,
                "actor": roles[turn.actor],
                "role": roles[me],
                "from": _r(before, 1),
                "to": _r(after, 1),
                "change": _r(after - before, 1),
                "causes": causes,
            }
        )
    return out


def _event_causes(match: Match, turn_index: int) -> list[str]:
    """Why a move shifted leverage, in words, from the events it caused."""
    turn = match.turns[turn_index]
    state = turn.state
    roles = state.scenario.roles
    before = match.turns[turn_index - 1].state if turn_index > 0 else match.game.initial_state()
    causes = []
    for event in turn.events:
        name = roles[event.actor].name if event.actor is not None else ""
        if event.kind == "proposed":
            offer = state.last_offer(turn.actor)
            previous = before.standing[turn.actor]
            if previous is not None and offer is not None:
                drop = before.space.points_of(previous)[turn.actor] - offer.points[turn.actor]
                if drop > 1e-9:
                    causes.append(f"concession: {name} gave up {drop:g} points in one offer")
                    continue
            causes.append(f"offer: {name} put a package on the table")
        elif event.kind == "scenario-event":
            causes.append(f"alternatives: {event.text}")
        elif event.kind in ("disclosed", "revealed"):
            causes.append(f"information: {event.text}")
        elif event.kind == "exposed":
            causes.append(f"trust: {event.text}")
        elif event.kind == "break":
            causes.append(f"timing: {name} took a break and a round passed")
        elif event.kind == "signalled" or event.kind == "answered":
            causes.append(f"information: {event.text}")
        elif event.kind in ("deal", "walked-away", "deadline-passed", "mediator-proposed"):
            causes.append(f"the end: {event.text}")
        elif event.kind == "retracted":
            causes.append(f"trust: {event.text}")
    if state.round != before.round and not any(c.startswith("timing") for c in causes):
        causes.append(f"timing: round {state.round} began; deadlines and delay costs drew nearer")
    return causes[:3] or ["the standing offers moved the zone still in play"]


# -- tips --------------------------------------------------------------------------------------


def _tips(match: Match, report: dict[str, Any], me: int) -> list[str]:
    """Three tips for the perspective side, each tied to something that happened in this game.
    Candidates are scored by how much they explain; the three most important are kept."""
    state = match.state
    scenario = state.scenario
    roles = scenario.role_ids
    you, them = roles[me], roles[other(me)]
    their_name = scenario.roles[other(me)].name.lower()
    points = report["points"]
    batna = report["batna"]
    outcome = report["outcome"]
    candidates: list[tuple[float, str]] = []

    if outcome["kind"] == "deal" and points[you] < batna[you] - 1e-9:
        candidates.append(
            (
                100,
                f"You agreed in round {outcome['round']} to a deal worth {points[you]:g} points, below "
                f"your alternative of {batna[you]:g}. Before accepting, compare the offer with what "
                "walking away gives you; here walking away was better.",
            )
        )

    left = report["left_on_table"]
    if left is not None and outcome["kind"] == "deal":
        package = outcome["package"]
        changed = [
            f"{_issue_name(scenario, issue)} {label}"
            for issue, label in left["package"].items()
            if package.get(issue) != label
        ]
        gains = (
            f"{left['gain'][you]:+g} and the {their_name} {left['gain'][them]:+g} points over the deal "
            "you made"
        )
        if changed:
            tip = (
                f"Value was left on the table: {', '.join(changed)} would have given you {gains}. "
                "Trade on the issues that matter more to you than to them instead of splitting "
                "each issue."
            )
        else:
            # The same terms: what was lost is the cost of the rounds it took to agree.
            tip = (
                f"Value was left on the table: the same terms agreed sooner, before the cost of "
                f"delay added up, would have given you {gains}. Once the terms are right, close."
            )
        candidates.append((60 + left["gain"][you] + left["gain"][them], tip))

    nash = report["nash"]
    if outcome["kind"] != "deal" and outcome["kind"] != "unfinished" and nash is not None:
        if outcome["walked_by"] == you:
            how = f"You walked away in round {outcome['round']}"
        elif outcome["walked_by"] == them:
            how = f"The {their_name} walked away in round {outcome['round']}"
        else:
            how = f"Time ran out in round {outcome['round']}"
        candidates.append(
            (
                90,
                f"{how}, yet a deal existed that beat both alternatives: "
                f"{_package_words(scenario, nash['package'])} gave you {nash['points'][you]:g} "
                f"(alternative {batna[you]:g}) and the {their_name} {nash['points'][them]:g} "
                f"(alternative {batna[them]:g}). Keep a package like that in view before the deadline.",
            )
        )
        last_mine = state.last_offer(me)
        if outcome["walked_by"] == them and last_mine is not None:
            candidates.append(
                (
                    70,
                    f"Your last offer (round {last_mine.round}) gave the {their_name} "
                    f"{last_mine.points[other(me)]:g} points, below the {batna[them]:g} their "
                    "alternative was worth, so walking away was their better move. Ask about their "
                    "alternative before you hold firm.",
                )
            )

    for item in report["deception"]:
        if item["role"] != you:
            continue
        said = _claim_words(scenario, item)
        if item["exposed"]:
            candidates.append(
                (
                    80,
                    f"Your {item['kind']} in round {item['round']} ({said}) was exposed in round "
                    f"{item['exposed_round']} and cost you {item['trust_cost']:g} trust: the "
                    f"{their_name} discounts everything you say after that. A claim the facts can "
                    "contradict is a bet against the clock.",
                )
            )
        else:
            candidates.append(
                (
                    35,
                    f"Your {item['kind']} in round {item['round']} ({said}) was never exposed, but "
                    "it was recorded; had a fact on that topic come out, it would have cost you trust.",
                )
            )

    conc = report["concessions"]
    mine = conc["by_role"][you]
    theirs = conc["by_role"][them]
    if conc["first_to_concede"] == you and mine["largest"] > 0:
        biggest = max(mine["steps"], key=lambda s: (s["size"], -s["round"]))
        if mine["total"] > theirs["total"]:
            candidates.append(
                (
                    50 + mine["total"] - theirs["total"],
                    f"You conceded first (round {conc['first_concession_round']}) and gave up "
                    f"{mine['total']:g} points over {mine['count']} concession(s), the largest "
                    f"{biggest['size']:g} in round {biggest['round']}, while the {their_name} gave "
                    f"{theirs['total']:g}. Smaller steps, each traded for something, leak less about "
                    "your alternative.",
                )
            )
    if mine["offers"] and mine["count"] == 0 and outcome["kind"] != "deal":
        candidates.append(
            (
                55,
                f"You made {mine['offers']} offer(s) and never conceded, while the {their_name} "
                f"gave up {theirs['total']:g} points; holding firm to the end left no deal.",
            )
        )

    info = report["information"]
    asked = info["given"][you]["asked"]
    if not asked and outcome["kind"] != "unfinished":
        their_batna = batna[them]
        candidates.append(
            (
                45,
                f"You never asked the {their_name} a question. Their alternative was worth "
                f"{their_batna:g} points and you ended with {points[you]:g}; asking about their "
                "alternative and deadline is how you find out how far you can push.",
            )
        )
    disclosed = [d for d in info["given"][you]["disclosed"] if d["topic"] in ("batna", "deadline")]
    for item in disclosed[:1]:
        candidates.append(
            (
                40,
                f"In round {item['round']} you disclosed your {TOPIC_WORDS[item['topic']]}. That "
                f"shows the {their_name} where your floor is; disclose it when it is strong, or in "
                "return for something.",
            )
        )

    for point in report["turning_points"]:
        if point["role"] == you and point["change"] <= -10:
            candidates.append(
                (
                    30 - point["change"],
                    f"Your leverage fell most in round {point['round']} (turn {point['turn']}, "
                    f"{point['from']:+g} to {point['to']:+g}): {point['causes'][0]}. When you can "
                    "see a drop like that coming (a lapsing offer, a deadline), close before it "
                    "lands or use what you have while it still counts.",
                )
            )
            break

    delay = scenario.roles[me].delay_cost
    if outcome["kind"] == "deal" and delay > 0 and outcome["round"] > 2:
        paid = delay * (outcome["round"] - 1)
        candidates.append(
            (
                20 + paid,
                f"The deal came in round {outcome['round']}: delay cost you {paid:g} points. "
                "Had the same package been agreed earlier, that was yours to keep.",
            )
        )

    cited = {c["benchmark"] for c in info["given"][you]["cited"]}
    if outcome["kind"] == "deal":
        for benchmark in scenario.benchmarks:
            if benchmark.id in cited:
                continue
            issue = scenario.issues[benchmark.issue]
            fair = issue.options[benchmark.option]
            got_label = outcome["package"][issue.id]
            got = next(o for o in issue.options if o.label == got_label)
            if fair.points[me] > got.points[me]:
                candidates.append(
                    (
                        25 + fair.points[me] - got.points[me],
                        f"{benchmark.name} puts {issue.name} at {fair.label}; you settled at "
                        f"{got_label} without citing it. A public standard is leverage the "
                        f"{their_name} cannot easily argue with.",
                    )
                )
                break

    share = report["surplus"]["share"][you]
    if share is not None and nash is not None:
        candidates.append(
            (
                10,
                f"You took {share:.0%} of the surplus ({points[you]:g} points against an alternative "
                f"of {batna[you]:g}); the even-handed Nash package would have given you "
                f"{nash['points'][you]:g}.",
            )
        )
    candidates.append(
        (
            1,
            f"Replay this seed ({report['seed']}) and try a different first offer: yours opened at "
            f"{mine['opening'] if mine['opening'] is not None else 'nothing'} points for you.",
        )
    )
    candidates.append(
        (
            0,
            f"Branch this game at the turn where your leverage peaked and see whether holding there "
            f"beats the {points[you]:g} points you ended with.",
        )
    )
    ranked = sorted(enumerate(candidates), key=lambda item: (-item[1][0], item[0]))
    return [text for _, (_, text) in ranked[:3]]


def _issue_name(scenario, issue_id: str) -> str:
    return scenario.issues[scenario.issue_index(issue_id)].name


def _package_words(scenario, labels: dict[str, str]) -> str:
    return ", ".join(f"{_issue_name(scenario, issue)} {label}" for issue, label in labels.items())


def _claim_words(scenario, item: dict[str, Any]) -> str:
    topic = item["topic"]
    if topic == "priorities":
        said = " and ".join(scenario.issues[int(v)].name for v in item["claimed"])
        return f"that {said} mattered most"
    if topic == "deadline":
        return f"a deadline of round {item['claimed'][0]:g} (truly {item['truth']:g})"
    if not item["claimed"]:
        return "about your alternative"
    return f"an alternative worth {item['claimed'][0]:g} (truly {item['truth']:g})"


# -- rendering ---------------------------------------------------------------------------------


def _count(number: int, word: str) -> str:
    return f"{number} {word if number == 1 else word + 's'}"


def leverage_chart(timeline: dict[str, Any], role: str, width: int = CHART_WIDTH) -> list[str]:
    """A text chart of one side's leverage, one line per move: a bar left of the axis for
    negative leverage, right of it for positive."""
    lines = [
        f"  After each move (t = move, r = round): {role}'s true leverage, −100 … +100;",
        "  'felt' is what that side saw during the game, where it differed.",
    ]
    for point in timeline["points"]:
        value = point["true"][role]
        cells = min(width, round(abs(value) / 100 * width))
        left = " " * (width - cells) + "█" * cells if value < 0 else " " * width
        right = "█" * cells + " " * (width - cells) if value > 0 else " " * width
        perceived = point.get("perceived", {}).get(role)
        extra = (
            f"  (felt {perceived:+5.1f})" if perceived is not None and perceived != value else ""
        )
        lines.append(
            f"  t{point['turn']:<3} r{point['round']:<3} {value:+6.1f} {left}│{right}{extra}".rstrip()
        )
    return lines


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_text(report: dict[str, Any], markdown: bool = False) -> str:
    roles = report["roles"]
    you = report["perspective"]
    out: list[str] = []

    def heading(text: str) -> None:
        out.append("")
        out.append(f"## {text}" if markdown else text.upper())

    def item(text: str) -> None:
        out.append(f"- {text}" if markdown else f"  {text}")

    title = f"Debrief: {report['title']} ({report['scenario']}, seed {report['seed']})"
    out.append(f"# {title}" if markdown else title)
    who = ", ".join(f"{role}: {report['personas'][role]}" for role in roles)
    out.append(f"{who}; tips for {you}.")

    outcome = report["outcome"]
    heading("Outcome")
    if outcome["kind"] == "deal":
        terms = "; ".join(
            f"{report['issues'][issue]} {label}" for issue, label in outcome["package"].items()
        )
        item(
            f"Deal in round {outcome['round']}{' (mediated)' if outcome['mediated'] else ''}: {terms}"
        )
    elif outcome["kind"] == "walk-away":
        item(f"No deal: {outcome['walked_by']} walked away in round {outcome['round']}")
    elif outcome["kind"] == "deadline":
        item(f"No deal: time ran out in round {outcome['round']}")
    else:
        item(f"Unfinished: stopped in round {outcome['round']}; counted as no deal so far")
    for role in roles:
        share = report["surplus"]["share"][role]
        share_text = f", {share:.0%} of the surplus" if share is not None else ""
        item(
            f"{role}: {report['points'][role]:g} points against an alternative of "
            f"{report['batna'][role]:g} ({report['above_batna'][role]:+g}{share_text})"
        )
    efficiency = report["efficiency"]
    item(
        f"Joint surplus {report['surplus']['total']:g}"
        + (f", {efficiency:.0%} of the most possible" if efficiency is not None else "")
    )

    heading("Value left on the table")
    item(f"Distance to the Pareto frontier: {report['pareto_distance']:g} points")
    left = report["left_on_table"]
    if left is None:
        item("No package was better for both sides than this outcome.")
    else:
        terms = "; ".join(
            f"{report['issues'][issue]} {label}" for issue, label in left["package"].items()
        )
        gains = ", ".join(f"{role} {left['gain'][role]:+g}" for role in roles)
        if outcome["kind"] == "deal" and left["package"] == outcome["package"]:
            terms = "the same terms, agreed before the cost of delay added up"
        item(f"Better for both: {terms} ({gains})")
    nash = report["nash"]
    if nash is not None:
        terms = "; ".join(
            f"{report['issues'][issue]} {label}" for issue, label in nash["package"].items()
        )
        pts = ", ".join(f"{role} {nash['points'][role]:g}" for role in roles)
        item(f"Nash point: {terms} ({pts})")
    else:
        item("Nash point: none (no package beat both alternatives)")

    heading("Concessions")
    conc = report["concessions"]
    for role in roles:
        c = conc["by_role"][role]
        item(
            f"{role}: {_count(c['offers'], 'offer')}, {_count(c['count'], 'concession')} totalling "
            f"{c['total']:g} points (largest {c['largest']:g})"
        )
    if conc["first_to_concede"]:
        item(
            f"First to concede: {conc['first_to_concede']} in round {conc['first_concession_round']}; first offer by {conc['first_offer']}"
        )
    else:
        item("Nobody conceded.")

    heading("Information")
    for role in roles:
        g = report["information"]["given"][role]
        answers = ", ".join(f"{a['topic']} ({a['manner']})" for a in g["answered"]) or "none"
        item(
            f"{role} asked {len(g['asked'])}, answered {answers}; disclosed "
            f"{_count(len(g['disclosed']), 'fact')}, signalled {_count(len(g['signalled']), 'time')}, "
            f"cited {_count(len(g['cited']), 'benchmark')}"
        )
    if report["deception"]:
        for d in report["deception"]:
            fate = (
                f"exposed in round {d['exposed_round']}, cost {d['trust_cost']:g} trust"
                if d["exposed"]
                else "never exposed"
            )
            item(
                f"{d['role']}: {d['kind']} about {TOPIC_WORDS.get(d['topic'], d['topic'])} in round {d['round']}: {fate}"
            )
    else:
        item("No lies or bluffs.")

    heading(f"Leverage timeline ({you})")
    timeline = report["leverage"]
    if timeline["source"] == STANDIN:
        item("(stand-in measure: " + timeline["note"].split(": ", 1)[1] + ")")
    if markdown:
        out.append("")
        out.append("```")
    out.extend(leverage_chart(timeline, you))
    if markdown:
        out.append("```")

    heading("Turning points")
    if not report["turning_points"]:
        item("Leverage hardly moved.")
    for point in report["turning_points"]:
        item(
            f"Turn {point['turn']} (round {point['round']}, {point['actor']} moved): "
            f"{point['from']:+g} → {point['to']:+g}: {'; '.join(point['causes'])}"
        )

    heading("Tips")
    for index, tip in enumerate(report["tips"], start=1):
        out.append(f"{index}. {tip}" if markdown else f"  {index}. {tip}")
    return "\n".join(out) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    return render_text(report, markdown=True)


def render(report: dict[str, Any], fmt: str = "text") -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    return render_text(report)


__all__ = [
    "debrief",
    "leverage_chart",
    "leverage_timeline",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "standin_leverage",
]
