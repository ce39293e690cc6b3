"""`leverage debrief FILE`: what happened in a recorded game and what to do differently."""

from __future__ import annotations

import sys

from sim.cli.common import UsageError


def register(commands) -> None:
    parser = commands.add_parser(
        "debrief",
        help="debrief a recorded game",
        description=(
            "Debrief a recorded game: the outcome against both alternatives, the split of the "
            "surplus, value left on the table, the Nash point, concessions, information, bluffs, "
            "the leverage timeline, three turning points and three tips tied to the game."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="a replay file (.jsonl)")
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
    from sim.analysis.debrief import debrief, render
    from sim.record.replay import ReplayError, fold, read_replay, verify

    try:
        replay = read_replay(args.file)
        match = fold(replay, args.scenario)  # the rules, the chance and the end line: or exit 2
        divergence = verify(replay, match.game.scenario)
    except ReplayError as error:
        print(error, file=sys.stderr)
        return 2
    if divergence is not None:
        # The moves follow the rules, but a counterpart's move, line or reasons are not what it
        # plays now: an edit, or a game recorded by another version. Say so before the debrief.
        print(
            f"{args.file}: not verified: turn {divergence.turn}: {divergence.what} "
            f"(recorded with leverage {replay.header.app_version}); the debrief follows the file",
            file=sys.stderr,
        )
    roles = replay.header.roles
    perspective = None
    if args.role is not None:
        if args.role not in roles:
            raise UsageError(
                f"{replay.header.scenario_id} has no role {args.role!r}; roles: {', '.join(roles)}"
            )
        perspective = roles.index(args.role)
    personas = tuple(player.persona for player in replay.header.players)
    report = debrief(match, perspective, personas)
    sys.stdout.write(render(report, args.format))
    return 0
