"""`leverage simulate`: counterpart against counterpart, headless, many games at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import frozen

from sim.ai.personas import DEFAULT_DIFFICULTY, DEFAULT_PERSONA, DIFFICULTIES, PERSONAS
from sim.ai.selfplay import Lineup, new_match
from sim.analysis.summary import summarise_outcomes
from sim.cli.common import (
    UsageError,
    output_folder,
    print_json,
    role_named,
    seed_number,
    whole_number,
)
from sim.cli.pool_options import add_pool_options, cluster_errors
from sim.core.catalogue import resolve_scenario
from sim.core.scenario import Scenario
from sim.core.state import Game, Outcome
from sim.core.validate import MAX_SEED
from sim.record.batch import run_ordered
from sim.record.trace import trace_line

DESCRIPTION = """
Play counterpart against counterpart without a screen. Game i uses seed SEED+i, so any game can
be re-run alone. Prints a summary, or with --json one JSON object, or with --trace one JSON
object per move.
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "simulate", help="play counterpart against counterpart, headless", description=DESCRIPTION
    )
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="a shipped scenario id (see 'leverage scenarios') or a .toml path",
    )
    parser.add_argument(
        "--seed",
        type=seed_number,
        default=1,
        metavar="N",
        help="seed of the first game (default 1)",
    )
    parser.add_argument(
        "--games",
        type=whole_number(1, 100_000),
        default=1,
        metavar="K",
        help="number of games (default 1)",
    )
    parser.add_argument(
        "--role",
        metavar="ROLE",
        help="the role played by --persona (default: the scenario's first role)",
    )
    parser.add_argument(
        "--persona",
        metavar="P",
        default=DEFAULT_PERSONA,
        help=f"persona for ROLE: {', '.join(PERSONAS)} (default {DEFAULT_PERSONA})",
    )
    parser.add_argument(
        "--opponent",
        metavar="P",
        default=DEFAULT_PERSONA,
        help=f"persona for the other role (default {DEFAULT_PERSONA})",
    )
    parser.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        default=DEFAULT_DIFFICULTY,
        help=f"difficulty of both sides (default {DEFAULT_DIFFICULTY})",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    output.add_argument(
        "--trace", action="store_true", help="print one JSON object per move (JSON Lines)"
    )
    parser.add_argument(
        "--save",
        metavar="DIR",
        help="also write each game's replay into DIR (one .jsonl file per game)",
    )
    add_pool_options(parser)
    parser.set_defaults(run=run)


def lineup_from_args(scenario, args) -> Lineup:
    for persona in (args.persona, args.opponent):
        if persona not in PERSONAS:
            raise UsageError(f"unknown persona {persona!r}; choose one of: {', '.join(PERSONAS)}")
    role = 0 if args.role is None else role_named(scenario.id, scenario.role_ids, args.role)
    return Lineup.for_role(role, args.persona, args.opponent, args.difficulty)


def saved_replay(match, lineup: Lineup) -> tuple[str, str]:
    """A played game's replay as (file name, text), made where the game was played."""
    from sim.record.replay import Player, replay_name, replay_text

    players = (Player(lineup.personas[0]), Player(lineup.personas[1]))
    return replay_name(match.game, players), replay_text(match, players, lineup.difficulty)


def save_replay(folder: str, name: str, text: str) -> None:
    """Write one replay into --save's folder, in the process the user started: games played on a
    cluster's workers land on the user's machine, not on the workers'."""
    from sim.record.replay import write_replay_text

    try:
        write_replay_text(Path(folder) / name, text)
    except OSError as error:
        raise UsageError(
            f"--save {folder}: cannot write {name} ({error.strerror or error})"
        ) from None


# -- one game, in whichever process plays it ------------------------------------------------------


@frozen
class _Batch:
    """What every game of one `simulate` run shares; sent once to each worker process."""

    scenario: Scenario
    lineup: Lineup
    trace: bool
    replays: bool  # --save: each game sends its replay back, to be written by the caller


_batch: _Batch | None = None


def _start_batch(batch: _Batch) -> None:
    global _batch
    _batch = batch


def _play_one(
    indexed_seed: tuple[int, int],
) -> tuple[Outcome, list[dict[str, Any]], tuple[str, str] | None]:
    """Play the game of one seed: its outcome, its trace lines when --trace asked for them, and
    its replay (file name, text) when --save did; the replay is written by the caller."""
    assert _batch is not None, "_start_batch runs first in every process"
    index, seed = indexed_seed
    match = new_match(_batch.scenario, seed, _batch.lineup)
    match.run()
    replay = saved_replay(match, _batch.lineup) if _batch.replays else None
    lines = [trace_line(index, match, turn) for turn in match.turns] if _batch.trace else []
    outcome = match.state.outcome
    assert outcome is not None, "a match runs to its end"
    return outcome, lines, replay


def run(args) -> int:
    if args.seed + args.games - 1 > MAX_SEED:
        raise UsageError(
            f"--seed {args.seed} with --games {args.games} runs past the last seed ({MAX_SEED})"
        )
    scenario = resolve_scenario(args.scenario)
    lineup = lineup_from_args(scenario, args)
    if args.save:
        output_folder("--save", args.save)  # a file in the way: one line before any game
    # The first game, made here before any worker starts, also builds the scenario's outcome
    # space once (it is cached), so forked workers inherit it instead of each building it.
    first_game = Game.new(scenario, args.seed)
    batch = _Batch(scenario, lineup, bool(args.trace), bool(args.save))
    seeds = [(index, args.seed + index) for index in range(args.games)]
    outcomes = []
    # Results come back in seed order whatever --jobs is, so what is printed is the same.
    games = run_ordered(_play_one, seeds, args.jobs, _start_batch, (batch,), args.scheduler)
    with cluster_errors():
        for outcome, lines, replay in games:
            if replay is not None:
                save_replay(args.save, *replay)
            for line in lines:
                print_json(line)
            outcomes.append(outcome)
    if args.trace:
        return 0
    summary = {
        "scenario": scenario.id,
        "seed": args.seed,
        "games": args.games,
        **summarise_outcomes(first_game, outcomes),
    }
    if args.json:
        print_json(summary)
        return 0
    roles = scenario.role_ids
    print(f"{scenario.title} ({scenario.id}), seeds {args.seed}..{args.seed + args.games - 1}")
    print(
        f"  {roles[0]}: {lineup.personas[0]}   {roles[1]}: {lineup.personas[1]}   difficulty: {lineup.difficulty}"
    )
    print(f"  agreements      {summary['agreement_rate']:.0%}")
    for role in roles:
        print(f"  mean points     {role}: {summary['mean_points'][role]:.1f}")
    print(f"  mean rounds     {summary['mean_rounds']:.1f}")
    print(
        f"  left on table   {summary['mean_pareto_distance']:.1f} points from the Pareto frontier (mean)"
    )
    return 0
