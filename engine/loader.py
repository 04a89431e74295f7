"""Read a story folder into a validated, compiled Story, or report every problem.

`load_story` is the engine's front door. It reads each file once with the safe
YAML loader, validates it against the format models, then hands the models to
the compiler and the checks. It never stops at the first problem: authors fix
stories faster when they see them all.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import models as m
from .collector import LARGE_STORY, collector_paused
from .compiler import compile_story
from .problems import Problem, ProblemList, StoryError, UnreadableStory
from .story import Story
from .storyfiles import read_listed, read_story_file, unsaved_texts
from .translation_check import check_translations
from .translations import Collector, Visitor, languages, read_translation
from .validation import validate
from .yamlsrc import SourceFile


def find_story_file(path: str | Path) -> Path:
    """The story.yaml for a folder (or the file itself); UnreadableStory if there is none."""
    path = Path(path)
    if path.is_dir():
        path = path / "story.yaml"
    if not path.is_file():
        raise UnreadableStory(f"{path}: no story here. A story is a folder with a story.yaml "
                              "file; see story/README.md.")
    return path


def load_story(path: str | Path, language: str | None = None) -> Story:
    """Load and check the story at `path`; raise StoryError with every problem if it has errors.

    `language` plays its translation (`translations/<language>/`): every text translated
    and up to date is played translated, anything else in the story's own language.
    """
    story, problems = check_story(path, language=language)
    if story is None:
        raise StoryError(problems)
    return story


def check_story(path: str | Path, unsaved: Mapping[Path, str] | None = None, *,
                language: str | None = None, visit: Visitor | None = None,
                ) -> tuple[Story | None, list[Problem]]:
    """Load the story and return it (None if it has errors) with all problems, sorted.

    `unsaved` gives texts to read instead of the files at those paths (an editor's
    buffers not yet saved). `language` plays that translation; `visit` sees each file as
    it is read, and may hand back another (translations.Collector).
    """
    story_file = find_story_file(path)
    problems = ProblemList()
    root = story_file.parent
    translated = languages(root)
    if language is not None and visit is None:
        # Its problems are reported below, with every other language's.
        visit = Collector(read_translation(root, language, ProblemList()))
    elif translated and visit is None:
        visit = Collector()
    with collector_paused(), unsaved_texts(unsaved or {}):  # see engine/collector.py
        story = _load(story_file, problems, visit or _same)
        if story is not None and len(story.scenes) >= LARGE_STORY:
            # Enabling the collector again would make it walk the whole new story at
            # the next allocation (0.6 s for 10,000 scenes) only to find it all alive.
            # A story lives as long as the program, so move it out of the collector's way.
            gc.freeze()
    if translated and isinstance(visit, Collector):
        check_translations(root, visit.strings, problems, visit.where)
    ordered = problems.sorted()
    if problems.errors:
        return None, ordered
    assert story is not None
    object.__setattr__(story, "warnings", tuple(ordered))
    return story, ordered


def _same(kind: str, source: SourceFile) -> SourceFile:
    return source


def _load(story_file: Path, problems: ProblemList, visit: Visitor) -> Story | None:
    root = story_file.parent
    head_source = read_story_file(story_file, problems)
    if head_source is None:
        return None
    head_source = visit("story", head_source)
    head = validate(m.StoryFile, head_source, problems)
    if head is None:
        return None
    if not m.MIN_FORMAT_VERSION <= head.format <= m.FORMAT_VERSION:
        line, column = head_source.where(("format",))
        newer = head.format > m.FORMAT_VERSION
        problems.add("E003", f"this story is written in format {head.format}, and this engine "
                     f"reads formats {m.MIN_FORMAT_VERSION} to {m.FORMAT_VERSION}. "
                     + ("Update Communard to play it." if newer else
                        "Update the story files to the current format (see story/README.md)."),
                     story_file, line, column)
        return None

    failed: dict[str, set[str] | None] = {}  # kinds of file that did not load -> ids salvaged
    chapters = []
    for index, name in enumerate(head.chapters):
        source = read_listed(root, name, ("chapters", index), head_source, problems)
        source = visit("chapter", source) if source is not None else None
        chapter = validate(m.ChapterFile, source, problems) if source is not None else None
        if chapter is not None and source is not None:
            chapters.append((chapter, source))
        else:
            failed["chapters"] = None

    def gather(key: str, model: type[BaseModel], optional: bool) -> list[tuple[Any, SourceFile]]:
        names = getattr(head, key)
        listed = [names] if isinstance(names, str) else list(names)
        explicit = key in (head_source.data or {})
        found = []
        for index, name in enumerate(listed):
            loc = (key, index) if isinstance(names, list) else (key,)
            if optional and not explicit and not (root / name).exists():
                continue
            source = read_listed(root, name, loc, head_source, problems)
            parsed = None
            if source is not None:
                source = visit(key, source)
                if source.data is None:
                    source.data = [] if model is m.TimelineFile else {}
                parsed = validate(model, source, problems)
                if parsed is not None:
                    found.append((parsed, source))
            if parsed is None:
                data = source.data if source is not None else None
                ids = {str(k) for k in data} if isinstance(data, dict) else None
                earlier = failed.get(key, set())
                failed[key] = None if ids is None or earlier is None else earlier | ids
        return found

    notes = gather("notes", m.NotesFile, optional=False)
    sources = gather("sources", m.SourcesFile, optional=False)
    codex = gather("codex", m.CodexFile, optional=True)
    timeline = gather("timeline", m.TimelineFile, optional=True)
    return compile_story(head, head_source, chapters, notes, sources, codex, timeline, problems,
                         failed)
