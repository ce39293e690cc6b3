"""`leverage scenarios` lists the shipped scenarios; `leverage scenario validate` checks files."""

from __future__ import annotations

import sys

from sim.cli.common import Parser, print_json, seed_number, validate_files, whole_number
from sim.cli.pool_options import add_pool_options, cluster_errors
from sim.core.catalogue import resolve_scenario, shipped_scenarios


def register(commands) -> None:
    listing = commands.add_parser(
        "scenarios", help="list the shipped scenarios", description="List the shipped scenarios."
    )
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=run_list)

    scenario = commands.add_parser(
        "scenario", help="work with scenario files", description="Work with scenario files."
    )
    actions = scenario.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    validate = actions.add_parser(
        "validate",
        help="check scenario files",
        description="Check scenario files; print every problem, one line each. Exit 0 when all are valid, 2 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario .toml files")
    validate.set_defaults(run=run_validate)
    register_check(actions)


def run_list(args) -> int:
    scenarios = shipped_scenarios()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "summary": s.summary,
                    "roles": list(s.role_ids),
                    "issues": [issue.id for issue in s.issues],
                    "max_rounds": s.max_rounds,
                }
                for s in scenarios
            ]
        )
        return 0
    for s in scenarios:
        print(f"{s.id:<20} {s.title}")
        print(f"{'':<20} {s.summary}")
        print(
            f"{'':<20} roles: {' / '.join(s.role_ids)}; issues: {', '.join(i.id for i in s.issues)}"
        )
    return 0


def run_validate(args) -> int:
    # A shipped id ("job-offer") is checked as well as a path.
    return validate_files(
        args.paths,
        resolve_scenario,
        lambda s: f"{s.id}: {len(s.issues)} issues, {s.package_count()} packages",
    )


# -- `leverage scenario check`: calibrating a case (logic in sim.analysis.calibration) ----------


CHECK_DESCRIPTION = """
Play the case between the counterparts across personas and seeds and report what a case writer
needs: agreement rate, the joint value of the integrative issues, how far leverage swings and
which facts and events move it, whether either side can beat its BATNA, how often games run to
the deadline. Exit 0 when the case is balanced, 1 when it flags problems, 2 for a file that does
not load.
"""


def register_check(actions) -> None:
    from sim.analysis.calibration import DEFAULT_GAMES

    check = actions.add_parser(
        "check",
        help="play a case between the counterparts and report its balance",
        description=CHECK_DESCRIPTION,
    )
    check.add_argument("path", metavar="FILE", help="a scenario .toml file or a shipped id")
    check.add_argument(
        "--games",
        type=whole_number(1, 100_000),
        default=DEFAULT_GAMES,
        metavar="N",
        help=f"games of the default pairing; each persona pairing plays a third (default {DEFAULT_GAMES})",
    )
    check.add_argument(
        "--seed", type=seed_number, default=1, help="seed of the first game (default 1)"
    )
    check.add_argument("--json", action="store_true", help="print the report as one JSON object")
    add_pool_options(check)
    check.set_defaults(run=run_check)


def run_check(args) -> int:
    from sim.analysis.calibration import check_scenario, format_report
    from sim.core.catalogue import resolve_scenario

    scenario = resolve_scenario(args.path)
    bar = _progress_bar if sys.stderr.isatty() else None
    with cluster_errors():
        report = check_scenario(
            scenario, args.games, args.seed, bar, jobs=args.jobs, scheduler=args.scheduler
        )
    if bar is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    if args.json:
        print_json(report.to_dict())
    else:
        print(format_report(report), end="")
    return 0 if report.balanced else 1


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(
        f"\rchecking [{'#' * filled}{'.' * (width - filled)}] {done}/{total} games",
        end="",
        file=sys.stderr,
        flush=True,
    )
