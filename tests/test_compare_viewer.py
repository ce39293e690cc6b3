"""Two games side by side in the replay viewer (issue 12, item 6): `c` sets a branch beside the
game it came from, or any game beside one of the same scenario and seed chosen from the replays
folder; `leverage replay A --compare B` opens the comparison straight away. Pilot tests, the
command line as a user meets it, and snapshots."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from sim.ai.selfplay import Lineup, new_match
from sim.analysis.compare import compare
from sim.cli.main import main
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Accept, Hold, Move, WalkAway
from sim.play.session import PlaySession, Setup
from sim.play.study import ReplayStudy
from sim.record.paths import replays_folder
from sim.record.replay import Player, read_replay, write_replay
from sim.tui.screens.compare import CompareScreen
from sim.tui.screens.dialogs import ChoiceDialog
from sim.tui.screens.replay import ReplayScreen, make_viewer_app

STAMP = "2026-01-01T00:00:00+00:00"
BRANCH_STAMP = "2026-01-01T00:05:00+00:00"
SIZES = [(80, 24), (120, 40)]


def play_out(session: PlaySession) -> None:
    """Take any offer at or above the alternative, else hold: a plain game to the end."""
    while not session.is_over:
        view = session.view()
        if view.their_offer is not None and view.points_of(view.their_offer) >= view.batna:
            session.play(Move(Accept()))
        else:
            session.play(Move(Hold()))


@pytest.fixture
def game_and_branch():
    """A game played headlessly to the end, and a branch of it (the study's `branch`) where the
    person walks away instead of the move they made: (game, branch, the branch's turn)."""
    session = PlaySession.start(
        Setup(resolve_scenario("job-offer"), 8, 0, "reciprocator"), clock=lambda: STAMP
    )
    play_out(session)
    game = replays_folder() / f"{session.saved.id}.jsonl"
    study = ReplayStudy.of_replay(read_replay(game))
    turn = next(i for i in range(2, study.last) if study.states[i].to_move == study.perspective)
    saved = study.branch(turn, BRANCH_STAMP)
    branch = PlaySession.resume(saved, clock=lambda: BRANCH_STAMP)
    branch.play(Move(WalkAway()))
    assert branch.is_over
    return game, replays_folder() / f"{saved.id}.jsonl", turn


def shown(screen, widget_id: str) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(screen.query_one(widget_id).content)
    return capture.get()


def viewer(path, compare_with=None):
    return make_viewer_app(read_replay(path), clock=lambda: STAMP, compare_with=compare_with)


async def test_c_on_a_branch_sets_it_beside_its_game(game_and_branch):
    game, branch, turn = game_and_branch
    app = viewer(branch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        names = shown(screen, "#compare-games")
        assert f"A: {branch.name} (a branch)" in names and f"B: {game.name}" in names
        parting = shown(screen, "#compare-parting")
        # The branch took over after `turn` moves: the person's next move is where they parted.
        assert f"They diverged at turn {turn + 1}" in parting
        assert "A: walking away" in parting and "B: holding" in parting
        table = shown(screen, "#compare-table")
        assert "the candidate walked away" in table
        assert "Deal in round" in table or "time ran out" in table
        timelines = shown(screen, "#compare-timelines").splitlines()
        assert timelines[1].startswith("A ") and timelines[2].startswith("B ")
        assert timelines[3].index("▲") == 2 + turn + 1
        # The figures are the comparison's own (`leverage debrief A B` prints the same).
        assert screen.comparison.parting.turn == turn + 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)


async def test_c_on_a_game_chooses_among_the_games_of_its_seed(game_and_branch, tmp_path):
    game, branch, turn = game_and_branch
    # Another scenario's game in the folder is not offered.
    other = new_match(resolve_scenario("job-offer"), 9, Lineup(("linear", "linear")))
    other.run()
    write_replay(other, replays_folder() / "job-offer-s9-x.jsonl", (Player("linear"),) * 2)
    app = viewer(game)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [key for key, _ in dialog.choices] == [str(branch)]
        assert "a branch" in dialog.choices[0][1]
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert f"They diverged at turn {turn + 1}" in shown(screen, "#compare-parting")
        assert f"B: {branch.name} (a branch)" in shown(screen, "#compare-games")


async def test_c_says_so_when_no_other_game_of_the_seed_is_there(tmp_path):
    match = new_match(resolve_scenario("job-offer"), 3, Lineup(("linear", "boulware")))
    match.run()
    path = write_replay(match, tmp_path / "alone.jsonl", (Player("linear"), Player("boulware")))
    app = viewer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        [note] = list(app._notifications)
        assert "No other game of job-offer with seed 3" in note.message


def test_the_screen_shows_what_sim_analysis_compare_says(game_and_branch):
    """No second formula: the screen's comparison is `compare` of the two matches."""
    game, branch, _ = game_and_branch
    a, b = ReplayStudy.of_replay(read_replay(branch)), ReplayStudy.of_replay(read_replay(game))
    expected = compare(
        a.match, b.match, (branch.name, game.name), (a.personas, b.personas), 0, (True, False)
    )
    assert a.compared_with(b) == expected
    assert a.parent() == game and b.parent() is None


async def test_replay_compare_opens_the_comparison_straight_away(game_and_branch):
    game, branch, turn = game_and_branch
    app = viewer(game, compare_with=branch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert f"They diverged at turn {turn + 1}" in shown(app.screen, "#compare-parting")


def test_compare_with_another_scenario_is_one_line_and_exit_2(game_and_branch, tmp_path, capsys):
    game, _, _ = game_and_branch
    other = new_match(resolve_scenario("supplier-contract"), 8, Lineup(("linear", "linear")))
    other.run()
    path = write_replay(other, tmp_path / "other.jsonl")
    assert main(["replay", str(game), "--compare", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: scenario: supplier-contract") and err.count("\n") == 1
    (tmp_path / "broken.jsonl").write_text("{oops\n")
    assert main(["replay", str(game), "--compare", str(tmp_path / "broken.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path / 'broken.jsonl'}: line 1") and err.count("\n") == 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_snapshot(snap_compare, game_and_branch, size):
    game, branch, _ = game_and_branch

    async def settle(pilot):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(viewer(branch, compare_with=game), terminal_size=size, run_before=settle)
