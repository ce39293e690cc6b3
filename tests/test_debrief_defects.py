"""The debrief adds up (issue 12): each defect a playtest found, as a game that shows it, read
through `leverage debrief` as a user would."""

from __future__ import annotations

import json

import pytest

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.cli.main import main
from sim.core.moves import Accept, Hold, Move, Propose, SignalAlternative
from sim.core.state import Game
from sim.record.replay import HUMAN, Player, write_replay

SEED_WITH_BOTH_EVENTS = 11  # job-offer: the competing offer lapses in round 6, the finalist in 8


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


def debrief_of(match: Match, tmp_path, fmt: str, capsys, *extra: str) -> str:
    players = tuple(Player(HUMAN) if c is None else Player(c.persona) for c in match.counterparts)
    path = write_replay(match, tmp_path / f"game-{fmt}.jsonl", players)
    assert main(["debrief", str(path), "--format", fmt, *extra]) == 0
    return capsys.readouterr().out


def candidate_bluffs_then_waits(job_offer) -> Match:
    """The candidate (a person) asks for everything, bluffs an alternative of 70 in round 2
    (truly 40 then), holds through the lapse of the competing offer (round 6: 40 → 14) and the
    employer's finalist withdrawing (round 8), and accepts in round 9."""
    game = Game.new(job_offer, SEED_WITH_BOTH_EVENTS)
    assert game.batna == (40.0, 32.0) and game.event_rounds[:2] == (6, 8)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    match.run()
    best = game.space.package_at(int(game.space.points[0].argmax()))
    match.apply(Move(Propose(best)))
    match.run()
    match.apply(Move(Hold(), SignalAlternative(70.0)))
    match.run()
    while match.state.round < 9:
        match.apply(Move(Hold()))
        match.run()
    match.apply(Move(Accept()))
    assert match.state.outcome.kind == "deal"
    return match


def test_a_bluff_is_priced_with_the_truth_of_its_own_round(job_offer, tmp_path, capsys):
    match = candidate_bluffs_then_waits(job_offer)
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    [bluff] = report["deception"]
    assert bluff["round"] == 2 and bluff["claimed"] == [70.0]
    assert bluff["truth"] == 40.0  # not the 14 it had fallen to by the end
    text = debrief_of(match, tmp_path, "text", capsys)
    assert "(truly 40 then)" in text and "truly 14" not in text


def test_a_turning_point_is_labelled_with_the_round_it_took_effect(job_offer, tmp_path, capsys):
    match = candidate_bluffs_then_waits(job_offer)
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    lapse = [p for p in report["turning_points"] if "filled the role" in " ".join(p["causes"])]
    assert len(lapse) == 1
    assert lapse[0]["round"] == 6  # the event happens as round 6 begins, not in round 5
    rounds = {p["turn"]: p["round"] for p in report["leverage"]["points"]}
    assert all(p["round"] == rounds[p["turn"]] for p in report["turning_points"])


def test_no_trivial_turning_points(job_offer, tmp_path, capsys):
    """Two people holding: only the clock moves leverage, by a point or so a round."""
    match = Match(Game.new(job_offer, 3), (None, None))
    for _ in range(8):
        match.apply(Move(Hold()))
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    assert all(abs(p["change"]) >= 3.0 for p in report["turning_points"])
    text = debrief_of(match, tmp_path, "text", capsys)
    assert "Leverage hardly moved." in text


def test_the_other_sides_news_is_told_from_your_side(job_offer, tmp_path, capsys):
    """The finalist event is written to the employer ("Your second finalist…"); the candidate's
    debrief tells it as news for the employer, with the numbers."""
    match = candidate_bluffs_then_waits(job_offer)
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    assert report["perspective"] == "candidate"
    causes = [c for point in report["leverage"]["points"] for c in point["causes"]["candidate"]]
    assert not any("Your second finalist" in cause for cause in causes)
    assert any(
        "News for the employer: their alternative fell from 32 to 16 points" in cause
        for cause in causes
    )
    text = debrief_of(match, tmp_path, "text", capsys)
    assert "Your second finalist" not in text


def test_concessions_are_counted_one_stated_way(job_offer, tmp_path, capsys):
    match = candidate_bluffs_then_waits(job_offer)
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    conc = report["concessions"]
    assert "own points" in conc["measure"]
    employer = conc["by_role"]["employer"]
    offers = [o for o in match.state.offers if o.role == 1]
    # The employer's own points: its first ask less its last, step by step.
    assert employer["total"] == pytest.approx(offers[0].points[1] - offers[-1].points[1])
    text = debrief_of(match, tmp_path, "text", capsys)
    assert f"Measured as {conc['measure']}." in text


def test_value_created_claimed_and_lost_to_delay_one_line_each(job_offer, tmp_path, capsys):
    match = candidate_bluffs_then_waits(job_offer)
    state = match.state
    report = json.loads(debrief_of(match, tmp_path, "json", capsys))
    value = report["value"]
    package = match.game.space.points_of(state.outcome.package)
    assert value["joint_gain"] == pytest.approx(
        package[0] + package[1] - state.batna[0] - state.batna[1], abs=0.01
    )
    assert value["lost_to_delay"] == {
        "candidate": pytest.approx(package[0] - state.outcome.payoffs[0]),
        "employer": pytest.approx(package[1] - state.outcome.payoffs[1]),
    }
    assert value["claimed"] == report["surplus"]["share"]
    text = debrief_of(match, tmp_path, "text", capsys)
    lines = text.splitlines()
    for start in ("  Value created: ", "  Value claimed: ", "  Lost to delay: "):
        assert sum(1 for line in lines if line.startswith(start)) == 1


def test_a_package_better_for_both_is_judged_before_delay(job_offer, tmp_path, capsys):
    """A deal on the best joint package, agreed late: nothing is better for both in the package;
    what was lost is delay (the old debrief said 'Better for both: … (candidate +0, employer
    +4.5)' for the deal's own terms)."""
    match = Match(Game.new(job_offer, 3), (None, None))
    for _ in range(6):
        match.apply(Move(Hold()))
    space = match.game.space
    match.apply(Move(Propose(space.package_at(int((space.points[0] + space.points[1]).argmax())))))
    match.apply(Move(Accept()))
    report = json.loads(debrief_of(match, tmp_path, "json", capsys, "--role", "candidate"))
    assert report["left_on_table"] is None
    assert report["value"]["lost_to_delay"]["employer"] > 0
