"""Resolve references and compile expressions: format models in, a Story out.

Everything a story refers to by name (scenes, notes, sources, codex entries,
variables) is looked up here, once, so that nothing at play time can fail on a
missing name. Conditions, effects and texts are compiled here too, so a
session only ever calls ready closures.
"""

from __future__ import annotations

import difflib
import zlib
from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from . import models as m
from .checks import run_checks
from .expressions import (
    ExpressionError,
    VarSpec,
    compile_condition,
    compile_effect,
    compile_template,
)
from .problems import ProblemList
from .safetext import quoted
from .story import Chapter, Choice, Ending, Scene, Story, TimelineEvent, Where
from .variables import compile_variables
from .yamlsrc import SourceFile

Loaded = list[tuple[Any, SourceFile]]
RETURN = "(return)"
"""`to: (return)`: back to the scene the last detour left (no scene id has brackets)."""


def did_you_mean(name: str, options: Iterable[str]) -> str:
    if len(name) > 200:  # no id is that long, and comparing costs its length times theirs
        return ""
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""


def _unknown(what: str, name: str, options: Iterable[str]) -> str:
    """`unknown note 'x' — did you mean 'y'?` or `unknown note 'x'.`: a sentence to go on from."""
    return f"unknown {what} '{name}'{did_you_mean(name, options) or '.'}"


class Salvaged(dict):
    """Ids that exist, and those of files that failed to load, so no cascade of 'unknown'.

    `salvaged` holds the ids found in a file that could not be validated; None
    means a file could not be read at all, so any id might have been in it.
    """

    def __init__(self, real: dict, salvaged: set[str] | None):
        super().__init__(real)
        self.salvaged = salvaged

    def __contains__(self, key: object) -> bool:
        return self.salvaged is None or dict.__contains__(self, key) or key in self.salvaged


