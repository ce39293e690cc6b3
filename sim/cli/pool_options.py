"""`--jobs` and `--scheduler`: how many games a command plays at once, and where.

Every command that plays or re-runs a batch of independent games (`simulate`, `workshop report`,
`scenario check`) takes the two options worded the same way, and hands them to
`sim.record.batch.run_ordered`: processes on this machine, or a Dask cluster's workers. Either
way the output is what a serial run prints, so the options change only how long it takes.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from sim.cli.common import UsageError, whole_number
from sim.record.batch import every_core
from sim.record.cluster import ClusterError


def add_pool_options(parser: argparse.ArgumentParser, what: str = "games played") -> None:
    parser.add_argument(
        "--jobs",
        type=whole_number(1, 1024),
        default=None,
        metavar="N",
        help=(
            f"{what} at once, one process each (default: every core, here {every_core()}; "
            "1: one after another); the output is the same for any N"
        ),
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=(
            "run them on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://host:8786; "
            "needs the 'cluster' extra, and Leverage on every worker) instead of --jobs; "
            "the output is the same"
        ),
    )


@contextmanager
def cluster_errors() -> Iterator[None]:
    """No cluster to run on (Dask missing, the scheduler unreachable or without workers) is a
    usage error: one line, exit status 2."""
    try:
        yield
    except ClusterError as error:
        raise UsageError(str(error)) from None
