"""Every outcome of chance() and random(), for the explorer.

A player's draws are fixed by the seed (engine/expr_runtime.draw), but what a
search must prove is what *some* player can reach, whatever the dice say. So
the explorer sets itself as the scope's oracle and plays each step once per
combination of the draws it asks for: both outcomes of each `chance()`, and
each value of a `random()` (of a span wider than MAX_VALUES, the lowest, the
highest and MAX_VALUES - 2 values spread between them). Combinations are found
as a tree: a run with some draws fixed lists the draws it asked that were not,
and each other value of each of those is a new branch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_VALUES = 12
"""Values of one random() tried at most."""

Script = dict[int, int]
"""Site of a draw -> the value it gives."""


def uses_draws(story: Any) -> bool:
    """Whether any condition or effect of the story may call chance() or random()."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            sources = [e.source for e in choice.effects]
            if choice.condition is not None:
                sources.append(choice.condition.source)
            if any("chance" in s or "random" in s for s in sources):
                return True
    return False


def _values(count: int) -> list[int]:
    if count == 100:  # chance(): true on 0, false on 99, whatever its percentage
        return [0, 99]
    if count <= MAX_VALUES:
        return list(range(count))
    step = (count - 1) / (MAX_VALUES - 1)
    return sorted({round(k * step) for k in range(MAX_VALUES)})


class Draws:
    """The oracle a scope asks instead of drawing, and the branches each run opens."""

    def __init__(self) -> None:
        self.script: Script = {}
        self.asked: list[tuple[int, list[int]]] = []

    def __call__(self, site: int, count: int) -> int:
        if site in self.script:
            return self.script[site]
        values = _values(count)
        self.script[site] = values[0]
        self.asked.append((site, values))
        return values[0]

    def start(self, script: Script) -> None:
        """Play with these draws fixed (a copy is kept: new draws are added to it)."""
        self.script = dict(script)
        self.asked = []

    def branches(self, script: Script) -> list[Script]:
        """The other combinations of the draws asked since `start(script)`."""
        found = []
        fixed = dict(script)
        for site, values in self.asked:
            for value in values[1:]:
                found.append({**fixed, site: value})
            fixed[site] = values[0]
        return found

    def each(self, run: Callable[[], Any], script: Script | None = None,
             ) -> list[tuple[Script, Any]]:
        """`run()`'s result under every combination of the draws it asks for."""
        results = []
        pending = [dict(script or {})]
        while pending:
            current = pending.pop()
            self.start(current)
            results.append((dict(self.script), run()))
            pending += self.branches(current)
        return results
