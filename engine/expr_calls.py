"""Type-checking and compiling the calls of story format 2: chance, random, has, count.

Kept apart from ``engine/expressions.py`` (which calls it from its compiler) so
each stays small. `chance` and `random` draw from engine/expr_runtime.draw: a
value fixed by the playthrough's seed, its turn and where the call is written,
so a call is never folded into a constant at load time. `has` and `count` read
a variable of type `set`, whose possible members are declared (`of:`), so a
misspelt member is refused when the story loads rather than always false.
"""

from __future__ import annotations

import difflib
from typing import Any, Protocol

from .expr_parse import Call, ExpressionError, Lit, Name, Node, VarSpec
from .expr_runtime import NOT_CONSTANT, Fn, chance, random_between

EXTRA_CALLS = frozenset({"chance", "random", "has", "count"})
EXAMPLES = {"chance": "chance(30)", "random": "random(1, 6)", "has": "has(met, 'varlin')",
            "count": "count(met)"}


class _Compiling(Protocol):
    variables: Any

    def compile(self, node: Node) -> tuple[str, Fn, Any]: ...
    def got(self, typ: str, node: Node) -> str: ...
    def next_site(self) -> int: ...


def compile_call(compiler: _Compiling, node: Call) -> tuple[str, Fn, Any]:
    """(type, closure, NOT_CONSTANT) of one of EXTRA_CALLS, its arguments already counted."""
    name, args = node.func, node.args
    if name in ("chance", "random"):
        fns = []
        for arg in args:
            typ, f, _ = compiler.compile(arg)
            if typ != "int":
                raise ExpressionError("E111", f"`{name}` works on whole numbers, "
                                      f"{compiler.got(typ, arg)}. Write it like "
                                      f"`{EXAMPLES[name]}`.", arg.start)
            fns.append(f)
        site = compiler.next_site()
        if name == "chance":
            return "bool", chance(site, fns[0]), NOT_CONSTANT
        return "int", random_between(site, fns[0], fns[1]), NOT_CONSTANT
    spec = set_variable(compiler, args[0], name)
    _, set_fn, _ = compiler.compile(args[0])
    if name == "count":
        return "int", (lambda s: len(set_fn(s))), NOT_CONSTANT
    member_fn = member(compiler, args[1], spec, args[0])
    return "bool", (lambda s: member_fn(s) in set_fn(s)), NOT_CONSTANT


def set_variable(compiler: _Compiling, arg: Node, func: str) -> VarSpec:
    """The declaration of the set variable `arg` names, or an E111 saying what to write."""
    spec = compiler.variables.get(arg.name) if isinstance(arg, Name) else None
    if spec is None or spec.type != "set":
        if isinstance(arg, Name) and spec is None:
            compiler.compile(arg)  # raises the usual "no variable called" with its hint
        raise ExpressionError("E111", f"`{func}` needs a variable of type set first, "
                              f"e.g. `{EXAMPLES[func]}`. Declare one in story.yaml with "
                              "`type: set` and the names it may hold under `of:`.", arg.start)
    return spec


def member(compiler: _Compiling, arg: Node, spec: VarSpec, set_arg: Node) -> Fn:
    """The closure of a name to add, remove or look for; a literal one must be in `of`."""
    typ, fn, _ = compiler.compile(arg)
    if typ != "str":
        raise ExpressionError("E111", f"a set holds names, written in quotes; "
                              f"{compiler.got(typ, arg)}. Write it like "
                              f"`{EXAMPLES['has']}`.", arg.start)
    if isinstance(arg, Lit) and arg.value not in spec.of:
        set_name = set_arg.name if isinstance(set_arg, Name) else "the set"
        close = difflib.get_close_matches(str(arg.value), sorted(spec.of), n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ExpressionError("E114", f"'{str(arg.value)[:60]}' is not one of the names "
                              f"`{set_name}` can hold.{hint} Add it to its `of:` list in "
                              "story.yaml, or correct the name.", arg.start)
    return fn
