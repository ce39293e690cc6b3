"""`leverage replay verify FILE...` re-runs recorded games; `leverage replay FILE` opens one in
the viewer (`--compare OTHER`: beside another game of the same scenario). Exit 0 when every game re-runs exactly, 1 naming the first divergence, 2 when a file
cannot be read (damaged, cut short, hand-edited) or its scenario is missing or changed."""

from __future__ import annotations

import argparse
import sys

from sim.cli.common import Parser, UsageError, print_json, whole_number

USAGE = (
    "leverage replay verify FILE... [--scenario PATH] [--partial] [--json]\n"
    "       leverage replay FILE [--turn N] [--compare OTHER] [--scenario PATH]"
)


DESCRIPTION = """
'leverage replay verify FILE...' re-runs each recorded game and checks every move, the counterpart's
line and reasons, every event and state digest: exit 0 when all match, 1 naming the first divergence
(file, turn, what differs), 2 when a file is damaged, cut short or its scenario is missing or
changed. 'leverage replay FILE' opens the game in the replay viewer; with --compare OTHER, beside
another game of the same scenario (a branch and its game, or two games of one seed).
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "replay",
        help="verify recorded games, or open one in the viewer",
        description=DESCRIPTION,
        usage=USAGE,
    )
    # The verb and the files are read again by a second parser so that options may come
    # anywhere (`leverage replay verify --partial FILE`): argparse alone cannot mix them.
    parser.add_argument(
        "targets",
        nargs=argparse.REMAINDER,
        metavar="FILE",
        help="'verify' and replay files, or one replay file",
    )
    _options(parser)
    parser.set_defaults(run=run)


def _options(parser) -> None:
    parser.add_argument(
        "--scenario",
        metavar="PATH",
        help="the scenario file the games were played on (default: the shipped one)",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="verify: accept games that have no end line yet (in progress)",
    )
    parser.add_argument("--json", action="store_true", help="verify: one JSON object per file")
    parser.add_argument(
        "--turn", type=whole_number(0), default=None, metavar="N", help="viewer: start at turn N"
    )
    parser.add_argument(
        "--compare",
        metavar="OTHER",
        default=None,
        help="viewer: open straight away on FILE (A) side by side with OTHER (B), a game of the "
        "same scenario",
    )


def run(args) -> int:
    inner = Parser(prog="leverage replay", usage=USAGE)
    inner.add_argument("targets", nargs="+", metavar="FILE")
    _options(inner)
    found = inner.parse_intermixed_args(args.targets)
    scenario = found.scenario or args.scenario
    partial = found.partial or args.partial
    as_json = found.json or args.json
    turn = found.turn if found.turn is not None else args.turn
    other = found.compare or args.compare
    if found.targets[0] == "verify":
        files = found.targets[1:]
        if not files:
            raise UsageError("verify needs at least one replay file")
        if other is not None:
            raise UsageError("--compare is for the viewer: leverage replay FILE --compare OTHER")
        return verify_files(files, scenario, partial, as_json)
    if len(found.targets) != 1:
        raise UsageError("give one replay file to view, or 'verify FILE...' to check files")
    return view_file(found.targets[0], scenario, turn, other)


def verify_files(files: list[str], scenario_path: str | None, partial: bool, as_json: bool) -> int:
    from sim.record.replay import ReplayError, read_replay, verify

    worst = 0
    for name in files:
        report: dict = {"file": name}
        try:
            replay = read_replay(name)
            if replay.end is None and not partial:
                raise ReplayError(
                    name,
                    f"no end line after turn {len(replay.turns)}: the file was cut short "
                    "(or the game is still in progress; check it with --partial)",
                    len(replay.turns) + 2,
                )
            divergence = verify(replay, scenario_path)
        except ReplayError as error:
            worst = 2
            report.update(status="unreadable", error=str(error))
            _say(as_json, report, str(error), error_stream=True)
            continue
        if divergence is not None:
            worst = max(worst, 1)
            report.update(status="diverged", turn=divergence.turn, difference=divergence.what)
            hint = ""
            if replay.header.app_version != _app_version():
                hint = f" (recorded with leverage {replay.header.app_version}, this is {_app_version()})"
            _say(as_json, report, divergence.describe(name) + hint, error_stream=True)
            continue
        ending = (
            f", {replay.end.kind} in round {replay.end.round}" if replay.end else ", in progress"
        )
        report.update(status="ok", turns=len(replay.turns))
        _say(as_json, report, f"{name}: ok ({len(replay.turns)} moves{ending})")
    return worst


def _app_version() -> str:
    from sim import __version__

    return __version__


def _say(as_json: bool, report: dict, text: str, error_stream: bool = False) -> None:
    if as_json:
        print_json(report)
    else:
        print(text, file=sys.stderr if error_stream else sys.stdout)


def view_file(
    name: str, scenario_path: str | None, turn: int | None, other: str | None = None
) -> int:
    from pathlib import Path

    from sim.record.replay import ReplayError, read_replay

    try:
        replay = read_replay(name)
        second = read_replay(other) if other is not None else None
    except ReplayError as error:
        print(error, file=sys.stderr)
        return 2
    if second is not None and second.header.scenario_id != replay.header.scenario_id:
        print(
            f"{other}: scenario: {second.header.scenario_id}, but {name} is "
            f"{replay.header.scenario_id}; only games of one scenario compare",
            file=sys.stderr,
        )
        return 2
    try:
        from sim.play.study import ReplayStudy
        from sim.tui.screens.replay import make_viewer_app
    except ImportError:
        raise UsageError(
            "the replay viewer is not available in this build; try 'leverage debrief FILE'"
        ) from None
    try:
        study = ReplayStudy.of_replay(replay, scenario_path)
    except ReplayError as error:
        print(error, file=sys.stderr)
        return 2
    if second is not None:
        try:
            # Read it now, so that a file that does not re-run is one line here, not in the app.
            ReplayStudy.of_replay(second, scenario_path)
        except ReplayError as error:
            print(error, file=sys.stderr)
            return 2
    compare_with = Path(other) if other is not None else None
    app = make_viewer_app(replay, turn, study=study, compare_with=compare_with)
    app.run()
    return int(app.return_code or 0)
