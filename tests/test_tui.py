"""The game in the terminal, played key by key with Textual's Pilot (`App.run_test`).

Each game is driven only by the keys a player would press; the test reads the session to decide
which key to press next, the way a player reads the screen. Saves go to a temporary
LEVERAGE_HOME.
"""

from __future__ import annotations

import pytest

from sim.cli.main import main
from sim.core.catalogue import resolve_scenario, shipped_ids
from sim.play.session import Setup
from sim.record import autosave
from sim.tui import present
from sim.tui.app import make_app
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.dialogs import ConfirmDialog
from sim.tui.screens.end import EndScreen
from sim.tui.screens.home import HomeScreen
from sim.tui.screens.negotiation import NegotiationScreen
from sim.tui.screens.too_small import TooSmallScreen

SCENARIOS = ["job-offer", "supplier-contract", "lease-renewal"]
SIZE = (80, 24)
STAMP = "2026-01-01T00:00:00+00:00"


def text_of(widget) -> str:
    """The plain text a Static shows."""
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), color_system=None)
    content = widget.content
    with console.capture() as capture:
        console.print(content)
    return capture.get()


def app_for(scenario_id: str | None = None, seed: int = 5, role: int = 0):
    setup = None if scenario_id is None else Setup(resolve_scenario(scenario_id), seed, role)
    return make_app(setup=setup, seed=seed, clock=lambda: STAMP)


async def to_negotiation(app, pilot) -> NegotiationScreen:
    """From the briefing `leverage play` opens on, into the negotiation."""
    await pilot.pause()
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, NegotiationScreen)
    return app.screen


async def press_until_over(app, pilot, choose_key) -> EndScreen:
    for _ in range(200):
        if isinstance(app.screen, EndScreen):
            return app.screen
        screen = app.screen
        assert isinstance(screen, NegotiationScreen), type(screen)
        for key in choose_key(screen.session):
            await pilot.press(key)
        await pilot.pause()
    raise AssertionError("the game did not end")


def below_batna(session) -> bool:
    view = session.view()
    return view.deal_value(view.their_offer) < view.batna


def accept_when_offered(session):
    """Take whatever is on the table, confirming when the game warns it is below the BATNA."""
    if session.view().their_offer is None:
        return ["h"]
    return ["a", "y"] if below_batna(session) else ["a"]


def run_out_the_clock(session):
    state, role = session.state, session.player
    deadline = min(state.effective_deadline(0), state.effective_deadline(1))
    return ["b"] if state.round >= deadline - 1 and state.breaks[role] < 2 else ["h"]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
async def test_a_game_ends_in_a_deal_when_the_player_accepts(scenario_id):
    app = app_for(scenario_id)
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        end = await press_until_over(app, pilot, accept_when_offered)
        assert end.session.state.outcome.kind == "deal"
        assert "Deal in round" in text_of(end.query_one("#end-text"))


