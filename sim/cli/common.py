"""Small helpers shared by the commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sim.core.errors import FileProblems
from sim.core.validate import MAX_SEED

T = TypeVar("T")


class UsageError(Exception):
    """A command-line mistake the parser cannot catch (an unknown role in this scenario...)."""


def print_json(value: Any, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(value, sort_keys=False, ensure_ascii=False) + "\n")


def round_points(value: float) -> float:
    """Numbers in output are rounded so that runs compare byte for byte across machines."""
    return round(float(value), 4)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (plus a pointer to --help), exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def whole_number(low: int = 0, high: int | None = None, what: str = "a whole number"):
    """The one integer type of the command line: `type=whole_number(1)` for --games,
    `whole_number(1, 65535, "a port")` for --port. A mistake is argparse's one-line usage error
    ("expected a whole number from 1 up (got 'x')"), never a traceback."""

    def parse(text: str) -> int:
        stripped = text.strip()
        # int() would accept "1_000" and 4,000 digits; a seed or a count is plain digits.
        if not (stripped.lstrip("-").isdigit() and stripped.isascii()) or len(stripped) > 25:
            raise argparse.ArgumentTypeError(f"expected a whole number (got {text[:30]!r})")
        value = int(stripped)
        if value < low or (high is not None and value > high):
            bounds = f"from {low} up" if high is None else f"from {low} to {high}"
            shown = stripped if len(stripped) <= 20 else f"a {len(stripped)}-digit number"
            raise argparse.ArgumentTypeError(f"expected {what} {bounds} (got {shown})")
        return value

    parse.__name__ = what  # argparse names the type in "invalid <name> value" messages
    return parse


# Every command takes a seed the same way, and every seed fits a replay (0 to 2**63-1).
seed_number = whole_number(0, MAX_SEED, "a seed")


def validate_files(
    names: Sequence[str], load: Callable[[str], T], summary: Callable[[T], str]
) -> int:
    """What a `validate` command does: load each file and print `NAME: ok (SUMMARY)`, or every
    problem it has, one line each on stderr. Exit status 2 when any file has a problem, else 0."""
    failed = False
    for name in names:
        try:
            loaded = load(name)
        except FileProblems as error:
            failed = True
            for line in error.problems:
                print(line, file=sys.stderr)
            continue
        print(f"{name}: ok ({summary(loaded)})")
    return 2 if failed else 0


def output_folder(option: str, name: str) -> Path:
    """The folder an option such as `--workshop DIR` or `--save DIR` names, created now, before
    any game is played: a file in the way, or a folder that cannot be made, is a UsageError in
    one line. Found only when the first game ended, it cost a participant the replay their
    trainer was waiting for, and `--save` called a file in the way "File exists"."""
    folder = Path(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{option} {name}: not a folder (a file is in the way)") from None
    except OSError as error:
        raise UsageError(
            f"{option} {name}: cannot create the folder ({error.strerror or error})"
        ) from None
    return folder


def role_named(scenario_id: str, roles: Sequence[str], name: str) -> int:
    """The index of the role `--role NAME` names; a role the scenario does not have is a
    UsageError that lists the ones it has."""
    if name not in roles:
        raise UsageError(f"{scenario_id} has no role {name!r}; roles: {', '.join(roles)}")
    return list(roles).index(name)


def add_counterpart_options(parser: argparse.ArgumentParser, role_help: str) -> None:
    """--role, --persona and --difficulty: who the person plays and whom they face, worded the
    same way in every command that starts a game against a counterpart."""
    from sim.ai.personas import DEFAULT_DIFFICULTY, DEFAULT_PERSONA, DIFFICULTIES, PERSONAS

    parser.add_argument("--role", metavar="ROLE", help=role_help)
    parser.add_argument(
        "--persona",
        metavar="P",
        default=DEFAULT_PERSONA,
        help=f"the counterpart: {', '.join(PERSONAS)} (default {DEFAULT_PERSONA})",
    )
    parser.add_argument(
        "--difficulty",
        metavar="D",
        default=DEFAULT_DIFFICULTY,
        help=f"{', '.join(DIFFICULTIES)} (default {DEFAULT_DIFFICULTY})",
    )
