"""A cache of parsed YAML, keyed by the file's bytes, for large stories.

Parsing YAML is the largest cost of loading a big story (about half of a
10,000-scene load), and most loads read files that have not changed since
the last one. So a large file's parsed data is kept in the user's cache
folder under the SHA-256 of its bytes (and of the engine and PyYAML
versions), in `marshal` format: plain data only, nothing that can run code.
Dates, which marshal cannot hold, are stored as tagged tuples; parts that
aliases share stay shared, and are counted again on loading. A missing,
damaged or stale cache entry is simply ignored and the file parsed again;
everything after parsing (validation, compilation, checks) always runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import tempfile
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


def _pack(value: Any, memo: dict[int, Any]) -> Any:
    """Dates as tagged tuples; a list or mapping shared by aliases stays shared (marshal
    keeps sharing), so an alias-heavy file is not written out as a tree."""
    if isinstance(value, dict | list):
        known = memo.get(id(value))
        if known is not None:
            return known
        packed: Any = {} if isinstance(value, dict) else []
        memo[id(value)] = packed
        if isinstance(value, dict):
            for k, v in value.items():
                packed[k] = _pack(v, memo)
        else:
            packed.extend(_pack(v, memo) for v in value)
        return packed
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    return value


def _unpack(value: Any, memo: dict[int, tuple[Any, int]]) -> tuple[Any, int]:
    """The data back, with how many values it stands for once shared parts are counted
    wherever they appear (so a tampered entry cannot smuggle in an alias bomb)."""
    if isinstance(value, dict | list):
        known = memo.get(id(value))
        if known is not None:
            return known
        size = 1
        if isinstance(value, dict):
            unpacked: Any = {}
            for k, v in value.items():
                unpacked[k], count = _unpack(v, memo)
                size += count + 1
        else:
            unpacked = []
            for v in value:
                item, count = _unpack(v, memo)
                unpacked.append(item)
                size += count
        memo[id(value)] = (unpacked, size)
        return unpacked, size
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _DATE:
        return dt.date.fromisoformat(value[1]), 1
    return value, 1


def load(raw: bytes) -> tuple[Any, list] | None:
    """The parsed data and duplicate-key list stored for these bytes, or None."""
    folder = cache_dir()
    if folder is None or len(raw) < MIN_BYTES:
        return None
    try:
        stored = marshal.loads(read_bounded(folder / _key(raw), MAX_ENTRY_BYTES))
        data, duplicates = stored
        memo: dict[int, tuple[Any, int]] = {}
        unpacked, size = _unpack(data, memo)
        if size - len(memo) > MAX_ALIAS_VALUES + len(raw):  # not what store() wrote
            return None
        return unpacked, [tuple(d) for d in duplicates]
    except Exception:  # a cache is only ever a shortcut: any trouble means "parse again"
        return None


def store(raw: bytes, data: Any, duplicates: list) -> None:
    """Keep the parsed data for next time; failures are silent (the cache is optional)."""
    folder = cache_dir()
    if folder is None or len(raw) < MIN_BYTES:
        return
    try:
        blob = marshal.dumps((_pack(data, {}), [list(d) for d in duplicates]))
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, folder / _key(raw))
        sweep_stale_temp(folder, "*.tmp")  # left by a load that was killed while storing
    except (OSError, ValueError, RecursionError):
        pass
