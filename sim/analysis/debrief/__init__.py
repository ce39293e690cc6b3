"""The debrief: what happened in one game and what to do differently, computed from its states.

`debrief(match)` builds a typed `Debrief` (`report.py`): the outcome against both BATNAs; value
created (distance to the frontier), claimed (share of the surplus) and lost to delay, counted
apart; the best package better for both, compared before delay; the Nash point; concessions,
measured one stated way; information given and received; lies and bluffs priced in the round
they were told; the leverage timeline from `sim.core.leverage` with its turning points; every
move of the perspective side graded like a chess engine's (`sim.analysis.grades`) with the three
costliest; and three tips. `render(report, fmt)` writes it as text, Markdown or JSON.
Everything is rounded and ordered deterministically, so identical games give byte-identical
debriefs.
"""

from __future__ import annotations

from attrs import evolve

from sim.ai.match import Match
from sim.analysis.debrief.concessions import concessions
from sim.analysis.debrief.information import deception, information
from sim.analysis.debrief.render import (
    leverage_chart,
    render,
    render_json,
    render_markdown,
    render_text,
)
from sim.analysis.debrief.report import Debrief, rounded
from sim.analysis.debrief.timeline import leverage_timeline, turning_points
from sim.analysis.debrief.tips import tips
from sim.analysis.debrief.value import (
    final_points,
    labels,
    left_on_table,
    nash_point,
    outcome_report,
    surplus,
    value_summary,
)
from sim.analysis.grades import costliest, grade_game
from sim.core.outcomes import pareto_distance

HUMAN = "human"


def debrief(
    match: Match,
    perspective: int | None = None,
    personas: tuple[str, str] | None = None,
    *,
    difficulty: str = "normal",
    grades: bool = True,
) -> Debrief:
    """The debrief of `match`. `perspective` is the role the tips and grades speak to: by
    default the side a person played, else the scenario's first role. `personas` names who
    played each side (a persona or "human"); `difficulty` the counterpart's level (the grades'
    play-outs face the same opponent). `grades=False` skips the move-by-move analysis (the
    class report, which reads many games, does not show it)."""
    game = match.game
    state = match.state
    scenario = game.scenario
    roles = scenario.role_ids
    if personas is None:
        personas = (_persona_of(match, 0), _persona_of(match, 1))
    me = _perspective(personas) if perspective is None else perspective
    final = final_points(state)
    timeline = leverage_timeline(match)
    graded = grade_game(match, me, personas, difficulty) if grades else ()
    report = Debrief(
        scenario=scenario.id,
        title=scenario.title,
        seed=game.seed,
        roles=roles,
        issues={issue.id: issue.name for issue in scenario.issues},
        personas={roles[r]: personas[r] for r in (0, 1)},
        perspective=roles[me],
        outcome=outcome_report(state),
        points={roles[r]: rounded(final[r]) or 0.0 for r in (0, 1)},
        batna={roles[r]: rounded(state.batna[r]) or 0.0 for r in (0, 1)},
        batna_at_start={roles[r]: rounded(game.batna[r]) or 0.0 for r in (0, 1)},
        above_batna={roles[r]: rounded(final[r] - state.batna[r]) or 0.0 for r in (0, 1)},
        surplus=surplus(state),
        efficiency=value_summary(state).efficiency,
        pareto_distance=rounded(pareto_distance(game.space, final)) or 0.0,
        value=value_summary(state),
        left_on_table=left_on_table(state),
        nash=nash_point(state),
        concessions=concessions(state),
        information=information(match),
        deception=deception(match),
        trust={roles[r]: rounded(state.trust[r], 3) or 0.0 for r in (0, 1)},
        leverage=timeline,
        turning_points=turning_points(match, timeline, me),
        grades=graded,
        costliest_moves=costliest(graded),
        tips=(),
    )
    # The tips read the finished report (turning points, grades), so they are added last.
    return evolve(report, tips=tips(report, state, me))


def _persona_of(match: Match, role: int) -> str:
    counterpart = match.counterparts[role]
    return HUMAN if counterpart is None else str(counterpart.persona)


def _perspective(personas: tuple[str, str]) -> int:
    humans = [r for r in (0, 1) if personas[r] == HUMAN]
    return humans[0] if len(humans) == 1 else 0


__all__ = [
    "Debrief",
    "debrief",
    "labels",
    "leverage_chart",
    "leverage_timeline",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
]
