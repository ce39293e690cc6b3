"""Replays: every game as a JSON Lines file that can be re-run exactly, verified and branched.

A replay is the game's record in the python-chess sense: the header pins everything the seed
decided (the scenario by content hash, the seed, every chance outcome, who played each side) and
then one line per move with its events, the counterpart's line and reasons, and a digest of the
state after it. Replaying is folding the moves through `sim.core.rules.step`; verifying also
re-creates the counterparts and checks they make the same moves for the same reasons, and checks
that the chance outcomes are the ones the seed draws on the scenario.

One idea a module (where replays live is `sim.record.paths`): `types` (the values a replay holds), `writer`,
`reader` (nothing is executed; every field checked), `scenario` (the scenario a replay was
recorded against, and its chance), `rerun` (verify, branch, fold, rebuild). The format is
documented in the README ("Replays, debrief and history").
"""

from sim.record.paths import GAME_SUFFIX as SUFFIX
from sim.record.replay.errors import ReplayError
from sim.record.replay.reader import MAX_NAME, parse_replay, read_replay
from sim.record.replay.rerun import Divergence, branch, fold, rebuild, states, verify
from sim.record.replay.scenario import game_of, scenario_for
from sim.record.replay.types import (
    HUMAN,
    Ending,
    Header,
    Player,
    RecordedTurn,
    Replay,
)
from sim.record.replay.writer import (
    dumps,
    end_line,
    header_for,
    players_of,
    replay_name,
    replay_text,
    turn_line,
    write_replay,
    write_replay_text,
)

__all__ = [
    "HUMAN",
    "MAX_NAME",
    "SUFFIX",
    "Divergence",
    "Ending",
    "Header",
    "Player",
    "RecordedTurn",
    "Replay",
    "ReplayError",
    "branch",
    "dumps",
    "end_line",
    "fold",
    "game_of",
    "header_for",
    "parse_replay",
    "players_of",
    "read_replay",
    "rebuild",
    "replay_name",
    "replay_text",
    "scenario_for",
    "states",
    "turn_line",
    "verify",
    "write_replay",
    "write_replay_text",
]
