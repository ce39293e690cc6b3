"""The debrief: outcome against BATNA, value left on the table, concessions, information, bluffs,
leverage turning points and tips tied to the game (issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.ai.selfplay import Lineup, new_match
from sim.analysis.debrief import debrief as build_debrief
from sim.analysis.debrief import render
from sim.cli.main import main
from sim.core.moves import (
    Accept,
    Ask,
    Disclose,
    Hold,
    Move,
    Propose,
    SignalAlternative,
    WalkAway,
)
from sim.core.state import Game
from sim.record.replay import HUMAN, Player, fold, read_replay, write_replay

REPO = Path(__file__).resolve().parents[1]
REQUIRED = {
    "outcome",
    "points",
    "batna",
    "pareto_distance",
    "left_on_table",
    "turning_points",
    "tips",
}


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


def leverage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def debrief(match, perspective=None, personas=None, grades=False) -> dict:
    """The debrief's JSON form (the move-by-move grades are tested in test_grades.py)."""
    return build_debrief(match, perspective, personas, grades=grades).to_dict()


def selfplay(scenario, seed=3, personas=("linear", "linear")) -> Match:
    match = new_match(scenario, seed, Lineup(personas))
    match.run()
    return match


def person_vs_counterpart(scenario, seed=3, person=0, persona="linear") -> Match:
    game = Game.new(scenario, seed)
    counterparts = [None, None]
    counterparts[1 - person] = make_counterpart(game, 1 - person, persona)
    match = Match(game, (counterparts[0], counterparts[1]))
    match.run()
    return match


def bluffing_candidate(job_offer) -> Match:
    """The candidate (a person) overstates the competing offer, then discloses the real one,
    which exposes the bluff; then accepts what is on the table."""
    match = person_vs_counterpart(job_offer, seed=3, person=0)
    assert match.state.batna[0] == 39.0
    match.apply(Move(Propose((4, 3, 3, 4, 3, 2)), Ask("batna")))
    match.run()
    match.apply(Move(Propose((4, 3, 3, 4, 3, 2)), SignalAlternative(70.0)))
    match.run()
    match.apply(Move(Propose((3, 3, 3, 4, 3, 2)), Disclose(job_offer.fact_index("cand-offer"))))
    match.run()
    match.apply(Move(Accept()))
    assert match.state.outcome.kind == "deal"
    return match


# -- as a user runs it -----------------------------------------------------------------------------


def test_debrief_json_has_the_promised_fields(tmp_path):
    run = leverage("simulate", "job-offer", "--seed", "3", "--games", "2", "--save", str(tmp_path))
    assert run.returncode == 0, run.stderr
    for path in sorted(tmp_path.glob("*.jsonl")):
        out = leverage("debrief", str(path), "--format", "json")
        assert out.returncode == 0, out.stderr
        report = json.loads(out.stdout)
        assert set(report) >= REQUIRED
        assert set(report["points"]) == set(report["batna"]) == {"candidate", "employer"}
        assert len(report["tips"]) == 3
        assert len(report["turning_points"]) <= 3


def test_identical_games_give_byte_identical_debriefs(tmp_path, job_offer):
    first = write_replay(selfplay(job_offer, 5), tmp_path / "a" / "game.jsonl")
    second = write_replay(selfplay(job_offer, 5), tmp_path / "b" / "game.jsonl")
    for fmt in ("text", "markdown", "json"):
        one = leverage("debrief", str(first), "--format", fmt)
        two = leverage("debrief", str(second), "--format", fmt)
        assert one.returncode == two.returncode == 0
        assert one.stdout == two.stdout
        assert one.stdout.strip()


