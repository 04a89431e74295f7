"""What the expression layer hands out: compiled conditions, effects and texts.

Each wraps the closure built by engine/expressions.py with what tools need to
know about it without running it: its source, and the variables and scenes it
reads (the checker's "never used", the explorer's liveness).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

Fn = Callable[[Any], Any]


class Scope(Protocol):
    """What compiled code reads at run time (the Session's state)."""

    vars: dict[str, Any]
    visits: dict[str, int]  # canonical scene id -> number of visits


class Condition:
    """A compiled condition: call it with a Scope to get True or False."""

    __slots__ = ("source", "variables", "scenes", "_fn")

    def __init__(self, source: str, fn: Fn, variables: frozenset[str],
                 scenes: frozenset[str]) -> None:
        self.source, self._fn, self.variables, self.scenes = source, fn, variables, scenes

    def __call__(self, scope: Scope) -> bool:
        return self._fn(scope)

    def __repr__(self) -> str:
        return f"Condition({self.source!r})"


class Effect:
    """One compiled assignment; ``variables`` are the names it reads (with ``target`` for +=/-=)."""

    __slots__ = ("source", "target", "variables", "scenes", "_fn")

    def __init__(self, source: str, target: str, fn: Callable[[Any], None],
                 variables: frozenset[str], scenes: frozenset[str]) -> None:
        self.source, self.target, self._fn = source, target, fn
        self.variables, self.scenes = variables, scenes

    def __call__(self, scope: Scope) -> None:
        self._fn(scope)

    def __repr__(self) -> str:
        return f"Effect({self.source!r})"


class Template:
    """Compiled conditional text; ``is_static`` templates render to fixed text."""

    __slots__ = ("source", "is_static", "variables", "scenes", "_fn")

    def __init__(self, source: str, is_static: bool, fn: Callable[[Any], str],
                 variables: frozenset[str], scenes: frozenset[str]) -> None:
        self.source, self.is_static, self._fn = source, is_static, fn
        self.variables, self.scenes = variables, scenes

    def render(self, scope: Scope) -> str:
        return self._fn(scope)

    def __repr__(self) -> str:
        return f"Template({self.source[:40]!r}{'...' if len(self.source) > 40 else ''})"
