"""Save slots on disk: atomic writes, and one bad file never harms another.

Each slot is one JSON file in a folder the frontend chooses (the game uses the
user's data directory). A write goes to a temporary file in the same folder,
is flushed to disk, then renamed over the old file with `os.replace`, so a
crash mid-write leaves the previous save intact. A save is checked before it
is written exactly as it will be checked when it is read, so the game never
writes a save it would later refuse: it refuses to write it, and the previous
save stays. Reading is bounded (size first, numbers, nesting) and strict.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import UnsuitableFile, read_bounded, sweep_stale_temp, write_text_atomic
from .models import DateSpec
from .safetext import quoted
from .savedata import RestoredState, SaveError, load_session
from .session import Session
from .story import Story

AUTOSAVE = "autosave"
_SLOT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
MAX_SAVE_BYTES = 10 * 1024 * 1024
_MAX_DIGITS = 16  # the engine's numbers stay within 10**15


@dataclass(frozen=True)
class SlotInfo:
    """What a Load screen lists for one slot; `error` is set when it cannot be loaded.

    `name` is safe to print (control characters made visible); a slot whose file
    name is not a usable save name is listed with an error and cannot be loaded.
    """

    name: str
    path: Path
    saved_at: str | None = None
    scene_id: str | None = None
    scene_title: str | None = None
    scene_date: DateSpec | None = None
    steps: int = 0
    error: str | None = None
    #: What went wrong, for a frontend to word (SaveError.code and .params).
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


def check_slot_name(name: str) -> str:
    if not _SLOT.match(name) or name.endswith("."):
        raise SaveError(f"'{quoted(name, 70)}' is not a usable save name: use letters, "
                        "digits, spaces, '-', '_' or '.', up to 64 characters", "bad-name",
                        name=quoted(name, 70))
    return name


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to `path` so that readers see the old file or the new one, never half."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(digits)} digits is too large")
    return int(digits)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save can hold")


def parse_json(text: str) -> Any:
    """JSON with numbers and nesting bounded; SaveError (never a crash) otherwise."""
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except RecursionError:
        raise SaveError("the save file is nested too deeply to be a save",
                        "not-a-save") from None
    except ValueError as exc:  # JSONDecodeError, and the two refusals above
        raise SaveError(f"the save file is damaged and cannot be read "
                        f"({quoted(str(exc), 80)})") from None


class SaveStore:
    """The save slots of one story in one folder."""

    def __init__(self, folder: str | Path, story: Story):
        self.folder = Path(folder)
        self.story = story

    def path(self, name: str) -> Path:
        return self.folder / f"{check_slot_name(name)}.json"

    def save(self, name: str, session: Session) -> Path:
        return self.write(name, session.to_dict())

    def write(self, name: str, data: dict[str, Any]) -> Path:
        """Write a save (as `Session.to_dict` made it) into a slot, if it can be read back.

        SaveError, and the slot's previous save left as it was, when it could not.
        """
        path = self.path(name)
        write_text_atomic(path, self.encode(data))
        return path

    def encode(self, data: dict[str, Any]) -> str:
        """The text of a save, checked as reading it will check it; SaveError if refused."""
        try:
            text = json.dumps(data, ensure_ascii=False, indent=1)
        except (TypeError, ValueError) as exc:
            raise SaveError(f"this game cannot be saved ({exc})", "cannot-save") from None
        if len(text.encode("utf-8")) > MAX_SAVE_BYTES:
            raise SaveError(f"this game cannot be saved: it would take more than "
                            f"{MAX_SAVE_BYTES // 2**20} MB, more than a save may hold. The "
                            "previous save is kept.", "cannot-save")
        try:
            load_session(self.story, parse_json(text))
        except SaveError as exc:
            raise SaveError(f"this game cannot be saved, because the save could not be read "
                            f"back: {exc}. The previous save is kept.", "cannot-save") from None
        return text

    def load(self, name: str) -> Session:
        return Session.from_dict(self.story, self.read(self.path(name)))

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    @staticmethod
    def read(path: Path) -> Any:
        """The JSON data of a save file, read with its size and shape bounded."""
        try:
            raw = read_bounded(path, MAX_SAVE_BYTES)
            text = raw.decode("utf-8")
        except FileNotFoundError:
            raise SaveError(f"there is no save called '{quoted(path.stem, 70)}'", "no-such-save",
                            name=quoted(path.stem, 70)) from None
        except UnsuitableFile as exc:
            raise SaveError(f"this cannot be a save: {exc}", "not-a-save") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SaveError(f"the save file is damaged and cannot be read "
                            f"({quoted(str(exc), 80)})") from None
        return parse_json(text)

    def slots(self) -> list[SlotInfo]:
        """Every slot, newest first; damaged or outdated ones carry their reason."""
        if not self.folder.is_dir():
            return []
        sweep_stale_temp(self.folder, ".*.json.*.tmp")  # left by a game killed mid-save
        found = [self._info(path) for path in self.folder.glob("*.json")]
        found.sort(key=lambda s: (s.saved_at or "", s.name), reverse=True)
        return found

    def _info(self, path: Path) -> SlotInfo:
        name = quoted(path.stem, 200)
        try:
            check_slot_name(path.stem)
            state = load_session(self.story, self.read(path))
        except SaveError as exc:
            return SlotInfo(name, path, error=str(exc), error_code=exc.code,
                            error_params=exc.params)
        except Exception as exc:  # a save is untrusted input: never let one stop the list
            return SlotInfo(name, path, error=f"the save is damaged ({exc.__class__.__name__})",
                            error_code="damaged")
        return _slot(name, path, self.story, state)


def _slot(name: str, path: Path, story: Story, state: RestoredState) -> SlotInfo:
    scene = story.scenes[state.scene]
    return SlotInfo(name, path, state.saved_at, scene.id, scene.title,
                    scene.date, len(state.log))
