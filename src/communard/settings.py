"""What the game remembers between runs: the theme, and the endings found.

Both live as small JSON files in the player's data folder, written atomically
(a crash never leaves half a file). Reading is forgiving: a missing or damaged
file just means defaults, because a settings file must never stop the game.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import data_dir

DEFAULT_THEME = "textual-dark"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class Settings:
    """The player's preferences, stored in `settings.json` in the data folder."""

    theme: str = DEFAULT_THEME
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or data_dir() / "settings.json"
        data = _read(path)
        theme = data.get("theme")
        return cls(theme if isinstance(theme, str) and theme else DEFAULT_THEME, path)

    def save(self) -> None:
        from engine.saves import write_json_atomic  # the engine is not needed to start

        path = self.path or data_dir() / "settings.json"
        write_json_atomic(path, {"theme": self.theme})


class EndingsFound:
    """The endings of one story reached so far, across every playthrough."""

    def __init__(self, story_id: str, path: Path | None = None):
        self.path = path or data_dir() / "endings" / f"{story_id}.json"
        found = _read(self.path).get("found", [])
        self.found: list[str] = [f for f in found if isinstance(f, str)] \
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
