"""A cache of parsed YAML, keyed by the file's bytes, for large stories.

Parsing YAML is the largest cost of loading a big story (about half of a
10,000-scene load), and most loads read files that have not changed since
the last one. So a large file's parsed data is kept in the user's cache
folder under the SHA-256 of its bytes (and of the engine and PyYAML
versions), in `marshal` format: plain data only, nothing that can run code.
Dates, which marshal cannot hold, are stored as tagged tuples. A missing,
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

#: Files smaller than this parse faster than a cache lookup is worth.
MIN_BYTES = 32 * 1024
_FORMAT = 1
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
    if isinstance(value, dict):
        return {k: _pack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pack(v) for v in value]
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    return value


def _unpack(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unpack(v) for v in value]
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _DATE:
        return dt.date.fromisoformat(value[1])
    return value


def load(raw: bytes) -> tuple[Any, list] | None:
    """The parsed data and duplicate-key list stored for these bytes, or None."""
    folder = cache_dir()
    if folder is None or len(raw) < MIN_BYTES:
        return None
    try:
        stored = marshal.loads((folder / _key(raw)).read_bytes())
        data, duplicates = stored
        return _unpack(data), [tuple(d) for d in duplicates]
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
    except (OSError, ValueError):
        pass
