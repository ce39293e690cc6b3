"""`leverage workshop new SCENARIO ...` makes the pack a trainer hands a class;
`leverage workshop report DIR` verifies the class's replays and compares them."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.cli.common import UsageError, add_counterpart_options, seed_number, whole_number
from sim.cli.pool_options import add_pool_options, cluster_errors

DESCRIPTION = """
'leverage workshop new' writes a pack: the game everyone in a class plays (scenario, seed or
variants, side, counterpart, difficulty), and prints a short code for it. 'leverage workshop
report DIR' verifies every replay in DIR and compares the class.
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "workshop",
        help="run a class: one pack for everyone, then a report comparing their games",
        description=DESCRIPTION,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=type(parser))
    verbs.required = True

    new = verbs.add_parser(
        "new",
        help="write a pack for a class",
        description="Write a workshop pack and print its code.",
    )
    new.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a .toml path")
    new.add_argument("--seed", type=seed_number, required=True, metavar="N", help="the game's seed")
    new.add_argument(
        "--variants",
        type=whole_number(1),  # the pack checks the upper bound
        default=1,
        metavar="K",
        help="K seeds (N … N+K-1), one assigned to each participant from their name (default 1)",
    )
    add_counterpart_options(new, "the side participants play (default: the first)")
    new.add_argument("--out", metavar="PACK.toml", required=True, help="where to write the pack")
    new.add_argument(
        "--force", action="store_true", help="replace the file at --out if there is one"
    )
    new.set_defaults(run=run_new)

    report = verbs.add_parser(
        "report",
        help="verify and compare a class's replays",
        description=(
            "Read every replay in DIR, re-run each to verify it, and report the class: a row per "
            "participant, the agreement rate and spread of outcomes, trades across issues, value "
            "left on the table, common turning points and discussion prompts. Files that do not "
            "verify or belong to another pack are listed as rejected, with the reason."
        ),
    )
    report.add_argument("folder", metavar="DIR", help="the folder the class's replays are in")
    report.add_argument(
        "--pack",
        metavar="PACK.toml",
        help="the pack (file or code): also checks each game's seed, side and counterpart "
        "(default: the pack most files name)",
    )
    report.add_argument(
        "--format",
        choices=("text", "markdown", "html", "csv"),
        default="text",
        help="output format (default text)",
    )
    report.add_argument(
        "--anonymize", action="store_true", help="Participant 1, 2 … instead of names"
    )
    report.add_argument("--out", metavar="FILE", help="write the report to FILE, not the screen")
    add_pool_options(report, "games re-run")
    report.set_defaults(run=run_report)


def run_new(args) -> int:
    from sim.core.catalogue import resolve_scenario
    from sim.record.workshop import PackError, new_pack, write_pack

    if Path(args.out).exists() and not args.force:
        # A class may already be playing the pack there: never replace it by accident.
        raise UsageError(f"{args.out}: already exists; choose another --out, or add --force")
    scenario = resolve_scenario(args.scenario)
    try:
        pack = new_pack(
            scenario, args.seed, args.variants, args.role, args.persona, args.difficulty
        )
    except PackError as error:
        raise UsageError(str(error)) from None
    try:
        path = write_pack(pack, args.out)
    except OSError as error:
        raise UsageError(f"{args.out}: cannot write the pack ({error.strerror or error})") from None
    seeds = (
        f"seed {pack.seeds[0]}"
        if pack.variants == 1
        else f"seeds {pack.seeds[0]}–{pack.seeds[-1]}, one per participant by name"
    )
    print(f"Wrote {path}: pack {pack.id}")
    print(
        f"  {scenario.title} ({scenario.id}), {seeds}; participants play the "
        f"{scenario.roles[pack.role_index].name} against {pack.persona} ({pack.difficulty})"
    )
    print(f"Code: {pack.code}")
    print("Participants play it with:")
    print(f"  leverage play --pack {path} --name NAME")
    print(f"  leverage play --pack {pack.code} --name NAME")
    print("  or on the home screen: j (join a workshop), then the code and their name")
    return 0


def run_report(args) -> int:
    from sim.analysis.workshop import class_report, collect, render
    from sim.core.files import write_whole
    from sim.record.workshop import PackError, load_pack

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    pack = None
    if args.pack is not None:
        try:
            pack = load_pack(args.pack)
        except PackError as error:
            raise UsageError(str(error)) from None
    try:
        with cluster_errors():
            collection = collect(folder, pack, args.jobs, args.scheduler)
    except PackError as error:
        raise UsageError(str(error)) from None
    text = render(class_report(collection, args.anonymize), args.format)
    if args.out:
        try:
            write_whole(args.out, text)
        except OSError as error:
            raise UsageError(f"{args.out}: cannot write ({error.strerror or error})") from None
        print(
            f"Wrote {args.out}: {len(collection.games)} game(s) counted, "
            f"{len(collection.rejected)} rejected"
        )
    else:
        sys.stdout.write(text)
    return 0