async def test_accepting_below_your_batna_asks_first():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        assert screen.session.view().their_offer is not None and below_batna(screen.session)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Your alternative is worth" in text_of(app.screen.query_one(".dialog-title"))
        await pilot.press("n")  # keep negotiating
        await pilot.pause()
        assert app.screen is screen and not screen.session.is_over
        await pilot.press("a", "y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.screen.session.state.outcome.kind == "deal"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
async def test_a_player_who_walks_away_confirms_and_gets_no_deal(scenario_id):
    app = app_for(scenario_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("n")  # the confirmation: stay
        await pilot.pause()
        assert app.screen is screen and not screen.session.is_over
        await pilot.press("w", "y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        outcome = app.screen.session.state.outcome
        assert outcome.kind == "walk-away" and outcome.walked_by == 0


@pytest.mark.parametrize("scenario_id", SCENARIOS)
async def test_holding_past_the_deadline_ends_with_no_deal(scenario_id):
    app = app_for(scenario_id)
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        end = await press_until_over(app, pilot, run_out_the_clock)
        state = end.session.state
        assert state.outcome.kind == "deadline"
        assert state.outcome.payoffs == state.batna


@pytest.mark.parametrize("scenario_id", SCENARIOS)
async def test_a_game_resumes_exactly_after_the_app_is_torn_down(scenario_id):
    app = app_for(scenario_id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await pilot.press("left", "p", "q", "1", "h", "down", "left", "p")
        await pilot.pause()
        before = screen.session.state
        assert len(screen.session.match.turns) >= 4 and not before.is_over
    # The app is gone mid-game; the next `leverage` offers to resume it.
    app = app_for(None, seed=99)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and home.unfinished is not None
        assert "Unfinished:" in text_of(home.query_one("#resume-text"))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NegotiationScreen)
        after = app.screen.session.state
        assert after.digest() == before.digest()
        assert after.round == before.round and after.standing == before.standing
        end = await press_until_over(app, pilot, accept_when_offered)
        assert end.session.state.outcome.kind == "deal"
    saved = autosave.recent_saves()[0]
    assert saved.finished and saved.outcome["kind"] == "deal"


async def test_the_home_screen_starts_a_game_with_the_typed_seed():
    app = app_for(None, seed=11)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("down")  # the second scenario
        await pilot.press("tab", "tab", "tab", "tab")  # role, opponent, difficulty, seed
        assert app.focused.id == "seed"
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        setup = app.screen.setup
        assert setup.seed == 42 and setup.scenario.id == shipped_ids()[1]
        assert "Your BATNA" in text_of(app.screen.query_one("#brief-text"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_an_illegal_move_is_a_notification_not_a_crash():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        turns = len(screen.session.match.turns)
        await pilot.press("m")  # a mediator only from round 3
        await pilot.pause()
        assert app.screen is screen and len(screen.session.match.turns) == turns
        assert any("mediator can be called from round 3" in n.message for n in app._notifications)


async def test_talk_goes_with_the_next_decision():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await pilot.press("q", "2")  # ask about their deadline
        await pilot.pause()
        assert screen.pending_talk is not None
        await pilot.press("h")
        await pilot.pause()
        state = screen.session.state
        mine = [t for t in screen.session.match.turns if t.actor == 0]
        assert mine[-1].move.to_dict() == {"decision": "hold", "talk": "ask", "topic": "deadline"}
        assert screen.pending_talk is None
        assert any(c.topic == "deadline" and c.role == 1 for c in state.claims)  # they answered
        # Disclose a fact, signal an alternative and cite a benchmark, one move each.
        await pilot.press("d", "1", "h", "s", "enter", "h", "c", "1", "h")
        await pilot.pause()
        talks = [t.move.to_dict().get("talk") for t in screen.session.match.turns if t.actor == 0]
        assert talks[-3:] == ["disclose", "signal", "cite"]


async def test_answering_a_question_with_a_lie_records_the_claim():
    app = app_for("job-offer", role=1)  # the employer; the candidate asks nothing, so ask ourselves
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        session = screen.session
        # Put a question to the player through the rules, as a counterpart would.
        from sim.core.moves import Ask, Hold, Move

        session.match.apply(Move(Hold()))
        session.match.apply(Move(Hold(), Ask("batna")))
        screen.redraw()
        await pilot.pause()
        assert session.view().question_to_me is not None
        await pilot.press("n", "4")  # lie
        await pilot.pause()
        await pilot.press(*"60", "enter", "h")
        await pilot.pause()
        claim = [c for c in session.state.claims if c.role == 1][-1]
        assert claim.manner == "lie" and claim.values == (60.0,) and not claim.truthful


async def test_every_move_is_in_the_command_palette():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        titles = [command.title for command in app.get_system_commands(screen)]
        for name in (
            "Propose",
            "Accept",
            "Hold",
            "Break",
            "Walk away",
            "Mediator",
            "Ask",
            "Disclose",
            "Signal",
            "Cite",
        ):
            assert any(title.startswith(name) for title in titles), name
        hold = next(c for c in app.get_system_commands(screen) if c.title.startswith("Hold"))
        turns = len(screen.session.match.turns)
        hold.callback()
        await pilot.pause()
        assert screen.session.match.turns[turns].move.to_dict() == {"decision": "hold"}


async def test_the_offer_builder_answers_the_mouse():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        before = screen.draft
        # The draft starts on the best option of each issue: a click on the second issue's row,
        # left third, steps back one option; a click on its right half steps forward again.
        await pilot.click("#builder", offset=(5, 3))
        await pilot.pause()
        assert screen.draft[1] == before[1] - 1 and screen.draft[0] == before[0]
        await pilot.click("#builder", offset=(30, 3))
        await pilot.pause()
        assert screen.draft == before


async def test_a_small_terminal_says_what_size_it_needs():
    app = app_for(None)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80×24" in text_of(app.screen.query_one("#too-small-text"))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_f2_switches_between_dark_and_light():
    app = app_for(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = app.theme
        await pilot.press("f2")
        assert app.theme != dark
        await pilot.press("f2")
        assert app.theme == dark


async def test_the_end_screen_plays_the_same_seed_again_and_goes_home():
    app = app_for("supplier-contract", seed=8)
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        await pilot.press("w", "y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.screen.setup.seed == 8
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w", "y")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen.saves) == 2


# -- what a newcomer reads on screen (found playing it) -----------------------------------------


async def test_the_clock_names_a_deadline_only_when_you_have_one():
    app = app_for("job-offer")  # the candidate has no deadline of their own
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        clock = text_of(screen.query_one("#clock"))
        assert "12 rounds left" in clock and "deadline" not in clock
    app = app_for("supplier-contract", role=1)  # the buyer has one, in round 7
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        assert "7 rounds to your deadline" in text_of(screen.query_one("#clock"))


async def test_talk_and_intel_are_in_words_not_ids():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        await pilot.press("d", "3")  # the routing-platform fact
        await pilot.pause()
        notes = " ".join(text.plain for text in screen.query_one("#builder").notes())
        assert "cand-project" not in notes and "“Honestly, the routing platform" in notes
        intel = text_of(screen.query_one("#intel-text"))
        assert "Their credibility: 100%" in intel and "trust" not in intel


async def test_the_offer_builder_names_the_issue_under_the_cursor_in_full():
    app = app_for("lease-renewal")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        builder = screen.query_one("#builder")
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        row = builder.rows[4]
        assert builder.border_subtitle == f"{row.name}: {row.labels[screen.draft[4]]}"
        await pilot.press("right")
        await pilot.pause()
        assert builder.border_subtitle == f"{row.name}: {row.labels[screen.draft[4]]}"


async def test_the_mediators_proposal_shows_its_points_and_asks_below_your_batna():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        session = screen.session
        view = session.view()
        # The proposal worst for the player, put on the table as the rules would.
        worst = tuple(
            min(range(len(row.labels)), key=row.my_points.__getitem__) for row in screen.rows
        )
        session.match.state = session.state.evolve(mediator_proposal=worst, mediator_used=True)
        screen.redraw()
        await pilot.pause()
        intel = text_of(screen.query_one("#intel-text"))
        assert f"For you: {present.worth_text(view, worst)} —" in " ".join(intel.split())
        assert screen.check_action("mediator", ()) is False  # called once: gone from the footer
        turns = len(session.match.turns)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and len(session.match.turns) == turns


async def test_the_conversation_wraps_again_when_the_terminal_grows():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        log = screen.query_one("#conversation")
        narrow = max(strip.cell_length for strip in log.lines)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert max(strip.cell_length for strip in log.lines) > narrow + 10
        assert log.shown == len(log.said) > 0


async def test_the_help_scrolls_and_its_close_button_stays_in_view_at_80x24():
    app = app_for("job-offer")
    async with app.run_test(size=SIZE) as pilot:
        await to_negotiation(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        close = app.screen.query_one("#close")
        assert close.region.bottom <= SIZE[1] and close.region.height > 0
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y > 0  # the rest is a scroll away
        await pilot.press("escape")


async def test_enter_on_a_set_up_field_opens_the_briefing():
    app = app_for(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#persona").focus()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)


async def test_the_end_screen_shows_the_move_that_ended_the_game():
    from sim.core.moves import Accept, Move, Propose
    from sim.tui.screens.end import end_text

    app = app_for("job-offer", seed=7, role=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_negotiation(app, pilot)
        session = screen.session
        # The player proposes and the candidate takes it: the game ends on their move.
        session.match.apply(Move(Propose(tuple(screen.draft))))
        session.match.apply(Move(Accept()))
        assert session.is_over and session.match.turns[-1].actor != session.player
        text = " ".join(getattr(part, "plain", "") for part in end_text(session).renderables)
        assert "R1 ‹ Candidate accepted" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["play", "no-such-scenario"], "no such scenario"),
        (["play", "job-offer", "--role", "pilot"], "has no role 'pilot'"),
        (["play", "job-offer", "--persona", "saint"], "unknown persona 'saint'"),
        (["play", "job-offer", "--difficulty", "brutal"], "unknown difficulty 'brutal'"),
        (["play", "job-offer", "--seed", "x"], "expected a whole number"),
    ],
)
def test_play_with_bad_arguments_is_one_line_and_status_2(argv, message, capsys):
    with pytest.raises(SystemExit) if "--seed" in argv else _no_raise():
        status = main(argv)
        assert status == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
