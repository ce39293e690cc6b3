"""Every place on disk the game reads or writes, in one module (Posting's `locations.py`).

The data folder is `$LEVERAGE_HOME` when set (tests and workshops point it at a folder of their
own), otherwise the user's data folder from `platformdirs`. Under it: `replays/` (one replay per
game, which is also its save), `saves/` (saves in the old JSON format, converted once on first
read), `history.sqlite3` (the practice history) and `workshops/` (a folder per workshop pack).
A game id names a file in `replays/`; an id that could reach outside it is refused here, so no
caller has to remember to check.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sim.core.safe_text import not_utf8

HOME_ENV = "LEVERAGE_HOME"
GAME_SUFFIX = ".jsonl"
HISTORY_FILE = "history.sqlite3"

# Letters, digits, dots, dashes and underscores, starting with a letter or digit: never a path
# separator, never "..", never a hidden file.
_GAME_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


class UnsafeGameIdError(ValueError):
    """A game id that is not a plain file name in the replays folder."""


def data_home() -> Path:
    """Where the game keeps its files: `$LEVERAGE_HOME`, else the user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: the tests and workshops never load it

    return Path(platformdirs.user_data_dir("leverage"))


def home_problem() -> str | None:
    """What is wrong with `$LEVERAGE_HOME` as a place for the game's files, or None. A value in
    bytes that are not UTF-8 (Python holds them as surrogates) cannot be written into the
    history database or a replay: a whole game was played, then its end was a traceback."""
    shown = not_utf8(os.environ.get(HOME_ENV, ""))
    if shown is not None:
        return f"{HOME_ENV}={shown}: not UTF-8 text; set it to a folder whose name is UTF-8"
    return None


def replays_folder() -> Path:
    """Every game played in the app: a replay that is also its save (an unfinished game is a
    replay without its end line)."""
    return data_home() / "replays"


def legacy_saves_folder() -> Path:
    """Saves in the old JSON format (before the save became the replay)."""
    return data_home() / "saves"


def history_file() -> Path:
    return data_home() / HISTORY_FILE


def workshops_folder() -> Path:
    return data_home() / "workshops"


def check_game_id(game_id: str) -> str:
    """The id, if it names a plain file; else `UnsafeGameIdError` in one line."""
    if not isinstance(game_id, str) or not _GAME_ID.match(game_id) or ".." in game_id:
        raise UnsafeGameIdError(
            f"game id {str(game_id)[:60]!r}: not a plain file name (letters, digits, '.', '-', "
            "'_'); a game id never points outside the data folder"
        )
    return game_id


def game_file(game_id: str) -> Path:
    """The replay (and save) of game `game_id`."""
    return replays_folder() / f"{check_game_id(game_id)}{GAME_SUFFIX}"
