"""`leverage history`: progress over time from the practice history, by scenario and persona."""

from __future__ import annotations

import sys

from sim.cli.common import print_json


def register(commands) -> None:
    parser = commands.add_parser(
        "history",
        help="show your practice history",
        description=(
            "Show every finished game you played, and your progress over time by scenario and by "
            "persona faced: share of the surplus, efficiency and the trend from your first games to "
            "your latest. The history lives in the data folder ($LEVERAGE_HOME if set)."
        ),
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: every game and the progress summary"
    )
    parser.add_argument("--scenario", metavar="ID", help="only games of this scenario")
    parser.add_argument("--persona", metavar="P", help="only games against this persona")
    parser.set_defaults(run=run)


def run(args) -> int:
    from sim.record.history import History, HistoryError, progress, render_progress

    history = History()
    try:
        records = history.games(scenario=args.scenario, persona=args.persona)
    except HistoryError as error:
        print(f"leverage history: {error}", file=sys.stderr)
        return 2
    if args.json:
        summary = progress(records)
        print_json(
            {"database": str(history.path), **summary, "records": [r.to_dict() for r in records]}
        )
        return 0
    sys.stdout.write(render_progress(records))
    return 0
