"""`leverage history`: progress over time from the practice history, by scenario and persona."""

from __future__ import annotations

import sys

from sim.cli.common import print_json

DESCRIPTION = """
Show every finished game you played, and your progress over time by scenario and by persona faced:
share of the surplus, efficiency and the trend from your first games to your latest. The history
lives in the data folder ($LEVERAGE_HOME if set).
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "history", help="show your practice history", description=DESCRIPTION
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: every game and the progress summary"
    )
    parser.add_argument("--scenario", metavar="ID", help="only games of this scenario")
    parser.add_argument("--persona", metavar="P", help="only games against this persona")
    parser.set_defaults(run=run)


def run(args) -> int:
    from sim.record.history import History, HistoryError, render_progress

    history = History()
    try:
        records = history.games(scenario=args.scenario, persona=args.persona)
    except HistoryError as error:
        print(f"leverage history: {error}", file=sys.stderr)
        return 2
    if history.skipped:
        print(
            f"leverage history: {history.path}: {history.skipped} damaged row(s) left out "
            "(a column holds the wrong type of value)",
            file=sys.stderr,
        )
    if not records and (args.scenario or args.persona) and not args.json:
        everything = history.games()
        if everything:
            wanted = " and ".join(
                f"{what} {value!r}"
                for what, value in (("scenario", args.scenario), ("persona", args.persona))
                if value
            )
            scenarios = ", ".join(sorted({r.scenario for r in everything}))
            personas = ", ".join(sorted({r.persona for r in everything}))
            print(
                f"No games of {wanted} in your practice history "
                f"(scenarios played: {scenarios}; personas faced: {personas})."
            )
            return 0
    if args.json:
        return _json(history, records)
    sys.stdout.write(render_progress(records))
    return 0


def _json(history, records) -> int:
    from sim.record.history import progress

    summary = progress(records)
    print_json(
        {"database": str(history.path), **summary, "records": [r.to_dict() for r in records]}
    )
    return 0
