"""Class sessions in SQLite: who joined, every vote and choice, and the endings reached.

One file (`classes.sqlite` in the data folder unless `--db` says otherwise) holds
every class a teacher has run, each under its short join code; every query is
scoped by the class, so two teachers' classes in one file never mix.

Durability: WAL mode, and every write is one transaction, so a process killed
in the middle of a write loses that write and nothing else (SQLite rolls the
unfinished transaction back when the file is next opened). `synchronous=NORMAL`
keeps each commit to a write into the WAL (no fsync per vote): a killed process
loses nothing that was committed; only a power cut may lose the last commits.

The schema is versioned with `PRAGMA user_version` and built by numbered
migrations, each run in its own transaction; a file made by a newer Communard
is refused rather than guessed at.

A connection belongs to one thread unless the store is opened `shared` (then a
lock serialises its use): the vote server writes from its own thread, a served
game from its workers.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import data_dir

DB_NAME = "classes.sqlite"
BUSY_MS = 10_000  # a served class has one writer per student: wait for the others' commits

MIGRATIONS: tuple[str, ...] = (
    # 1: classes, players, runs (a player's playthrough, or the class voting together),
    # moves (a choice taken), rounds (one vote on one scene), votes, endings, answers.
    """
    CREATE TABLE classes (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      story_id TEXT NOT NULL,
      story_version TEXT NOT NULL,
      story_title TEXT NOT NULL,
      secret TEXT NOT NULL,
      created REAL NOT NULL
    );
    CREATE TABLE players (
      id INTEGER PRIMARY KEY,
      class_id INTEGER NOT NULL REFERENCES classes(id),
      pseudonym TEXT NOT NULL,
      name TEXT,
      ident TEXT,
      status TEXT NOT NULL CHECK (status IN ('waiting', 'allowed', 'refused')),
      joined REAL NOT NULL,
      UNIQUE (class_id, pseudonym),
      UNIQUE (class_id, ident)
    );
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      class_id INTEGER NOT NULL REFERENCES classes(id),
      player_id INTEGER REFERENCES players(id),
      started REAL NOT NULL
    );
    CREATE INDEX runs_by_class ON runs(class_id, player_id);
    CREATE TABLE moves (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id),
      scene_id TEXT NOT NULL,
      chapter_id TEXT NOT NULL,
      choice_id TEXT NOT NULL,
      target TEXT NOT NULL,
      how TEXT NOT NULL CHECK (how IN ('choice', 'majority', 'tie', 'override', 'jump')),
      at REAL NOT NULL,
      vars TEXT NOT NULL,
      undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX moves_by_run ON moves(run_id);
    CREATE TABLE rounds (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id),
      scene_id TEXT NOT NULL,
      chapter_id TEXT NOT NULL,
      opened REAL NOT NULL,
      closed REAL,
      move_id INTEGER REFERENCES moves(id),
      undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rounds_by_run ON rounds(run_id);
    CREATE TABLE votes (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      player_id INTEGER NOT NULL REFERENCES players(id),
      choice_id TEXT NOT NULL,
      at REAL NOT NULL,
      UNIQUE (round_id, player_id)
    );
    CREATE TABLE endings (
      id INTEGER PRIMARY KEY,
      run_id INTEGER NOT NULL REFERENCES runs(id),
      move_id INTEGER NOT NULL REFERENCES moves(id),
      ending_id TEXT NOT NULL,
      at REAL NOT NULL
    );
    CREATE TABLE answers (
      id INTEGER PRIMARY KEY,
      class_id INTEGER NOT NULL REFERENCES classes(id),
      player_id INTEGER NOT NULL REFERENCES players(id),
      chapter_id TEXT NOT NULL,
      question TEXT NOT NULL,
      answer TEXT NOT NULL,
      at REAL NOT NULL,
      UNIQUE (player_id, chapter_id, question)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do, for the teacher."""


def default_db() -> Path:
    return data_dir() / DB_NAME


@dataclass(frozen=True)
class ClassInfo:
    """A class as recorded: its code, the story it plays, and the secret that signs tokens."""

    id: int
    code: str
    story_id: str
    story_version: str
    story_title: str
    secret: str
    created: float


@dataclass(frozen=True)
class PlayerRow:
    id: int
    pseudonym: str
    name: str | None
    status: str
    joined: float


class ClassStore:
    """One connection to the class database, with the writes the class features make."""

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None,
                                      check_same_thread=not shared)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the class database {path}: {exc}") from None
        self._lock = threading.RLock()
        try:
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{path} is not a class database Communard can use ({exc}); "
                             "give another file with --db") from None

    def _configure(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"WAL mode refused (journal mode {mode})")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer Communard (schema {version}, "
                             f"this one knows {SCHEMA_VERSION}); update Communard or use "
                             "another file with --db")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                # Another process may have migrated while we waited for the write lock.
                if self.db.execute("PRAGMA user_version").fetchone()[0] > number:
                    continue
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so concurrent writers queue, never deadlock)."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.execute(sql, params).fetchall()

    # -- classes and players --------------------------------------------------------
    def find_class(self, code: str) -> ClassInfo | None:
        rows = self.query("SELECT id, code, story_id, story_version, story_title, secret, "
                          "created FROM classes WHERE code = ?", (code,))
        return ClassInfo(*rows[0]) if rows else None

    def open_class(self, code: str, story_id: str, story_version: str,
                   story_title: str) -> ClassInfo:
        """The class under `code`, made for this story if new; StoreError if another story's."""
        with self.transaction() as db:
            found = self.find_class(code)
            if found is None:
                db.execute("INSERT INTO classes (code, story_id, story_version, story_title, "
                           "secret, created) VALUES (?, ?, ?, ?, ?, ?)",
                           (code, story_id, story_version, story_title,
                            secrets.token_hex(32), time.time()))
                found = self.find_class(code)
        assert found is not None
        if found.story_id != story_id:
            raise StoreError(f"class {code} plays “{found.story_title}” ({found.story_id}), "
                             f"not {story_id}; choose another class code")
        return found

    def classes(self) -> list[ClassInfo]:
        return [ClassInfo(*row) for row in self.query(
            "SELECT id, code, story_id, story_version, story_title, secret, created "
            "FROM classes ORDER BY created")]

    def add_player(self, class_id: int, name: str | None, status: str,
                   ident: str | None = None) -> PlayerRow:
        """A new player with the next pseudonym (Student 1, Student 2...), or the one
        already known by `ident` (a served player coming back)."""
        with self.transaction() as db:
            if ident is not None:
                row = db.execute("SELECT id FROM players WHERE class_id = ? AND ident = ?",
                                 (class_id, ident)).fetchone()
                if row is not None:
                    return self.player(row[0])
            count = db.execute("SELECT COUNT(*) FROM players WHERE class_id = ?",
                               (class_id,)).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO players (class_id, pseudonym, name, ident, status, joined) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (class_id, f"Student {count + 1}", name, ident, status, time.time()))
            assert cursor.lastrowid is not None
            return self.player(cursor.lastrowid)

    def player(self, player_id: int) -> PlayerRow:
        rows = self.query("SELECT id, pseudonym, name, status, joined FROM players "
                          "WHERE id = ?", (player_id,))
        if not rows:
            raise KeyError(player_id)
        return PlayerRow(*rows[0])

    def players(self, class_id: int) -> list[PlayerRow]:
        return [PlayerRow(*row) for row in self.query(
            "SELECT id, pseudonym, name, status, joined FROM players WHERE class_id = ? "
            "ORDER BY id", (class_id,))]

    def set_status(self, player_id: int, status: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE players SET status = ? WHERE id = ?", (status, player_id))

    def rename(self, player_id: int, name: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE players SET name = ?, status = 'waiting' WHERE id = ?",
                       (name, player_id))

    # -- playthroughs -----------------------------------------------------------------
    def new_run(self, class_id: int, player_id: int | None) -> int:
        with self.transaction() as db:
            cursor = db.execute("INSERT INTO runs (class_id, player_id, started) "
                                "VALUES (?, ?, ?)", (class_id, player_id, time.time()))
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def add_move(self, db: sqlite3.Connection, run_id: int, move: Move) -> int:
        """Record a choice taken (inside the caller's transaction); its ending, if any."""
        at = time.time()
        cursor = db.execute(
            "INSERT INTO moves (run_id, scene_id, chapter_id, choice_id, target, how, at, "
            "vars, undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (run_id, move.scene_id, move.chapter_id, move.choice_id, move.target, move.how,
             at, json.dumps(move.vars, ensure_ascii=False, sort_keys=True)))
        move_id = cursor.lastrowid
        assert move_id is not None
        if move.ending_id is not None:
            db.execute("INSERT INTO endings (run_id, move_id, ending_id, at) "
                       "VALUES (?, ?, ?, ?)", (run_id, move_id, move.ending_id, at))
        return move_id

    def last_move(self, run_id: int) -> int | None:
        rows = self.query("SELECT MAX(id) FROM moves WHERE run_id = ? AND undone = 0",
                          (run_id,))
        return rows[0][0] if rows else None

    def undo_move(self, db: sqlite3.Connection, move_id: int) -> None:
        """Mark a move taken back (kept: the report counts only what stands)."""
        db.execute("UPDATE moves SET undone = 1 WHERE id = ?", (move_id,))

    # -- votes ---------------------------------------------------------------------------
    def open_round(self, db: sqlite3.Connection, run_id: int, scene_id: str,
                   chapter_id: str) -> int:
        cursor = db.execute("INSERT INTO rounds (run_id, scene_id, chapter_id, opened) "
                            "VALUES (?, ?, ?, ?)", (run_id, scene_id, chapter_id, time.time()))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def close_round(self, db: sqlite3.Connection, round_id: int, move_id: int) -> None:
        db.execute("UPDATE rounds SET closed = ?, move_id = ? WHERE id = ?",
                   (time.time(), move_id, round_id))

    def reopen_round(self, db: sqlite3.Connection, round_id: int) -> None:
        """Undo: the vote that led away is open again, its votes as they were."""
        db.execute("UPDATE rounds SET closed = NULL, move_id = NULL WHERE id = ?", (round_id,))

    def drop_round(self, db: sqlite3.Connection, round_id: int) -> None:
        """Undo: the vote on the scene left behind no longer counts (its votes are kept)."""
        db.execute("UPDATE rounds SET undone = 1, closed = COALESCE(closed, ?) WHERE id = ?",
                   (time.time(), round_id))

    def add_vote(self, round_id: int, player_id: int, choice_id: str) -> bool:
        """Record a vote; False if this player has already voted in this round."""
        try:
            with self.transaction() as db:
                db.execute("INSERT INTO votes (round_id, player_id, choice_id, at) "
                           "VALUES (?, ?, ?, ?)", (round_id, player_id, choice_id, time.time()))
        except sqlite3.IntegrityError:
            return False
        return True

    def save_answer(self, class_id: int, player_id: int, chapter_id: str, question: str,
                    answer: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO answers (class_id, player_id, chapter_id, question, "
                       "answer, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
                       "(player_id, chapter_id, question) DO UPDATE SET answer = excluded.answer, "
                       "at = excluded.at",
                       (class_id, player_id, chapter_id, question, answer, time.time()))


@dataclass(frozen=True)
class Move:
    """A choice taken, as recorded: where, which, how it was decided, the variables after."""

    scene_id: str
    chapter_id: str
    choice_id: str
    target: str
    how: str
    vars: dict[str, Any]
    ending_id: str | None = None


def _statements(script: str) -> list[str]:
    """A migration's statements (they hold no semicolons in strings)."""
    return [s.strip() for s in script.split(";") if s.strip()]
