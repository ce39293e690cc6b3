"""Commands on a terminal that is not UTF-8 (a Latin-1 locale, a Windows code page): a character
it cannot show is printed as "?", never a UnicodeEncodeError traceback. `lessons` starts its list
with ▶, the debrief has − and —, `history` draws ▁ bars, and each crashed there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.ai.selfplay import Lineup, play_games
from sim.core.catalogue import resolve_scenario
from sim.record.replay import Player, write_replay

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *argv],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "latin-1", "LEVERAGE_HOME": str(home)},
        timeout=120,
    )


@pytest.fixture(scope="module")
def game(tmp_path_factory) -> Path:
    scenario = resolve_scenario("job-offer")
    lineup = Lineup.for_role(0, "reciprocator", "hardliner", "normal")
    match = next(iter(play_games(scenario, 4, 1, lineup)))
    folder = tmp_path_factory.mktemp("latin1")
    return write_replay(match, folder / "game.jsonl", (Player("reciprocator"), Player("hardliner")))


@pytest.mark.parametrize(
    "command",
    [("lessons",), ("debrief", "GAME"), ("debrief", "GAME", "--format", "markdown")],
    ids=["lessons", "debrief", "debrief-markdown"],
)
def test_a_latin1_terminal_gets_question_marks_not_a_traceback(command, game, tmp_path):
    argv = tuple(str(game) if part == "GAME" else part for part in command)
    result = run(*argv, home=tmp_path)
    assert b"Traceback" not in result.stderr, result.stderr.decode("latin-1")
    assert result.returncode == 0
    text = result.stdout.decode("latin-1")
    assert text.strip() and "?" in text  # what Latin-1 cannot show, shown as "?"
