"""The replay viewer in the TUI, and what every TUI game leaves behind: a replay that verifies and
an entry in the practice history (issue 6). Pilot tests and snapshots."""

from __future__ import annotations

import pytest

from sim.ai.selfplay import Lineup, new_match
from sim.cli.main import main
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Move, WalkAway
from sim.play.session import PlaySession, Setup
from sim.play.study import ReplayStudy
from sim.record import autosave
from sim.record.history import History
from sim.record.paths import replays_folder
from sim.record.replay import Player, read_replay, verify, write_replay
from sim.tui.screens.negotiation import NegotiationScreen
from sim.tui.screens.replay import ReplayScreen, Timeline, belief_lines, make_viewer_app

STAMP = "2026-01-01T00:00:00+00:00"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def recorded(tmp_path):
    match = new_match(resolve_scenario("job-offer"), 3, Lineup(("linear", "boulware")))
    match.run()
    return read_replay(
        write_replay(match, tmp_path / "game.jsonl", (Player("linear"), Player("boulware")))
    )


def viewer(replay, start_turn=None):
    return make_viewer_app(replay, start_turn, clock=lambda: STAMP)


def shown(screen: ReplayScreen, widget_id: str) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(screen.query_one(widget_id).content)
    return capture.get()


async def test_step_through_turns_by_key(recorded):
    app = viewer(recorded, start_turn=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and screen.index == 0
        assert "Start of the game" in shown(screen, "#replay-move")
        await pilot.press("right", "right", "right")
        assert screen.index == 3
        assert shown(screen, "#replay-where").startswith(f"Turn 3 of {len(recorded.turns)}")
        assert "Employer (boulware) chose to" in shown(screen, "#replay-move")
        await pilot.press("left")
        assert screen.index == 2
        await pilot.press("end")
        assert screen.index == len(recorded.turns)
        assert "Deal in round" in shown(screen, "#replay-side") or "No deal" in shown(
            screen, "#replay-side"
        )
        await pilot.press("right")  # past the end stays at the end
        assert screen.index == len(recorded.turns)
        await pilot.press("home")
        assert screen.index == 0


async def test_the_timeline_jumps_to_a_clicked_turn(recorded):
    app = viewer(recorded, start_turn=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click(Timeline, offset=(4, 0))
        assert app.screen.index == 4
        marks = shown(app.screen, "#replay-timeline").splitlines()
        assert len(marks[0].strip()) == len(recorded.turns) + 1
        assert marks[1].index("▲") == 4


async def test_both_private_briefs_leverage_and_beliefs_are_shown(recorded):
    app = viewer(recorded, start_turn=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        side = shown(app.screen, "#replay-side")
        assert "Candidate" in side and "true" in side and "felt" in side
        assert "What the counterpart believed" in side
        await pilot.press("p")
        briefs = shown(app.screen, "#replay-move")
        scenario = resolve_scenario("job-offer")
        for role in scenario.roles:
            assert " ".join(role.private_brief.split())[:60] in briefs.replace("\n", " ").replace(
                "  ", " "
            )


def test_the_study_shows_what_a_modelling_counterpart_believed(tmp_path):
    match = new_match(resolve_scenario("job-offer"), 3, Lineup(("reciprocator", "reciprocator")))
    match.run()
    replay = read_replay(write_replay(match, tmp_path / "g.jsonl"))
    study = ReplayStudy.of_replay(replay)
    lines = belief_lines(study, study.last)
    assert any(
        "thought the candidate's alternative was worth" in line and "truly" in line
        for line in lines
    )


async def test_branching_plays_on_from_that_turn_with_the_same_seed(recorded, leverage_home):
    app = viewer(recorded, start_turn=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NegotiationScreen)
        session = screen.session
        assert session.setup.seed == 3 and session.player == 0
        assert session.setup.persona == "boulware"
        digests = [turn.state.digest() for turn in session.match.turns[:3]]
        assert digests == [turn.digest for turn in recorded.turns[:3]]
        assert not session.is_over and session.state.to_move == session.player
    saves = autosave.recent_saves()
    assert [s.id for s in saves] == ["job-offer-s3-20260101000000-b3"]


async def test_close_returns_home_and_a_finished_save_opens_the_viewer(leverage_home):
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 4, 0, "linear"), clock=lambda: STAMP
    )
    session.play(Move(WalkAway()))
    assert session.is_over
    from sim.tui.app import make_app
    from sim.tui.screens.home import HomeScreen

    app = make_app(seed=4, clock=lambda: STAMP)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.recent_selected(_Selected(session.saved.id))
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.study.personas == ("human", "linear")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


class _Selected:
    """What OptionList.OptionSelected carries that the home screen reads."""

    def __init__(self, option_id: str):
        self.option = type("Option", (), {"id": option_id})()


def test_every_tui_game_leaves_a_replay_that_verifies_and_a_history_entry(leverage_home, capsys):
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 8, 0, "reciprocator"), clock=lambda: STAMP
    )
    while not session.is_over:
        view = session.view()
        if view.their_offer is not None and view.points_of(view.their_offer) >= view.batna:
            from sim.core.moves import Accept

            session.play(Move(Accept()))
        else:
            from sim.core.moves import Hold

            session.play(Move(Hold()))
    path = replays_folder() / f"{session.saved.id}.jsonl"
    replay = read_replay(path)
    assert replay.finished and replay.header.players[0].persona == "human"
    assert verify(replay) is None
    assert main(["replay", "verify", str(path)]) == 0
    [record] = History().games()
    assert (
        record.scenario == "job-offer"
        and record.role == "candidate"
        and record.persona == "reciprocator"
    )
    assert record.replay == str(path) and record.played_at == STAMP
    assert session.record_notice is None


