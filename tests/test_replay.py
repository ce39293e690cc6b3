"""Replays: written for every game, read without executing anything, verified by re-running the
counterparts, and branched from any turn (issue 6)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from move_strategies import draw_legal_move

from sim.ai.match import Match
from sim.ai.personas import DEFAULT_PERSONA, PERSONAS, make_counterpart
from sim.ai.selfplay import Lineup, new_match
from sim.cli.main import main
from sim.core.moves import (
    Ask,
    Move,
    Propose,
    WalkAway,
)
from sim.core.state import Game
from sim.record.autosave import GameRecorder
from sim.record.replay import (
    HUMAN,
    Player,
    ReplayError,
    branch,
    header_for,
    parse_replay,
    read_replay,
    replay_text,
    verify,
    write_replay,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


def leverage(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )


def selfplay(scenario, seed: int = 3, personas=("linear", "linear")) -> Match:
    match = new_match(scenario, seed, Lineup(personas))
    match.run()
    return match


def saved(tmp_path: Path, scenario, seed: int = 3, personas=("linear", "linear")) -> Path:
    match = selfplay(scenario, seed, personas)
    players = (Player(personas[0]), Player(personas[1]))
    return write_replay(match, tmp_path / f"game-{seed}.jsonl", players)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def rewrite(path: Path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def verify_cli(capsys, *paths: Path) -> tuple[int, str, str]:
    code = main(["replay", "verify", *map(str, paths)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the whole loop, as a user runs it ----------------------------------------------------------


def test_simulated_games_saved_with_save_verify_exactly(tmp_path):
    folder = tmp_path / "games"
    run = leverage("simulate", "job-offer", "--seed", "3", "--games", "20", "--save", str(folder))
    assert run.returncode == 0, run.stderr
    files = sorted(folder.glob("*.jsonl"))
    assert len(files) == 20
    check = leverage("replay", "verify", *map(str, files))
    assert check.returncode == 0, check.stderr
    assert check.stdout.count(": ok (") == 20
    assert check.stderr == ""


def test_save_writes_one_file_per_game_alongside_json_output(tmp_path, capsys):
    code = main(
        [
            "simulate",
            "lease-renewal",
            "--seed",
            "5",
            "--games",
            "3",
            "--json",
            "--save",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["games"] == 3
    names = sorted(p.name for p in tmp_path.glob("*.jsonl"))
    both = f"{DEFAULT_PERSONA}-v-{DEFAULT_PERSONA}"
    assert names == [f"lease-renewal-seed{s}-{both}.jsonl" for s in (5, 6, 7)]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_every_scenario_and_persona_reruns_exactly(tmp_path, scenarios, persona):
    for scenario in scenarios.values():
        for seed in (1, 2):
            path = saved(tmp_path, scenario, seed, (persona, "linear"))
            replay = read_replay(path)
            assert replay.finished
            assert verify(replay) is None


def test_identical_games_give_byte_identical_replays(job_offer):
    assert replay_text(selfplay(job_offer, 7)) == replay_text(selfplay(job_offer, 7))
    assert replay_text(selfplay(job_offer, 7)) != replay_text(selfplay(job_offer, 8))


def test_header_records_every_chance_outcome(tmp_path, job_offer):
    path = saved(tmp_path, job_offer, 4)
    header = json.loads(lines_of(path)[0])
    game = Game.new(job_offer, 4)
    assert header["format"] == "leverage-replay" and header["version"] == 1
    assert header["scenario"] == "job-offer" and header["scenario_digest"] == job_offer.digest
    assert header["seed"] == 4
    assert header["roles"] == ["candidate", "employer"]
    assert header["personas"] == {"candidate": "linear", "employer": "linear"}
    assert header["chance"] == {"batna": list(game.batna), "event_rounds": list(game.event_rounds)}
    last = json.loads(lines_of(path)[-1])
    assert set(last) == {"end", "turns"}


# -- tampering is caught -------------------------------------------------------------------------


def test_a_changed_counterpart_move_is_named_with_its_turn(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    turn = json.loads(lines[3])
    assert turn["move"]["decision"] == "propose"
    package = turn["move"]["package"]
    package[0] = (package[0] + 1) % 5
    rewrite(path, lines[:3] + [json.dumps(turn)] + lines[4:])
    code, out, err = verify_cli(capsys, path)
    assert code == 1
    assert err.startswith(f"{path}: turn 3: move:")
    assert len(err.strip().splitlines()) == 1


def test_a_changed_persons_move_is_caught_by_the_digest(tmp_path, job_offer, capsys):
    match = Match(
        Game.new(job_offer, 3), (None, make_counterpart(Game.new(job_offer, 3), 1, "linear"))
    )
    match.run()
    match.apply(Move(Propose((4, 3, 3, 4, 3, 2))))
    match.run()
    match.apply(Move(Propose((3, 3, 3, 4, 3, 2))))
    path = write_replay(match, tmp_path / "person.jsonl", (Player(HUMAN, "Ana"), Player("linear")))
    assert verify(read_replay(path)) is None
    lines = lines_of(path)
    edited = json.loads(lines[2])
    edited["move"]["package"] = [4, 3, 3, 4, 3, 1]
    rewrite(path, lines[:2] + [json.dumps(edited)] + lines[3:])
    code, _, err = verify_cli(capsys, "--partial", path)
    assert code == 1
    assert f"{path}: turn 2: events" in err or f"{path}: turn 2: digest" in err


def test_a_changed_digest_is_named_with_its_turn(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    turn = json.loads(lines[5])
    turn["digest"] = "0" * 16
    rewrite(path, lines[:5] + [json.dumps(turn)] + lines[6:])
    code, _, err = verify_cli(capsys, path)
    assert code == 1
    assert (
        err.strip()
        == f"{path}: turn 5: digest: file has {'0' * 16}, re-run reaches {json.loads(lines[5])['digest']}"
    )


def test_a_changed_reason_is_named(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    turn = json.loads(lines[2])
    turn["reasons"]["target"] = 1.5
    rewrite(path, lines[:2] + [json.dumps(turn)] + lines[3:])
    code, _, err = verify_cli(capsys, path)
    assert code == 1
    assert "turn 2: reasons.target: file has 1.5" in err


def test_two_swapped_lines_are_caught(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    rewrite(path, lines[:3] + [lines[4], lines[3]] + lines[5:])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert err.strip() == (
        f"{path}: line 4 (turn 4): turn 4 is out of order (expected turn 3): lines were moved, removed or added"
    )


def test_a_file_cut_mid_line_is_caught(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert "cut short" in err and err.startswith(f"{path}: line ")
    assert len(err.strip().splitlines()) == 1


def test_a_file_cut_at_a_line_end_is_caught(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    rewrite(path, lines_of(path)[:6])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert err.strip().startswith(
        f"{path}: line 7: no end line after turn 5: the file was cut short"
    )
    # A game still in progress is checked as far as it goes.
    assert main(["replay", "verify", "--partial", str(path)]) == 0


def test_a_removed_move_line_is_caught(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    rewrite(path, lines[:-2] + lines[-1:])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert "the end line counts" in err


def test_a_changed_scenario_is_refused(tmp_path, job_offer, capsys):
    path = saved(tmp_path, job_offer)
    changed = tmp_path / "job-offer.toml"
    shutil.copy(job_offer.source, changed)
    changed.write_text(changed.read_text().replace("max_rounds = 12", "max_rounds = 11"))
    code = main(["replay", "verify", "--scenario", str(changed), str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(
        f'{path}: line 1: scenario "job-offer" has changed since this game was recorded'
    )


def test_a_missing_scenario_is_refused(tmp_path, job_offer, capsys):
    custom = tmp_path / "custom.toml"
    custom.write_text(
        Path(job_offer.source).read_text().replace('id = "job-offer"', 'id = "my-offer"')
    )
    from sim.core.scenario import load_scenario

    scenario = load_scenario(custom)
    match = selfplay(scenario, 2)
    path = write_replay(match, tmp_path / "custom.jsonl")
    assert verify(read_replay(path)) is None  # found through the header's scenario_source
    custom.unlink()
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert err.startswith(f'{path}: line 1: scenario "my-offer" not found')


def test_verify_reports_every_file_and_exits_with_the_worst(tmp_path, job_offer, capsys):
    good = saved(tmp_path, job_offer, 3)
    bad = saved(tmp_path, job_offer, 4)
    bad.write_text("not a replay\n")
    code, out, err = verify_cli(capsys, good, bad)
    assert code == 2
    assert f"{good}: ok (" in out
    assert (
        err.strip() == f"{bad}: line 1: not valid JSON (Expecting value: line 1 column 1 (char 0))"
    )


def _header(tmp_path, job_offer) -> tuple[Path, dict, list[str]]:
    path = saved(tmp_path, job_offer)
    lines = lines_of(path)
    return path, json.loads(lines[0]), lines


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda h: h.update(format="chess-pgn"), 'format: expected "leverage-replay"'),
        (
            lambda h: h.update(version=2),
            "version: unsupported replay version 2 (written by a newer Leverage)",
        ),
        (lambda h: h.update(seed="three"), 'seed: expected a whole number (got "three")'),
        (lambda h: h.update(seed=True), "seed: expected a whole number (got true)"),
        (lambda h: h.update(seed=-1), "seed: expected a whole number from 0"),
        (lambda h: h.pop("scenario_digest"), "scenario_digest: missing"),
        (lambda h: h.update(scenario_digest="abc"), "scenario_digest: expected 64 hex digits"),
        (
            lambda h: h.update(roles=["candidate"]),
            "roles: expected a list of two different role ids",
        ),
        (
            lambda h: h["personas"].update(employer=7),
            'personas.employer: expected a persona or "human"',
        ),
        (lambda h: h.update(difficulty="brutal"), "difficulty: expected one of easy, normal, hard"),
        (
            lambda h: h["chance"].update(batna=[1]),
            "chance.batna: expected a list of two finite numbers",
        ),
        (
            lambda h: h["chance"].update(event_rounds=[6, None, 1.5]),
            "chance.event_rounds: expected a list",
        ),
        (
            lambda h: h["chance"].update(event_rounds=[6]),
            "chance.event_rounds: 1 entries but the scenario has 3",
        ),
        (lambda h: h.update(macro="__import__('os')"), "macro: unknown field"),
        (lambda h: h.update(scenario="../../etc"), "scenario: expected a scenario id"),
    ],
)
def test_a_hand_edited_header_gets_one_clear_line(tmp_path, job_offer, capsys, edit, message):
    path, header, lines = _header(tmp_path, job_offer)
    edit(header)
    rewrite(path, [json.dumps(header)] + lines[1:])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert err.startswith(f"{path}: line 1: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"turn": 1, "turn": 1}', "duplicate key 'turn'"),
        ('{"turn": NaN}', "NaN is not a number JSON allows"),
        ("[1, 2]", "expected a JSON object (got a list)"),
        ('{"turn": 1, "round": 1, "actor": "boss"}', 'actor: unknown role "boss"'),
        ('{"turn": 1, "round": 0}', "round: expected a round from 1 to 61"),
        (
            '{"turn": 1, "round": 1, "actor": "employer", "move": {"decision": "fly"}}',
            "move.decision: unknown",
        ),
        ("[" * 100_000, "JSON nested too deeply"),
        ("", "empty line"),
    ],
)
def test_a_damaged_move_line_gets_one_clear_line(tmp_path, job_offer, capsys, text, message):
    path, _, lines = _header(tmp_path, job_offer)
    rewrite(path, lines[:1] + [text] + lines[2:])
    code, _, err = verify_cli(capsys, path)
    assert code == 2
    assert err.startswith(f"{path}: line 2")
    assert message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe garbage\n", "not UTF-8 text"),
        (b'"just a string"\n', "expected a JSON object"),
    ],
)
def test_files_that_are_not_replays(tmp_path, capsys, content, message):
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)
    code, _, err = verify_cli(capsys, path)
    assert code == 2 and message in err


def test_missing_file_and_folder(tmp_path, capsys):
    code, _, err = verify_cli(capsys, tmp_path / "nope.jsonl", tmp_path)
    assert code == 2
    assert "cannot read the file" in err and "is a folder" in err


def test_reading_never_executes_anything(tmp_path, job_offer, monkeypatch):
    """A replay is parsed with json only: the loader never reaches eval, exec, pickle or import."""
    import builtins

    path = saved(tmp_path, job_offer)
    calls = []
    for name in ("eval", "exec", "__import__"):
        original = getattr(builtins, name)

        def spy(*args, _name=name, _original=original, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(builtins, name, spy)
    read_replay(path)
    monkeypatch.undo()
    assert "eval" not in calls and "exec" not in calls


# -- round trip and branching ------------------------------------------------------------------


def _random_move(state, data) -> Move:
    """A legal move drawn by hypothesis: any talk the rules allow, any decision but walking
    away (unless nothing else is legal), so games run long."""
    return draw_legal_move(data, state, walk_away_weight=0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    seed=st.integers(0, 2**32),
    scenario_id=st.sampled_from(["job-offer", "lease-renewal", "supplier-contract"]),
    person=st.integers(0, 1),
    persona=st.sampled_from(sorted(PERSONAS)),
)
def test_round_trip_write_read_equal_and_verify(
    scenarios, data, seed, scenario_id, person, persona
):
    scenario = scenarios[scenario_id]
    game = Game.new(scenario, seed)
    counterparts = [None, None]
    counterparts[1 - person] = make_counterpart(game, 1 - person, persona)
    match = Match(game, (counterparts[0], counterparts[1]))
    match.run()
    moves = data.draw(st.integers(0, 30))
    while not match.is_over and moves:
        match.apply(_random_move(match.state, data))
        match.run()
        moves -= 1
    names = [None, None]
    # A name a person can enter (sim.record.workshop.check_name): no control or bidi characters.
    typed = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
    names[person] = data.draw(st.text(typed, max_size=20))
    players = [Player(persona), Player(persona)]
    players[person] = Player(HUMAN, names[person])
    text = replay_text(match, (players[0], players[1]))
    replay = parse_replay(text.encode("utf-8"), "round-trip")
    # Reading gives back exactly what was written...
    assert replay.header.players == tuple(players)
    assert replay.header.batna == game.batna and replay.header.event_rounds == game.event_rounds
    assert [t.move for t in replay.turns] == [t.move for t in match.turns]
    assert [t.digest for t in replay.turns] == [t.state.digest() for t in match.turns]
    assert replay.finished == match.is_over
    # ...writing what was read gives the same bytes, and the game re-runs exactly.
    assert verify(replay, scenario) is None
    rebuilt = branch(replay, len(replay.turns), scenario)
    assert replay_text(rebuilt, (players[0], players[1])) == text


def test_branching_from_any_turn_reproduces_the_game_up_to_it(tmp_path, scenarios):
    for scenario in scenarios.values():
        path = saved(tmp_path, scenario, 11, ("boulware", "conceder"))
        replay = read_replay(path)
        original = selfplay(scenario, 11, ("boulware", "conceder"))
        for turn in range(len(replay.turns) + 1):
            match = branch(replay, turn)
            assert len(match.turns) == turn
            expected = original.turns[turn - 1].state if turn else original.game.initial_state()
            assert match.state.digest() == expected.digest()
            assert [t.move for t in match.turns] == [t.move for t in original.turns[:turn]]
            # Played on by the same counterparts, a branch is the same game again.
            match.run()
            assert replay_text(match) == replay_text(original)


def test_a_branch_can_be_taken_over_by_a_person(tmp_path, job_offer):
    replay = read_replay(saved(tmp_path, job_offer))
    match = branch(replay, 3, take_over=0)
    assert match.counterparts[0] is None and match.counterparts[1] is not None
    assert match.state.digest() == replay.turns[2].digest
    if match.to_move == 0:
        match.apply(Move(WalkAway()))
        assert match.state.outcome.kind == "walk-away"


def test_branch_turn_out_of_range(tmp_path, job_offer):
    replay = read_replay(saved(tmp_path, job_offer))
    with pytest.raises(ValueError, match="turn must be from 0 to"):
        branch(replay, len(replay.turns) + 1)


def test_the_save_is_a_readable_replay_after_every_move(tmp_path, job_offer):
    game = Game.new(job_offer, 3)
    match = Match(game, (None, make_counterpart(game, 1, "linear")))
    path = tmp_path / "live.jsonl"
    players = (Player(HUMAN, "Ana"), Player("linear"))
    GameRecorder.start(match, path, header_for(game, players, "normal"))
    match.run()
    assert not read_replay(path).finished
    assert len(read_replay(path).turns) == len(match.turns) == 1
    for package in [(4, 3, 3, 4, 3, 2), (3, 3, 3, 4, 3, 2), (3, 2, 3, 4, 3, 2)]:
        if match.is_over:
            break
        match.apply(Move(Propose(package), Ask("batna")))
        match.run()
        replay = read_replay(path)
        assert len(replay.turns) == len(match.turns)
        assert verify(replay) is None
    match.apply(Move(WalkAway()))
    assert path.read_text() == replay_text(match, players)
    assert read_replay(path).end.kind == "walk-away"


def test_replay_errors_are_value_errors_with_a_location():
    with pytest.raises(ReplayError) as caught:
        parse_replay(b'{"format": "leverage-replay", "version": 1}\n', "x.jsonl")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "x.jsonl: line 1: app_version: missing"


@pytest.mark.parametrize(
    "module", ["sim.record.replay", "sim.record.history", "sim.analysis.debrief"]
)
def test_replays_history_and_debrief_never_import_textual(module):
    code = f"import sys, {module}; sys.exit(1 if 'textual' in sys.modules or 'rich' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60).returncode == 0
