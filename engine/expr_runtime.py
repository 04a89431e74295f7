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


# --- randomness: a pure function of the playthrough's seed, its turn and the call ---------

_MASK = (1 << 64) - 1


def mix(value: int) -> int:
    """SplitMix64's finaliser: spreads any 64-bit number over all 64 bits."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def draw(scope: Any, site: int, count: int) -> int:
    """A whole number from 0 to count - 1 for the call `site` at this turn of this playthrough.

    Not a stream that advances: the value depends only on the session's seed, the
    number of moves made (its turn) and where the call is written, so asking twice
    gives the same answer (a view drawn twice, a condition checked by the guard and
    by the view), undo and load restore it by restoring the turn, and the same seed
    plays the same. A scope with an `oracle` (the explorer's) is asked instead.
    """
    if count <= 1:
        return 0
    oracle = getattr(scope, "oracle", None)
    if oracle is not None:
        return int(oracle(site, count))
    seed = getattr(scope, "seed", 0)
    turn = getattr(scope, "turn", 0)
    return mix(mix(seed ^ (turn * 0xD1B54A32D192ED03 & _MASK)) ^ site) % count


def chance(site: int, percent: Fn) -> Fn:
    """`chance(p)`: true p times in a hundred (never below 0, always from 100)."""
    return lambda s: draw(s, site, 100) < percent(s)


def random_between(site: int, low: Fn, high: Fn) -> Fn:
    """`random(a, b)`: a whole number from a to b, both included (in either order)."""
    def run(s: Any) -> int:
        a, b = low(s), high(s)
        if b < a:
            a, b = b, a
        span = b - a + 1
        return a + draw(s, site, span if span < 1 << 62 else 1 << 62)
    return run


def assign_set(target: str, op: str, spec: VarSpec, fn: Fn) -> Callable[[Any], None]:
    """`met += 'varlin'` adds a name, `met -= 'varlin'` removes it; names outside `of` are
    ignored (a literal one is refused at load time already)."""
    default, members = spec.default, spec.of
    adding = op == "+="

    def run(s: Any) -> None:
        name = fn(s)
        if name not in members:
            return
        current = s.vars.get(target, default)
        s.vars[target] = current | {name} if adding else current - {name}
    return run
