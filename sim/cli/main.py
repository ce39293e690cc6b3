"""The `leverage` command: argument parsing and dispatch to one module per command.

Every user mistake (an unknown option, a broken scenario, a damaged replay) ends in one line on
stderr naming what is wrong and exit status 2; never a traceback.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

from sim import __version__
from sim.cli import (
    debrief_cmd,
    history_cmd,
    lessons_cmd,
    play_cmd,
    replay_cmd,
    scenarios_cmd,
    serve_cmd,
    simulate_cmd,
    workshop_cmd,
)
from sim.cli.common import Parser, UsageError
from sim.core.errors import ScenarioError

COMMANDS = [
    scenarios_cmd,
    simulate_cmd,
    replay_cmd,
    debrief_cmd,
    history_cmd,
    lessons_cmd,
    play_cmd,
    workshop_cmd,
    serve_cmd,
]


def build_parser() -> Parser:
    parser = Parser(
        prog="leverage",
        description="Leverage: a turn-based negotiation simulator. Run with no command to play.",
        epilog="Run 'leverage COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"leverage {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def _tolerant_output() -> None:
    """On a terminal or pipe whose encoding is not UTF-8 (a Latin-1 locale, a Windows code
    page, PYTHONIOENCODING=latin-1), a character it cannot show is printed as "?". The game's
    text has ▶, —, − and ▁: each was a UnicodeEncodeError traceback from lessons, debrief,
    history and workshop report. A UTF-8 stream is left exactly as it is."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and encoding not in ("utf8", "utf_8"):
            # A stream that cannot change mid-way is left alone.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


@contextlib.contextmanager
def _stop_when_terminated() -> Iterator[None]:
    """SIGTERM (a `kill`, a service manager, a CI job cancelled, `timeout`) stops a command the
    way Ctrl+C does: by unwinding, so that what it holds is let go. Python's default is to die
    on the spot, and `simulate --jobs N` then left its N worker processes waiting for work for
    ever. The game's screen answers SIGTERM itself (it must restore the terminal)."""
    before = None
    if hasattr(signal, "SIGTERM"):
        with contextlib.suppress(ValueError):  # not the main thread (main() called by a test)
            before = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        if before is not None:  # a test calling main() in its own process gets its own back
            signal.signal(signal.SIGTERM, before)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    with _stop_when_terminated():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    _tolerant_output()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    from sim.record.paths import home_problem

    problem = home_problem()
    if problem is not None:  # before any game is played into it
        print(f"leverage: {problem}", file=sys.stderr)
        return 2
    if extra:
        # Name the command the stray option was given to, not just "leverage".
        prog = f"leverage {args.command}" if args.command else "leverage"
        print(
            f"{prog}: unrecognized arguments: {' '.join(extra)} (see '{prog} --help')",
            file=sys.stderr,
        )
        return 2
    if args.command is None:
        return _start_game(parser)
    try:
        return int(args.run(args) or 0)
    except ScenarioError as error:
        for line in error.problems:
            print(line, file=sys.stderr)
        return 2
    except UsageError as error:
        print(f"leverage {args.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _start_game(parser: Parser) -> int:
    try:
        from sim.tui.app import run_app
    except ImportError:
        parser.print_help()
        return 0
    return run_app()
