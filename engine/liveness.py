"""What can still matter at each scene: the part of a player's state an explorer must keep.

Two players standing on the same scene have the same future (the same choices
open to them now and later) when they agree on everything the rest of the
story can still read: the variables a later condition tests, or that an
effect feeding such a variable reads; the visit counts a condition asks for;
the once-only choices still ahead of them. Everything else (a variable only
shown in text, a flag no later scene asks about) can differ without changing
what is reachable, so the explorer leaves it out of its states and visits one
state where there would otherwise be thousands.

This is the classic backward liveness analysis of compilers, on the story
graph: what is read at a scene is live there, and what is live at a scene is
live before each choice that leads to it, unless that choice's effects set it.
Visit counts that are only ever asked `visited()` matter only as "ever or
never", so the explorer keeps them as true or false.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .expr_parse import Binary, Call, Lit, Logic, Node, Unary, parse_effect, parse_expression
from .expressions import ExpressionError
from .machine import choice_key
from .story import Choice, Scene, Story

VISITS = "visits:"
"""Prefix of a visit count among the names: `visits:chapter.scene`."""
TAKEN = "taken:"
"""Prefix of a once-only choice among the names: `taken:chapter.scene#id`."""


@dataclass(frozen=True, slots=True)
class Live:
    """What the explorer keeps at one scene: variable names, visit counts, once-only keys."""

    variables: tuple[str, ...]
    visits: tuple[str, ...]
    counted: frozenset[str]
    """Scenes among `visits` whose exact count matters (`visits()`), not only `visited()`."""
    taken: tuple[str, ...]


def _reads(choice: Choice, scene: Scene) -> set[str]:
    """What deciding whether `choice` may be taken reads."""
    found: set[str] = set()
    if choice.condition is not None:
        found |= choice.condition.variables
        found |= {VISITS + s for s in choice.condition.scenes}
    if choice.once:
        found.add(TAKEN + choice_key(scene.id, choice))
    return found


def _before(choice: Choice, scene: Scene, after: set[str]) -> set[str]:
    """What is live before `choice` is taken, given what is live once it has been."""
    live = set(after)
    target = VISITS + choice.target  # arriving counts a visit: old count + 1
    for effect in reversed(choice.effects):
        if effect.target in live:
            live.discard(effect.target)
            live |= effect.variables
            live |= {VISITS + s for s in effect.scenes}
    if choice.once:
        live.discard(TAKEN + choice_key(scene.id, choice))  # taking it sets it
    if target in after:
        live.add(target)
    return live | _reads(choice, scene)


def live_sets(story: Story) -> dict[str, Live]:
    """For each scene, what a state there must keep (a fixed point over the whole graph)."""
    live: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    scenes = list(story.scenes.values())
    callers = [s.id for s in scenes if any(c.detour for c in s.choices)]
    changed = True
    while changed:  # each pass can only add names, so this ends
        changed = False
        returned: set[str] = set().union(*(live[c] for c in callers))  # where a return lands
        for scene in reversed(scenes):  # most stories flow forwards: fewer passes backwards
            here = live[scene.id]
            size = len(here)
            for choice in scene.choices:
                after = returned if choice.returns else live.get(choice.target, set())
                here |= _before(choice, scene, after)
            changed |= len(here) != size
    counted = _counted_scenes(story)
    result = {}
    for sid, names in live.items():
        visits = tuple(sorted(n[len(VISITS):] for n in names if n.startswith(VISITS)))
        result[sid] = Live(
            tuple(sorted(n for n in names if not n.startswith((VISITS, TAKEN)))), visits,
            frozenset(s for s in visits if s in counted),
            tuple(sorted(n[len(TAKEN):] for n in names if n.startswith(TAKEN))))
    return result


def _counted_scenes(story: Story) -> set[str]:
    """Scenes whose visit count is read as a number (`visits()`) somewhere."""
    counted: set[str] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            sources: list[tuple[str, bool]] = []
            if choice.condition is not None and choice.condition.scenes:
                sources.append((choice.condition.source, False))
            sources += [(e.source, True) for e in choice.effects if e.scenes]
            for text, is_effect in sources:
                try:
                    node = parse_effect(text)[2] if is_effect else parse_expression(text)
                except ExpressionError:  # compiled once already, so this cannot happen
                    continue
                for ref in _visits_calls(node):
                    counted.add(ref if "." in ref else f"{scene.chapter_id}.{ref}")
    return counted


def _visits_calls(node: Node) -> list[str]:
    """The scene references of every `visits('...')` in a syntax tree."""
    found: list[str] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Call):
            first = item.args[0] if item.args else None
            if item.func == "visits" and isinstance(first, Lit) and isinstance(first.value, str):
                found.append(first.value)
            stack.extend(item.args)
        elif isinstance(item, Binary):
            stack += [item.left, item.right]
        elif isinstance(item, Logic):
            stack.extend(item.operands)
        elif isinstance(item, Unary):
            stack.append(item.operand)
    return found
