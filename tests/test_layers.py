"""DESIGN.md §1: the headless layers never import textual or rich."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "sim.core.rules",
        "sim.core.catalogue",
        "sim.ai.personas",
        "sim.ai.selfplay",
        "sim.record.trace",
        "sim.analysis.summary",
        "sim.cli.main",
    ],
)
def test_headless_layers_do_not_import_textual(module):
    code = f"import sys, {module}; bad = [m for m in ('textual', 'rich') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in {result.stdout.strip()}"


def test_rules_use_no_global_randomness_or_clock():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "sim"
    forbidden = (
        "import random",
        "from random",
        "np.random.rand",
        "np.random.seed",
        "np.random.choice",
        "default_rng()",
        "time.time(",
        "datetime.now(",
    )
    for folder in ("core", "ai"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text()
            for pattern in forbidden:
                assert pattern not in text, f"{path}: {pattern}"
