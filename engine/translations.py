"""Translations of a story: text only, keyed by stable ids, each tied to its English source.

A translation is a folder `translations/<lang>/` beside story.yaml, holding YAML
files of entries keyed by string id:

    morning.oven.text:
      source: 3f2a9c1b0d      # the hash of the English it was made from
      text: |
        La pâte lève depuis minuit...

Ids name what a string is, not where it sits (`story.title`, `<chapter>.title`,
`<chapter>.questions.2`, `<scene>.text`, `<scene>.choices.<choice>.locked`,
`<scene>.ending.epilogue`, `note.<id>.text`, `codex.<id>.name`,
`timeline.<date>.<n>.title`, `variable.<name>.description`), so moving a scene in its
file keeps its translation. When the English changes, its hash no longer matches
and the checker calls the translation stale (as Yarn Spinner's line tags do).

Conditions, effects and variables stay in the English files: a translation gives
text only, and its `{if}`/`{= }` markup must be the English's (checked here). A
string that is missing, stale or broken is played in English, never half-applied.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .expr_parse import ExpressionError
from .problems import ProblemList
from .safetext import quoted
from .storyfiles import read_story_file
from .templates import IfBlock, Interpolation, Part, parse_template
from .yamlsrc import SourceFile

TRANSLATIONS = "translations"
LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
MAX_FILES = 500
#: The fields of each kind of file that hold text a reader sees, by their place in the data.
Loc = tuple[str | int, ...]


def source_hash(text: str) -> str:
    """Ten hex digits of the English text's SHA-256: short to read, enough to tell edits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class SourceString:
    """One English text a translator translates: where it is, and what it belongs to."""

    id: str
    text: str
    path: Path
    loc: Loc
    context: str  # what a translator needs to place it: "scene morning.oven: The Oven"

    @property
    def hash(self) -> str:
        return source_hash(self.text)


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated string, as a translation file gives it."""

    id: str
    text: str
    source: str
    path: Path
    line: int
    column: int


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def strings_in(kind: str, data: Any) -> Iterator[tuple[str, Loc, str, str]]:
    """(id, place in the data, English text, context) of every text in one parsed file.

    `kind` is "story", "chapter", "notes", "codex" or "timeline". The data is read
    defensively (it is not validated yet): anything not shaped as expected is skipped.
    """
    if not isinstance(data, dict | list):
        return
    if kind == "story" and isinstance(data, dict):
        for key in ("title", "description"):
            if text := _text(data.get(key)):
                yield f"story.{key}", (key,), text, "the story"
        variables = data.get("variables")
        if isinstance(variables, dict):
            for name, spec in variables.items():
                if isinstance(spec, dict) and (text := _text(spec.get("description"))):
                    yield (f"variable.{name}.description", ("variables", name, "description"),
                           text, f"variable {name}")
    elif kind == "chapter" and isinstance(data, dict):
        yield from _chapter(data)
    elif kind in ("notes", "codex") and isinstance(data, dict):
        fields = ("title", "text") if kind == "notes" else ("name", "text")
        prefix = "note" if kind == "notes" else "codex"
        for key, entry in data.items():
            if isinstance(entry, dict):
                for name in fields:
                    if text := _text(entry.get(name)):
                        yield f"{prefix}.{key}.{name}", (key, name), text, f"{prefix} {key}"
    elif kind == "timeline" and isinstance(data, list):
        seen: Counter[str] = Counter()
        for index, event in enumerate(data):
            if not isinstance(event, dict):
                continue
            day = str(event.get("date", ""))
            seen[day] += 1
            for name in ("title", "text"):
                if text := _text(event.get(name)):
                    yield (f"timeline.{day}.{seen[day]}.{name}", (index, name), text,
                           f"timeline, {day}")


def _chapter(data: dict[str, Any]) -> Iterator[tuple[str, Loc, str, str]]:
    head = data.get("chapter")
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        return
    cid = head["id"]
    for key in ("title", "description"):
        if text := _text(head.get(key)):
            yield f"{cid}.{key}", ("chapter", key), text, f"chapter {cid}"
    questions = head.get("questions")
    if isinstance(questions, list):
        for n, question in enumerate(questions, 1):
            if text := _text(question):
                yield (f"{cid}.questions.{n}", ("chapter", "questions", n - 1), text,
                       f"chapter {cid}, discussion question {n}")
    scenes = data.get("scenes")
    for index, scene in enumerate(scenes if isinstance(scenes, list) else []):
        if not isinstance(scene, dict) or not isinstance(scene.get("id"), str):
            continue
        sid = f"{cid}.{scene['id']}"
        where: Loc = ("scenes", index)
        context = f"scene {sid}: {scene.get('title', '')}"
        for key in ("title", "text", "place"):
            if text := _text(scene.get(key)):
                yield f"{sid}.{key}", (*where, key), text, context
        choices = scene.get("choices")
        for n, choice in enumerate(choices if isinstance(choices, list) else []):
            if not isinstance(choice, dict):
                continue
            choice_id = choice.get("id") if isinstance(choice.get("id"), str) else str(n + 1)
            for key in ("text", "locked", "history"):
                if text := _text(choice.get(key)):
                    yield (f"{sid}.choices.{choice_id}.{key}", (*where, "choices", n, key), text,
                           f"{context}, choice {choice_id}")
        ending = scene.get("ending")
        if isinstance(ending, dict):
            for key in ("title", "epilogue"):
                if text := _text(ending.get(key)):
                    yield f"{sid}.ending.{key}", (*where, "ending", key), text, \
                        f"{context}, ending"


def markup(text: str) -> Counter[str] | None:
    """The template markup of a text ({if}, {elif}, {else}, {end}, {= }), None if malformed.

    A translation may move markup about (French puts a name elsewhere in the sentence)
    but must keep all of it: the conditions are the story's logic, not its words.
    """
    try:
        parts, _tags = parse_template(text)
    except (ExpressionError, RecursionError):
        return None
    found: Counter[str] = Counter()
    _count(parts, found)
    return found


def _count(parts: list[Part], found: Counter[str]) -> None:
    for part in parts:
        if isinstance(part, Interpolation):
            found["{= " + " ".join(part.source.split()) + "}"] += 1
        elif isinstance(part, IfBlock):
            for n, branch in enumerate(part.branches):
                found[("{if " if n == 0 else "{elif ") + " ".join(branch.source.split()) + "}"] += 1
                _count(branch.parts, found)
            if part.otherwise is not None:
                found["{else}"] += 1
                _count(part.otherwise, found)
            found["{end}"] += 1


def markup_difference(english: str, translated: str) -> str | None:
    """Why the translation's markup is not the English's, in words; None when it is."""
    wanted, got = markup(english), markup(translated)
    if got is None:
        return "its {if}/{= } markup is malformed (a brace or an {end} is missing)"
    if wanted is None or wanted == got:
        return None
    lost = sorted((wanted - got).elements())
    added = sorted((got - wanted).elements())
    said = []
    if lost:
        said.append("it lacks " + ", ".join(quoted(m, 60) for m in lost))
    if added:
        said.append("it adds " + ", ".join(quoted(m, 60) for m in added))
    return " and ".join(said)


@dataclass
class Translation:
    """The entries of one language, read from its folder, with the problems found reading."""

    language: str
    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    def text_for(self, string: SourceString) -> str | None:
        """The translated text to play, or None (missing, stale or broken: English is played)."""
        entry = self.entries.get(string.id)
        if entry is None or entry.source != string.hash or not entry.text.strip():
            return None
        if markup_difference(string.text, entry.text) is not None:
            return None
        return entry.text


def languages(story_dir: Path) -> list[str]:
    """The languages a story has translation folders for, sorted."""
    folder = story_dir / TRANSLATIONS
    try:
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and LANGUAGE.match(p.name))
    except OSError:
        return []


def read_translation(story_dir: Path, language: str, problems: ProblemList) -> Translation:
    """Read `translations/<language>/*.yaml` (safe YAML, bounded), reporting what is wrong."""
    folder = story_dir / TRANSLATIONS / language
    found = Translation(language, folder)
    if not LANGUAGE.match(language):
        problems.add("E140", f"'{quoted(language, 40)}' is not a language code such as fr or "
                     "pt_BR. Name the translation folder by its language.", folder)
        return found
    try:
        files = sorted(p for p in folder.rglob("*.yaml")
                       if p.resolve().is_relative_to(story_dir.resolve()))[:MAX_FILES]
    except OSError:
        files = []
    for path in files:
        source = read_story_file(path, problems)
        if source is not None:
            _entries(source, found, problems)
    return found


def _entries(source: SourceFile, found: Translation, problems: ProblemList) -> None:
    data = source.data
    if data is None:
        return
    if not isinstance(data, dict):
        problems.add("E140", "a translation file is a mapping of string ids to entries "
                     "(`id: {source: <hash>, text: ...}`).", source.path, 1, 1)
        return
    for key, value in data.items():
        line, column = source.where((key,), key=True)
        if not isinstance(key, str) or not isinstance(value, dict) \
                or not isinstance(value.get("text"), str) \
                or not isinstance(value.get("source"), str) or set(value) - {"text", "source"}:
            problems.add("E140", f"the entry '{quoted(str(key), 80)}' must hold `source:` (the "
                         "hash of the English) and `text:` (the translation), nothing else.",
                         source.path, line, column)
            continue
        if key in found.entries:
            earlier = found.entries[key]
            problems.add("E020", f"the string '{quoted(key, 80)}' is translated twice (also at "
                         f"{earlier.path.name}:{earlier.line}). Keep one.",
                         source.path, line, column)
            continue
        found.entries[key] = Entry(key, value["text"], value["source"], source.path, line, column)


class Collector:
    """Called by the loader with each file it reads: records the English strings, and
    (given a Translation) hands back the file with its translated texts in place."""

    def __init__(self, translation: Translation | None = None) -> None:
        self.translation = translation
        self.strings: list[SourceString] = []
        self._files: dict[Path, SourceFile] = {}

    def where(self, string: SourceString) -> tuple[int, int]:
        """The line and column of an English string in its file."""
        source = self._files.get(string.path)
        return source.where(string.loc) if source is not None else (0, 0)

    def __call__(self, kind: str, source: SourceFile) -> SourceFile:
        found = [SourceString(sid, text, source.path, loc, context)
                 for sid, loc, text, context in strings_in(kind, source.data)]
        self.strings += found
        self._files[source.path] = source
        if self.translation is None:
            return source
        changes = [(s.loc, text) for s in found
                   if (text := self.translation.text_for(s)) is not None]
        if kind == "story" and isinstance(source.data, dict):
            changes.append((("language",), self.translation.language))
        if not changes:
            return source
        data = copy.deepcopy(source.data)  # parsed data may be shared with the parse cache
        for loc, text in changes:
            _put(data, loc, text)
        return SourceFile(source.path, data, source.duplicate_keys, source.text)


def _put(data: Any, loc: Loc, value: str) -> None:
    *path, last = loc
    for key in path:
        data = data[key]
    data[last] = value


Visitor = Callable[[str, SourceFile], SourceFile]
