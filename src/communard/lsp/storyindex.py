"""What the language server knows of a story, without the protocol: problems by file,
where each id is defined, what to complete and what to show on hover.

Positions here are 0-based lines and columns, as the Language Server Protocol counts
them; the checker's are 1-based. The last story that loaded without errors is kept
for navigation, so going to a definition still works while the file being typed
has a mistake in it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from engine import check_story
from engine.problems import Problem
from engine.story import Scene, Story
from engine.viewing import source_view

from ..export.citations import citation_text
from ..i18n import spec_words

_WORD = re.compile(r"[A-Za-z0-9_.\-]+")
_TOP_KEY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]*)\s*:", re.MULTILINE)
_CALL = re.compile(r"visit(?:ed|s)\(\s*['\"]([^'\"]*)$")
_KEY = re.compile(r"^\s*(?:-\s+)?([a-z_]+)\s*:")


@dataclass(frozen=True, slots=True)
class Spot:
    """A place in a file, 0-based, for the protocol."""

    file: Path
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Item:
    """One completion: the id to insert, its kind and a short description."""

    label: str
    kind: str  # scene | note | codex | source | variable
    detail: str


def find_root(path: Path) -> Path | None:
    """The story folder a file belongs to: the nearest folder above it with a story.yaml."""
    for folder in [path.parent, *path.parents][:6]:
        if (folder / "story.yaml").is_file():
            return folder
    return None


@dataclass
class StoryIndex:
    """One story folder: its last check, and its ids for navigation."""

    root: Path
    story: Story | None = None
    problems: dict[Path, list[Problem]] = field(default_factory=dict)
    keys: dict[str, list[Spot]] = field(default_factory=dict)

    def check(self, unsaved: Mapping[Path, str] | None = None) -> dict[Path, list[Problem]]:
        """Check the story with the editor's unsaved texts; the problems by file."""
        story, problems = check_story(self.root, unsaved)
        by_file: dict[Path, list[Problem]] = {}
        for problem in problems:
            file = (problem.file or self.root / "story.yaml").resolve()
            by_file.setdefault(file, []).append(problem)
        self.problems = by_file
        if story is not None:
            self.story = story
            self.keys = _top_keys(story, unsaved or {})
        return by_file

    # -- what is under the cursor ------------------------------------------------------
    def _word(self, text: str, line: int, column: int) -> tuple[str, str]:
        """(the id under the cursor, the line before it)."""
        lines = text.splitlines()
        if not 0 <= line < len(lines):
            return "", ""
        row = lines[line]
        for match in _WORD.finditer(row):
            if match.start() <= column <= match.end():
                return match.group(), row[:match.start()]
        return "", row[:column]

    def definition(self, path: Path, text: str, line: int, column: int) -> list[Spot]:
        """Where the id under the cursor is defined: a scene, note, codex entry, source or
        variable (several places when an id names more than one kind of thing)."""
        word, before = self._word(text, line, column)
        story = self.story
        if not word or story is None:
            return []
        spots = []
        scene = self._scene(path, word)
        if scene is not None and scene.where is not None:
            spots.append(Spot(scene.where.file, scene.where.line - 1, scene.where.column - 1))
        if word in story.notes or word in story.codex or word in story.sources:
            spots += self.keys.get(word, [])
        if word in story.variables:
            spots += self.keys.get(f"variables.{word}", [])
        return spots

    def hover(self, path: Path, text: str, line: int, column: int) -> str | None:
        """Markdown for the id under the cursor: a note's text, a scene's title, ..."""
        word, _ = self._word(text, line, column)
        story = self.story
        if not word or story is None:
            return None
        parts = []
        scene = self._scene(path, word)
        if scene is not None:
            date = f", {spec_words(scene.date)}" if scene.date else ""
            parts.append(f"**{scene.title}** ({scene.kind} scene {scene.id}{date})")
        if word in story.notes:
            note = story.notes[word]
            parts.append(f"**{note.title}** (note)\n\n{note.text.strip()}")
        if word in story.codex:
            entry = story.codex[word]
            parts.append(f"**{entry.name}** ({entry.kind})\n\n{entry.text.strip()}")
        if word in story.sources:
            source = source_view(story, word)
            address = f" {source.url}" if source.url else ""
            parts.append(f"(source) {citation_text(source)}{address}")
        if word in story.variables:
            spec = story.variables[word]
            default = sorted(spec.default) if isinstance(spec.default, frozenset) \
                else spec.default
            parts.append(f"variable `{word}`: {spec.type}, starts as `{default}`")
        return "\n\n---\n\n".join(parts) or None

    def completions(self, path: Path, text: str, line: int, column: int) -> list[Item]:
        """The ids that fit where the cursor is: scenes after `to:`, notes in `notes:`..."""
        story = self.story
        if story is None:
            return []
        lines = text.splitlines()
        row = lines[line][:column] if 0 <= line < len(lines) else ""
        key = _context_key(lines, line, row)
        scenes = [Item(name, "scene", scene.title) for name, scene in self._scene_names(path)]
        if _CALL.search(row) or key in ("to", "start"):
            return scenes
        if key == "notes":
            return [Item(n, "note", v.title) for n, v in story.notes.items()]
        if key == "codex":
            return [Item(c, "codex", v.name) for c, v in story.codex.items()]
        if key == "sources":
            return [Item(s, "source", v.title) for s, v in story.sources.items()]
        return [Item(v, "variable", spec.type) for v, spec in story.variables.items()]

    def _chapter_of(self, path: Path) -> str | None:
        story = self.story
        for chapter in story.chapters if story is not None else ():
            if chapter.file.resolve() == path.resolve():
                return chapter.id
        return None

    def _scene(self, path: Path, word: str) -> Scene | None:
        story = self.story
        assert story is not None
        if word in story.scenes:
            return story.scenes[word]
        chapter = self._chapter_of(path)
        return story.scenes.get(f"{chapter}.{word}") if chapter else None

    def _scene_names(self, path: Path) -> list[tuple[str, Scene]]:
        """Scenes as a `to:` in this file may name them: this chapter's by their own id too."""
        story = self.story
        assert story is not None
        chapter = self._chapter_of(path)
        local = [(s.local_id, s) for s in story.scenes.values() if s.chapter_id == chapter]
        return local + list(story.scenes.items())


