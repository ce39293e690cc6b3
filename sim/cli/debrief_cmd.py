"""`leverage debrief FILE [FILE]`: what happened in a recorded game and what to do differently,
or two games side by side."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.cli.common import UsageError, role_named

DESCRIPTION = """
Debrief a recorded game: the outcome against both alternatives, value created, claimed and lost
to delay, the best package better for both, the Nash point, concessions, information, bluffs, the
leverage timeline and its turning points, every move of your side graded (!, ?!, ?, ??) with your
three costliest, and three tips tied to the game. With two files: the games side by side
(outcome, points, turning points) and the move where they diverged.
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "debrief", help="debrief a recorded game, or compare two", description=DESCRIPTION
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="a replay file (.jsonl); two to compare"
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="output format (default text)",
    )
    parser.add_argument(
        "--role",
        metavar="ROLE",
        help="the side the tips speak to (default: the person's, else the first role)",
    )
    parser.add_argument(
        "--scenario",
        metavar="PATH",
        help="the scenario file the game was played on (default: the shipped one)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from sim.record.replay import ReplayError, fold, read_replay, verify

    if len(args.files) > 2:
        raise UsageError(f"debrief takes one file, or two to compare (got {len(args.files)})")
    try:
        replays = [read_replay(path) for path in args.files]
        # The rules, the chance and the end line of each file: or exit 2.
        matches = [fold(replay, args.scenario) for replay in replays]
        divergences = [
            verify(replay, match.game.scenario)
            for replay, match in zip(replays, matches, strict=True)
        ]
    except ReplayError as error:
        print(error, file=sys.stderr)
        return 2
    for path, replay, divergence in zip(args.files, replays, divergences, strict=True):
        if divergence is not None:
            # The moves follow the rules, but a counterpart's move, line or reasons are not what
            # it plays now: an edit, or a game recorded by another version. Say so first.
            print(
                f"{path}: not verified: turn {divergence.turn}: {divergence.what} "
                f"(recorded with leverage {replay.header.app_version}); the debrief follows the file",
                file=sys.stderr,
            )
    header = replays[0].header
    perspective = (
        None if args.role is None else role_named(header.scenario_id, header.roles, args.role)
    )
    personas = [
        (replay.header.players[0].persona, replay.header.players[1].persona) for replay in replays
    ]
    if len(matches) == 1:
        from sim.analysis.debrief import debrief, render

        report = debrief(matches[0], perspective, personas[0], difficulty=header.difficulty)
        sys.stdout.write(render(report, args.format))
        return 0
    return _compare(args, replays, matches, personas, perspective)


def _compare(args, replays, matches, personas, perspective) -> int:
    from sim.analysis.compare import compare, render_compare
    from sim.record.history import is_branch

    if replays[1].header.scenario_id != replays[0].header.scenario_id:
        print(
            f"{args.files[1]}: scenario: {replays[1].header.scenario_id}, but {args.files[0]} is "
            f"{replays[0].header.scenario_id}; only games of one scenario compare",
            file=sys.stderr,
        )
        return 2
    comparison = compare(
        matches[0],
        matches[1],
        (Path(args.files[0]).name, Path(args.files[1]).name),
        (personas[0], personas[1]),
        perspective,
        (is_branch(args.files[0]), is_branch(args.files[1])),
    )
    sys.stdout.write(render_compare(comparison, args.format))
    return 0
