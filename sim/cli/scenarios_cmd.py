"""`leverage scenarios` lists the shipped scenarios; `leverage scenario validate` checks files."""

from __future__ import annotations

import sys

from sim.cli.common import Parser, print_json
from sim.core.catalogue import resolve_scenario, shipped_scenarios
from sim.core.errors import ScenarioError


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
    failed = False
    for path in args.paths:
        try:
            # A shipped id ("job-offer") is checked as well as a path.
            scenario = resolve_scenario(path)
        except ScenarioError as error:
            failed = True
            for line in error.problems:
                print(line, file=sys.stderr)
            continue
        print(
            f"{path}: ok ({scenario.id}: {len(scenario.issues)} issues, {scenario.package_count()} packages)"
        )
    return 2 if failed else 0
