"""The one error a replay raises: a file that cannot be used, said in one line naming the file,
the line and the turn."""

from __future__ import annotations


class ReplayError(ValueError):
    """A replay that cannot be used: unreadable, damaged, truncated, hand-edited, or recorded
    against a scenario that is missing or has changed. The message is one line:
    `FILE: line N (turn T): what is wrong`."""

    def __init__(self, source: str, message: str, line: int | None = None, turn: int | None = None):
        self.source = source
        self.line = line
        self.turn = turn
        self.reason = message
        where = source
        if line is not None:
            where += f": line {line}"
            if turn is not None:
                where += f" (turn {turn})"
        elif turn is not None:
            where += f": turn {turn}"
        super().__init__(f"{where}: {message}")
