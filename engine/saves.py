"""Save slots on disk: atomic writes, and one bad file never harms another.

Each slot is one JSON file in a folder the frontend chooses (the game uses the
user's data directory). A write goes to a temporary file in the same folder,
is flushed to disk, then renamed over the old file with `os.replace`, so a
crash mid-write leaves the previous save intact.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .savedata import SaveError, migrate
from .session import Session
from .story import Story

AUTOSAVE = "autosave"
_SLOT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
MAX_SAVE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class SlotInfo:
    """What a Load screen lists for one slot; `error` is set when it cannot be loaded."""

    name: str
    path: Path
    saved_at: str | None = None
    scene_id: str | None = None
    scene_title: str | None = None
    scene_date: str | None = None
    steps: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def check_slot_name(name: str) -> str:
    if not _SLOT.match(name) or name.endswith("."):
        raise SaveError(f"'{name}' is not a usable save name: use letters, digits, spaces, "
                        "'-', '_' or '.', up to 64 characters")
    return name


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to `path` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SaveStore:
    """The save slots of one story in one folder."""

    def __init__(self, folder: str | Path, story: Story):
        self.folder = Path(folder)
        self.story = story

    def path(self, name: str) -> Path:
        return self.folder / f"{check_slot_name(name)}.json"

    def save(self, name: str, session: Session) -> Path:
        path = self.path(name)
        write_json_atomic(path, session.to_dict())
        return path

    def load(self, name: str) -> Session:
        return Session.from_dict(self.story, self.read(self.path(name)))

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    @staticmethod
    def read(path: Path) -> Any:
        try:
            if path.stat().st_size > MAX_SAVE_BYTES:
                raise SaveError("the save file is too large to be a save")
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SaveError(f"there is no save called '{path.stem}'") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SaveError(f"the save file is damaged and cannot be read ({exc})") from None

    def slots(self) -> list[SlotInfo]:
        """Every slot, newest first; damaged or outdated ones carry their reason."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("*.json"):
            found.append(self._info(path))
        found.sort(key=lambda s: (s.saved_at or "", s.name), reverse=True)
        return found

    def _info(self, path: Path) -> SlotInfo:
        name = path.stem
        try:
            data = migrate(self.read(path))
            session = Session.from_dict(self.story, data)
        except SaveError as exc:
            return SlotInfo(name, path, error=str(exc))
        except Exception as exc:  # a save is untrusted input: never let one stop the list
            return SlotInfo(name, path, error=f"the save is damaged ({exc.__class__.__name__})")
        scene = session.scene
        return SlotInfo(name, path, data.get("saved_at"), scene.id, scene.title,
                        scene.date.label() if scene.date else None, len(data.get("log", [])))
