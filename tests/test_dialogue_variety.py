"""Variety without nonsense: enough words for every situation, coloured by mood, never repeated."""

from __future__ import annotations

from dialogue_checks import play

from sim.ai import dialogue
from sim.ai.bayesian import STYLES


def test_every_situation_has_six_variants_for_every_persona():
    for persona in STYLES:
        for situation in dialogue.DECISION_LINES[persona]:
            assert len(set(dialogue.variants(situation, persona))) >= 6, (persona, situation)
    groups = [*dialogue.TALK_LINES.values(), *dialogue.REPLIES.values()]
    groups += [*dialogue.DEADLINE_WARNINGS.values(), dialogue.FINAL_OFFER]
    groups += [
        dialogue.FINAL_BROKEN,
        dialogue.FINAL_KEPT,
        dialogue.LIMIT_MOVED,
        dialogue.YOUR_LAST_ROUND,
        dialogue.LARGE_STEP,
    ]
    groups += [dialogue.WARY, dialogue.PRESSED]
    assert all(len(set(group)) >= 6 for group in groups)


def test_owning_up_to_a_moved_limit_says_nothing_of_the_step_size():
    """A line owning up to a moved limit goes before a concession of any size, some called big (LARGE_STEP):
    it must not call the step small in the same breath."""
    for line in dialogue.LIMIT_MOVED:
        assert not dialogue.SMALL_STEP.search(line), line
        assert " just" not in line, line


def test_lines_vary_and_follow_the_mood(scenarios):
    """Over seeded games a persona says many different things, grows wary once trust in the
    player has fallen, and never says the same line twice in a row."""
    lines: list[str] = []
    wary = 0
    for seed in range(30):
        match = play(scenarios["job-offer"], seed, 0, "hardliner", "normal")
        previous = None
        for turn in match.turns:
            if turn.choice is None:
                continue
            text = turn.choice.line
            assert text != previous
            previous = text
            lines.append(text)
            if "wary" in turn.choice.reasons.speech:
                before = match.turns[match.turns.index(turn) - 1].state
                assert before.trust[0] < 0.75
                assert any(part in text for part in dialogue.WARY)
                wary += 1
    assert wary > 0
    assert len(set(lines)) > 0.5 * len(lines)
