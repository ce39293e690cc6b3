"""The one way any command reads a file the user names: regular files only, bounded in size.

A scenario, a replay, a workshop pack or a save may come from anyone, and may be a path to
`/dev/zero`, a FIFO that never ends, or a symlink to either. `read_limited` opens the path
without blocking, checks that what it opened (after symlinks) is a regular file, and reads at
most `limit + 1` bytes, so a file that grows while it is read, or lies about its size, still
stops at the limit. Every failure is one `FileRefused` whose message names the file and says
what is wrong; callers turn it into their own error type (`ScenarioError`, `ReplayError`...).
"""

from __future__ import annotations

import os
import stat
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
