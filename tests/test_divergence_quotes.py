"""What `replay verify` and `debrief` quote from a forged file is made safe to print.

A divergence message quotes the file ("line: file has ..."). JSON escapes C0 controls, but a
forged counterpart line can hold a bidi override (U+202E reverses the rest of the terminal
line) or a C1 control (U+009B is a CSI to some terminals), and a forged `reasons` can have a key
holding an ESC; each reached stderr raw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.ai.selfplay import Lineup, play_games
from sim.core.catalogue import resolve_scenario
from sim.record.replay import Player, write_replay

ROOT = Path(__file__).resolve().parents[1]
RAW = ("\x1b", "\u202e", "\u009b")


def forged(tmp_path: Path, edit) -> Path:
    scenario = resolve_scenario("job-offer")
    lineup = Lineup.for_role(0, "reciprocator", "hardliner", "normal")
    match = next(iter(play_games(scenario, 4, 1, lineup)))
    path = write_replay(
        match, tmp_path / "game.jsonl", (Player("reciprocator"), Player("hardliner"))
    )
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    first = next(index for index, line in enumerate(lines) if index and "line" in line)
    edit(lines[first])
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


EDITS = {
    "a line with a bidi override and a C1 CSI": lambda turn: turn.update(
        line="Fine \u202eevil\u009b31m"
    ),
    "a reasons key with an ESC": lambda turn: turn["reasons"].update({"\x1b[2Jkey": 1}),
}


@pytest.mark.parametrize("command", ["verify", "debrief"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_forged_text_is_quoted_without_raw_controls(tmp_path, command, edit):
    path = forged(tmp_path, EDITS[edit])
    argv = ["replay", "verify", str(path)] if command == "verify" else ["debrief", str(path)]
    result = subprocess.run(
        [sys.executable, "-m", "sim", *argv],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        timeout=120,
    )
    err = result.stderr.decode()
    assert result.returncode == (1 if command == "verify" else 0), err
    assert "turn" in err and "Traceback" not in err
    for raw in RAW:
        assert raw not in err, f"{raw!r} reached stderr: {err!r}"
        assert raw not in result.stdout.decode(), f"{raw!r} reached stdout"
