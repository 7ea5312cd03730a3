"""Reading a file that a stranger may have put in place: regular files only, never past a limit.

``stat`` then ``read_bytes`` trusts the size a file reports: ``/dev/zero`` reports none and never
ends, a named pipe blocks until someone writes. The file is opened without blocking and its
kind checked on the open descriptor, so that what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """A folder, a device, a pipe or a socket where a file was expected."""


class TooLarge(OSError):
    """More bytes than the limit; ``size`` is what was seen (at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes; raise OSError otherwise."""
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def read_up_to(fd: int, wanted: int) -> bytes:
    """Read until the file ends or ``wanted`` bytes are in; one call for most files."""
    chunk_size = min(wanted, 1024 * 1024)
    first = os.read(fd, chunk_size)
    if len(first) < chunk_size:
        return first
    chunks = [first]
    wanted -= len(first)
    while wanted > 0:
        chunk = os.read(fd, min(wanted, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
