"""Reading and writing the files a story or a game names, safely.

Reads check the size before reading (a 6 GB file must cost nothing, not a
MemoryError) and refuse what is not a regular file (a FIFO would block for
ever, a device never end). Writes are atomic: a temporary file in the same
folder, flushed, then renamed over the old one; a temporary file left by a
killed writer is swept away by the next write or listing of that folder.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

#: A temporary file older than this was left by a writer that died.
STALE_SECONDS = 60


class UnsuitableFile(Exception):
    """The file is too large, or not a regular file; the message says which."""


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of `path`, checked to be a regular file of at most `limit` bytes first.

    OSError (FileNotFoundError included) when it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsuitableFile("it is not a regular file")
        if info.st_size > limit:
            raise UnsuitableFile(f"it is larger than {_size(limit)}")
        chunks, total = [], 0
        while total <= limit:  # the size may have grown since fstat
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UnsuitableFile(f"it is larger than {_size(limit)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    sweep_stale_temp(path.parent, f".{path.name}.*.tmp")


def sweep_stale_temp(folder: Path, pattern: str = ".*.tmp") -> int:
    """Remove temporary files matching `pattern` older than STALE_SECONDS; how many went."""
    removed = 0
    deadline = time.time() - STALE_SECONDS
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return 0
    for candidate in candidates:
        try:
            if candidate.lstat().st_mtime < deadline:
                candidate.unlink()
                removed += 1
        except OSError:
            pass  # another process took it, or we may not: it is only tidying
    return removed
