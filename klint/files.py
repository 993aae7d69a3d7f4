"""Reading files klint did not write: size known before reading, never blocking on a FIFO."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024


class NotReadable(OSError):
    """Not a regular file, or over the size limit: nothing was read."""


def read_bounded(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; NotReadable (an OSError) otherwise.

    The size is checked on the open descriptor before reading (and the read is capped), so a
    1 GiB file costs nothing and a FIFO or device named like a config file cannot hang klint.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotReadable(f"{path}: not a regular file")
        data = stream.read(limit + 1)
        if status.st_size > limit or len(data) > limit:
            raise NotReadable(f"{path}: over the {limit // 2**20} MiB limit")
        return data
