"""Workshops (issue 7): a pack for the whole class, 30 participants' games played headlessly, and
the class report that verifies every replay and compares them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from workshop_players import FIRST_NAMES, play_class, play_seat

from sim.analysis.workshop import class_report, collect, issue_kinds, render
from sim.record.replay import read_replay, verify
from sim.record.workshop import (
    Pack,
    PackError,
    Seat,
    decode_code,
    load_pack,
    new_pack,
    read_pack,
    write_pack,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEVERAGE_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Pack:
    from sim.core.catalogue import resolve_scenario

    return new_pack(resolve_scenario("job-offer"), 3, variants=3, persona="reciprocator")


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory, pack) -> Path:
    """30 participants' finished games, played once for the module."""
    folder = tmp_path_factory.mktemp("class")
    play_class(pack, folder, 30)
    return folder


@pytest.fixture()
def tampered(tmp_path, class_folder) -> tuple[Path, list[str]]:
    """The class's games with two of them edited after the fact: a participant's offer changed
    in one, the final points inflated in the other."""
    folder = tmp_path / "tampered"
    shutil.copytree(class_folder, folder)
    files = sorted(p for p in folder.iterdir())
    # One: change the first offer the participant made (a package digit).
    first = files[0]
    lines = first.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines[1:], start=1):
        data = json.loads(line)
        if data.get("move", {}).get("decision") == "propose" and "line" not in data:
            package = data["move"]["package"]
            package[0] = (package[0] + 1) % 2
            lines[index] = json.dumps(data, ensure_ascii=False)
            break
    else:
        raise AssertionError("no participant proposal to tamper with")
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Two: raise the participant's final points on the end line.
    second = files[1]
    lines = second.read_text(encoding="utf-8").splitlines()
    end = json.loads(lines[-1])
    role = next(iter(end["end"]["payoffs"]))
    end["end"]["payoffs"][role] += 25
    lines[-1] = json.dumps(end, ensure_ascii=False)
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, [first.name, second.name]


def leverage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=REPO, timeout=300
    )


# -- packs ----------------------------------------------------------------------------------------


def test_a_pack_file_and_its_code_name_the_same_game(tmp_path, pack):
    path = write_pack(pack, tmp_path / "pack.toml")
    from_file = read_pack(path)
    from_code = decode_code(pack.code)
    assert from_file == pack
    assert from_code == pack
    assert from_file.id == from_code.id == pack.id
    assert load_pack(str(path)) == load_pack(pack.code.lower().replace("-", " ")) == pack
    assert len(pack.code.replace("-", "")) <= 40


def test_a_participant_always_gets_the_same_variant_and_the_class_gets_them_all(pack):
    assert pack.seeds == (3, 4, 5)
    assert pack.seed_for("Sam Lee") == pack.seed_for("  sam   LEE ")
    assert {pack.seed_for(name) for name in FIRST_NAMES} == {3, 4, 5}


def test_a_mistyped_code_or_an_edited_pack_is_refused(tmp_path, pack):
    code = pack.code
    typo = ("B" if code[3] != "B" else "C").join([code[:3], code[4:]])
    with pytest.raises(PackError, match="checksum|not a pack code"):
        decode_code(typo)
    with pytest.raises(PackError, match="not a pack code"):
        decode_code("hello!")
    path = write_pack(pack, tmp_path / "pack.toml")
    path.write_text(path.read_text().replace("seeds = [3, 4, 5]", "seeds = [4, 5, 6]"))
    with pytest.raises(PackError, match=r"pack\.toml: id: does not match"):
        read_pack(path)
    path.write_text('format = "leverage-pack"\nversion = 1\nbogus = 1\n')
    with pytest.raises(PackError, match="bogus: unknown field"):
        read_pack(path)


def test_a_pack_game_is_saved_with_the_name_and_pack_id_and_verifies(tmp_path, pack):
    seat = Seat.of(pack, "Zoë O'Neill")
    match = play_seat(seat, "problem-solver")
    path = seat.save(match, tmp_path)
    again = seat.save(match, tmp_path)
    assert path.name == f"{pack.id}-zoe-o-neill-seed{seat.seed}.jsonl"
    assert again.name.endswith(f"seed{seat.seed}-2.jsonl")  # never overwrites
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["pack"] == pack.id
    assert header["names"] == {"candidate": "Zoë O'Neill"}
    assert header["personas"] == {"candidate": "human", "employer": "reciprocator"}
    replay = read_replay(path)
    assert replay.header.pack == pack.id
    assert verify(replay) is None


