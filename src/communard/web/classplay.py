"""A served player's game recorded in the class database (`communard serve --class CODE`).

A class may also play individually, each student in their own browser; the
teacher then compares how they chose, in the same report as a class vote. Every
game process of such a server records its player's choices into the class's
SQLite file (the server opened the class and passes its code and the file down).

The app stays the owner of the Session: after every move it hands the recorder
the path as it now stands (plain tuples), and the recorder brings the database
in line with it on a thread of its own (one connection, one write after another,
in order), so the game's screen never waits on the disk or on another student's
commit. A path that went back (undo, a save loaded) marks the moves past the
common part as taken back, and adds the new ones; a new game is a new playthrough.

At an ending the recorder answers, for the player's key choices, how many of the
class chose as they did (web/classstats.player_summary).
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.session import JUMP

from .classstats import StoryLabels, player_summary
from .store import ClassStore, Move, StoreError

log = logging.getLogger("communard.class")

CLASS_DB_ENV = "COMMUNARD_CLASS_DB"  # the class database a served game records into
CLASS_CODE_ENV = "COMMUNARD_CLASS_CODE"  # and the class's code in it


@dataclass(frozen=True)
class PathStep:
    """One move of the player's path as it stands (from Session.history)."""

    scene_id: str
    chapter_id: str
    choice_id: str
    target: str
    ending_id: str | None = None


@dataclass(frozen=True)
class PathNow:
    """The player's path after a move, and the variables where it ends."""

    steps: tuple[PathStep, ...]
    vars: dict[str, Any]


def path_of(session: Any) -> PathNow:
    """The session's path as plain data (read on the UI thread, handed to the recorder)."""
    story = session.story
    steps = []
    for step in session.history:
        target = story.scenes.get(step.target)
        ending = target.ending.id if target is not None and target.ending else None
        steps.append(PathStep(step.scene_id, story.scenes[step.scene_id].chapter_id,
                              step.choice_id, step.target, ending))
    return PathNow(tuple(steps), session.vars)


class ClassRecorder:
    """One player's playthroughs in a class, written on a thread of the recorder's own."""

    def __init__(self, db: Path, code: str) -> None:
        self.db = db
        self.code = code
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="class-record")
        self._store: ClassStore | None = None
        self._class_id: int | None = None
        self._player_id: int | None = None
        self._run_id: int | None = None
        self._standing: list[tuple[int, str, str]] = []  # (move id, scene, choice) that stand
        self.failed: str | None = None  # why recording stopped, once it has

    @classmethod
    def from_environment(cls) -> ClassRecorder | None:
        db, code = os.environ.get(CLASS_DB_ENV), os.environ.get(CLASS_CODE_ENV)
        return cls(Path(db), code) if db and code else None

    # -- asked from the game (any thread; the work runs on the recorder's) ----------------
    def enter(self, name: str, ident: str) -> concurrent.futures.Future[None]:
        """The player is known: find them in the class (or add them, let in at once)."""
        return self._submit(self._enter, name, ident)

    def new_run(self) -> concurrent.futures.Future[None]:
        """A new game: the next moves are a new playthrough."""
        return self._submit(self._new_run)

    def record(self, path: PathNow) -> concurrent.futures.Future[None]:
        """Bring the playthrough in line with the player's path as it stands."""
        return self._submit(self._record, path)

    def summary(self, labels: StoryLabels,
                path: PathNow) -> concurrent.futures.Future[list[str]]:
        """At an ending: at each key choice of the path, how many of the class chose so."""
        return self._submit(self._summary, labels, path)

    def close(self) -> None:
        self._pool.submit(self._close)
        self._pool.shutdown(wait=True)

    def _submit(self, work: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        return self._pool.submit(self._guarded, work, *args)

    def _guarded(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run one piece of work; a database that fails stops the recording, not the game."""
        if self.failed is not None:
            return [] if work == self._summary else None
        try:
            return work(*args)
        except Exception as exc:  # a broken database ends the recording, never the game
            self.failed = f"the class database {self.db} failed: {exc}"
            log.warning("%s", self.failed)
            return [] if work == self._summary else None

    # -- on the recorder's thread ------------------------------------------------------------
    def _enter(self, name: str, ident: str) -> None:
        self._store = store = ClassStore(self.db)
        info = store.find_class(self.code)
        if info is None:
            raise StoreError(f"no class {self.code} in {self.db}")
        self._class_id = info.id
        self._player_id = store.add_player(info.id, name, "allowed", ident=ident).id
        self._run_id = None
        last = store.query("SELECT MAX(id) FROM runs WHERE player_id = ?", (self._player_id,))
        if last[0][0] is not None:
            self._use_run(last[0][0])

    def _use_run(self, run_id: int) -> None:
        assert self._store is not None
        self._run_id = run_id
        self._standing = [(m, s, c) for m, s, c in self._store.query(
            "SELECT id, scene_id, choice_id FROM moves WHERE run_id = ? AND undone = 0 "
            "ORDER BY id", (run_id,))]

    def _new_run(self) -> None:
        if self._store is None or self._class_id is None:
            return
        self._run_id = self._store.new_run(self._class_id, self._player_id)
        self._standing = []

    def _record(self, path: PathNow) -> None:
        store = self._store
        if store is None:
            return
        if self._run_id is None:
            self._new_run()
        assert self._run_id is not None
        steps = path.steps
        same = 0
        while (same < len(steps) and same < len(self._standing)
               and self._standing[same][1:] == (steps[same].scene_id, steps[same].choice_id)):
            same += 1
        if same == len(steps) == len(self._standing):
            return
        with store.transaction() as db:
            for move_id, _, _ in self._standing[same:]:
                store.undo_move(db, move_id)
            del self._standing[same:]
            for number, step in enumerate(steps[same:], same + 1):
                last = number == len(steps)
                move = Move(step.scene_id, step.chapter_id, step.choice_id, step.target,
                            "jump" if step.choice_id == JUMP else "choice",
                            path.vars if last else {}, step.ending_id)
                move_id = store.add_move(db, self._run_id, move)
                self._standing.append((move_id, step.scene_id, step.choice_id))

    def _summary(self, labels: StoryLabels, path: PathNow) -> list[str]:
        if self._store is None or self._class_id is None:
            return []
        return player_summary(self._store, labels, self._class_id,
                              [(s.scene_id, s.choice_id) for s in path.steps])

    def _close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
