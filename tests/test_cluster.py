"""`--scheduler ADDRESS`: the same games on a Dask cluster print what a serial run prints.

The test starts a small `LocalCluster` (one worker, two threads, in this process, listening on
TCP) and runs each command as a user would, a separate process given the scheduler's address,
then the same command with `--jobs 1`, and compares the bytes. Without Dask the tests are skipped
on a workstation but fail under CI (`CI` set), which installs the `cluster` extra.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_pooled_commands import small_class

ROOT = Path(__file__).resolve().parents[1]
UNBALANCED = ROOT / "docs" / "examples" / "unbalanced.toml"


def leverage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def _need_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(
                "dask.distributed is required under CI (.ci/run installs the 'cluster' extra)"
            )
        pytest.skip("dask.distributed is not installed (pip install -e '.[cluster]')")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    _need_dask()
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory) -> Path:
    return small_class(tmp_path_factory.mktemp("class"))


def same_as_serial(*args: str, scheduler: str) -> bytes:
    on_cluster = leverage(*args, "--scheduler", scheduler)
    serial = leverage(*args, "--jobs", "1")
    assert on_cluster.returncode == serial.returncode, on_cluster.stderr.decode()
    assert on_cluster.stderr == b"", on_cluster.stderr.decode()
    assert serial.stdout and on_cluster.stdout == serial.stdout
    return serial.stdout


def test_simulate_on_a_cluster_prints_what_a_serial_run_prints(scheduler):
    # The trace prints every move of every game in seed order: any reordering shows.
    same_as_serial("simulate", "lease-renewal", "--games", "4", "--trace", scheduler=scheduler)


def test_scenario_check_on_a_cluster_prints_what_a_serial_run_prints(scheduler):
    printed = same_as_serial(
        "scenario", "check", str(UNBALANCED), "--games", "2", "--json", scheduler=scheduler
    )
    assert b'"balanced": false' in printed


def test_workshop_report_on_a_cluster_prints_what_a_serial_run_prints(scheduler, class_folder):
    printed = same_as_serial("workshop", "report", str(class_folder / "games"), scheduler=scheduler)
    assert b"7 game(s) counted, 1 rejected" in printed


def test_an_unreachable_scheduler_is_one_line_and_status_2_within_seconds():
    _need_dask()
    start = time.monotonic()
    result = leverage("simulate", "job-offer", "--scheduler", "tcp://127.0.0.1:1")
    assert time.monotonic() - start < 15
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.count(b"\n") == 1, result.stderr.decode()
    assert b"--scheduler tcp://127.0.0.1:1: cannot reach a Dask scheduler" in result.stderr


def test_a_server_that_is_not_a_scheduler_is_one_line_and_status_2_within_seconds():
    # A port that accepts the connection and then says nothing (a web server waiting for its
    # request, a wrong service): the handshake must time out, not hang.
    _need_dask()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        start = time.monotonic()
        result = leverage("simulate", "job-offer", "--scheduler", address)
        assert time.monotonic() - start < 15
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.count(b"\n") == 1, result.stderr.decode()
    assert f"--scheduler {address}: cannot reach a Dask scheduler".encode() in result.stderr


def test_a_malformed_address_is_one_line_and_status_2():
    _need_dask()
    result = leverage("simulate", "job-offer", "--scheduler", "nonsense")
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1
    assert b"--scheduler nonsense" in result.stderr and b"Traceback" not in result.stderr


def test_without_dask_the_option_says_how_to_get_it(tmp_path):
    # A `distributed` that cannot be imported stands in for the extra not being installed.
    (tmp_path / "distributed").mkdir()
    (tmp_path / "distributed" / "__init__.py").write_text("raise ImportError('not installed')\n")
    result = leverage(
        "simulate",
        "job-offer",
        "--scheduler",
        "tcp://127.0.0.1:8786",
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert b"pip install 'leverage[cluster]'" in result.stderr


def test_replays_saved_from_a_cluster_land_where_the_user_asked(scheduler, tmp_path):
    # A relative --save folder is the user's, taken from where they ran the command: the workers
    # (here in the test's process, whose working directory is elsewhere) send the replays back.
    command = [sys.executable, "-m", "sim", "simulate", "job-offer", "--games", "3", "--save"]
    on_cluster = subprocess.run(
        [*command, "replays", "--scheduler", scheduler], cwd=tmp_path, capture_output=True
    )
    serial = subprocess.run([*command, "serial", "--jobs", "1"], cwd=tmp_path, capture_output=True)
    assert on_cluster.returncode == serial.returncode == 0, on_cluster.stderr.decode()
    saved = sorted((tmp_path / "replays").iterdir())
    assert [p.name for p in saved] == sorted(p.name for p in (tmp_path / "serial").iterdir())
    assert len(saved) == 3
    for path in saved:
        assert path.read_bytes() == (tmp_path / "serial" / path.name).read_bytes()


def test_a_scheduler_without_workers_is_one_line_and_status_2_within_seconds():
    _need_dask()
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=0, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=None
    ) as idle:
        start = time.monotonic()
        result = leverage("simulate", "job-offer", "--scheduler", idle.scheduler_address)
        assert time.monotonic() - start < 30
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.count(b"\n") == 1, result.stderr.decode()
    assert b"the scheduler has no workers" in result.stderr


def test_a_scheduler_that_stops_mid_run_is_one_line_and_status_2(tmp_path):
    # A real scheduler and worker, each its own process, as on a cluster; the scheduler is
    # stopped while the games are being played. No hang, no traceback, no Dask log on stderr.
    _need_dask()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
         "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    try:
        from distributed import Client

        with Client(address, timeout=60) as watcher:
            watcher.wait_for_workers(1, timeout=60)
        run = subprocess.Popen(
            [sys.executable, "-m", "sim", "simulate", "job-offer", "--games", "5000",
             "--scheduler", address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        time.sleep(6)  # connected, and playing
        assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
        scheduler.terminate()
        stdout, stderr = run.communicate(timeout=60)
    finally:
        for process in (scheduler, worker):
            process.kill()
            process.wait()
    assert run.returncode == 2 and stdout == b"", stderr.decode()
    assert stderr.count(b"\n") == 1, stderr.decode()
    assert b"the connection to the scheduler was lost" in stderr
