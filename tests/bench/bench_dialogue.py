"""Dialogue at scale: contradictions over many seeded games, variety, and what speaking costs.

Plays `--seeds` games per scenario, persona, difficulty and role against the random player of
`tests/dialogue_checks.py` and checks every counterpart line (target: 0 contradictions). Prints
the share of distinct lines, and the time spent in `dialogue.speak` as a ratio of the time spent
in the counterparts' `decide` in the same run (the reference: speaking should stay a small part
of a decision).

    python tests/bench/bench_dialogue.py [--seeds 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogue_checks import check_match, play  # noqa: E402

from sim.ai import bayesian, dialogue  # noqa: E402
from sim.ai.personas import BAYESIAN_PERSONAS, DIFFICULTIES  # noqa: E402
from sim.core.catalogue import shipped_scenarios  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    timing = {"speak": 0.0, "decide": 0.0}
    speak, decide = dialogue.speak, bayesian.BayesianCounterpart.decide

    def timed_speak(*a, **k):
        start = time.perf_counter()
        try:
            return speak(*a, **k)
        finally:
            timing["speak"] += time.perf_counter() - start

    def timed_decide(self, view):
        start = time.perf_counter()
        try:
            return decide(self, view)
        finally:
            timing["decide"] += time.perf_counter() - start

    dialogue.speak = timed_speak
    bayesian.BayesianCounterpart.decide = timed_decide
    games = 0
    lines: list[str] = []
    problems: list[str] = []
    for scenario in shipped_scenarios():
        for persona in BAYESIAN_PERSONAS:
            for difficulty in DIFFICULTIES:
                for role in (0, 1):
                    for seed in range(args.seeds):
                        match = play(scenario, seed, role, persona, difficulty)
                        problems += check_match(match, persona, difficulty)
                        lines += [t.choice.line for t in match.turns if t.choice is not None]
                        games += 1
    result = {
        "games": games,
        "lines": len(lines),
        "contradictions": len(problems),
        "distinct_line_share": round(len(set(lines)) / max(1, len(lines)), 3),
        "speak_over_decide": round(timing["speak"] / max(timing["decide"], 1e-9), 3),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
        for problem in problems[:10]:
            print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
