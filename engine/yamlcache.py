"""A cache of parsed YAML, keyed by the file's bytes, for large stories.

Parsing YAML is the largest cost of loading a big story (about half of a
10,000-scene load), and most loads read files that have not changed since
the last one. So a large file's parsed data is kept in the user's cache
folder under the SHA-256 of its bytes, of the cache's own format number and
of PyYAML's version, in `marshal` format: plain data only, nothing that can run code.
Dates, which marshal cannot hold, are stored as tagged tuples; the values of
an entry are counted as it is read, against what the parser lets through. A missing,
damaged or stale cache entry is simply ignored and the file parsed again;
everything after parsing (validation, compilation, checks) always runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_cache_path

from .files import read_bounded, sweep_stale_temp
from .yamlload import MAX_ALIAS_VALUES

#: Files smaller than this parse faster than a cache lookup is worth.
MIN_BYTES = 32 * 1024
_FORMAT = 2
#: A stored entry larger than this is not read (a 20 MB file's entry is far smaller).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_DATE = "\x00date"


def cache_dir() -> Path | None:
    """COMMUNARD_CACHE_DIR, or the platform's cache folder; None when disabled (set to '')."""
    override = os.environ.get("COMMUNARD_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    return user_cache_path("communard", appauthor=False) / "parsed"


def _key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    digest.update(f"|{_FORMAT}|{yaml.__version__}".encode())
    return digest.hexdigest()


def _pack(value: Any) -> Any:
    """`value` with its dates as tagged tuples; what holds no date is given back as it is,
    not copied (most of a story is text, and this runs on every cold load)."""
    kind = type(value)
    if kind is dict:
        packed = None
        for key, item in value.items():
            if type(item) is not str:
                new = _pack(item)
                if new is not item:
                    if packed is None:
                        packed = dict(value)
                    packed[key] = new
        return value if packed is None else packed
    if kind is list:
        packed_list = None
        for index, item in enumerate(value):
            if type(item) is not str:
                new = _pack(item)
                if new is not item:
                    if packed_list is None:
                        packed_list = list(value)
                    packed_list[index] = new
        return value if packed_list is None else packed_list
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    return value


class _TooBig(Exception):
    """A stored entry that stands for more values than the parser would ever have let through."""


def _unpacker(budget: int) -> Callable[[Any], Any]:
    """An unpacker that gives up after `budget` values: marshal can share a part in many
    places, so a tampered entry could otherwise smuggle in an alias bomb."""
    left = budget

    def unpack(value: Any) -> Any:
        nonlocal left
        left -= 1
        if left < 0:
            raise _TooBig
        kind = type(value)
        if kind is dict:
            return {k: unpack(v) for k, v in value.items()}
        if kind is list:
            return [unpack(v) for v in value]
        if kind is tuple and len(value) == 2 and value[0] == _DATE:
            return dt.date.fromisoformat(value[1])
        return value
    return unpack


def load(raw: bytes) -> tuple[Any, list] | None:
    """The parsed data and duplicate-key list stored for these bytes, or None."""
    folder = cache_dir()
    if folder is None or len(raw) < MIN_BYTES:
        return None
    try:
        stored = marshal.loads(read_bounded(folder / _key(raw), MAX_ENTRY_BYTES))
        data, duplicates = stored
        # A file's values written out: at most one per byte, plus what aliases may add.
        unpacked = _unpacker(len(raw) + MAX_ALIAS_VALUES)(data)
        return unpacked, [tuple(d) for d in duplicates]
    except Exception:  # a cache is only ever a shortcut: any trouble means "parse again"
        return None


def store(raw: bytes, data: Any, duplicates: list) -> None:
    """Keep the parsed data for next time; failures are silent (the cache is optional)."""
    folder = cache_dir()
    if folder is None or len(raw) < MIN_BYTES:
        return
    try:
        blob = marshal.dumps((_pack(data), [list(d) for d in duplicates]))
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, folder / _key(raw))
        sweep_stale_temp(folder, "*.tmp")  # left by a load that was killed while storing
    except (OSError, ValueError, RecursionError):
        pass
