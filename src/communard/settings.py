"""What the game remembers between runs: the theme, language and keys, and the endings found.

Both live as small JSON files in the player's data folder, written atomically
(a crash never leaves half a file). Reading is forgiving: a missing, damaged,
deeply nested or huge file just means defaults, and a name holding control
characters is ignored, because a settings file must never stop the game (and
never reaches the terminal raw). The engine is not imported here: these files
are read before the title screen is painted.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import data_dir

DEFAULT_THEME = "textual-dark"


MAX_BYTES = 1024 * 1024
"""Larger than any settings or endings file the game writes: such a file is not read."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _read(path: Path) -> dict[str, Any]:
    """The file's mapping, or {} for anything missing, odd, damaged, deep or huge."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"), parse_int=_small_int)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _small_int(digits: str) -> int:
    if len(digits) > 20:
        raise ValueError("not a number these files hold")
    return int(digits)


def _text(value: Any) -> str | None:
    """A name from one of these files, if it is a short text without control characters."""
    if isinstance(value, str) and 0 < len(value) <= 200 and not _CONTROL.search(value):
        return value
    return None


@dataclass
class Settings:
    """The player's preferences, stored in `settings.json` in the data folder."""

    theme: str = DEFAULT_THEME
    path: Path | None = field(default=None, compare=False)
    #: The interface's language ("fr"); None follows the locale.
    language: str | None = None
    #: Keys by binding id ({"choose-1": "1,ampersand"}), as Textual's keymaps take them.
    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or data_dir() / "settings.json"
        data = _read(path)
        language = _text(data.get("language"))
        keys = data.get("keys")
        return cls(_text(data.get("theme")) or DEFAULT_THEME, path,
                   language if language and _LANGUAGE.match(language) else None,
                   _keymap(keys) if isinstance(keys, dict) else {})

    def save(self) -> None:
        from engine.saves import write_json_atomic  # the engine is not needed to start

        path = self.path or data_dir() / "settings.json"
        data: dict[str, Any] = {"theme": self.theme}
        if self.language:
            data["language"] = self.language
        if self.keys:
            data["keys"] = dict(self.keys)
        write_json_atomic(path, data)


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")
_BINDING_ID = re.compile(r"^[a-z][a-z0-9.-]{0,60}$")
_KEYS = re.compile(r"^[a-z0-9_+,-]{1,200}$")


def _keymap(data: dict[Any, Any]) -> dict[str, str]:
    """The remapped keys that look like binding ids and key names; others are ignored."""
    return {k: v for k, v in list(data.items())[:200]
            if isinstance(k, str) and _BINDING_ID.match(k)
            and isinstance(v, str) and _KEYS.match(v)}


class EndingsFound:
    """The endings of one story reached so far, across every playthrough."""

    def __init__(self, story_id: str, path: Path | None = None):
        self.path = path or data_dir() / "endings" / f"{story_id}.json"
        found = _read(self.path).get("found", [])
        self.found: list[str] = [f for f in found if _text(f)] \
            if isinstance(found, list) else []

    def add(self, ending_id: str) -> bool:
        """Remember an ending; True when it is new (the caller then saves)."""
        if ending_id in self.found:
            return False
        self.found.append(ending_id)
        return True

    def save(self) -> None:
        """Write the list as it is now (a copy: the game may add to it meanwhile)."""
        from engine.saves import write_json_atomic

        write_json_atomic(self.path, {"found": list(self.found)})
