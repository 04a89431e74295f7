"""Building a SceneView: what never changes in a scene is built once per story.

A scene's title, chapter, date label, notes, codex entries and discussion
questions, and the view of each choice whose text has no condition in it, are
the same on every visit. They are built the first time the scene is shown and
shared by every later view of it, in every session: views are immutable, so
sharing them is safe. Each view then renders only the texts that depend on
the variables and picks the choices the guards allowed.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from .collector import collector_paused
from .machine import choice_key
from .story import Scene, Story
from .views import ChoiceView, CodexView, EndingView, NoteView, SceneView, SourceView

_NO_SCOPE: Any = None


class _Frame:
    """The parts of one scene's view that do not depend on the player."""

    __slots__ = ("chapter_id", "chapter_title", "date", "date_precision",
                 "notes", "codex", "questions", "allowed", "locked")

    def __init__(self, story: Story, scene: Scene):
        chapter = story.chapter(scene.chapter_id)
        self.chapter_id = chapter.id
        self.chapter_title = chapter.title
        self.date = scene.date.start if scene.date else None
        self.date_precision = scene.date.precision if scene.date else None
        self.notes = tuple(note_view(story, n) for n in scene.note_ids)
        self.codex = tuple(codex_view(story, c) for c in scene.codex_ids)
        leaves = any(story.scenes[c.target].chapter_id != chapter.id for c in scene.choices)
        self.questions = tuple(chapter.questions) if leaves or scene.ending else ()
        # A choice's view, shown allowed or locked, when its text is fixed; else None.
        # (A static template ignores the scope it is rendered with.)
        self.allowed = tuple(
            ChoiceView(c.id, c.text.render(_NO_SCOPE), c.target, True, None, c.once, c.tags)
            if c.text.is_static else None for c in scene.choices)
        self.locked = tuple(
            ChoiceView(c.id, c.text.render(_NO_SCOPE), c.target, False, c.locked, c.once, c.tags)
            if c.text.is_static and c.locked else None for c in scene.choices)


_frames: weakref.WeakKeyDictionary[Story, dict[str, _Frame]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def frames(story: Story) -> dict[str, _Frame]:
    """The story's shared frames, by scene id, filled as scenes are first shown."""
    found = _frames.get(story)
    if found is None:
        with _lock:
            found = _frames.setdefault(story, {})
    return found


def scene_view(story: Story, frames: dict[str, _Frame], scene: Scene, scope: Any,
               allowed: list[bool]) -> SceneView:
    """The view of `scene` for a player whose variables are `scope`.

    `allowed` is the guards' answer for each choice; a choice they refuse is shown
    locked when it has a `locked:` reason and is not a once-only choice already
    taken, and hidden otherwise. `frames` is `frames(story)`.
    """
    frame = frames.get(scene.id)
    if frame is None:
        with collector_paused():  # a burst of long-lived views: see engine/collector.py
            frame = frames[scene.id] = _Frame(story, scene)
    choices = []
    for choice, ok, fixed, locked in zip(scene.choices, allowed, frame.allowed, frame.locked,
                                         strict=True):
        if ok:
            choices.append(fixed or ChoiceView(choice.id, choice.text.render(scope),
                                               choice.target, True, None, choice.once,
                                               choice.tags))
        elif choice.locked and not (choice.once and
                                    choice_key(scene.id, choice) in scope.taken):
            choices.append(locked or ChoiceView(choice.id, choice.text.render(scope),
                                                choice.target, False, choice.locked,
                                                choice.once, choice.tags))
    ending = None
    if scene.ending is not None:
        ending = EndingView(scene.ending.id, scene.ending.title,
                            scene.ending.epilogue.render(scope))
    return SceneView(
        scene.id, scene.title, frame.chapter_id, frame.chapter_title, scene.kind,
        scene.text.render(scope), frame.date, scene.place, tuple(choices), frame.notes,
        frame.codex, ending, frame.questions, frame.date_precision, scene.tags)


def source_view(story: Story, source_id: str) -> SourceView:
    s = story.sources[source_id]
    return SourceView(source_id, s.author, s.title, s.year, s.publisher, s.url,
                      None if s.page is None else str(s.page), s.note)


def note_view(story: Story, note_id: str) -> NoteView:
    note = story.notes[note_id]
    return NoteView(note_id, note.title, note.text,
                    tuple(source_view(story, s) for s in note.sources))


def codex_view(story: Story, entry_id: str) -> CodexView:
    entry = story.codex[entry_id]
    return CodexView(entry_id, entry.name, entry.kind, entry.text,
                     tuple(source_view(story, s) for s in entry.sources))
