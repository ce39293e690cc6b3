"""What every game the person plays leaves behind: a replay kept up to date after each move, and
an entry in the practice history when the game ends (issue 6).

`keep_records(session)` is called once by `PlaySession`; it never interrupts play: a replay that
cannot be written or a history database that is damaged or locked becomes a one-line `notice`
on the session, for a screen to show.
"""

from __future__ import annotations

from sim.record.history import record_game
from sim.record.replay import SUFFIX, ReplayRecorder, players_of, replays_folder


def replay_path_for(save_id: str):
    """Where the replay of a saved game lives: the same id, in the replays folder."""
    return replays_folder() / f"{save_id}{SUFFIX}"


def keep_records(session) -> None:
    session.record_notice = None
    if not getattr(session, "autosave", True):
        return  # a session that saves nothing (tests, previews) records nothing either
    setup = session.setup
    # Who played comes from the match itself: a side without a counterpart is a person.
    players = players_of(session.match)
    path = replay_path_for(session.saved.id)
    recorder = ReplayRecorder(session.match, path, players, setup.difficulty)
    if recorder.error is not None:
        session.record_notice = recorder.error

    def at_the_end(turn) -> None:
        if not turn.state.is_over:
            return
        if recorder.error is not None:
            session.record_notice = recorder.error
        warning = record_game(
            session.match,
            setup.player,
            setup.persona,
            setup.difficulty,
            replay=None if recorder.error else path,
            played_at=session.clock(),
        )
        if warning is not None:
            session.record_notice = warning

    session.match.listeners.append(at_the_end)
