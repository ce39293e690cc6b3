"""`leverage play SCENARIO`: straight to the briefing of one game, with its seed, side and
opponent given on the command line (so a class can all play the same game)."""

from __future__ import annotations

from sim.ai.personas import DIFFICULTIES, PERSONAS
from sim.cli.common import (
    UsageError,
    add_counterpart_options,
    output_folder,
    role_named,
    seed_number,
)
from sim.core.catalogue import resolve_scenario


def register(commands) -> None:
    parser = commands.add_parser(
        "play",
        help="play one game in the terminal, starting at its briefing",
        description="Play SCENARIO against a counterpart, starting at your briefing.",
    )
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        nargs="?",
        help="a shipped scenario id (see 'leverage scenarios') or a .toml path "
        "(none: the home screen)",
    )
    parser.add_argument(
        "--seed",
        type=seed_number,
        default=None,
        metavar="N",
        help="the game's seed (default: a random one, shown on screen)",
    )
    add_counterpart_options(parser, "the role you play (default: the scenario's first role)")
    parser.add_argument(
        "--hot-seat",
        action="store_true",
        help="two people on this terminal, one per side, passing the keyboard between turns",
    )
    workshop = parser.add_argument_group("workshops")
    workshop.add_argument(
        "--pack",
        metavar="PACK",
        help="play a workshop pack: its file (PACK.toml) or the code the trainer gave you",
    )
    workshop.add_argument("--name", metavar="NAME", help="your name, for the trainer's report")
    workshop.add_argument(
        "--workshop",
        metavar="DIR",
        help="save every finished game's replay in DIR (default for a pack: a folder per pack "
        "in the data folder)",
    )
    parser.set_defaults(run=run)


def setup_from_args(args):
    """Check the arguments against the scenario; a mistake is a UsageError (one line, exit 2)."""
    import secrets

    from sim.play.session import Setup

    scenario = resolve_scenario(args.scenario)
    if args.persona not in PERSONAS:
        raise UsageError(f"unknown persona {args.persona!r}; choose one of: {', '.join(PERSONAS)}")
    if args.difficulty not in DIFFICULTIES:
        raise UsageError(
            f"unknown difficulty {args.difficulty!r}; choose one of: {', '.join(DIFFICULTIES)}"
        )
    role = 0 if args.role is None else role_named(scenario.id, scenario.role_ids, args.role)
    seed = secrets.randbelow(100_000) if args.seed is None else args.seed
    return Setup(scenario, seed, role, args.persona, args.difficulty)


def run(args) -> int:
    if args.workshop is not None:
        # A file in the way is one line now, not a lost replay after the game.
        output_folder("--workshop", args.workshop)
    if args.hot_seat:
        return _run_hot_seat(args)
    if args.pack is not None:
        return _run_pack(args)
    if args.name is not None:
        raise UsageError("--name is for a workshop game: give it with --pack")
    from sim.tui.app import run_app

    if args.scenario is None:
        return run_app(seed=args.seed, workshop=args.workshop)
    setup = setup_from_args(args)
    if args.workshop is not None:
        import attrs

        setup = attrs.evolve(setup, replay_folder=args.workshop)
    return run_app(setup=setup, seed=setup.seed, workshop=args.workshop)


def _run_hot_seat(args) -> int:
    """Two people, one terminal: each side's brief hidden from the other between turns."""
    if args.scenario is None:
        raise UsageError("--hot-seat needs a SCENARIO")
    if args.pack is not None or args.name is not None:
        raise UsageError("--hot-seat is two people playing each other, not a workshop pack")
    setup = setup_from_args(args)
    from sim.tui.app import run_app
    from sim.tui.screens.hot_seat import hot_seat_start

    return run_app(
        seed=setup.seed, workshop=args.workshop, start_screen=hot_seat_start(setup, args.workshop)
    )


def _run_pack(args) -> int:
    """A workshop game: exactly the pack's game, under the participant's name."""
    from sim.record.workshop import PackError
    from sim.tui.screens.join import setup_for

    if args.scenario is not None:
        raise UsageError("give SCENARIO or --pack, not both: the pack names its scenario")
    for option in ("seed", "role"):
        if getattr(args, option) is not None:
            raise UsageError(f"--{option} comes from the pack; leave it out")
    if args.name is None:
        raise UsageError("--pack needs --name NAME (your name, for the trainer's report)")
    try:
        setup = setup_for(args.pack, args.name, args.workshop)
    except PackError as error:
        raise UsageError(str(error)) from None
    from sim.tui.app import run_app

    status = run_app(setup=setup, seed=setup.seed, workshop=args.workshop)
    print(f"Your workshop games are saved in {setup.replay_folder}: hand them to your trainer.")
    return status