def test_a_broken_history_never_stops_a_tui_game(leverage_home):
    leverage_home.mkdir(parents=True)
    (leverage_home / "history.sqlite3").write_text("garbage" * 100)
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 8, 0, "linear"), clock=lambda: STAMP
    )
    session.play(Move(WalkAway()))
    assert session.is_over
    assert "damaged" in session.record_notice


def test_the_end_screen_says_when_the_history_could_not_take_the_game(leverage_home):
    from rich.console import Console

    from sim.tui.screens.end import end_text

    leverage_home.mkdir(parents=True)
    (leverage_home / "history.sqlite3").write_text("garbage" * 100)
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 8, 0, "linear"), clock=lambda: STAMP
    )
    session.play(Move(WalkAway()))
    console = Console(record=True, width=100)
    console.print(end_text(session))
    shown = console.export_text()
    assert "⚠" in shown and "damaged" in shown


def test_replay_file_with_a_damaged_line_is_one_line_and_exit_2(tmp_path, recorded, capsys):
    path = tmp_path / "game.jsonl"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], "{oops", *lines[2:]]) + "\n")
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: line 2") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_viewer_snapshot(snap_compare, recorded, size):
    async def settle(pilot):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(viewer(recorded, start_turn=4), terminal_size=size, run_before=settle)


def test_viewer_briefs_snapshot(snap_compare, recorded):
    async def briefs(pilot):
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(viewer(recorded, start_turn=4), terminal_size=(120, 40), run_before=briefs)


def test_the_header_names_the_round_a_move_was_made_in():
    """After the last move of a round the state is already in the next round; the header must
    still say the round the move was made in."""
    from sim.ai.selfplay import Lineup, new_match
    from sim.core.catalogue import resolve_scenario
    from sim.play.study import ReplayStudy
    from sim.record.replay import parse_replay, replay_text

    match = new_match(resolve_scenario("job-offer"), 4, Lineup(("linear", "linear")))
    match.run()
    study = ReplayStudy.of_replay(parse_replay(replay_text(match).encode(), "game.jsonl"))
    rounds = {turn.round for turn in match.turns}
    assert len(rounds) > 1
    for index, turn in enumerate(match.turns, start=1):
        assert f"made in round {turn.round}" in study.header(index)
    assert study.header(0).startswith("Before the first move")
