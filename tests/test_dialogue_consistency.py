"""Every counterpart line agrees with its move and with the player's last move.

Thousands of seeded games — every Bayesian persona, difficulty, role and shipped scenario —
against a random player that makes every kind of move, each counterpart line checked by
`dialogue_checks.check_match`, which reads the game's record (moves, events, true points) and
the speech acts the line was tagged with, and shares no code with the dialogue. A larger run:
`python tests/bench/bench_dialogue.py`.
"""

from __future__ import annotations

import attrs
import pytest
from dialogue_checks import check_match, play

from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES
from sim.core.catalogue import shipped_ids

SEEDS = 24  # per scenario, persona, difficulty and role: 3 * 5 * 3 * 2 * 24 = 2160 games


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_counterpart_lines_never_contradict_the_moves(scenarios, scenario_id):
    problems: list[str] = []
    games = 0
    for persona in BAYESIAN_PERSONAS:
        for difficulty in DIFFICULTIES:
            for role in (0, 1):
                for seed in range(SEEDS):
                    match = play(scenarios[scenario_id], seed, role, persona, difficulty)
                    problems += check_match(match, persona, difficulty)
                    games += 1
    assert games == len(BAYESIAN_PERSONAS) * len(DIFFICULTIES) * 2 * SEEDS
    assert not problems, f"{len(problems)} contradictions, e.g.\n" + "\n".join(problems[:10])


def _tampered(match, index, **changes):
    """The match with one counterpart turn's line or speech acts replaced."""
    turn = match.turns[index]
    choice = turn.choice
    reasons = choice.reasons
    if "speech" in changes:
        reasons = attrs.evolve(reasons, speech=changes.pop("speech"))
    match.turns[index] = attrs.evolve(turn, choice=attrs.evolve(choice, reasons=reasons, **changes))
    return match


def test_the_checker_catches_a_line_that_contradicts_its_move(scenarios):
    """The checker is not vacuous: a proposal that claims to accept, a concession tagged as an
    opening and a "you moved" after no concession are each reported."""
    match = play(scenarios["job-offer"], 3, 0, "reciprocator", "normal")
    assert not check_match(match, "reciprocator", "normal")
    proposals = [
        i
        for i, t in enumerate(match.turns)
        if t.choice is not None and "concede" in t.choice.reasons.speech
    ]
    index = proposals[0]
    agreed = _tampered(
        play(scenarios["job-offer"], 3, 0, "reciprocator", "normal"),
        index,
        line=match.turns[index].choice.line + " Agreed.",
    )
    assert any(
        "agrees without accepting" in p for p in check_match(agreed, "reciprocator", "normal")
    )
    opening = _tampered(
        play(scenarios["job-offer"], 3, 0, "reciprocator", "normal"), index, speech=("open",)
    )
    assert any("was a concede" in p for p in check_match(opening, "reciprocator", "normal"))
    first = next(i for i, t in enumerate(match.turns) if t.choice is not None)
    moved = _tampered(
        play(scenarios["job-offer"], 3, 0, "reciprocator", "normal"),
        first,
        line="You moved, so we move: whatever.",
    )
    assert any("did not make" in p for p in check_match(moved, "reciprocator", "normal"))
