"""The validated, compiled, immutable story that sessions play.

The loader turns files into these objects once: ids are resolved to their
canonical `chapter.scene` form, conditions, effects and texts are compiled,
and nothing here refers back to YAML. Everything is frozen so one Story can be
shared by any number of sessions (and threads) without copying.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .expressions import Condition, Effect, Template, VarSpec
from .models import CodexEntry, DateSpec, Note, Source


class Where:
    """Where something was written, for messages and tools.

    Finding a line means composing the file's YAML again, which costs as much as
    loading it, so a Where made by the loader looks its line up on first use:
    a story that loads cleanly never pays for positions nobody asks for.
    """

    __slots__ = ("file", "_line", "_column", "_lookup")

    def __init__(self, file: Path, line: int = 0, column: int = 0, *,
                 lookup: Callable[[], tuple[int, int]] | None = None):
        self.file = file
        self._line = line
        self._column = column
        self._lookup = lookup

    def _resolve(self) -> None:
        if self._lookup is not None:
            self._line, self._column = self._lookup()
            self._lookup = None

    @property
    def line(self) -> int:
        self._resolve()
        return self._line

    @property
    def column(self) -> int:
        self._resolve()
        return self._column

    def __repr__(self) -> str:
        return f"Where({self.file}:{self.line}:{self.column})"


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    index: int
    text: Template
    target: str
    condition: Condition | None = None
    effects: tuple[Effect, ...] = ()
    once: bool = False
    locked: str | None = None
    history: str | None = None
    where: Where | None = None
    key: str = ""
    """How saves remember the choice: its `id:` when it has one, else where it leads
    (`>chapter.scene`), so a choice inserted before it shifts nothing."""
    detour: bool = False
    """Going there puts this scene on the return stack (`to: (return)` comes back)."""
    returns: bool = False
    """`to: (return)`: back to the scene the last detour left (`target` is this scene)."""
    tags: tuple[str, ...] = ()

    @property
    def trigger(self) -> str:
        """The name of the state machine's trigger that fires this choice."""
        return f"choose_{self.index}"


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    epilogue: Template


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    local_id: str
    chapter_id: str
    title: str
    text: Template
    kind: str
    date: DateSpec | None = None
    place: str | None = None
    note_ids: tuple[str, ...] = ()
    codex_ids: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None
    where: Where | None = None
    tags: tuple[str, ...] = ()

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    questions: tuple[str, ...]
    scene_ids: tuple[str, ...]
    file: Path
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: DateSpec
    title: str
    text: str | None = None
    note_ids: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # identity: a Story is shared, never compared
class Story:
    """A loaded story. Build it with `engine.load_story`, never by hand."""

    id: str
    title: str
    version: str
    format: int
    start: str
    language: str = "en"
    authors: tuple[str, ...] = ()
    description: str = ""
    calendar: str = "gregorian"
    root: Path = Path(".")
    variables: Mapping[str, VarSpec] = field(default_factory=dict)
    chapters: tuple[Chapter, ...] = ()
    scenes: Mapping[str, Scene] = field(default_factory=dict)
    notes: Mapping[str, Note] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    codex: Mapping[str, CodexEntry] = field(default_factory=dict)
    timeline: tuple[TimelineEvent, ...] = ()
    files: tuple[Path, ...] = ()
    warnings: tuple[Any, ...] = ()

    @property
    def endings(self) -> dict[str, Scene]:
        """Ending id -> the scene that ends there, in story order."""
        return {s.ending.id: s for s in self.scenes.values() if s.ending is not None}

    def chapter(self, chapter_id: str) -> Chapter:
        return self._chapters_by_id[chapter_id]

    @property
    def _chapters_by_id(self) -> dict[str, Chapter]:
        return {c.id: c for c in self.chapters}

    def initial_vars(self) -> dict[str, bool | int | str | frozenset[str]]:
        return {name: spec.default for name, spec in self.variables.items()}
