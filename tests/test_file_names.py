"""A scenario file whose name is not UTF-8 (bytes a Latin-1 system wrote, \\xff): games, saves and
packs record where their scenario is, in UTF-8, so each command that records it ended in a
UnicodeEncodeError traceback ("surrogates not allowed"). The loader now says, in one line,
that the name must be renamed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.core.catalogue import shipped_folder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def odd_name(tmp_path) -> bytes:
    target = os.fsencode(tmp_path) + b"/offer-\xff.toml"
    shutil.copyfile(shipped_folder() / "job-offer.toml", os.fsdecode(target))
    return target


@pytest.mark.parametrize(
    "argv",
    [
        (b"simulate", b"NAME", b"--games", b"1", b"--jobs", b"1", b"--save", b"OUT"),
        (b"workshop", b"new", b"NAME", b"--seed", b"1", b"--out", b"OUT/pack.toml"),
        (b"scenario", b"validate", b"NAME"),
    ],
    ids=["simulate --save", "workshop new", "scenario validate"],
)
def test_a_scenario_named_in_bytes_that_are_not_utf8_is_one_line(argv, odd_name, tmp_path):
    out = os.fsencode(tmp_path / "out")
    args = [odd_name if a == b"NAME" else a.replace(b"OUT", out) for a in argv]
    result = subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"sim", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr, err
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and "offer-\\udcff.toml: the file's name is not UTF-8 text" in err


def test_a_leverage_home_in_bytes_that_are_not_utf8_is_one_line_before_any_game(tmp_path):
    """Such a LEVERAGE_HOME let a whole game be played, then ended it in a traceback when the
    history database was given the replay's path. Now every command says so first."""
    home = os.fsencode(tmp_path) + b"/home-\xff"
    for argv in ([b"history"], [b"play", b"job-offer", b"--seed", b"1"], []):
        result = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"sim", *argv],
            capture_output=True,
            cwd=ROOT,
            env={**os.environb, b"LEVERAGE_HOME": home},
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        err = result.stderr.decode("utf-8", "replace")
        assert result.returncode == 2 and b"Traceback" not in result.stderr, (argv, err)
        assert err.count("\n") == 1 and "LEVERAGE_HOME=" in err
        assert "not UTF-8 text; set it to a folder whose name is UTF-8\n" in err, err
