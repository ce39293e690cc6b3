"""Live feedback in the negotiation, played key by key with Pilot: what the counterpart thinks of
you and how your last move changed it, what you know about them with numbers and sources, points
after delay, and the small traps a learner fell into (← wrapping round, ctrl+q in a dialog,
low-contrast headings in the light theme)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from sim.core import knowledge
from sim.core.catalogue import resolve_scenario
from sim.play.session import Setup
from sim.tui import present
from sim.tui.app import DARK, LIGHT, make_app
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, HelpDialog, NumberDialog
from sim.tui.screens.home import HomeScreen
from sim.tui.screens.negotiation import NegotiationScreen
from sim.tui.widgets.offer_builder import OfferBuilder
from sim.tui.widgets.panels import TheirView

SIZE = (80, 24)
STAMP = "2026-01-01T00:00:00+00:00"


def app_for(scenario_id: str = "job-offer", seed: int = 5, difficulty: str = "normal", **kw):
    setup = Setup(resolve_scenario(scenario_id), seed, 0, difficulty=difficulty)
    return make_app(setup=setup, seed=seed, clock=lambda: STAMP, **kw)


def plain(renderable, width: int = 200) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def their_view_text(screen) -> str:
    return " ".join(plain(screen.query_one(TheirView).content).split())


def intel_text(screen) -> str:
    return plain(screen.query_one("#intel-text").content)


async def to_negotiation(app, pilot) -> NegotiationScreen:
    await pilot.pause()
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, NegotiationScreen)
    return app.screen


async def type_number(app, pilot, value: str) -> None:
    assert isinstance(app.screen, NumberDialog)
    app.screen.query_one("Input").value = value
    await pilot.press("enter")
    await pilot.pause()


async def disclose(app, pilot) -> None:
    await pilot.press("d", "1")
    await pilot.pause()


async def signal(app, pilot) -> None:
    await pilot.press("s")
    await pilot.pause()
    await type_number(app, pilot, "60")


async def lie(app, pilot) -> None:
    # In this game the employer opens by asking about the candidate's alternative.
    assert app.screen.session.view().question_to_me.topic == "batna"
    await pilot.press("n", "4")  # 4: lie, stating a value
    await pilot.pause()
    await type_number(app, pilot, "60")


def estimate(point) -> int:
    return round(point.summary["batna_mean"])


# -- what they think of you ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("talk", "noun"), [(disclose, "disclosure"), (signal, "signal"), (lie, "lie")]
)
async def test_their_view_shows_how_your_move_changed_their_estimate(talk, noun):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        session = screen.session
        await talk(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        before, after = session.beliefs[-2], session.beliefs[-1]
        assert estimate(before) != estimate(after), "this move should move their estimate"
        text = their_view_text(screen)
        assert f"Your alternative: ≈{estimate(after)}" in text
        low, high = round(after.summary["batna_low"]), round(after.summary["batna_high"])
        truly = present.points(session.view().batna)
        span = f"80% sure: {low}–{high}" if low != high else f"Sure: {low}"
        assert f"{span} (truly {truly})" in text
        assert f"Your {noun} moved it from {estimate(before)} to {estimate(after)}" in text


async def test_at_hard_their_view_is_hidden_until_v():
    app = app_for(difficulty="hard")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await signal(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert "Your alternative" not in their_view_text(screen)
        assert "Hidden at hard" in their_view_text(screen)
        await pilot.press("v")
        await pilot.pause()
        after = screen.session.beliefs[-1]
        assert f"Your alternative: ≈{estimate(after)}" in their_view_text(screen)


# -- what you know about them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "topic", "headline", "estimate"),
    [
        ("1", "batna", "Their alternative: ≈{}\n", knowledge.their_batna_estimate),
        ("2", "deadline", "Their deadline: ≈round {}\n", knowledge.their_deadline_estimate),
    ],
)
async def test_an_answer_updates_the_knowledge_headline_with_its_number_and_source(
    key, topic, headline, estimate
):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        session = screen.session
        text = intel_text(screen)
        assert "Their alternative: 7–57, guessed from their brief" in text
        assert "Their deadline: unknown" in text
        for _ in range(4):  # ask until they answer (a counterpart may put a question off)
            await pilot.press("q", key, "h")
            await pilot.pause()
            claims = [c for c in session.view().their_claims if c.topic == topic]
            if claims and claims[-1].values:
                break
        claim = claims[-1]
        said = "–".join(present.points(value) for value in claim.values)  # "16" or "8–12"
        worth = present.points(round(estimate(session.state, 0), 1))
        text = intel_text(screen)
        assert headline.format(worth) in text
        trust = f"{session.view().their_trust:.0%}"
        assert f"R{claim.round} their answer: {said} · their word {trust} credible" in text


async def test_a_disclosed_fact_shows_the_number_behind_it():
    # The employer has no fact of its own to disclose here: play the employer, disclose to the
    # candidate, then read the candidate's view of it through present (the same lines the panel
    # shows the other side).
    from sim.core.moves import Disclose, Hold, Move
    from sim.core.view import RoleView
    from sim.play.session import PlaySession

    setup = Setup(resolve_scenario("job-offer"), 5, 0)
    session = PlaySession.start(setup, clock=lambda: STAMP, autosave_enabled=False)
    fact = session.view().my_facts[0]
    session.play(Move(Hold(), Disclose(fact)))
    theirs = RoleView(session.state, 1)
    disclosure = theirs.their_disclosures[-1]
    lines = present.intel_lines(theirs, session.state)
    number = present.points(disclosure.value)
    assert any(line.endswith(f"(their alternative: {number})") for line in lines), lines
    assert f"Their alternative: ≈{number}" in lines
    assert any("a fact they disclosed" in line and "certain" in line for line in lines)


# -- points after delay -------------------------------------------------------------------------


async def test_offers_show_their_worth_after_delay():
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        view = screen.session.view()
        assert view.delay_cost_so_far > 0
        builder = screen.query_one(OfferBuilder)
        notes = " ".join(plain(note) for note in builder.notes())
        theirs = present.points(view.deal_value(view.their_offer))
        mine = present.points(builder.total(screen.draft) - view.delay_cost_so_far)
        assert f"({mine} after delay)" in notes and f"({theirs} after delay)" in notes
        assert present.worth_text(view, view.their_offer).endswith(f"({theirs} after delay)")


async def test_the_mediators_proposal_shows_its_worth_after_delay():
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        for key in ("h", "h", "m"):  # a mediator can be called from round 3
            await pilot.press(key)
            await pilot.pause()
        view = screen.session.view()
        proposal = view.mediator_proposal
        assert proposal is not None and view.delay_cost_so_far > 0
        worth = f"{present.points(view.points_of(proposal))} pts"
        after = f"({present.points(view.deal_value(proposal))} after delay)"
        assert f"For you: {worth} {after}" in " ".join(intel_text(screen).split())


# -- traps ----------------------------------------------------------------------------------------


async def test_left_and_right_stop_at_an_issues_ends():
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        last = len(screen.rows[0].labels) - 1
        for key, end in (("left", 0), ("right", last), ("left", 0)):
            for _ in range(last + 3):
                await pilot.press(key)
            await pilot.pause()
            assert screen.draft[0] == end, (key, screen.draft)


@pytest.mark.parametrize("keys", [("q",), ("s",), ("w",), ("f1",)])
async def test_ctrl_q_quits_from_a_dialog(keys):
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog | NumberDialog | ConfirmDialog | HelpDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_question_mark_opens_the_keys_help_on_home_and_in_play():
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, NegotiationScreen)
    app = make_app(seed=5, clock=lambda: STAMP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)


async def test_home_offers_learners_no_scripted_opponent_and_shows_join():
    app = make_app(seed=5, clock=lambda: STAMP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        persona = screen.query_one("#persona")
        names = [value for value, _ in persona.options]
        assert "boulware" not in names and "linear" not in names and "reciprocator" in names
        shown = {b.key for b in screen.BINDINGS if b.show}
        assert "j" in shown


def contrast(foreground, background) -> float:
    """WCAG 2 contrast ratio between two opaque Textual colours."""

    def luminance(color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = color.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", [DARK, LIGHT])
async def test_headings_and_footer_keys_meet_wcag_aa(theme):
    from textual.color import Color
    from textual.widgets._footer import FooterKey

    app = make_app(seed=5, clock=lambda: STAMP, theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        headings = list(screen.query(".step"))
        assert headings
        for heading in headings:
            _, _, background, color = heading.colors
            assert contrast(color, background) >= 4.5, (theme, str(heading.render()))
        keys = list(screen.query(FooterKey))
        assert keys
        for key in keys:
            style = key.get_component_rich_style("footer-key--key")
            background = key.background_colors[1]
            if style.bgcolor is not None:
                background = Color.from_rich_color(style.bgcolor)
            ratio = contrast(Color.from_rich_color(style.color), background)
            assert ratio >= 4.5, (theme, key.key, ratio)
    # The negotiation's panel titles ("Your offer", "What they think of you", ...) are headings.
    app = app_for(theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        panels = list(screen.query("#builder, #conversation, #leverage, #their-view, #intel"))
        assert len(panels) == 5
        for panel in panels:
            title = panel.styles.border_title_color
            if title.a == 0:  # unset: Textual draws the title in the border's colour
                title = panel.styles.border_top[1]
            for background in panel.background_colors:
                ratio = contrast(title, background)
                assert ratio >= 4.5, (theme, panel.border_title, ratio)


# -- the end --------------------------------------------------------------------------------------


def test_the_end_says_how_your_alternative_changed():
    story = present.batna_story([(1, 31), (3, 31), (5, 31), (6, 14), (7, 14)])
    assert story == (
        "Your alternative was really worth 31 points in rounds 1–5, then 14 from round 6."
    )
    assert present.batna_story([(1, 1), (2, 1)]) == (
        "Your alternative was really worth 1 point all game."
    )


def test_their_view_shows_deadline_and_priorities_when_the_counterpart_reports_them():
    from sim.core.moves import Disclose, Hold, Move
    from sim.play.session import BeliefPoint, PlaySession

    setup = Setup(resolve_scenario("job-offer"), 5, 0)
    view = PlaySession.start(setup, clock=lambda: STAMP, autosave_enabled=False).view()
    batna = {"batna_mean": 30.0, "batna_low": 20.0, "batna_high": 41.0}
    reported = {
        **batna,
        "batna_mean": 36.4,
        "deadline_mean": 8.2,
        "deadline_low": 6.0,
        "deadline_high": 11.0,
        **{f"priority_{i}": 0.1 for i in range(len(view.issues))},
        "priority_4": 0.5,
    }
    beliefs = [BeliefPoint(1, batna), BeliefPoint(2, reported)]
    lines = present.their_view_lines(beliefs, view, Move(Hold(), Disclose(0)), True)
    assert lines == [
        "Your alternative: ≈36",
        f"80% sure: 20–41 (truly {present.points(view.batna)})",
        "Your deadline: ≈R8 (6–11)",
        f"Matters most to you: {view.issues[4].name} (50%)",
        "Your disclosure moved it from 30 to 36",
    ]
    assert present.their_view_lines([], view, None, False) == [
        "This opponent is scripted: it keeps no picture of you."
    ]


def test_what_they_think_shows_their_reading_of_your_deadline_and_priorities():
    """The counterpart reports its estimate of your deadline and of each issue's weight to you;
    the panel shows both, and says there is no read yet while the weights are all near even."""
    from sim.core.catalogue import resolve_scenario
    from sim.core.moves import Hold, Move, Propose
    from sim.play.session import PlaySession, Setup
    from sim.tui.present import their_view_lines

    session = PlaySession.start(Setup(resolve_scenario("job-offer"), 7, 0, "reciprocator"))
    session.play(Move(Hold()))
    lines = their_view_lines(session.beliefs, session.view(), Move(Hold()), True)
    assert any(line.startswith("Your deadline: ≈R") for line in lines), lines
    assert "Priorities: no read yet" in lines, lines
    view = session.view()
    best = tuple(
        int(max(range(len(i.options)), key=lambda o: i.options[o].points[0])) for i in view.issues
    )
    for _ in range(3):
        session.play(Move(Propose(best)))
    summary = session.beliefs[-1].summary
    weights = [summary[f"priority_{i}"] for i in range(len(view.issues))]
    assert abs(sum(weights) - 1) < 0.01
    lines = their_view_lines(session.beliefs, session.view(), Move(Propose(best)), True)
    assert any(
        line.startswith("Matters most to you:") or line == "Priorities: no read yet"
        for line in lines
    )