def test_issue_kinds_follow_from_the_points(scenarios):
    kinds = {k["id"]: k["kind"] for k in issue_kinds(scenarios["job-offer"])}
    assert set(kinds.values()) <= {"compatible", "distributive", "integrative"}
    assert "integrative" in kinds.values()


# -- the class report -----------------------------------------------------------------------------


def test_the_report_counts_28_and_rejects_the_2_tampered_games_with_reasons(tampered, pack):
    folder, edited = tampered
    collection = collect(folder, pack)
    assert len(collection.games) == 28
    assert sorted(r.file for r in collection.rejected) == sorted(edited)
    reasons = {r.file: r.reason for r in collection.rejected}
    assert "does not re-run" in reasons[edited[0]] or "turn" in reasons[edited[0]]
    assert "end.payoffs" in reasons[edited[1]]
    report = class_report(collection)
    assert report["counted"] == 28
    assert len(report["rows"]) == 28
    counted = {row["file"] for row in report["rows"]}
    assert not counted & set(edited)
    text = render(report, "text")
    assert "28 game(s) counted, 2 rejected" in text
    for name in edited:
        assert name in text.split("REJECTED FILES")[1]


def test_the_report_shows_the_class(class_folder, pack):
    report = class_report(collect(class_folder, pack))
    assert report["counted"] == 30 and report["rejected"] == []
    assert sum(report["outcomes"].values()) == 30
    assert 0 < report["agreement"] <= 1
    assert sum(b["count"] for b in report["spread"]["bins"]) == 30
    assert report["spread"]["min"] < report["spread"]["max"]  # varied play, varied results
    row = report["rows"][0]
    for key in ("outcome", "points", "surplus_share", "efficiency", "round", "bluffs"):
        assert key in row
    assert any(row["bluffs"] for row in report["rows"])  # the bluffers' lies are counted
    assert report["trades"]["issues"]
    assert report["value"]["best_joint"] >= report["value"]["mean_joint"]
    assert report["turning_points"]
    assert len(report["prompts"]) >= 3
    names = {row["participant"] for row in report["rows"]}
    assert any(name in prompt for prompt in report["prompts"] for name in names)


def test_markdown_report(tampered, pack):
    folder, edited = tampered
    text = render(class_report(collect(folder, pack)), "markdown")
    assert text.startswith("# Class report: The Offer (job-offer)")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| Participant | Seed | Outcome")
    assert len(table) == 1 + 28
    assert "## Agreement" in text and "## For the debrief" in text
    assert "```" in text  # the charts, as preformatted text
    assert all(f"- {name}: " in text for name in edited)


