"""Where replays live on disk: the data folder (`$LEVERAGE_HOME` or the user's data folder) and
its `replays/` folder. Kept apart so that code which only needs a path does not import the rules."""

from __future__ import annotations

import os
from pathlib import Path

SUFFIX = ".jsonl"
DATA_HOME_ENV = "LEVERAGE_HOME"


def data_home() -> Path:
    """Where saved games and the practice history live: `$LEVERAGE_HOME` when set (tests and
    workshops point it at a folder of their own), otherwise the user's data folder."""
    override = os.environ.get(DATA_HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("leverage"))


def replays_folder() -> Path:
    return data_home() / "replays"
