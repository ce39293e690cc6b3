"""Small helpers shared by the commands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


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
