"""`--scheduler` at a port where something else answers: a web server, an SSH daemon, a service
that sends a few bytes. Dask's reader takes the first bytes it gets for a frame header, so an
HTTP reply asked it for a 3 EiB buffer (a MemoryError traceback) and a short answer was a
`struct.error` traceback. Each must be one line and exit status 2, within seconds, like an
address that does not answer at all (tests/test_cluster.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ANSWERS = {
    "web server": b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
    "ssh daemon": b"SSH-2.0-OpenSSH_9.6\r\n",
    "a short frame": (2).to_bytes(8, "little") + (10**6).to_bytes(8, "little") * 2,
}


@contextmanager
def server_answering(answer: bytes) -> Iterator[str]:
    """A TCP port on this machine that sends `answer` to whoever connects, then keeps the
    connection open without a word more; yields its address."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            held.append(connection)
            with suppress(OSError):
                connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for connection in held:
            connection.close()
        listener.close()


@pytest.mark.parametrize("who", sorted(ANSWERS))
def test_a_port_that_answers_with_something_else_is_one_line_and_status_2(who):
    pytest.importorskip("distributed")
    with server_answering(ANSWERS[who]) as address:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "sim", "simulate", "job-offer", "--scheduler", address],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
            timeout=60,
        )
        seconds = time.monotonic() - start
    err = result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr, err
    assert result.returncode == 2 and result.stdout == b"", err
    assert err.count("\n") == 1, err
    assert f"--scheduler {address}: cannot reach a Dask scheduler" in err
    assert "not a Dask scheduler" in err
    assert seconds < 15
