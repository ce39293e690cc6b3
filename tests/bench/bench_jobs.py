"""The process pool against a serial run, same output: `simulate`, `scenario check` and
`workshop report`, each with `--jobs N` against `--jobs 1`.

Each pair of runs is the command as a user starts it (a fresh process, start-up included), in the
same run of this script, so the ratio means something on a shared machine; the bytes of their
output are compared too. Wall time decides the ratio; CPU time (this process's children) is
printed beside it, because on a busy machine the pool can only be as fast as the cores it gets.
The class report reads a class of scripted participants played here first (tests/workshop_players).

    python tests/bench/bench_jobs.py [--scenario job-offer] [--games 2000] [--jobs 2]
                                     [--check-games 30] [--class-size 30]
                                     [--only simulate|check|report] [--json]

Target: `simulate --games 2000 --jobs 2` at least 1.8x faster than `--jobs 1` on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET = 1.8
TESTS = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds of the process and its workers, and its stdout."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode not in (0, 1):  # scenario check exits 1 for a case with problems
        raise SystemExit(f"{' '.join(command)}: exit {result.returncode}\n{result.stderr.decode()}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, result.stdout


def compare(name: str, command: list[str], jobs: int) -> dict[str, Any]:
    serial_wall, serial_cpu, serial_out = timed([*command, "--jobs", "1"])
    pooled_wall, pooled_cpu, pooled_out = timed([*command, "--jobs", str(jobs)])
    return {
        "command": name,
        "jobs": jobs,
        "serial_s": round(serial_wall, 2),
        "pooled_s": round(pooled_wall, 2),
        "serial_cpu_s": round(serial_cpu, 2),
        "pooled_cpu_s": round(pooled_cpu, 2),
        "speedup": round(serial_wall / pooled_wall, 2),
        "identical_output": pooled_out == serial_out,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def class_folder(size: int, under: Path) -> Path:
    """A class of `size` scripted participants' games on job-offer, played here."""
    sys.path.insert(0, str(TESTS))
    from workshop_players import play_class

    from sim.core.catalogue import resolve_scenario
    from sim.record.workshop import new_pack

    pack = new_pack(resolve_scenario("job-offer"), 3, variants=3, persona="reciprocator")
    folder = under / "class"
    folder.mkdir()
    play_class(pack, folder, size)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="job-offer")
    parser.add_argument("--games", type=int, default=2000, help="simulate's games")
    parser.add_argument("--check-games", type=int, default=30, help="scenario check's --games")
    parser.add_argument("--class-size", type=int, default=30, help="participants in the class")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", choices=("simulate", "check", "report"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    args = parser.parse_args()
    leverage = [sys.executable, "-m", "sim"]
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("LEVERAGE_HOME", str(Path(scratch) / "home"))
        if args.only in (None, "simulate"):
            command = [*leverage, "simulate", args.scenario, "--games", str(args.games), "--json"]
            runs.append(compare(f"simulate --games {args.games}", command, args.jobs))
        if args.only in (None, "check"):
            command = [*leverage, "scenario", "check", args.scenario, "--json"]
            command += ["--games", str(args.check_games)]
            runs.append(compare(f"scenario check --games {args.check_games}", command, args.jobs))
        if args.only in (None, "report"):
            folder = class_folder(args.class_size, Path(scratch))
            command = [*leverage, "workshop", "report", str(folder)]
            runs.append(compare(f"workshop report ({args.class_size} games)", command, args.jobs))
    for run in runs:
        if args.json:
            print(json.dumps(run))
            continue
        print(
            f"{run['command']} ({args.scenario}): --jobs 1 {run['serial_s']:.2f} s "
            f"(cpu {run['serial_cpu_s']:.2f} s), --jobs {run['jobs']} {run['pooled_s']:.2f} s "
            f"(cpu {run['pooled_cpu_s']:.2f} s)"
        )
        target = f" (target {TARGET}x)" if run["command"].startswith("simulate") else ""
        print(
            f"  speed-up {run['speedup']:.2f}x{target}, identical output: "
            f"{run['identical_output']}, load average {run['load_average_1min']}"
        )
    return 0 if all(run["identical_output"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
