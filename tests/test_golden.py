"""Golden games: committed replays that must still re-run move for move (OpenSpiel's golden
playthroughs). A failure here means the counterparts or the rules now play differently: if that
is meant, regenerate them on purpose (`python tests/golden/regenerate.py`, see the README) in a
commit of their own that says why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = sorted(GOLDEN.glob("*.jsonl"))


def test_there_is_a_golden_game_for_every_shipped_scenario():
    from sim.core.catalogue import shipped_ids

    assert {path.name.split("-seed")[0] for path in FILES} == set(shipped_ids())


def test_the_golden_games_verify_with_leverage_replay_verify():
    result = subprocess.run(
        [sys.executable, "-m", "sim", "replay", "verify", *map(str, FILES)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok (") == len(FILES)


def test_regenerating_the_golden_games_gives_the_same_bytes():
    """Byte-identical across runs and versions, not just within one run: the replay format and
    every line the counterparts speak are pinned by the committed files."""
    result = subprocess.run(
        [sys.executable, str(GOLDEN / "regenerate.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
