"""The hostile-input corpus, run as a person (or an attacker) meets the commands: each case is
`python -m sim ...` in its own process, under a timeout and a memory limit, so a hang or a
runaway allocation fails the case instead of the machine. Every case must end with its exit
status, no traceback, and for a refused file exactly one line on stderr naming the file and
what is wrong (issue 14). The cases are built by `corpus.py`; the HTTP requests for
`leverage serve` are in `http_requests.json`.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Case, build  # noqa: E402  (the corpus builder beside this file)

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for one command: /dev/zero once took 3.7 GB


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[dict[str, Case], dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    cases, paths = build(root)
    return {case.id: case for case in cases}, paths


def _run(argv: tuple[str, ...], home: Path, seconds: float) -> tuple[int, str, str, float]:
    env = {
        **os.environ,
        "LEVERAGE_HOME": str(home),
        "OPENBLAS_NUM_THREADS": "1",  # a thread pool's stacks count against the memory limit
        "TERM": "dumb",
    }
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sim", *argv],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=seconds,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(argv)}: no answer within {seconds} s (a hang)")
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


def _check(case: Case, paths: dict[str, Path], home: Path) -> str | None:
    """What is wrong with how the command met the case, or None."""
    if case.kind == "history":
        home = paths["history_home"]
    code, out, err, seconds = _run(case.argv, home, case.seconds)
    text = err if err.strip() else out
    lines = err.strip().splitlines()
    if "Traceback" in err or "Traceback" in out:
        return f"a traceback: {err.strip().splitlines()[-1:]}"
    if code != case.rc:
        return f"exit {code}, expected {case.rc}: {text.strip()[:300]}"
    if case.says not in text:
        return f"expected {case.says!r} in: {text.strip()[:300]}"
    if case.one_line and len(lines) != 1:
        return f"expected one line on stderr, got {len(lines)}: {err[:300]}"
    if case.one_line and case.names is not None and case.names not in lines[0]:
        return f"the line does not name {case.names}: {lines[0]}"
    for raw in case.stdout_lacks:
        if raw in out:
            return f"{raw!r} reached the output"
    if seconds >= case.seconds:
        return f"took {seconds:.1f} s"
    return None


def test_every_hostile_case_is_met_with_one_clear_line(corpus, tmp_path):
    """Every case in the corpus: its exit status, no traceback, no hang (timeout), no runaway
    memory (rlimit), and for a refused file one line naming it and what is wrong."""
    cases, paths = corpus
    failures = []
    for case in cases.values():
        problem = _check(case, paths, tmp_path / "home")
        if problem is not None:
            failures.append(f"{case.id} ({' '.join(case.argv)[:80]}): {problem}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)


def test_the_corpus_covers_every_kind(corpus):
    kinds = {case.kind for case in corpus[0].values()}
    assert kinds >= {"scenario", "replay", "pack", "save", "history", "option", "report"}


def test_a_forged_game_is_not_counted_in_the_class_report(corpus, tmp_path):
    """Ben's game was forged to a BATNA of 900 with every digest re-written: the report lists it
    as damaged or edited (Chloe's as played with another version) and counts the other three."""
    _, paths = corpus
    code, out, err, _ = _run(
        ("workshop", "report", str(paths["report_folder"]), "--format", "csv"),
        tmp_path,
        120,
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    counted = [row for row in rows if row[2] == "counted"]
    rejected = {row[1]: row[-1] for row in rows if row[2] == "rejected"}
    assert len(counted) == 3  # Ada and the two hostile names; Ben forged, Chloe another version
    assert any("ben" in name and "chance.batna" in why for name, why in rejected.items())


# -- leverage serve: Host and Origin ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"leverage serve stopped: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("leverage serve did not start listening")


def test_serve_refuses_other_hosts_and_origins(tmp_path):
    pytest.importorskip("textual_serve")
    port = _free_port()
    requests = json.loads((HERE / "http_requests.json").read_text(encoding="utf-8"))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim",
            "serve",
            "--port",
            str(port),
            "--workshop",
            str(tmp_path / "class"),
            "--allow-origin",
            "http://trainer.example:8000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LEVERAGE_HOME": str(tmp_path / "home")},
        start_new_session=True,
    )
    try:
        _wait_for(port, process)
        for request in requests:
            headers = {
                key: value.replace("{port}", str(port)) for key, value in request["headers"].items()
            }
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", request["path"], headers=headers)
            response = connection.getresponse()
            response.read(200)
            connection.close()
            assert response.status == request["status"], request["id"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()


def test_serve_on_a_busy_port_says_so_first(tmp_path):
    pytest.importorskip("textual_serve")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err, _ = _run(("serve", "--port", str(port)), tmp_path, 30)
    assert code == 2
    assert out == ""  # nothing announced a server that never started
    assert err.strip().splitlines() == [
        f"leverage serve: cannot listen on 127.0.0.1:{port} (Address already in use)"
    ]


def test_a_save_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    """The home screen lists every game in the replays folder (the save is the replay) and
    converts every old JSON save once: one that is a FIFO or a link to /dev/zero is skipped with
    a line, not a hang or a MemoryError."""
    home = tmp_path / "home"
    for folder, suffix in (("replays", ".jsonl"), ("saves", ".json")):
        (home / folder).mkdir(parents=True)
        os.mkfifo(home / folder / f"fifo{suffix}")
        (home / folder / f"zero{suffix}").symlink_to("/dev/zero")
    script = (
        "from sim.record.autosave import convert_legacy_saves, read_save, recent_saves\n"
        "from sim.record.paths import replays_folder\n"
        "assert recent_saves() == []\n"
        "for line in convert_legacy_saves():\n"
        "    print(line)\n"
        "for path in sorted(replays_folder().iterdir()):\n"
        "    try:\n"
        "        read_save(path)\n"
        "    except ValueError as error:\n"
        "        print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limits,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "LEVERAGE_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 4, lines
    assert "fifo.json" in lines[0] and "is a pipe (FIFO), not a regular file" in lines[0]
    assert "zero.json" in lines[1] and "is a device, not a regular file" in lines[1]
    assert lines[2].endswith("fifo.jsonl: is a pipe (FIFO), not a regular file: not a replay")
    assert lines[3].endswith("zero.jsonl: is a device, not a regular file: not a replay")
