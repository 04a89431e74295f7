"""Words for what `explore` found, shared by `communard explore` and `communard path-to`.

The engine's search returns data (engine/explore.py); this module says it for
an author: where a choice is written, its condition, the values that
condition saw, and a path as the choices a player would click.
"""

from __future__ import annotations

import sys
from typing import Any

from engine import Story
from engine.explore import Blocked, Exploration, Move

from .progress import Progress

MAX_VALUES_SHOWN = 6


def run_search(story: Story, max_states: int) -> Exploration:
    """Explore with a progress line on a terminal (silent in a pipe)."""
    from engine.explore import explore

    with Progress(max_states, "Exploring", stream=sys.stderr) as bar:
        return explore(story, max_states, bar.update)


def choice_of(story: Story, scene_id: str, choice_id: str) -> Any:
    for choice in story.scenes[scene_id].choices:
        if choice.id == choice_id:
            return choice
    raise KeyError(choice_id)


def where(item: Any) -> str:
    """`chapters/04-april.yaml:120:9` for a scene or choice, relative when it can be."""
    from pathlib import Path

    place = getattr(item, "where", None)
    if place is None:
        return "?"
    try:
        shown = str(place.file.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(place.file)
    return f"{shown}:{place.line}:{place.column}"


def values(seen: list[Any]) -> str:
    """`0, 1 or 2`; `0 to 9` for a long run of numbers; texts quoted."""
    shown = ["true" if v is True else "false" if v is False else repr(v) if isinstance(v, str)
             else str(v) for v in seen]
    if len(seen) > 2 and all(type(v) is int for v in seen):
        low, high = min(seen), max(seen)
        if len(seen) == high - low + 1:
            return f"{low} to {high}"
    if len(shown) > MAX_VALUES_SHOWN:
        shown = [*shown[:MAX_VALUES_SHOWN], "…"]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def why_blocked(story: Story, blocked: Blocked) -> str:
    """Why a choice was never open: its condition, and the values that condition saw."""
    choice = choice_of(story, blocked.scene, blocked.choice)
    condition = choice.condition.source if choice.condition is not None else None
    if condition is None:
        return "it is once-only and was used up on every way here"
    states = f"{blocked.states:,} state{'s' if blocked.states != 1 else ''}"
    seen = "; ".join(f"{name} was {values(v)}" for name, v in blocked.seen.items())
    return f"`{' '.join(condition.split())}` never holds there (in the {states} that reach " \
           f"{blocked.scene}: {seen or 'it reads nothing that changes'})"


def why_unreached(found: Exploration, scene_id: str) -> list[str]:
    """One line per choice leading to a scene that was never reached, with why it did not."""
    blocked = {(b.scene, b.choice): b for b in found.blocked}
    lines = []
    for move, why in found.ways_in(scene_id):
        label = f"{move.scene} [{move.choice}]"
        if why == "blocked" and (move.scene, move.choice) in blocked:
            lines.append(f"{label}: {why_blocked(found.story, blocked[(move.scene, move.choice)])}")
        elif why == "unreached":
            lines.append(f"{label}: {move.scene} itself is never reached")
        else:
            lines.append(f"{label}: not taken within the limit of the search")
    return lines or ["no choice leads here"]


def path_lines(story: Story, path: tuple[Move, ...]) -> list[str]:
    """A path as the choices a player clicks, numbered, each with its text as shown then.

    The path is played again in a Session, so conditional text reads as it would.
    """
    from engine import Session
    from engine.safetext import cut, visible

    session = Session(story)
    lines = []
    width = len(str(len(path)))
    for number, move in enumerate(path, 1):
        shown = {c.id: c.text for c in session.view().choices}
        text = " ".join(visible(shown.get(move.choice, "?")).split())
        lines.append(f"{number:>{width}}. {move.scene}: [{move.choice}] {cut(text, 90)}")
        session.step(move.choice)
    return lines


def resolve_target(story: Story, name: str) -> str | None:
    """A scene as `chapter.scene`, a scene id only one chapter has, or an ending id."""
    if name in story.scenes:
        return name
    local = [s.id for s in story.scenes.values() if s.local_id == name]
    if len(local) == 1:
        return local[0]
    ending = story.endings.get(name)
    return ending.id if ending is not None else None
