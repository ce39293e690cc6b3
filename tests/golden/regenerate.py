"""Rewrite the golden games: a few committed replays, one per shipped scenario, several personas
and difficulties, that CI re-runs with `leverage replay verify` (tests/test_golden.py).

A change that alters how any counterpart plays (or what the rules do) makes them fail: that is
the point. When the change is meant, regenerate them in a commit of their own that says why:

    .venv/bin/python tests/golden/regenerate.py           # rewrite tests/golden/*.jsonl
    .venv/bin/python tests/golden/regenerate.py --check   # exit 1 if a rewrite would change them

OpenSpiel's golden playthroughs are the model: a game record is its moves, and a diff of the
records shows exactly which move changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from attrs import frozen

from sim.ai.match import Match
from sim.ai.personas import make_counterpart
from sim.core.catalogue import resolve_scenario
from sim.core.moves import Accept, Ask, Hold, Move, Topic
from sim.core.state import Game
from sim.core.view import RoleView
from sim.record.replay import HUMAN, Player, replay_text

FOLDER = Path(__file__).resolve().parent


@frozen
class Golden:
    """One golden game: the scenario, the seed, who plays each role (a persona, or `HUMAN` for
    the scripted person below) and the difficulty."""

    scenario: str
    seed: int
    personas: tuple[str, str]
    difficulty: str

    @property
    def file_name(self) -> str:
        who = "-v-".join(self.personas)
        return f"{self.scenario}-seed{self.seed}-{who}-{self.difficulty}.jsonl"


GOLDEN = (
    Golden("job-offer", 3, ("reciprocator", "boulware"), "normal"),
    Golden("supplier-contract", 7, ("hardliner", "problem-solver"), "hard"),
    Golden("lease-renewal", 11, ("bluffer", "conceder"), "easy"),
    Golden("job-offer", 5, (HUMAN, "reciprocator"), "normal"),
    Golden("supplier-contract", 2, ("hardliner", "hardliner"), "hard"),  # no deal: a deadline
    Golden("used-car", 4, ("reciprocator", "hardliner"), "normal"),
    Golden("software-licence", 6, ("problem-solver", "reciprocator"), "hard"),
    Golden("pay-raise", 8, ("conceder", "reciprocator"), "easy"),
    Golden("term-sheet", 10, ("reciprocator", "bluffer"), "normal"),
    Golden("hospital-union", 12, ("reciprocator", "reciprocator"), "hard"),
    Golden("freelance-project", 14, ("hardliner", "conceder"), "normal"),
)


def scripted_person(view: RoleView) -> Move:
    """A plain, predictable person: asks about the other side's alternative once, then takes any
    offer worth at least their own BATNA and holds otherwise."""
    offer = view.their_offer
    if offer is not None and view.points_of(offer) >= view.batna:
        return Move(Accept())
    if view.round == 1:
        return Move(Hold(), Ask(Topic.BATNA))
    return Move(Hold())


def play(golden: Golden) -> str:
    """The game's replay text: identical code gives identical bytes."""
    scenario = resolve_scenario(golden.scenario)
    game = Game.new(scenario, golden.seed)
    counterparts = [
        None if persona == HUMAN else make_counterpart(game, role, persona, golden.difficulty)
        for role, persona in enumerate(golden.personas)
    ]
    match = Match(game, (counterparts[0], counterparts[1]))
    while not match.is_over:
        match.run()
        if not match.is_over:
            match.apply(scripted_person(RoleView(match.state, match.state.to_move)))
    players = (Player(golden.personas[0]), Player(golden.personas[1]))
    return replay_text(match, players, golden.difficulty)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file would change"
    )
    args = parser.parse_args(argv)
    changed = []
    for golden in GOLDEN:
        path = FOLDER / golden.file_name
        text = play(golden)
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if text == old:
            continue
        changed.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    verb = "would change" if args.check else "rewritten"
    for name in changed:
        print(f"{name}: {verb}")
    if not changed:
        print(f"{len(GOLDEN)} golden games: unchanged")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
