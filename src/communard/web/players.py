"""Who plays a served game: names, per-player folders, and the browser that owns each.

`communard serve` gives every student their own saves, autosave, settings and
endings, in a folder of their own under the server's data folder:

    ROOT/players/<key>/player.json   the name as typed, and which browser owns it
    ROOT/players/<key>/...           what COMMUNARD_DATA_DIR holds for a player
    ROOT/browsers/<digest>.json      the name a browser played under last

A name is typed by a student, so it is untrusted: it is cleaned (control and
direction-changing characters dropped, length bounded) and turned into a folder
key of ASCII letters, digits and dashes only, so no name can reach outside
ROOT/players. The first browser to use a name owns it (the browser's cookie
token, stored only as a digest): another browser typing the same name is told
it is taken, so one student can never read, list or overwrite another's game.
A player's folder is locked while a game plays in it, so two tabs never write
the same autosave.

Used by the game process (entering a name) and readable by the server; plain
files, so a crashed process leaves nothing to repair.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

MAX_NAME = 24
MAX_FILE = 4096  # player.json and browsers/*.json are tiny; anything larger is not ours
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_ALLOWED_PUNCTUATION = " -'.’"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}


class NameRefused(ValueError):
    """The name cannot be used by this browser; the message says why, for the player."""


def clean_name(raw: str) -> str:
    """The name as it will be shown: NFC, no control or format characters, spaces collapsed.

    Raises NameRefused when nothing usable is left, it is too long, or it holds
    characters other than letters, digits, spaces and - ' . (a name is not a place
    for markup).
    """
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(ch)[0] == "Z" else ch for ch in text
                   if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if not text:
        raise NameRefused("Type your name first.")
    if len(text) > MAX_NAME:
        raise NameRefused(f"That name is too long: {MAX_NAME} letters at most.")
    bad = sorted({ch for ch in text if not (ch.isalnum() or ch in _ALLOWED_PUNCTUATION)})
    if bad:
        raise NameRefused("Use letters, digits, spaces, - ' and . only (not "
                          + " ".join(bad[:5]) + ").")
    if not any(ch.isalnum() for ch in text):
        raise NameRefused("A name needs at least one letter or digit.")
    return text


def name_key(name: str) -> str:
    """The folder name for a cleaned name: lower-case ASCII letters, digits and dashes.

    Accents are dropped (Éloïse and Eloise are one player), other letters are
    spelled as their code point, so every name has a key and no key is a path.
    """
    parts: list[str] = []
    for ch in unicodedata.normalize("NFKD", name.casefold()):
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isalnum():
            parts.append(ch)
        elif ch.isalnum():
            parts.append(f"-u{ord(ch):x}-")
        else:
            parts.append("-")
    key = re.sub(r"-+", "-", "".join(parts)).strip("-")[:64].strip("-")
    if key in _WINDOWS_RESERVED:
        key += "-"
    return key


def valid_token(token: str | None) -> bool:
    """Whether a browser token looks like one the server hands out (never used raw on disk)."""
    return bool(token) and _TOKEN.match(token or "") is not None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _read_small(path: Path) -> dict[str, Any]:
    """A small JSON object, or {} when missing, too large or not ours."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError:
        return {}
    if len(raw) > MAX_FILE:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_new(path: Path, data: dict[str, Any]) -> bool:
    """Create `path` with `data` unless it exists (atomically: written aside, then linked)."""
    fd, tmp = tempfile.mkstemp(prefix=".claim.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


def _replace(path: Path, data: dict[str, Any]) -> None:
    """Write `path` whole or not at all (written aside, then renamed over it).

    Not engine.saves.write_json_atomic: this runs while the game imports the
    engine in its loading thread, and two threads importing the engine at once
    can meet a half-initialised module.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _lock(path: Path) -> IO[bytes] | None:
    """Hold an exclusive lock on `path` for as long as the returned file stays open.

    None when another process holds it. The lock goes with the process, so a game
    that crashes never leaves its player locked out.
    """
    handle = path.open("a+b")
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows teachers
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


@dataclass
class Player:
    """A player who has entered: their name, their folder, and the lock held on it."""

    name: str
    key: str
    folder: Path
    _lock: IO[bytes] | None = field(default=None, repr=False, compare=False)

    def leave(self) -> None:
        """Release the folder (the game process ending does the same)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None


class PlayerRegistry:
    """The players of one server, as folders under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.players = self.root / "players"
        self.browsers = self.root / "browsers"

    def folder(self, key: str) -> Path:
        if not key or not re.fullmatch(r"[a-z0-9-]+", key):
            raise ValueError(f"not a player key: {key!r}")
        return self.players / key

    def remembered(self, browser: str) -> str | None:
        """The name this browser played under last, if it still owns it."""
        if not valid_token(browser):
            return None
        key = _read_small(self.browsers / f"{_digest(browser)}.json").get("player")
        if not isinstance(key, str):
            return None
        try:
            info = _read_small(self.folder(key) / "player.json")
        except ValueError:
            return None
        name = info.get("name")
        if info.get("owner") != _digest(browser) or not isinstance(name, str):
            return None
        return name

    def enter(self, raw_name: str, browser: str) -> Player:
        """Claim or reclaim a name for this browser and lock its folder for this game.

        Raises NameRefused (the message is for the player) when the name is not
        usable, belongs to another browser, or is being played in another tab.
        """
        if not valid_token(browser):
            raise NameRefused("This browser has no cookie for the game; allow cookies "
                              "for this page and reload it.")
        name = clean_name(raw_name)
        key = name_key(name)
        folder = self.folder(key)
        folder.mkdir(parents=True, exist_ok=True)
        owner = _digest(browser)
        claim = folder / "player.json"
        if (not _write_new(claim, {"name": name, "owner": owner})
                and _read_small(claim).get("owner") != owner):
            raise NameRefused(f"“{name}” is already taken on this server. "
                              "Add an initial or a number (e.g. " + name[:MAX_NAME - 2]
                              + " B).")
        lock = _lock(folder / ".lock")
        if lock is None:
            raise NameRefused(f"“{name}” is already playing in another window or tab.")
        self._remember(owner, key)
        shown = _read_small(claim).get("name")
        return Player(shown if isinstance(shown, str) else name, key, folder, lock)

    def _remember(self, owner: str, key: str) -> None:
        # Not remembering a name costs the player one line of typing, no more.
        with contextlib.suppress(OSError):
            _replace(self.browsers / f"{owner}.json", {"player": key})

    def names(self) -> list[str]:
        """Every player's name, for the teacher (sorted)."""
        found = []
        if self.players.is_dir():
            for folder in self.players.iterdir():
                name = _read_small(folder / "player.json").get("name")
                if isinstance(name, str):
                    found.append(name)
        return sorted(found, key=str.casefold)


class Lobby:
    """What one served game process needs: the browser it plays for, and a way in.

    Built by the game process before the app starts (so the remembered name is
    read before the first screen), and handed to the app, which asks it to
    `enter` a name in a worker and to `announce` the player to the server.
    """

    def __init__(self, registry: PlayerRegistry, browser: str) -> None:
        self.registry = registry
        self.browser = browser
        self._remembered = registry.remembered(browser)

    def remembered(self) -> str | None:
        return self._remembered

    def enter(self, name: str) -> Player:
        return self.registry.enter(name, self.browser)

    def announce(self, app: object, player: Player) -> None:
        """Tell the server who plays in this process (it logs it for the teacher)."""
        from .protocol import PLAYER_META, tell_server

        tell_server(app, {"type": PLAYER_META, "name": player.name})
