"""Games on a Dask cluster, for a user who has outgrown one machine.

`run_ordered` (sim.record.batch) hands a batch of independent games to a process pool on this
machine; with a scheduler address it hands the very same work here instead, and the games run on
the workers of a `dask.distributed` cluster. Nothing about a game changes: the same module-level
job function, the same items, the same once-per-batch setup, and the results come back in input
order, so what a command prints is byte for byte what a serial run prints.

Dask is an optional extra (`pip install 'leverage[cluster]'`): it is imported only when a
scheduler is named, and every way of not getting one — the extra missing, an address that does
not answer, a scheduler with no workers — is a `ClusterError` with one line for the user, raised
within seconds, before any game is played; so is a cluster that stops mid-run. Every worker needs
the same Leverage installed, as it imports the job function by name.

Games are pure Python, so threads in one worker process take turns on one core: a worker
machine plays a game per core when it runs a process per core (`dask worker ADDRESS --nworkers
-1 --nthreads 1`). Chunks in one process run one at a time (`_one_batch_at_a_time`), since what
a batch shares is kept in a module of the worker, and another batch's chunk in another thread
must not swap it mid-chunk.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

INSTALL = "pip install 'leverage[cluster]' (in a checkout: pip install -e '.[cluster]')"
# Seconds to reach the scheduler, then for it to have a worker: a wrong address or an idle
# cluster is reported quickly instead of waiting on it.
CONNECT_SECONDS = 3
WORKER_SECONDS = 10
# Items sent to a worker thread at a time: a task costs the scheduler about a millisecond,
# a game tens of them, so chunks keep the scheduler out of the way and a slow tail short.
_CHUNKS_PER_THREAD = 4


# Held while a chunk runs: one batch's shared data stays put until its chunk is done. Threads
# would gain nothing running games side by side anyway (the GIL).
_one_batch_at_a_time = threading.Lock()


class ClusterError(Exception):
    """No cluster to run on; the message is one line for the user."""


def _run_chunk(
    work: Callable[[Item], Result],
    setup: Callable[..., None] | None,
    setup_args: tuple[Any, ...],
    chunk: Sequence[Item],
) -> list[Result]:
    """One task on a worker: the batch's setup (cheap: it keeps what every game shares), then
    the chunk's items in order. Setup runs per chunk because a long-lived worker may have run
    another batch, with other shared data, since its last chunk of this one."""
    with _one_batch_at_a_time:
        if setup is not None:
            setup(*setup_args)
        return [work(item) for item in chunk]


def connect(address: str) -> Any:
    """A `distributed.Client` for the scheduler at `address` that has at least one worker."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask's distributed package: {INSTALL}") from None
    _quiet()
    try:
        # A bare connection and handshake first: a Client that fails half-made complains again
        # on its way out (and waits seconds to), where this leaves nothing behind.
        asyncio.run(_handshake(address))
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError) as error:
        # OSError: refused, timed out (TimeoutError is one), closed by something that is not a
        # Dask scheduler; ValueError: an address Dask cannot parse. Anything else is a bug.
        raise ClusterError(
            f"--scheduler {address}: cannot reach a Dask scheduler ({_first_line(error)})"
        ) from None
    try:
        client.wait_for_workers(1, timeout=WORKER_SECONDS)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterError(
            f"--scheduler {address}: the scheduler has no workers (waited {WORKER_SECONDS} s)"
        ) from None
    return client


def _quiet() -> None:
    """What goes wrong is said in one line (a ClusterError), not also in Dask's log on stderr.
    Dask gives its loggers levels of their own, so each is quietened, not just the parent."""
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


async def _handshake(address: str) -> None:
    from distributed.comm import connect as open_comm

    # The whole exchange is bounded, not only the connection: a port that accepts and then says
    # nothing (a web server, a wrong service) would otherwise keep the handshake waiting forever.
    async def exchange() -> None:
        comm = await open_comm(address, timeout=CONNECT_SECONDS)
        await comm.close()

    try:
        await asyncio.wait_for(exchange(), timeout=CONNECT_SECONDS)
    except TimeoutError:
        raise TimeoutError(f"no Dask handshake within {CONNECT_SECONDS} s") from None
    except (OSError, ValueError):
        raise  # refused, reset, an address Dask cannot parse: connect words these
    except (MemoryError, struct.error) as error:
        # Something answered, but not in Dask's protocol (a web server, an SSH daemon): Dask
        # reads its first bytes as a frame header and sizes what follows by them, asking for a
        # 3 EiB buffer (MemoryError) or unpacking a frame too short (struct.error). Those two
        # (with ValueError above) are what 28 kinds of answer gave, from HTTP to random bytes;
        # anything else is a fault to see, not one to word as "not a scheduler".
        raise ConnectionError(
            f"something answered, but not a Dask scheduler ({type(error).__name__})"
        ) from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def run_on_cluster(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    address: str,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """`work(item)` for every item, on the cluster's workers, yielded in the order of `items`."""
    client = connect(address)  # first: it says how to install Dask when it is missing
    from distributed import KilledWorker

    futures: list[Any] = []
    try:
        threads = max(1, sum(client.nthreads().values()))
        size = max(1, len(items) // (threads * _CHUNKS_PER_THREAD))
        # What every game shares goes to the workers once, not with every task.
        shared = client.scatter([setup_args], broadcast=True)[0] if setup is not None else ()
        futures = [
            client.submit(_run_chunk, work, setup, shared, items[start : start + size], pure=False)
            for start in range(0, len(items), size)
        ]
        for future in futures:
            try:
                chunk = future.result()
            except CancelledError:
                # The scheduler went away: the games are lost, not wrong. (An error in a game
                # itself is raised as the game raised it.)
                raise ClusterError(
                    f"--scheduler {address}: the cluster stopped playing "
                    "(the connection to the scheduler was lost); run the command again"
                ) from None
            except KilledWorker:
                raise ClusterError(
                    f"--scheduler {address}: the cluster stopped playing "
                    "(the workers died while playing); run the command again"
                ) from None
            yield from chunk
    finally:
        # On an error, or when the caller stops early, chunks not yet started are not played.
        client.cancel(futures)
        client.close()
