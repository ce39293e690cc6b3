"""The one way any command reads a file the user names (regular files only, bounded in size), and
the one way it writes one (whole or not at all, never through a link it did not make).

A scenario, a replay, a workshop pack or a save may come from anyone, and may be a path to
`/dev/zero`, a FIFO that never ends, or a symlink to either. `read_limited` opens the path
without blocking, checks that what it opened (after symlinks) is a regular file, and reads at
most `limit + 1` bytes, so a file that grows while it is read, or lies about its size, still
stops at the limit. Every failure is one `FileRefused` whose message names the file and says
what is wrong; callers turn it into their own error type (`ScenarioError`, `ReplayError`...).

Writing: a replay, a pack or a report is written to a temporary file of its own beside the
target (a new, unique name: a link planted at a guessable name is never written through), then
moved into place. A full disk or a file size limit leaves the old file as it was and no stray
temporary behind; two processes writing at once never mix their bytes. `write_whole` replaces
what is there; `write_new` never does, and picks the first free name it is given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path


class FileRefused(OSError):
    """A file that is not read: missing, not a regular file, too big, or unreadable. `reason` is
    the part after the file's name; `str()` is the whole line `FILE: reason`."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def read_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them. Raises `FileRefused`
    for a missing file, a name with a NUL byte, a folder, a FIFO, a device or socket (also
    through a symlink), a file over the limit, or one that cannot be read. `what` names the kind
    of file in the message ("a scenario may be at most ... bytes")."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
        descriptor = os.open(path, flags)
    except IsADirectoryError:
        raise FileRefused(name, f"is a folder, not a {what}") from None
    except OSError as error:
        raise FileRefused(name, f"cannot read the file ({error.strerror or error})") from None
    except ValueError:
        # A NUL byte: no file has such a name, and os.open says so with a ValueError. Such a
        # name comes from a file (a replay's scenario_source), never from a command line.
        raise FileRefused(
            name.replace("\x00", "\\0"), f"a file name with a NUL byte: not a {what}"
        ) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise FileRefused(name, f"is a folder, not a {what}")
        if not stat.S_ISREG(mode):
            raise FileRefused(name, f"is {_kind_of(mode)}, not a regular file: not a {what}")
        os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(name, f"file is over {limit} bytes; a {what} may be at most {limit}")
        return b"".join(chunks)
    except FileRefused:
        raise
    except OSError as error:
        raise FileRefused(name, f"cannot read the file ({error.strerror or error})") from None
    finally:
        os.close(descriptor)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def write_whole(path: str | Path, text: str) -> Path:
    """Put `text` (UTF-8) at `path`, whole or not at all; returns the path. An OSError (a full
    disk, a folder that cannot be written) leaves whatever was at `path` untouched. A symlink at
    `path` is replaced by the file, never written through."""
    path = Path(path)
    with _uninterrupted():
        temporary = _written_beside(path, text)
        with _removed_unless_done(temporary):
            os.replace(temporary, path)
    return path


def write_new(name_for: Callable[[int], Path], text: str, tries: int = 1000) -> Path:
    """Put `text` (UTF-8) at the first of `name_for(1)`, `name_for(2)` ... that does not exist yet,
    whole; returns that path. Nothing is ever replaced, even when another process takes a name
    between the look and the write (the file is linked into place, which fails on a taken
    name): two participants finishing at the same second keep a replay each."""
    with _uninterrupted():
        return _link_new(name_for, text, tries)


def _link_new(name_for: Callable[[int], Path], text: str, tries: int) -> Path:
    first = Path(name_for(1))
    temporary = _written_beside(first, text)
    try:
        for number in range(1, tries + 1):
            path = Path(name_for(number))
            try:
                os.link(temporary, path)
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                # A file system without hard links (FAT, some network shares): create the name
                # exclusively and write into it; still never replacing another file.
                try:
                    _write_exclusive(path, text)
                except FileExistsError:
                    continue
            return path
        raise FileExistsError(errno.EEXIST, f"no free name after {tries} tries", str(first))
    finally:
        _remove(temporary)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl+C or SIGTERM arriving mid-write is held until the write is done (or undone): the
    exception a handler raises could otherwise land between making the temporary file and
    removing it, and leave it behind. The signal is noted, and raised again after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers run in the main thread only: a write elsewhere is not cut by them
        return
    kinds = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    arrived: list[int] = []
    before = {
        kind: signal.signal(kind, lambda number, frame: arrived.append(number)) for kind in kinds
    }
    try:
        yield
    finally:
        for kind, handler in before.items():
            if handler is not None:  # None: set outside Python, and left to it
                signal.signal(kind, handler)
        for number in arrived[:1]:
            signal.raise_signal(number)


def _written_beside(path: Path, text: str) -> Path:
    """A new temporary file in `path`'s folder holding `text`, readable as any file the user
    makes (mkstemp's own files are private to their owner: a trainer could not read them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    temporary = Path(name)
    with _removed_unless_done(temporary), os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        if hasattr(os, "fchmod"):
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
        stream.write(text)
    return temporary


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_exclusive(path: Path, text: str) -> None:
    with path.open("x", encoding="utf-8") as stream, _removed_unless_done(path):
        stream.write(text)


@contextlib.contextmanager
def _removed_unless_done(path: Path) -> Iterator[None]:
    """Removes `path` when the block does not finish, whatever stopped it (an OSError, or Ctrl+C
    held by `_uninterrupted`), and lets that go on: a half-written file is never left behind.
    (A `finally` on a flag, not a catch-all: nothing is caught.)"""
    done = False
    try:
        yield
        done = True
    finally:
        if not done:
            _remove(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
