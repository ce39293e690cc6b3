"""Typed errors of the rules: each one is a user's mistake with a message that says what to do."""


class FileProblems(ValueError):
    """A file the user wrote that cannot be used. `problems` holds one line per problem, each
    already prefixed with the file name and the field (`FILE: issues[2].name: expected a
    string`), so a command prints them as they are."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ScenarioError(FileProblems):
    """A scenario file that cannot be played."""


class IllegalMoveError(ValueError):
    """A move the rules do not allow in this state; the message says what is legal instead."""


class InvalidMoveError(ValueError):
    """A move's text form that cannot be read as a move at all (a replay line, a save, a
    script): the message names the field. Unlike `IllegalMoveError`, the rules never saw it."""
