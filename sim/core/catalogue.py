"""Where scenarios come from: the curated ones shipped with the game, or a file the user names."""

from __future__ import annotations

import os
from pathlib import Path

from sim.core.errors import ScenarioError
from sim.core.scenario import Scenario, load_scenario


def shipped_folder() -> Path:
    """The curated scenarios: `sim/scenarios/` in an installed package (pyproject maps the
    top-level `scenarios/` folder there), or `scenarios/` itself in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "scenarios"
    if installed.is_dir():
        return installed
    return package.parent / "scenarios"


def is_shipped(scenario: Scenario) -> bool:
    """Whether `scenario` was loaded from the shipped file of its id (a replay or a pack of a
    shipped case names it by id alone; any other file by its path)."""
    candidate = shipped_folder() / f"{scenario.id}.toml"
    try:
        return candidate.is_file() and Path(scenario.source).resolve() == candidate.resolve()
    except (OSError, ValueError):
        return False


def shipped_ids() -> list[str]:
    return sorted(path.stem for path in shipped_folder().glob("*.toml"))


def shipped_scenarios() -> list[Scenario]:
    return [load_scenario(path) for path in sorted(shipped_folder().glob("*.toml"))]


def resolve_scenario(name: str) -> Scenario:
    """A shipped scenario by id, or a scenario file by path."""
    path = Path(name)
    # os.path: a name too long for the file system is "no such scenario", not an OSError.
    if name.endswith(".toml") or os.path.exists(name) or "/" in name:
        return load_scenario(path)
    candidate = shipped_folder() / f"{name}.toml"
    if os.path.isfile(candidate):
        return load_scenario(candidate)
    # (an empty name is named as one: ": no such scenario" reads as a message cut short)
    shown = "''" if not name else name if len(name) <= 60 else name[:57] + "..."
    raise ScenarioError(
        [
            f"{shown}: no such scenario (shipped: {', '.join(shipped_ids())}; or give a path to a .toml file)"
        ]
    )