def compile_story(head: m.StoryFile, head_source: SourceFile, chapters: Loaded, notes: Loaded,
                  sources: Loaded, codex: Loaded, timeline: Loaded,
                  problems: ProblemList, failed: dict[str, set[str] | None] | None = None,
                  ) -> Story | None:
    """`failed` names the kinds of file ('chapters', 'notes', ...) that did not load,
    with the ids salvaged from them: references to those are not reported as unknown,
    and the whole-story checks (which would see a story with holes) are skipped."""
    failed = failed or {}
    variables = compile_variables(head, head_source, problems)
    note_map = _merge(notes, "note", problems)
    source_map = _merge(sources, "source", problems)
    codex_map = _merge(codex, "codex entry", problems)
    known_notes = Salvaged(note_map, failed["notes"]) if "notes" in failed else note_map
    known_sources = Salvaged(source_map, failed["sources"]) if "sources" in failed else source_map
    known_codex = Salvaged(codex_map, failed["codex"]) if "codex" in failed else codex_map
    chapters_failed = "chapters" in failed

    # Index every scene first, so that references can point forwards.
    scene_ids: dict[str, tuple[str, str]] = {}   # canonical id -> (chapter, local id)
    by_local: dict[str, list[str]] = {}
    chapter_ids: set[str] = set()
    for chapter, source in chapters:
        cid = chapter.chapter.id
        if cid in chapter_ids:
            line, column = source.where(("chapter", "id"))
            problems.add("E020", f"another chapter already has the id '{cid}'. Give each chapter "
                         "its own id.", source.path, line, column)
            continue
        chapter_ids.add(cid)
        for index, scene in enumerate(chapter.scenes):
            canonical = f"{cid}.{scene.id}"
            if canonical in scene_ids:
                line, column = source.where(("scenes", index, "id"))
                problems.add("E020", f"the scene id '{scene.id}' is used twice in chapter "
                             f"'{cid}'. Rename one of them.", source.path, line, column)
                continue
            scene_ids[canonical] = (cid, scene.id)
            by_local.setdefault(scene.id, []).append(canonical)

    compiled_scenes: dict[str, Scene] = {}
    incomplete: set[str] = set()  # scenes that lost a broken choice
    cache = _shared_cache(variables, scene_ids, chapters_failed)
    compiled_chapters: list[Chapter] = []
    ending_ids: dict[str, str] = {}
    for chapter, source in chapters:
        cid = chapter.chapter.id
        resolver = _resolver(cid, scene_ids, chapter_ids if chapters_failed else None)
        ids: list[str] = []
        for index, scene in enumerate(chapter.scenes):
            canonical = f"{cid}.{scene.id}"
            if canonical in compiled_scenes or scene_ids.get(canonical) != (cid, scene.id):
                continue
            unit = _SceneCompiler(source, ("scenes", index), variables, resolver, problems,
                                  cid, cache)
            compiled = unit.scene(scene, canonical, cid, known_notes, known_codex, scene_ids)
            if len(compiled.choices) < len(scene.choices):
                incomplete.add(canonical)
            if compiled.ending is not None:
                if compiled.ending.id in ending_ids:
                    line, column = source.where(("scenes", index, "ending", "id"))
                    problems.add("E020", f"the ending id '{compiled.ending.id}' is already used "
                                 f"by {ending_ids[compiled.ending.id]}. Endings need their own "
                                 "ids.", source.path, line, column)
                ending_ids[compiled.ending.id] = canonical
            compiled_scenes[canonical] = compiled
            ids.append(canonical)
        if ids:
            compiled_chapters.append(Chapter(cid, chapter.chapter.title,
                                             tuple(chapter.chapter.questions), tuple(ids),
                                             source.path, chapter.chapter.description))

    _check_sources(notes, known_sources, problems)
    _check_sources(codex, known_sources, problems)
    events = _timeline(timeline, known_notes, problems)

    start = head.start
    start_canonical = start if start in scene_ids else None
    if start_canonical is None and len(by_local.get(start, [])) == 1:
        start_canonical = by_local[start][0]
    if start_canonical is None and chapters_failed and (
            "." not in start or start.split(".", 1)[0] not in chapter_ids):
        pass  # it may be in a chapter that failed to load: that chapter's error says enough
    elif start_canonical is None:
        line, column = head_source.where(("start",))
        problems.add("E107", f"the start scene '{quoted(start)}' does not exist"
                     f"{did_you_mean(start, scene_ids) or '.'} Set `start:` to a scene as "
                     "chapter.scene.", head_source.path, line, column)

    story = Story(
        id=head.id, title=head.title, version=head.version, format=head.format,
        start=start_canonical or start, language=head.language, authors=tuple(head.authors),
        description=head.description, calendar=head.calendar,
        root=head_source.path.parent,
        variables=MappingProxyType(variables), chapters=tuple(compiled_chapters),
        scenes=MappingProxyType(compiled_scenes), notes=MappingProxyType(note_map),
        sources=MappingProxyType(source_map), codex=MappingProxyType(codex_map),
        timeline=events,
        files=(head_source.path, *(s.path for _, s in chapters + notes + sources + codex
                                   + timeline)),
    )
    if start_canonical is not None:
        run_checks(story, problems, [s for _, s in notes], [s for _, s in sources],
                   [s for _, s in codex], head_source, partial=bool(failed),
                   incomplete=incomplete)
    return story if not problems.errors else None


_MAX_CACHED = 50_000
_caches: dict[Any, dict] = {}


def _shared_cache(variables: dict[str, VarSpec], scene_ids: dict[str, tuple[str, str]],
                  partial: bool) -> dict:
    """The compiled expressions of the last story compiled with these variables and scenes.

    A compiled expression depends only on its text, its chapter (where scene references
    resolve), the declared variables and the scene ids, so checking a story again after an
    edit (the language server at each keystroke, `play --watch`) compiles only what changed.
    """
    signature = (tuple(sorted(variables.items())), tuple(scene_ids), partial)
    cache = _caches.get(signature)
    if cache is None or len(cache) > _MAX_CACHED:
        _caches.clear()
        cache = _caches[signature] = {}
    return cache


def _resolver(chapter_id: str, scene_ids: dict[str, tuple[str, str]],
              loaded_chapters: set[str] | None = None):
    """Scene references: 'scene' means this chapter's; 'chapter.scene' any chapter's.

    With `loaded_chapters` (some chapter failed to load), a reference into a chapter
    not among them is taken on trust rather than reported: it may be in the broken one.
    """
    def resolve(ref: str) -> str | None:
        if "." in ref:
            if ref in scene_ids:
                return ref
            if loaded_chapters is not None and ref.split(".", 1)[0] not in loaded_chapters:
                return ref
            return None
        local = f"{chapter_id}.{ref}"
        return local if local in scene_ids else None
    return resolve


