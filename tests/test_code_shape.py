"""The shape of the code: no function in `sim/` longer than a newcomer can hold in mind.

A function over 80 lines (from its `def` line to its last line) is usually doing several jobs;
split it. The few kept for now are listed with the reason, so the list can only shrink on
purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

MAX_LINES = 80
SIM = Path(__file__).resolve().parent.parent / "sim"

# (file under sim/, function name): why it is still long.
ALLOWED: dict[tuple[str, str], str] = {}


def long_functions(root: Path = SIM) -> dict[tuple[str, str], int]:
    """Every function (methods and nested ones included) longer than MAX_LINES, with its
    length, keyed by (file under `root`, name)."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1  # `lineno` is the `def` line
                if length > MAX_LINES:
                    found[(path.relative_to(root).as_posix(), node.name)] = length
    return found


def test_no_function_in_sim_is_longer_than_80_lines():
    offenders = {key: n for key, n in long_functions().items() if key not in ALLOWED}
    listing = "\n".join(
        f"  sim/{file}: {name} ({n} lines)" for (file, name), n in offenders.items()
    )
    assert not offenders, f"functions over {MAX_LINES} lines (split them):\n{listing}"


def test_the_allow_list_holds_only_functions_still_long():
    # A function split since it was allowed must leave the list, so the list cannot hide a
    # new long function under an old name.
    stale = sorted(set(ALLOWED) - set(long_functions()))
    assert not stale, f"no longer over {MAX_LINES} lines; remove from ALLOWED: {stale}"


def test_the_measure_counts_from_def_to_last_line(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES - 1))
    (tmp_path / "fits.py").write_text(f"@staticmethod\ndef fits():\n{body}\n")
    (tmp_path / "long.py").write_text(f"def too_long():\n{body}\n    return 1\n")
    assert long_functions(tmp_path) == {("long.py", "too_long"): MAX_LINES + 1}
