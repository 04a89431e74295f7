"""Helpers for tests that need a story on disk: copy a fixture, change a line or two.

`tests/fixtures/tiny` is the smallest clean story (three scenes, one note, one
source, one codex entry, one variable); `tests/fixtures/mini` is a little
larger and exercises every feature a player sees (once-only and locked
choices, conditional text, two chapters, month-only dates).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"
MINI = FIXTURES / "mini"
BROKEN = FIXTURES / "broken"
CHAPTER = "chapters/hill.yaml"  # tiny's only chapter


def copy_story(target: Path, base: Path = TINY,
               edits: dict[str, list[tuple[str, str]]] | None = None,
               files: dict[str, str | None] | None = None) -> Path:
    """Copy `base` to `target`, replace text in its files (each `old` must occur exactly
    once) and write or (with None) delete whole files. Returns `target`."""
    shutil.copytree(base, target, ignore=shutil.ignore_patterns("expected.txt"))
    for name, changes in (edits or {}).items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = target / name
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    return target


def communard_command() -> list[str]:
    """The installed console script, or the same entry point through this Python."""
    script = Path(sys.executable).with_name("communard")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from communard.cli import run; run()"]


def run_communard(*args: str, input: str = "", cwd: Path | None = None,
                  env: dict[str, str] | None = None,
                  timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*communard_command(), *args], input=input, capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=timeout)


def edited_copy(target: Path, changes: dict[str, list[tuple[str, str]]]) -> Path:
    """Copy the mini story to `target`, replacing text (each old text must occur once)."""
    shutil.copytree(MINI, target)
    for name, pairs in changes.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1, (old, name)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return target


def ids(view) -> list[str]:
    """The ids of the choices a scene view offers."""
    return [c.id for c in view.choices]


def snapshot(session) -> tuple:
    """Everything a player could notice of a session, and the state behind it."""
    return (session.scene_id, session.vars, session.visits, session.view(),
            [c.id for c in session.available()], session.history)
