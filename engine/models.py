"""The story format, version 2 (version 1 still reads), as pydantic models: one per file kind.

These models are the single definition of what a story file may contain: the
loader validates against them and `communard schema` generates the JSON Schema
for editors from them, so the documentation and the checker cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    RootModel,
    WithJsonSchema,
)

#: The story format this engine writes and the oldest it still reads.
FORMAT_VERSION = 2
MIN_FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, Field(max_length=100_000)]
Kind = Literal["historical", "fictional", "counterfactual"]


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A date as precise as the sources allow: a day, a month or a year.

    Data only: frontends word it in the player's language (month names are theirs).
    """

    start: dt.date
    end: dt.date
    precision: Literal["day", "month", "year"]

    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y}"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_date(value: Any) -> DateSpec:
    """Accept a YAML date, 'YYYY-MM-DD', 'YYYY-MM' (a month) or 'YYYY' (a year)."""
    if isinstance(value, DateSpec):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateSpec(value, value, "day")
    if isinstance(value, int) and 1000 <= value <= 9999:
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            day = dt.date.fromisoformat(text)
            return DateSpec(day, day, "day")
        except ValueError:
            pass
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                first = dt.date(year, month, 1)
                following = dt.date(year + (month == 12), month % 12 + 1, 1)
                return DateSpec(first, following - dt.timedelta(days=1), "month")
        if m := _YEAR.match(text):
            year = int(m[1])
            return DateSpec(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    raise ValueError("a date is written YYYY-MM-DD (1871-03-18), or YYYY-MM for a month, "
                     "or YYYY for a year")


DateField = Annotated[
    DateSpec,
    BeforeValidator(parse_date),
    PlainSerializer(lambda d: d.iso()),
    WithJsonSchema({"type": "string",
                    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "YYYY-MM-DD, or YYYY-MM for a month, or YYYY for a year"}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


Tags = Annotated[list[Annotated[str, Field(min_length=1, max_length=80)]],
                 Field(max_length=50)]
"""Free-form labels for frontends and tools (a teacher's filter, a content warning)."""


class Variable(_Model):
    """A story variable: its type, default and, for numbers, limits; for a set, its names."""

    type: Literal["bool", "int", "str", "set"]
    default: bool | int | str | list[Id]
    min: int | None = None
    max: int | None = None
    of: list[Id] | None = Field(default=None, max_length=500,
                                description="A set's possible members (type: set only)")
    description: str | None = None


class StoryFile(_Model):
    """story.yaml: the title page of a story."""

    format: int = Field(description="The story format version the files are written for")
    id: Id
    title: str
    version: str
    language: str = "en"
    authors: list[str] = []
    description: str = ""
    start: str = Field(description="The first scene: chapter.scene")
    calendar: Literal["gregorian", "republican"] = "gregorian"
    chapters: list[str] = Field(min_length=1)
    notes: str | list[str] = "notes.yaml"
    sources: str | list[str] = "sources.yaml"
    codex: str | list[str] = "codex.yaml"
    timeline: str | list[str] = "timeline.yaml"
    variables: dict[Id, Variable] = {}


class Ending(_Model):
    id: Id
    title: str
    epilogue: Text


class Choice(_Model):
    """One way out of a scene."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Id | None = None
    text: Text
    to: str
    if_: str | None = Field(default=None, alias="if")
    locked: str | None = None
    do: str | list[str] = []
    once: bool = False
    detour: bool = Field(default=False, description="Go to `to:` and come back here when a "
                         "choice there says `to: (return)`")
    history: Text | None = None
    tags: Tags = []


class Scene(_Model):
    id: Id
    title: str
    text: Text
    kind: Kind
    date: DateField | None = None
    place: str | None = None
    notes: list[Id] = []
    codex: list[Id] = []
    choices: list[Choice] = []
    ending: Ending | None = None
    tags: Tags = []


class ChapterHeader(_Model):
    id: Id
    title: str
    description: str | None = None
    questions: list[str] = []


class ChapterFile(_Model):
    """A chapter file: its header and its scenes."""

    chapter: ChapterHeader
    scenes: list[Scene] = Field(min_length=1)


class Note(_Model):
    title: str
    text: Text
    sources: tuple[Id, ...] = Field(min_length=1)  # a tuple: the loaded story is immutable


class Source(_Model):
    author: str
    title: str
    year: int | str
    publisher: str | None = None
    url: str | None = None
    page: str | int | None = None
    note: str | None = None


class CodexEntry(_Model):
    name: str
    kind: Literal["person", "place", "term", "group"]
    text: Text
    sources: tuple[Id, ...] = Field(min_length=1)


class TimelineEvent(_Model):
    date: DateField
    title: str
    text: str | None = None
    notes: list[Id] = []


NotesFile = RootModel[dict[Id, Note]]
SourcesFile = RootModel[dict[Id, Source]]
CodexFile = RootModel[dict[Id, CodexEntry]]
TimelineFile = RootModel[list[TimelineEvent]]

#: Which model validates which kind of file; also the list `communard schema` writes.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "story": StoryFile,
    "chapter": ChapterFile,
    "notes": NotesFile,
    "sources": SourcesFile,
    "codex": CodexFile,
    "timeline": TimelineFile,
}