def _merge(loaded: Loaded, what: str, problems: ProblemList) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for parsed, source in loaded:
        for key, value in parsed.root.items():
            if key in merged:
                line, column = source.where((key,), key=True)
                problems.add("E020", f"the {what} id '{key}' is defined twice. Rename or remove "
                             "one.", source.path, line, column)
                continue
            merged[key] = value
    return merged


def _check_sources(loaded: Loaded, sources: dict[str, Any], problems: ProblemList) -> None:
    for parsed, source in loaded:
        for key, entry in parsed.root.items():
            for index, sid in enumerate(entry.sources):
                if sid not in sources:
                    line, column = source.where((key, "sources", index))
                    problems.add("E103", f"{_unknown('source', sid, sources)} "
                                 "Add it to sources.yaml or correct the id.",
                                 source.path, line, column)


def _timeline(loaded: Loaded, notes: dict[str, Any], problems: ProblemList) -> tuple:
    events = []
    for parsed, source in loaded:
        for index, event in enumerate(parsed.root):
            for n, nid in enumerate(event.notes):
                if nid not in notes:
                    line, column = source.where((index, "notes", n))
                    problems.add("E102", f"{_unknown('note', nid, notes)} "
                                 "Add it to a notes file or correct the id.",
                                 source.path, line, column)
            events.append(TimelineEvent(event.date, event.title, event.text, tuple(event.notes)))
    events.sort(key=lambda e: e.date.start)
    return tuple(events)


_COMPILERS = {"condition": compile_condition, "effect": compile_effect, "text": compile_template}


