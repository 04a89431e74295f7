"""Whole-story checks: reachability, dead ends, unused material, dates.

These run on the compiled story, after every reference resolved. Reachability
ignores conditions (it asks "is there any path at all"), so it never reports
a scene that some player could reach; the random playtester finds the rest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from .problems import ProblemList
from .story import Choice, Scene, Story
from .yamlsrc import SourceFile


def reachable_from(story: Story, start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    scenes = story.scenes
    while queue:
        scene = scenes.get(queue.popleft())
        if scene is None:
            continue
        for choice in scene.choices:
            if choice.target not in seen:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def run_checks(story: Story, problems: ProblemList, notes: list[SourceFile],
               sources: list[SourceFile], codex: list[SourceFile], head: SourceFile,
               partial: bool = False, incomplete: set[str] | frozenset[str] = frozenset(),
               ) -> None:
    """`partial`: some file failed to load, so reachability and "never used" would
    report false alarms; `incomplete`: scenes that lost a broken choice."""
    graph_complete = not partial and not any(p.code == "E101" for p in problems.items)
    if graph_complete:
        _reachability(story, problems)
        _detours(story, problems)
    for scene in story.scenes.values():
        if scene.id not in incomplete:
            _exits(scene, problems)
        _dates(story, scene, problems)
        if scene.kind == "historical" and not scene.note_ids:
            _at(problems, "W207", scene, f"the historical scene '{scene.id}' has no note. Add "
                "`notes: [...]` saying where its facts come from.")
    if not partial:
        _unused(story, problems, notes, sources, codex, head)


def _at(problems: ProblemList, code: str, scene: Scene, message: str, line: int = 0,
        column: int = 0) -> None:
    where = scene.where
    problems.add(code, message, where.file if where else None,
                 line or (where.line if where else 0), column or (where.column if where else 0))


def _reachability(story: Story, problems: ProblemList) -> None:
    seen = reachable_from(story, story.start)
    for scene in story.scenes.values():
        if scene.id in seen:
            continue
        if scene.ending is not None:
            _at(problems, "E122", scene, f"the ending '{scene.ending.id}' ({scene.id}) can never "
                "be reached from the start. Add a choice that leads to it, or remove it.")
        else:
            _at(problems, "E120", scene, f"the scene '{scene.id}' can never be reached from the "
                "start. Add a choice that leads to it, or remove it.")


def _within(story: Story, entry: str) -> set[str]:
    """The scenes a detour that starts at `entry` can pass through before it returns: its
    ordinary choices are followed; a detour inside it comes back to where it left, so it
    is not; nor is a return."""
    seen = {entry}
    queue = deque([entry])
    while queue:
        scene = story.scenes.get(queue.popleft())
        for choice in scene.choices if scene is not None else ():
            if not (choice.detour or choice.returns) and choice.target not in seen:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def _detours(story: Story, problems: ProblemList) -> None:
    """A return must be inside some detour (E124); a detour must be able to come back, or
    at least end the story (W209)."""
    starts: dict[str, Choice] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.detour:
                starts.setdefault(choice.target, choice)
    inside: set[str] = set()
    for entry, choice in starts.items():
        scenes = _within(story, entry)
        inside |= scenes
        if not any(story.scenes[s].ending is not None or
                   any(c.returns for c in story.scenes[s].choices) for s in scenes):
            _choice_at(problems, "W209", choice, f"this detour to '{entry}' never comes back: "
                       "no scene it leads to has a choice with `to: (return)`. Add one where "
                       "the detour ends, or remove `detour: true`.")
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.returns and scene.id not in inside:
                _choice_at(problems, "E124", choice, f"this choice returns from a detour, but "
                           f"no detour leads to '{scene.id}'. Add `detour: true` to the choice "
                           "that starts the detour, or point `to:` at a scene.")


def _choice_at(problems: ProblemList, code: str, choice: Choice, message: str) -> None:
    where = choice.where
    problems.add(code, message, where.file if where else None, where.line if where else 0,
                 where.column if where else 0)


def _exits(scene: Scene, problems: ProblemList) -> None:
    if scene.ending is not None:
        return
    if not scene.choices:
        _at(problems, "E121", scene, f"the scene '{scene.id}' has no choices and is not an "
            "ending: the player would be stuck. Add a choice, or make it an ending with "
            "`ending: {id, title, epilogue}`.")
    elif all(c.condition is not None or c.once for c in scene.choices):
        _at(problems, "W206", scene, f"every choice of '{scene.id}' has a condition or is once-"
            "only, so a player could find none available. Add one choice without `if:`.")


def _dates(story: Story, scene: Scene, problems: ProblemList) -> None:
    if scene.date is None:
        return
    for choice in scene.choices:
        target = story.scenes.get(choice.target)
        if target is None or target.date is None:
            continue
        if target.date.end < scene.date.start:
            where = choice.where
            problems.add("W203", f"this choice goes back in time: from {scene.date.iso()} "
                         f"({scene.id}) to {target.date.iso()} ({target.id}). Check the dates.",
                         where.file if where else None, where.line if where else 0,
                         where.column if where else 0)


def _unused(story: Story, problems: ProblemList, notes: list[SourceFile],
            sources: list[SourceFile], codex: list[SourceFile], head: SourceFile) -> None:
    used_notes = {n for s in story.scenes.values() for n in s.note_ids}
    used_notes.update(n for e in story.timeline for n in e.note_ids)
    _report_unused(problems, "W201", "note", story.notes, used_notes, notes,
                   "Show it from a scene with `notes: [...]`, or remove it.")
    cited = {sid for n in story.notes.values() for sid in n.sources}
    cited.update(sid for c in story.codex.values() for sid in c.sources)
    _report_unused(problems, "W202", "source", story.sources, cited, sources,
                   "Cite it from a note, or remove it.")
    met = {c for s in story.scenes.values() for c in s.codex_ids}
    _report_unused(problems, "W205", "codex entry", story.codex, met, codex,
                   "Name it in a scene's `codex: [...]`, or remove it.")
    used_vars: set[str] = set()
    for scene in story.scenes.values():
        used_vars |= _variables_of(scene)
    for name in story.variables:
        if name not in used_vars:
            line, column = head.where(("variables", name), key=True)
            problems.add("W204", f"the variable '{name}' is never used. Use it in a condition, "
                         "effect or text, or remove it.", head.path, line, column)


def _variables_of(scene: Scene) -> set[str]:
    found: set[str] = set()
    templates: list = [scene.text]
    if scene.ending is not None:
        templates.append(scene.ending.epilogue)
    for choice in scene.choices:
        templates.append(choice.text)
        if choice.condition is not None:
            found |= choice.condition.variables
        for effect in choice.effects:
            found |= effect.variables | {effect.target}
    for template in templates:
        if template is not None:
            found |= template.variables
    return found


def _report_unused(problems: ProblemList, code: str, what: str, defined: Iterable[str],
                   used: set[str], files: list[SourceFile], fix: str) -> None:
    for key in defined:
        if key in used:
            continue
        for source in files:
            if isinstance(source.data, dict) and key in source.data:
                line, column = source.where((key,), key=True)
                problems.add(code, f"the {what} '{key}' is never used. {fix}", source.path,
                             line, column)
                break
