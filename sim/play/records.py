"""What a finished game leaves in the practice history (issue 6), besides its replay.

The replay is the save and is written as the game is played (`sim.record.autosave`); when the
game ends, `keep_history` adds its entry to the practice history. It never interrupts play: a
history database that is damaged or locked becomes a one-line warning for a screen to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.record.history import record_game, record_of

if TYPE_CHECKING:
    from sim.play.session import PlaySession


def keep_history(session: PlaySession) -> str | None:
    """Record the finished game; the warning to show, if the history could not take it."""
    setup = session.setup
    recorder = session.recorder
    replay = None if recorder is None or recorder.error is not None else recorder.path
    record = record_of(
        session.match,
        setup.player,
        setup.persona,
        setup.difficulty,
        replay=replay,
        played_at=session.clock(),
    )
    return record_game(record)
