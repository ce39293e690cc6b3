"""The player's own proposals in plain words, in the conversation next to the counterpart's."""

from __future__ import annotations

from sim.core.catalogue import resolve_scenario
from sim.core.offer_words import proposal_words
from sim.play.session import Setup
from sim.tui.app import make_app
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.negotiation import NegotiationScreen

# job-offer issues: salary, signing bonus, start date, vacation, remote, first assignment.
# The candidate (role 0) gains from a higher salary and more remote days.


def test_a_first_offer_names_every_term():
    scenario = resolve_scenario("job-offer")
    text = proposal_words(scenario, 0, (2, 0, 2, 1, 1, 2), None)
    assert text.startswith("You open with base salary $96,000")
    assert "start date in 6 weeks" in text  # labels read mid-sentence
    assert "remote days 1 day a week" in text


def test_a_later_offer_says_what_the_proposer_gives_and_asks_for():
    scenario = resolve_scenario("job-offer")
    before = (4, 0, 2, 1, 2, 2)
    # Salary down ($104k to $96k: 15 of the candidate's points), remote up (2 to 3 days: 8 more).
    text = proposal_words(scenario, 0, (2, 0, 2, 1, 3, 2), before)
    assert text == (
        "You offer base salary $96,000, giving up 15 of your points;"
        " and ask for remote days 3 days a week, 8 points more for you."
    )
    # The same move, made by the employer, reads the other way round.
    text = proposal_words(scenario, 1, (2, 0, 2, 1, 3, 2), before)
    assert text.startswith("You offer remote days 3 days a week, giving up 3 of your points")
    assert "ask for base salary $96,000, 15 points more for you" in text
    assert proposal_words(scenario, 0, before, before) == "You repeat your offer."


async def test_the_conversation_shows_the_players_proposal_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))
    setup = Setup(resolve_scenario("job-offer"), 5, 0)
    app = make_app(setup=setup, seed=5, clock=lambda: "2026-01-01T00:00:00+00:00")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NegotiationScreen)
        await pilot.press("p")
        await pilot.pause()
        log = screen.query_one("#conversation")
        said = [line.text for line in log.said]
        assert any(text.startswith("You open with base salary") for text in said), said
        # The counterpart's answer follows, with the line it was tagged for.
        theirs = [t for t in screen.session.match.turns if t.actor == 1 and t.choice is not None]
        assert theirs[-1].choice.reasons.speech