def test_text_and_markdown_show_every_section(tmp_path, job_offer, capsys):
    path = write_replay(bluffing_candidate(job_offer), tmp_path / "bluff.jsonl")
    assert main(["debrief", str(path)]) == 0
    text = capsys.readouterr().out
    for heading in (
        "OUTCOME",
        "VALUE CREATED, CLAIMED AND LOST",
        "MOVE BY MOVE",
        "CONCESSIONS",
        "INFORMATION",
        "LEVERAGE TIMELINE",
        "TURNING POINTS",
        "TIPS",
    ):
        assert heading in text
    assert main(["debrief", str(path), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Debrief: The Offer")
    assert "## Tips" in markdown and "```" in markdown


def test_a_damaged_replay_gets_one_line_and_exit_2(tmp_path, job_offer, capsys):
    path = write_replay(selfplay(job_offer), tmp_path / "game.jsonl")
    lines = path.read_text().splitlines()
    edited = json.loads(lines[4])
    edited["digest"] = "f" * 16
    path.write_text("\n".join([*lines[:4], json.dumps(edited), *lines[5:]]) + "\n")
    assert main(["debrief", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: turn 4: digest:") and len(err.strip().splitlines()) == 1


def test_unknown_role_is_a_usage_error(tmp_path, job_offer, capsys):
    path = write_replay(selfplay(job_offer), tmp_path / "game.jsonl")
    assert main(["debrief", str(path), "--role", "boss"]) == 2
    assert "has no role 'boss'" in capsys.readouterr().err


# -- what the debrief says -------------------------------------------------------------------------


def test_outcome_is_measured_against_both_batnas(job_offer):
    match = selfplay(job_offer, 3)
    report = debrief(match)
    outcome = match.state.outcome
    for role, index in (("candidate", 0), ("employer", 1)):
        assert report["points"][role] == round(outcome.payoffs[index], 2)
        assert report["batna"][role] == match.state.batna[index]
        assert report["above_batna"][role] == round(
            outcome.payoffs[index] - match.state.batna[index], 2
        )
    shares = report["surplus"]["share"]
    assert shares["candidate"] + shares["employer"] == pytest.approx(1.0, abs=1e-3)


def test_left_on_table_is_the_best_package_better_for_both(scenarios):
    for scenario in scenarios.values():
        for seed in range(1, 6):
            match = selfplay(scenario, seed)
            report = debrief(match)
            outcome = match.state.outcome
            points = match.game.space.points
            # Compared with the agreed package before delay costs (a no-deal: both BATNAs).
            final = (
                tuple(match.game.space.points_of(outcome.package))
                if outcome.package is not None
                else match.state.batna
            )
            dominating = (points[0] >= final[0] - 1e-9) & (points[1] >= final[1] - 1e-9)
            dominating &= (points[0] > final[0] + 1e-9) | (points[1] > final[1] + 1e-9)
            left = report["left_on_table"]
            if not dominating.any():
                assert left is None and report["value"]["frontier_distance"] == 0
                continue
            best = float((points[0] + points[1])[dominating].max())
            assert (
                left["points"]["candidate" if scenario.id == "job-offer" else scenario.role_ids[0]]
                is not None
            )
            total = sum(left["points"].values())
            assert total == pytest.approx(best, abs=0.01)
            assert all(gain >= 0 for gain in left["gain"].values())
            assert report["value"]["frontier_distance"] > 0


def test_nash_point_is_the_outcome_space_nash_package(job_offer):
    match = selfplay(job_offer, 4)
    report = debrief(match)
    index = match.game.space.nash_index(match.state.batna)
    expected = match.game.space.package_at(index)
    labels = [issue.options[o].label for issue, o in zip(job_offer.issues, expected, strict=True)]
    assert list(report["nash"]["package"].values()) == labels


def test_concessions_count_size_and_who_moved_first(job_offer):
    report = debrief(selfplay(job_offer, 3))
    conc = report["concessions"]
    assert conc["first_offer"] == "employer"
    assert conc["first_to_concede"] in ("candidate", "employer")
    for role in ("candidate", "employer"):
        mine = conc["by_role"][role]
        assert mine["count"] == len(mine["steps"])
        assert mine["total"] == pytest.approx(sum(step["size"] for step in mine["steps"]))
        assert all(step["size"] > 0 for step in mine["steps"])


def test_an_exposed_bluff_is_reported_with_its_cost_and_becomes_a_tip(job_offer):
    match = bluffing_candidate(job_offer)
    report = debrief(match)
    assert report["perspective"] == "candidate"  # the person's side
    [bluff] = report["deception"]
    assert bluff["role"] == "candidate" and bluff["kind"] == "bluff" and bluff["topic"] == "batna"
    assert bluff["claimed"] == [70.0] and bluff["truth"] == 39.0
    assert bluff["exposed"] and bluff["trust_cost"] == 0.3
    assert bluff["round"] == 2 and bluff["exposed_round"] == 3
    assert report["trust"]["candidate"] == 0.7
    given = report["information"]["given"]["candidate"]
    assert [a["topic"] for a in given["asked"]] == ["batna"]
    assert [d["fact"] for d in given["disclosed"]] == ["cand-offer"]
    assert report["information"]["received"]["employer"] == given
    assert [a["topic"] for a in report["information"]["given"]["employer"]["answered"]] == ["batna"]
    assert any("bluff in round 2" in tip and "exposed in round 3" in tip for tip in report["tips"])


def test_accepting_below_your_batna_is_the_first_tip(job_offer):
    match = person_vs_counterpart(job_offer, seed=3, person=0)
    match.apply(Move(Accept()))  # the employer's opening offer, worth little to the candidate
    report = debrief(match)
    assert report["points"]["candidate"] < report["batna"]["candidate"]
    assert report["tips"][0].startswith("You agreed in round 1 to a deal worth")


def test_walking_away_from_a_zone_of_agreement_is_named(job_offer):
    match = person_vs_counterpart(job_offer, seed=3, person=0)
    match.apply(Move(WalkAway()))
    report = debrief(match)
    assert (
        report["outcome"]["kind"] == "walk-away" and report["outcome"]["walked_by"] == "candidate"
    )
    assert any(
        tip.startswith("You walked away in round 1, yet a deal existed") for tip in report["tips"]
    )


def test_tips_are_three_and_tied_to_this_game(scenarios):
    for scenario in scenarios.values():
        for seed in (1, 2, 3):
            report = debrief(selfplay(scenario, seed, ("boulware", "conceder")))
            tips = report["tips"]
            assert len(tips) == 3 and len(set(tips)) == 3
            # Each tip quotes something from this game: a round or a number of points, or an
            # option this game's deal settled on (a benchmark tip names the option you agreed).
            agreed = (report["outcome"]["package"] or {}).values()
            assert all(
                any(ch.isdigit() for ch in tip) or any(label in tip for label in agreed)
                for tip in tips
            ), tips


def test_turning_points_are_the_three_largest_leverage_changes(job_offer):
    match = selfplay(job_offer, 3)
    report = debrief(match)
    timeline = report["leverage"]["points"]
    assert len(timeline) == len(match.turns) + 1
    series = [point["true"]["candidate"] for point in timeline]
    changes = sorted((abs(series[i] - series[i - 1]) for i in range(1, len(series))), reverse=True)
    turning = report["turning_points"]
    assert sorted((abs(p["change"]) for p in turning), reverse=True) == pytest.approx(
        changes[: len(turning)], abs=0.11
    )
    assert len(turning) == min(3, sum(1 for change in changes if change >= 3.0))
    assert [p["turn"] for p in turning] == sorted(p["turn"] for p in turning)
    assert all(p["causes"] for p in turning)


def test_perspective_can_be_chosen(tmp_path, job_offer, capsys):
    path = write_replay(selfplay(job_offer), tmp_path / "game.jsonl")
    assert main(["debrief", str(path), "--format", "json", "--role", "employer"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["perspective"] == "employer"
    assert all(p["role"] == "employer" for p in report["turning_points"])


def test_debrief_of_a_replay_equals_the_debrief_of_the_game(tmp_path, job_offer):
    match = bluffing_candidate(job_offer)
    path = write_replay(match, tmp_path / "game.jsonl", (Player(HUMAN), Player("linear")))
    folded = fold(read_replay(path))
    assert render(build_debrief(folded, personas=(HUMAN, "linear")), "json") == render(
        build_debrief(match), "json"
    )


def test_a_late_deal_on_the_best_terms_is_told_as_delay_not_as_a_better_package(job_offer):
    """When the deal is the best package there is, nothing was left in the package: what was
    lost is the cost of delay, counted on its own (issue 12: 'Better for both: … (candidate +0,
    employer +17.5)' compared the package with itself after delay)."""
    match = Match(Game.new(job_offer, 3), (None, None))
    for _ in range(6):
        match.apply(Move(Hold()))
    space = match.game.space
    best = space.package_at(int((space.points[0] + space.points[1]).argmax()))
    match.apply(Move(Propose(best)))
    match.apply(Move(Accept()))
    report = debrief(match)
    assert report["left_on_table"] is None
    delay = report["value"]["lost_to_delay"]
    assert delay == {
        "candidate": job_offer.roles[0].delay_cost * 3,
        "employer": job_offer.roles[1].delay_cost * 3,
    }
    text = render(build_debrief(match, grades=False))
    assert "Better for both" not in text
    assert (
        f"Lost to delay: candidate {delay['candidate']:g}, employer {delay['employer']:g}" in text
    )
    assert not any("Value was left in the package" in tip for tip in report["tips"])