def test_html_report_is_one_self_contained_page(tampered, pack):
    folder, edited = tampered
    page = render(class_report(collect(folder, pack)), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 3
    assert "<script" not in page and "http" not in page and "@import" not in page
    assert "src=" not in page and "href=" not in page  # nothing fetched from anywhere
    assert page.count("<tr><td>") >= 28
    for name in edited:
        assert name in page


def test_html_escapes_names(tmp_path, pack):
    seat = Seat.of(pack, "<b>Eve</b> & co")
    seat.save(play_seat(seat, "conceder"), tmp_path)
    page = render(class_report(collect(tmp_path, pack)), "html")
    assert "<b>Eve" not in page
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in page


def test_csv_report(tampered, pack):
    folder, edited = tampered
    text = render(class_report(collect(folder, pack)), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    counted = [r for r in rows if r["status"] == "counted"]
    rejected = [r for r in rows if r["status"] == "rejected"]
    assert len(counted) == 28 and len(rejected) == 2
    assert sorted(r["file"] for r in rejected) == sorted(edited)
    assert all(r["reason"] for r in rejected)
    assert {
        "participant",
        "outcome",
        "points",
        "surplus_share",
        "efficiency",
        "round",
        "bluffs",
    } <= set(rows[0])
    assert all(float(r["points"]) == float(r["points"]) for r in counted)


def test_the_report_is_deterministic_and_can_be_anonymized(class_folder, pack):
    first = {
        fmt: render(class_report(collect(class_folder, pack)), fmt)
        for fmt in ("text", "html", "csv")
    }
    second = {
        fmt: render(class_report(collect(class_folder, pack)), fmt)
        for fmt in ("text", "html", "csv")
    }
    assert first == second
    anonymous = class_report(collect(class_folder, pack), anonymize=True)
    for fmt in ("text", "markdown", "html", "csv"):
        text = render(anonymous, fmt)
        assert "Participant 1" in text
        assert not any(name in text for name in FIRST_NAMES if len(name) > 3)


def test_games_from_elsewhere_are_rejected_with_the_reason(tmp_path, pack, class_folder):
    from sim.core.catalogue import resolve_scenario

    folder = tmp_path / "mixed"
    folder.mkdir()
    for source in sorted(class_folder.iterdir())[:4]:  # Ada, Amir, Bea, Ben
        shutil.copy(source, folder)
    other = new_pack(resolve_scenario("job-offer"), 99, persona="reciprocator")
    seat = Seat.of(other, "Outsider")
    seat.save(play_seat(seat, "conceder"), folder)  # another pack
    mine = Seat.of(pack, "Ada")
    wrong = Seat(pack, "Ada Again", mine.scenario, mine.seed)  # a seed not assigned to this name
    if pack.seed_for("Ada Again") != mine.seed:
        wrong.save(play_seat(wrong, "conceder"), folder)
    duplicate = Seat.of(pack, "Ben")
    duplicate.save(play_seat(duplicate, "hardliner"), folder)  # Ben's second game
    (folder / "notes.jsonl").write_text("not a replay\n", encoding="utf-8")
    partial = folder / "cut.jsonl"
    lines = next(iter(sorted(class_folder.iterdir()))).read_text(encoding="utf-8").splitlines()
    partial.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    collection = collect(folder, pack)
    reasons = {r.file: r.reason for r in collection.rejected}
    assert sorted(game.name for game in collection.games) == ["Ada", "Amir", "Bea", "Ben"]
    assert any("belongs to another pack" in reason for reason in reasons.values())
    assert any("second game by the same participant" in reason for reason in reasons.values())
    assert "not valid JSON" in reasons["notes.jsonl"] or "line 1" in reasons["notes.jsonl"]
    assert reasons["cut.jsonl"].startswith("unfinished")
    if pack.seed_for("Ada Again") != mine.seed:
        assert any("is not the one the pack assigns" in reason for reason in reasons.values())


# -- the command line -----------------------------------------------------------------------------


def test_workshop_commands_as_a_trainer_runs_them(tmp_path, tampered):
    folder, edited = tampered
    made = leverage(
        "workshop",
        "new",
        "job-offer",
        "--seed",
        "3",
        "--variants",
        "3",
        "--out",
        str(tmp_path / "class.toml"),
    )
    assert made.returncode == 0, made.stderr
    pack = read_pack(tmp_path / "class.toml")
    assert f"Code: {pack.code}" in made.stdout
    assert f"--pack {pack.code} --name NAME" in made.stdout
    report = leverage("workshop", "report", str(folder), "--pack", pack.code, "--format", "csv")
    assert report.returncode == 0, report.stderr
    rows = list(csv.DictReader(io.StringIO(report.stdout)))
    assert sum(r["status"] == "counted" for r in rows) == 28
    out = tmp_path / "report.html"
    written = leverage("workshop", "report", str(folder), "--format", "html", "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert "28 game(s) counted, 2 rejected" in written.stdout
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("workshop", "new", "job-offer", "--seed", "3", "--role", "boss", "--out", "x.toml"),
            "no role 'boss'",
        ),
        (
            ("workshop", "new", "job-offer", "--seed", "3", "--variants", "0", "--out", "x.toml"),
            "variants",
        ),
        (("workshop", "report", "/nonexistent/folder"), "no such folder"),
        (("workshop", "report", ".", "--pack", "NOT-A-CODE"), "not a pack code"),
        (("play", "--pack", "NOT-A-CODE", "--name", "Sam"), "not a pack code"),
        (("play", "job-offer", "--name", "Sam"), "--name is for a workshop game"),
    ],
)
def test_workshop_mistakes_are_one_line_and_status_2(tmp_path, args, message):
    result = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_play_pack_needs_a_name(pack, tmp_path):
    path = write_pack(pack, tmp_path / "p.toml")
    result = leverage("play", "--pack", str(path))
    assert result.returncode == 2
    assert "--pack needs --name" in result.stderr