class _SceneCompiler:
    """Compiles one scene, reporting problems at the right line of its file."""

    def __init__(self, source: SourceFile, loc: tuple, variables: dict[str, VarSpec],
                 resolver, problems: ProblemList, chapter_id: str, cache: dict):
        self.chapter_id = chapter_id
        self.cache = cache  # compiled expressions are immutable, so equal sources share one
        self.source = source
        self.loc = loc
        self.variables = variables
        self.resolver = resolver
        self.problems = problems
        self.scene_id = ""  # the canonical id of the scene being compiled

    def at(self, *parts: Any) -> tuple[int, int]:
        return self.source.where((*self.loc, *parts))

    def where_later(self, *parts: Any) -> Where:
        source, loc = self.source, (*self.loc, *parts)
        return Where(source.path, lookup=lambda: source.where(loc))

    def report(self, code: str, message: str, *parts: Any) -> None:
        line, column = self.at(*parts)
        self.problems.add(code, message, self.source.path, line, column)

    def expression(self, kind: str, text: str, *parts: Any) -> Any:
        # Scene references resolve per chapter. What draws at random or varies by visits
        # belongs to its own place: it is never shared with the same text elsewhere.
        own = "chance" in text or "random" in text or (kind == "text" and "|" in text)
        key = (kind, text, self.chapter_id) if not own else (kind, text, self.loc, parts,
                                                               self.source.path)
        known = self.cache.get(key)
        if known is not None:
            return known
        compile_ = _COMPILERS[kind]
        site = zlib.crc32(f"{self.source.path.name}:{self.loc}:{parts}".encode())
        try:
            compiled: Any
            if kind == "text":
                shared = self.cache.setdefault(("if", "", self.chapter_id), {})
                compiled = compile_template(text, self.variables, self.resolver,
                                            conditions=shared, scene=self.scene_id, site=site)
            else:
                compiled = compile_(text, self.variables, self.resolver, site=site)
            self.cache[key] = compiled
            return compiled
        except ExpressionError as exc:
            line, column = self.source.locate((*self.loc, *parts), exc.offset)
            snippet = " ".join(text.split())  # one line, even for a block of text
            snippet = snippet if len(snippet) <= 60 else snippet[:59] + "…"
            hint = ""
            if kind == "effect" and parts and isinstance(parts[-1], int) and \
                    text.count("(") != text.count(")"):
                hint = (" YAML split this list at a comma inside brackets: write the effects "
                        "one per line (`- roll = random(1, 6)`) instead of in `[...]`.")
            self.problems.add(exc.code, f"{exc.message} (in `{snippet}`){hint}",
                              self.source.path, line, column)
            return None

    def scene(self, scene: m.Scene, canonical: str, chapter_id: str, notes: dict, codex: dict,
              scene_ids: dict) -> Scene:
        self.scene_id = canonical
        for index, nid in enumerate(scene.notes):
            if nid not in notes:
                self.report("E102", f"{_unknown('note', nid, notes)} Add it to a "
                            "notes file or correct the id.", "notes", index)
        for index, cid in enumerate(scene.codex):
            if cid not in codex:
                self.report("E105", f"{_unknown('codex entry', cid, codex)} Add "
                            "it to codex.yaml or correct the id.", "codex", index)
        text = self.expression("text", scene.text, "text")
        choices = []
        seen_ids: set[str] = set()
        keys: dict[str, int] = {}
        for index, choice in enumerate(scene.choices):
            compiled = self.choice(choice, index, scene_ids, chapter_id)
            if compiled is None:
                continue
            if compiled.id in seen_ids:
                self.report("E020", f"two choices of this scene have the id '{compiled.id}'. "
                            "Rename one.", "choices", index, "id")
            seen_ids.add(compiled.id)
            keys[compiled.key] = keys.get(compiled.key, 0) + 1
            if keys[compiled.key] > 1:  # a second id-less choice to the same scene
                compiled = replace(compiled, key=f"{compiled.key}~{keys[compiled.key]}")
            choices.append(compiled)
        ending = None
        if scene.ending is not None:
            epilogue = self.expression("text", scene.ending.epilogue, "ending", "epilogue")
            ending = Ending(scene.ending.id, scene.ending.title, epilogue)
            if scene.choices:
                line, column = self.source.where((*self.loc, "ending"), key=True)
                self.problems.add("E123", "this scene has choices and an ending; an ending closes "
                                  "the story. Remove the choices or the ending.",
                                  self.source.path, line, column)
        return Scene(canonical, scene.id, chapter_id, scene.title, text, scene.kind, scene.date,
                     scene.place, tuple(scene.notes), tuple(scene.codex), tuple(choices), ending,
                     self.where_later("id"), tuple(scene.tags))

    def choice(self, choice: m.Choice, index: int, scene_ids: dict,
               chapter_id: str) -> Choice | None:
        returns = choice.to == RETURN
        target = self.scene_id if returns else self.resolver(choice.to)
        if returns and choice.detour:
            self.report("E124", "a choice cannot both start a detour and return from one. "
                        "Remove `detour: true`, or point `to:` at the detour's first scene.",
                        "choices", index, "detour")
        if choice.once and choice.id is None:
            self.report("W208", "this once-only choice has no `id:`, so saves remember it by "
                        "where it leads. Give it an id (`id: ask-baker`) that stays the same "
                        "when you edit the scene.", "choices", index)
        if target is None:
            local_names = [c.split(".", 1)[1] for c in scene_ids if c.startswith(chapter_id + ".")]
            hint = did_you_mean(choice.to, list(scene_ids) + local_names)
            self.report("E101", f"unknown target '{quoted(choice.to)}'{hint or '.'} Point `to:` "
                        "at an existing scene: 'scene' in this chapter or 'chapter.scene'.",
                        "choices", index, "to")
        text = self.expression("text", choice.text, "choices", index, "text")
        condition = None
        if choice.if_ is not None:
            condition = self.expression("condition", choice.if_, "choices", index, "if")
        effects = []
        do = [choice.do] if isinstance(choice.do, str) else choice.do
        for n, effect in enumerate(do):
            parts = ("choices", index, "do") + ((n,) if isinstance(choice.do, list) else ())
            compiled = self.expression("effect", effect, *parts)
            if compiled is not None:
                effects.append(compiled)
        if target is None:
            return None
        if text is None:  # reported; keep the choice, so the graph checks see the story whole
            text = compile_template("", self.variables, self.resolver)
        return Choice(choice.id or str(index + 1), index, text, target, condition, tuple(effects),
                      choice.once, choice.locked, choice.history,
                      self.where_later("choices", index),
                      key=choice.id or f">{RETURN if returns else target}",
                      detour=choice.detour, returns=returns, tags=tuple(choice.tags))
