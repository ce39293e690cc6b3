"""Leverage over the game, from `sim.core.leverage` (true and perceived, components and reasons,
for both sides), and its turning points: the few moves that changed the perspective side's true
leverage most, each labelled with the round the change took effect and its causes told from
that side's point of view.

There is no second formula to fall back on: if the model fails, the debrief fails where a test
will see it.
"""

from __future__ import annotations

from sim.ai.match import Match
from sim.analysis.debrief.report import (
    LeveragePoint,
    LeverageTimeline,
    TurningPoint,
    rounded,
)
from sim.core import leverage as model
from sim.core.state import Event, GameState, other

SOURCE = "sim.core.leverage"
TURNING_POINTS = 3
SMALLEST_TURN = 3.0  # leverage points (of 200): a smaller change is noise, not a turning point


def game_states(match: Match) -> list[GameState]:
    return [match.game.initial_state(), *(turn.state for turn in match.turns)]


def leverage_timeline(match: Match) -> LeverageTimeline:
    """Each side's leverage (-100..+100) before the first move and after every move."""
    states = game_states(match)
    roles = match.game.scenario.role_ids
    timeline = model.LeverageTimeline.of(states)
    rows = [timeline.for_role(role, "true") for role in (0, 1)]
    points = []
    for index, state in enumerate(states):
        readings = (rows[0][index], rows[1][index])
        points.append(
            LeveragePoint(
                turn=index,
                round=state.round,
                true={roles[r]: rounded(readings[r].true, 1) or 0.0 for r in (0, 1)},
                perceived={roles[r]: rounded(readings[r].perceived, 1) or 0.0 for r in (0, 1)},
                components={
                    roles[r]: {
                        name: rounded(value, 1) or 0.0
                        for name, value in readings[r].components.items()
                    }
                    for r in (0, 1)
                },
                causes={
                    roles[r]: _in_their_words(states, index, r, readings[r].reasons) for r in (0, 1)
                },
            )
        )
    return LeverageTimeline(SOURCE, tuple(points))


def turning_points(match: Match, timeline: LeverageTimeline, me: int) -> tuple[TurningPoint, ...]:
    """The (up to) three largest changes of `me`'s true leverage, at least `SMALLEST_TURN` each,
    in game order."""
    roles = match.game.scenario.role_ids
    points = timeline.points
    changes = []
    for index in range(1, len(points)):
        before = points[index - 1].true[roles[me]]
        after = points[index].true[roles[me]]
        if abs(after - before) >= SMALLEST_TURN:
            changes.append((abs(after - before), index, before, after))
    top = sorted(changes, key=lambda c: (-c[0], c[1]))[:TURNING_POINTS]
    out = []
    for _, index, before, after in sorted(top, key=lambda c: c[1]):
        turn = match.turns[index - 1]
        causes = points[index].causes[roles[me]] or (
            "the standing offers moved the zone still in play",
        )
        out.append(
            TurningPoint(
                turn=index,
                round=points[index].round,
                move_round=turn.round,
                actor=roles[turn.actor],
                role=roles[me],
                before=rounded(before, 1) or 0.0,
                after=rounded(after, 1) or 0.0,
                change=rounded(after - before, 1) or 0.0,
                causes=causes,
            )
        )
    return tuple(out)


def _in_their_words(
    states: list[GameState], index: int, role: int, reasons: tuple[str, ...]
) -> tuple[str, ...]:
    """The model's reasons, with scenario events that were written to the other side retold
    from `role`'s side: the candidate's debrief must not say "Your second finalist…"."""
    if index == 0:
        return tuple(reasons)
    before, after = states[index - 1], states[index]
    fixed = list(reasons)
    for event in after.log[len(before.log) :]:
        for old, new in _retold(before, after, role, event):
            fixed = [reason.replace(old, new) for reason in fixed]
    return tuple(fixed)


def _retold(before: GameState, after: GameState, role: int, event: Event) -> list[tuple[str, str]]:
    """Replacements (old words, the same news told to `role`) for a scenario event that was
    written to the other side only; none when the text was written to `role`."""
    if event.kind != "scenario-event":
        return []
    scenario = after.scenario
    rule = next((r for r in scenario.events if r.id == event.detail.get("event")), None)
    if rule is None or role in rule.touches(scenario):
        return []
    them = other(role)
    name = scenario.roles[them].name
    lead = _headline(event.text)
    news = f"News for the {name.lower()}"
    if after.batna[them] != before.batna[them]:
        verb = "rose" if after.batna[them] > before.batna[them] else "fell"
        said = (
            f"{news}: their alternative {verb} from {before.batna[them]:g} to "
            f"{after.batna[them]:g} points"
        )
        # The model says "<headline>; Employer's alternative fell": tell it once, with numbers.
        return [(f"{lead}; {name}'s alternative {verb}", said), (lead, said)]
    if after.deadline[them] != before.deadline[them]:
        news += f": their deadline moved to round {after.effective_deadline(them)}"
    return [(lead, news)]


def _headline(text: str) -> str:
    """The part of an event's text the model quotes: up to its first colon or full stop."""
    cut = min((i for i in (text.find(":"), text.find(".")) if i > 0), default=len(text))
    return text[:cut].strip()