def _context_key(lines: list[str], line: int, row: str) -> str | None:
    """The YAML key the cursor's value belongs to: on its own line, or the list above it."""
    found = _KEY.match(row)
    if found:
        return found.group(1)
    for above in reversed(lines[max(0, line - 20):line]):
        if above.strip().startswith("- ") and ":" not in above:
            continue  # an item of a block list: keep looking for its key
        found = _KEY.match(above)
        return found.group(1) if found and above.rstrip().endswith(":") else None
    return None


def _top_keys(story: Story, unsaved: Mapping[Path, str]) -> dict[str, list[Spot]]:
    """Where each top-level id (note, source, codex entry) and each variable is written."""
    texts = {p.resolve(): t for p, t in unsaved.items()}
    keys: dict[str, list[Spot]] = {}
    chapter_files = {c.file.resolve() for c in story.chapters}
    for file in story.files:
        resolved = file.resolve()
        if resolved in chapter_files:
            continue
        try:
            text = texts.get(resolved) or resolved.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if resolved.name == "story.yaml":
            for n, row in enumerate(text.splitlines()):
                match = re.match(r"^(\s+)([A-Za-z0-9][A-Za-z0-9_-]*)\s*:", row)
                if match and match.group(2) in story.variables:
                    keys.setdefault(f"variables.{match.group(2)}", []).append(
                        Spot(resolved, n, len(match.group(1))))
            continue
        for match in _TOP_KEY.finditer(text):
            line = text.count("\n", 0, match.start())
            keys.setdefault(match.group(1), []).append(Spot(resolved, line, 0))
    return keys
