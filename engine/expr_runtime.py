"""The run time of compiled expressions: total arithmetic and the closure builders.

``engine/expressions.py`` type-checks an expression once, at load time, and
builds nested closures from the pieces here; the closures then run tens of
thousands of times a second while the player reads, so they do nothing but the
arithmetic itself, and that arithmetic never raises: whole numbers are clamped
to +-10**15, ``/`` truncates toward zero, dividing by zero gives 0, and texts
are capped at MAX_TEXT characters.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from .expr_parse import INT_LIMIT, Name, Node, VarSpec

MAX_TEXT = 10_000
"""Longest text a variable or expression can hold, so a loop of ``name += name`` stays small."""

Fn = Callable[[Any], Any]
NOT_CONSTANT: Any = object()
"""Marks a compiled part whose value is only known at run time."""


# --- run-time arithmetic: total functions, never raising ---------------------

def _clamp(v: int) -> int:
    return INT_LIMIT if v > INT_LIMIT else -INT_LIMIT if v < -INT_LIMIT else v


def _add(a: int, b: int) -> int:
    return _clamp(a + b)


def _sub(a: int, b: int) -> int:
    return _clamp(a - b)


def _mul(a: int, b: int) -> int:
    return _clamp(a * b)


def _div(a: int, b: int) -> int:
    """Whole-number division truncating toward zero (as authors expect: -7 / 2 is -3)."""
    if b == 0:
        return 0
    q = a // b
    return q + 1 if q < 0 and q * b != a else _clamp(q)


def _mod(a: int, b: int) -> int:
    """The remainder that goes with ``_div``: a == (a / b) * b + a % b, so -7 % 2 is -1."""
    return 0 if b == 0 else a - b * _div(a, b)


def concat(a: str, b: str) -> str:
    return (a + b)[:MAX_TEXT]


def _min(a: int, b: int) -> int:
    return a if a < b else b


def _max(a: int, b: int) -> int:
    return a if a > b else b


OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "+": _add, "-": _sub, "*": _mul, "/": _div, "%": _mod,
    "min": _min, "max": _max,
}


# --- closure builders (factories, so every closure captures its own values) --

def const(value: Any) -> Fn:
    return lambda s: value


def var(name: str, default: Any) -> Fn:
    # .get: a save from an older version of the story may lack a newer variable.
    return lambda s: s.vars.get(name, default)


def binary(opf: Callable[[Any, Any], Any], left: Node, lf: Fn, rf: Fn, lc: Any, rc: Any,
            default: Any) -> Fn:
    """Specialise the common shapes (`trust >= 2`) so they cost a single closure call."""
    if rc is not NOT_CONSTANT:
        if isinstance(left, Name):
            name = left.name
            return lambda s: opf(s.vars.get(name, default), rc)
        return lambda s: opf(lf(s), rc)
    if lc is not NOT_CONSTANT:
        return lambda s: opf(lc, rf(s))
    return lambda s: opf(lf(s), rf(s))


def logic(op: str, fns: list[Fn]) -> Fn:
    if len(fns) == 2:
        a, b = fns
        return (lambda s: a(s) and b(s)) if op == "and" else (lambda s: a(s) or b(s))
    stop = op == "or"  # `and` stops at the first false, `or` at the first true
    chain = tuple(fns)

    def run(s: Any) -> bool:
        for f in chain:
            if bool(f(s)) is stop:
                return stop
        return not stop

    return run


def assign(target: str, op: str, spec: VarSpec, fn: Fn) -> Callable[[Any], None]:
    """The closure of one effect (`=`, `+=`, `-=`), keeping a number within its limits."""
    default = spec.default
    if spec.type == "int":
        lo = -INT_LIMIT if spec.min is None else max(spec.min, -INT_LIMIT)
        hi = INT_LIMIT if spec.max is None else min(spec.max, INT_LIMIT)
        sign = 0 if op == "=" else 1 if op == "+=" else -1

        def run(s: Any) -> None:
            v = fn(s) if sign == 0 else s.vars.get(target, default) + sign * fn(s)
            s.vars[target] = lo if v < lo else hi if v > hi else v
    elif spec.type == "str":
        if op == "=":
            def run(s: Any) -> None:
                s.vars[target] = fn(s)[:MAX_TEXT]
        else:
            def run(s: Any) -> None:
                s.vars[target] = (s.vars.get(target, default) + fn(s))[:MAX_TEXT]
    else:
        def run(s: Any) -> None:
            s.vars[target] = fn(s)
    return run
