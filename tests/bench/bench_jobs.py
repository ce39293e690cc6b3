"""`leverage simulate --jobs N` against `--jobs 1`: the speed-up of the process pool, same output.

Both runs are the command as a user starts it (a fresh process, start-up included), in the same
run of this script, so the ratio means something on a shared machine; the bytes of their output
are compared too. Wall time decides the ratio; CPU time (this process's children) is printed
beside it, because on a busy machine the pool can only be as fast as the cores it gets.

    python tests/bench/bench_jobs.py [--scenario job-offer] [--games 2000] [--jobs 2] [--json]

Target: `--games 2000 --jobs 2` at least 1.8x faster than `--jobs 1` on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

TARGET = 1.8


def timed(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds of the process and its workers, and its stdout."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="job-offer")
    parser.add_argument("--games", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    base = [sys.executable, "-m", "sim", "simulate", args.scenario, "--games", str(args.games)]
    serial_wall, serial_cpu, serial_out = timed([*base, "--json", "--jobs", "1"])
    pooled_wall, pooled_cpu, pooled_out = timed([*base, "--json", "--jobs", str(args.jobs)])
    figures = {
        "scenario": args.scenario,
        "games": args.games,
        "jobs": args.jobs,
        "serial_s": round(serial_wall, 2),
        "pooled_s": round(pooled_wall, 2),
        "serial_cpu_s": round(serial_cpu, 2),
        "pooled_cpu_s": round(pooled_cpu, 2),
        "speedup": round(serial_wall / pooled_wall, 2),
        "identical_output": pooled_out == serial_out,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"simulate {args.scenario} --games {args.games}: --jobs 1 {serial_wall:.2f} s "
            f"(cpu {serial_cpu:.2f} s), --jobs {args.jobs} {pooled_wall:.2f} s "
            f"(cpu {pooled_cpu:.2f} s)"
        )
        print(
            f"speed-up {figures['speedup']:.2f}x (target {TARGET}x), identical output: "
            f"{figures['identical_output']}, load average {figures['load_average_1min']}"
        )
    return 0 if figures["identical_output"] else 1


if __name__ == "__main__":
    sys.exit(main())
