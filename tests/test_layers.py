"""DESIGN.md §1, as tests: every layer imports only the layers below it, and nothing below the
TUI imports textual or rich.

The arrows are checked by reading every module's imports (its syntax tree, so an import inside a
function counts as much as one at the top); the textual rule is also checked at run time, by
importing the headless entry points in a fresh interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"

# What each layer may import of `sim` (besides itself and the top-level `sim` package).
# record and analysis share a level; analysis may read records (a workshop report reads the
# class's replays), never the other way round.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "ai": {"core"},
    "record": {"core", "ai"},
    "analysis": {"core", "ai", "record"},
    "play": {"core", "ai", "record", "analysis"},
    "tui": {"core", "ai", "record", "analysis", "play"},
    "cli": {"core", "ai", "record", "analysis", "play", "tui"},
}
UI = {"textual", "rich", "textual_serve"}
HEADLESS = ("core", "ai", "record", "analysis", "play")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports, absolute, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = ".".join(("sim", *path.relative_to(SIM).parent.parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from the module's own package up
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module]) if module else ".".join(base)
            found.append((node.lineno, module))
    return found


def layer_violations() -> list[str]:
    problems = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((SIM / layer).rglob("*.py")):
            for line, module in imports_of(path):
                parts = module.split(".")
                where = f"{path.relative_to(SIM.parent)}:{line}"
                if parts[0] in UI and layer in HEADLESS:
                    problems.append(f"{where}: sim.{layer} imports {module} (no UI below sim.tui)")
                if parts[0] != "sim" or len(parts) < 2 or parts[1] == layer:
                    continue
                target = parts[1]
                if target in ALLOWED and target not in allowed:
                    problems.append(f"{where}: sim.{layer} imports {module} (an arrow up)")
    return problems


def test_every_layer_imports_only_the_layers_below_it():
    assert layer_violations() == []


def test_the_layer_check_sees_an_arrow_up(tmp_path, monkeypatch):
    """The check itself, broken on purpose: a rules module that reaches up into the TUI."""
    fake = tmp_path / "sim"
    for layer in ALLOWED:
        (fake / layer).mkdir(parents=True)
    (fake / "core" / "rules.py").write_text(
        "def f():\n    from sim.tui.present import points\n    import textual\n"
    )
    (fake / "record" / "replay.py").write_text("from ..play import session\n")
    monkeypatch.setattr(sys.modules[__name__], "SIM", fake)
    problems = layer_violations()
    assert any("sim.core imports sim.tui.present (an arrow up)" in p for p in problems)
    assert any("sim.core imports textual (no UI below sim.tui)" in p for p in problems)
    assert any("sim.record imports sim.play (an arrow up)" in p for p in problems)


@pytest.mark.parametrize(
    "module",
    [
        "sim.core.rules",
        "sim.core.catalogue",
        "sim.ai.personas",
        "sim.ai.selfplay",
        "sim.record.trace",
        "sim.analysis.summary",
        "sim.play.session",
        "sim.play.study",
        "sim.play.hot_seat",
        "sim.record.autosave",
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
