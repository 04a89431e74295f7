"""Plain, immutable data that the Session hands to every frontend.

Frontends (the Textual app, the line-mode player, the exporters) only ever see
these objects, never the validated models or the state machine, so the engine
can change its insides without breaking them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceView:
    id: str
    author: str
    title: str
    year: int | str
    publisher: str | None = None
    url: str | None = None
    page: str | None = None
    note: str | None = None



@dataclass(frozen=True, slots=True)
class NoteView:
    id: str
    title: str
    text: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class CodexView:
    id: str
    name: str
    kind: str
    text: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class ChoiceView:
    id: str
    text: str
    target: str
    enabled: bool = True
    locked_reason: str | None = None
    once: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndingView:
    id: str
    title: str
    epilogue: str


@dataclass(frozen=True, slots=True)
class SceneView:
    """Everything a frontend needs to show the current scene."""

    id: str
    title: str
    chapter_id: str
    chapter_title: str
    kind: str
    text: str
    date: dt.date | None = None
    place: str | None = None
    choices: tuple[ChoiceView, ...] = ()
    notes: tuple[NoteView, ...] = ()
    codex: tuple[CodexView, ...] = ()
    ending: EndingView | None = None
    questions: tuple[str, ...] = ()
    #: How precise `date` is: "day", "month" or "year" (frontends word it: no month names here).
    date_precision: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    @property
    def available(self) -> tuple[ChoiceView, ...]:
        return tuple(c for c in self.choices if c.enabled)


@dataclass(frozen=True, slots=True)
class Step:
    """One move of a playthrough: the scene left and the choice taken there."""

    scene_id: str
    choice_id: str
    choice_text: str
    target: str
    history: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One row of a playthrough's timeline, in order.

    `date` places the row (a scene dated only by its month sits where the player met
    it, not on the month's first day); `date_start` and `date_precision` give the date
    as precisely as the story gives it (frontends word it). `event` is true when the
    row is one of the story's timeline events (its `title`), false when it holds only
    scenes the player read (its `title` is then the first scene's).
    """

    date: dt.date
    title: str
    scene_ids: tuple[str, ...] = field(default=())
    note_ids: tuple[str, ...] = field(default=())
    date_start: dt.date | None = None
    date_precision: str = "day"
    event: bool = False
