"""Many headless games on every core, with results in the order a serial run gives them.

`leverage simulate`, and any other command that plays a batch of independent games, hands this
module one function and the list of its inputs (seeds, usually). With one job the function runs
here, in this process; with more, a pool of worker processes runs it and the results come back
in input order, so a caller that prints or sums them produces the same bytes either way. Games
are pure functions of their scenario and seed (DESIGN.md: no global random, no wall clock), which
is what makes farming them out safe.

The function and its inputs must be picklable (a module-level function). What every call shares
— the scenario, the lineup — goes once to each worker through `setup`, not with every game.
With a Dask scheduler's address the same work runs on a cluster instead (sim.record.cluster).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Games handed to a worker at a time, per worker: small enough that a slow tail of games does not
# leave one core idle, large enough that sending work and results is not the cost.
_CHUNKS_PER_WORKER = 8
# ... and never more than this many games a chunk: a stopped command waits for the chunks being
# played (at --games 100000 a chunk was 6,250 games, minutes), and sending a chunk's results
# (replay texts for --save) costs nothing next to playing 16 games.
_MAX_CHUNK = 16


def every_core() -> int:
    """The cores this process may run on (the default for `--jobs`)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_ordered(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int | None = None,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
    scheduler: str | None = None,
) -> Iterator[Result]:
    """`work(item)` for every item, yielded in the order of `items`.

    `jobs`: worker processes (None: every core; 1: run here, serially). `setup(*setup_args)` runs
    once in each process that will call `work` (here, when serial) before its first item.
    `scheduler`: a Dask scheduler's address; the items run on its workers, `jobs` unused (a
    `ClusterError` when there is no cluster to run on)."""
    if scheduler is not None:
        from sim.record.cluster import run_on_cluster

        yield from run_on_cluster(work, items, scheduler, setup, setup_args)
        return
    jobs = every_core() if jobs is None else jobs
    workers = min(jobs, len(items))
    if workers <= 1:
        if setup is not None:
            setup(*setup_args)
        for item in items:
            yield work(item)
        return
    chunk = max(1, min(_MAX_CHUNK, len(items) // (workers * _CHUNKS_PER_WORKER)))
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_start, initargs=(setup, setup_args)
    )
    try:
        yield from pool.map(work, items, chunksize=chunk)
    finally:
        # On an error, or when the caller stops early (Ctrl+C, a SIGTERM), games not yet started
        # are not played, and the workers end once their chunk is done: at most _MAX_CHUNK
        # games. (Terminating them mid-chunk instead could cut a result off mid-message, and
        # the pool's reader then waited for its end for ever.)
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(setup: Callable[..., None] | None, setup_args: tuple[Any, ...]) -> None:
    """A worker ends when told to (SIGTERM), whatever handler the command's process installed
    before it forked: a worker catches everything a game raises, so a handler that raises would
    keep it playing."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if setup is not None:
        setup(*setup_args)
