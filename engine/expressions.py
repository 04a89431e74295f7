"""The safe expression layer: conditions, effects and conditional text of a story.

Story files are untrusted, so nothing here uses ``eval``/``exec``/``compile`` or
Python's ``ast``. ``engine/expr_tokens.py`` and ``engine/expr_parse.py`` read
the source into a tiny syntax tree; this module checks its types against the
declared variables once, at load time, and turns it into nested Python
closures built from ``engine/expr_runtime.py``. Conditions run tens of
thousands of times a second while the player reads, so all checking happens
at compile time and the closures do nothing but the arithmetic itself.

Run-time arithmetic never raises (see expr_runtime). The language is described
for authors in story/README.md ("Conditions and effects", "Conditional text").
Saying a condition in plain words is the frontends' business
(communard/conditionwords.py), from the syntax tree parse_expression gives.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from .compiled import Condition, Effect, Scope, Template
from .expr_calls import EXAMPLES, EXTRA_CALLS, compile_call, member, set_variable
from .expr_parse import (
    COMPARISONS,
    FUNCTIONS,
    Binary,
    Call,
    ExpressionError,
    Lit,
    Logic,
    Name,
    Node,
    Unary,
    VarSpec,
    parse_effect,
    parse_expression,
)
from .expr_runtime import (
    NOT_CONSTANT,
    OPS,
    Fn,
    assign,
    assign_set,
    binary,
    concat,
    const,
    logic,
    var,
)
from .templates import IfBlock, Interpolation, Part, Variation, parse_template
from .variations import variation

__all__ = [
    "Condition", "Effect", "ExpressionError", "Resolver", "Scope", "Template", "VarSpec",
    "compile_condition", "compile_effect", "compile_template",
]


Resolver = Callable[[str], str | None]
"""Scene reference as written -> canonical id, or None if there is no such scene."""
_WORDS = {"bool": "true/false", "int": "a number", "str": "a text", "set": "a set of names"}


def _unknown_variable(name: str, variables: Mapping[str, VarSpec], at: int) -> ExpressionError:
    if name in EXTRA_CALLS:
        return ExpressionError("E110", f"`{name}` is a function and needs brackets. "
                               f"Write it like `{EXAMPLES[name]}`.", at)
    if name in FUNCTIONS:
        example = f"{name}('chapter.scene')" if name.startswith("visit") else (
            f"{name}(trust)" if name == "abs" else f"{name}(trust, 3)")
        return ExpressionError("E110", f"`{name}` is a function and needs brackets. "
                               f"Write it like `{example}`.", at)
    close = difflib.get_close_matches(name, list(variables), n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    return ExpressionError("E104", f"there is no variable called `{name}`.{hint} Check the "
                           "spelling, or declare it under `variables:` in story.yaml.", at)


class _Compiler:
    """Type-checks one syntax tree and builds its closure, noting what it reads."""

    def __init__(self, text: str, base: int, variables: Mapping[str, VarSpec],
                 resolve: Resolver, site: int = 0) -> None:
        self.text, self.base = text, base
        self.variables, self.resolve = variables, resolve
        self.used_vars: set[str] = set()
        self.used_scenes: set[str] = set()
        self.site = site  # where the expression is written: chance() and random() draw by it
        self.calls = 0

    def next_site(self) -> int:
        """A number for the next chance() or random() call, unique in the story."""
        self.calls += 1
        return (self.site * 1_000_003 + self.base * 131 + self.calls) & ((1 << 64) - 1)

    def snippet(self, node: Node) -> str:
        """The source of ``node``, shortened so messages stay readable."""
        text = self.text[node.start - self.base:node.end - self.base]
        return text if len(text) <= 60 else text[:57] + "..."

    def got(self, typ: str, node: Node) -> str:
        return f"got {_WORDS[typ]} (`{self.snippet(node)}`)"

    def example(self, typ: str, node: Node) -> str:
        """A comparison that would turn ``node`` into true/false, to suggest in messages."""
        snip = self.snippet(node)
        return f"`{snip} > 0`" if typ == "int" else f"`{snip} == 'some text'`"

    def compile(self, node: Node) -> tuple[str, Fn, Any]:
        """Return (type, closure, constant value or NOT_CONSTANT)."""
        if isinstance(node, Lit):
            value = node.value
            typ = "bool" if type(value) is bool else "int" if type(value) is int else "str"
            return typ, const(value), value
        if isinstance(node, Name):
            spec = self.variables.get(node.name)
            if spec is None:
                raise _unknown_variable(node.name, self.variables, node.start)
            self.used_vars.add(node.name)
            return spec.type, var(node.name, spec.default), NOT_CONSTANT
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Logic):
            return self.logic(node)
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def unary(self, node: Unary) -> tuple[str, Fn, Any]:
        typ, f, c = self.compile(node.operand)
        if node.op == "not":
            if typ != "bool":
                raise ExpressionError("E111", f"`not` needs true/false after it, "
                                      f"{self.got(typ, node.operand)}. Compare it instead, "
                                      f"e.g. {self.example(typ, node.operand)}.",
                                      node.operand.start)
            return "bool", (lambda s: not f(s)), NOT_CONSTANT if c is NOT_CONSTANT else not c
        if typ != "int":
            raise ExpressionError("E111", f"a minus sign needs a number after it, "
                                  f"{self.got(typ, node.operand)}. Put a number there.",
                                  node.operand.start)
        return "int", (lambda s: -f(s)), NOT_CONSTANT if c is NOT_CONSTANT else -c

    def logic(self, node: Logic) -> tuple[str, Fn, Any]:
        fns, consts = [], []
        for operand in node.operands:
            typ, f, c = self.compile(operand)
            if typ != "bool":
                raise ExpressionError("E111", f"`{node.op}` needs true/false on both sides, "
                                      f"{self.got(typ, operand)}. Compare it to make it true "
                                      f"or false, e.g. {self.example(typ, operand)}.",
                                      operand.start)
            fns.append(f)
            consts.append(c)
        if NOT_CONSTANT in consts:
            return "bool", logic(node.op, fns), NOT_CONSTANT
        value = all(consts) if node.op == "and" else any(consts)
        return "bool", const(value), value

    def binary(self, node: Binary) -> tuple[str, Fn, Any]:
        op = node.op
        lt, lf, lc = self.compile(node.left)
        rt, rf, rc = self.compile(node.right)
        if op in ("==", "!="):
            if lt != rt:
                raise ExpressionError("E111", f"`{op}` needs the same kind of value on both "
                                      f"sides, {self.got(lt, node.left)} and "
                                      f"{self.got(rt, node.right)[4:]}. Compare a number "
                                      "with a number, a text with a text, or true/false with "
                                      "true/false.", node.op_at)
            typ = "bool"
        elif op == "+" and lt == rt == "str":
            typ = "str"
        elif op == "+" and not lt == rt == "int":
            raise ExpressionError("E111", f"`+` adds two numbers or joins two texts, "
                                  f"{self.got(lt, node.left)} and "
                                  f"{self.got(rt, node.right)[4:]}. Make both sides numbers "
                                  "or both texts (write a number as text in quotes: '3').",
                                  node.op_at)
        else:
            for typ, side in ((lt, node.left), (rt, node.right)):
                if typ != "int":
                    fix = ("Use == or != to compare texts or true/false."
                           if op in COMPARISONS else "Use numbers on both sides.")
                    raise ExpressionError("E111", f"`{op}` works on numbers only, "
                                          f"{self.got(typ, side)}. {fix}", side.start)
            typ = "bool" if op in COMPARISONS else "int"
        opf = concat if typ == "str" else OPS[op]
        if lc is not NOT_CONSTANT and rc is not NOT_CONSTANT:
            value = opf(lc, rc)
            return typ, const(value), value
        return typ, self.pair(opf, node.left, lf, rf, lc, rc), NOT_CONSTANT

    def pair(self, opf: Callable[[Any, Any], Any], left: Node, lf: Fn, rf: Fn, lc: Any,
             rc: Any) -> Fn:
        default = self.variables[left.name].default if isinstance(left, Name) else None
        return binary(opf, left, lf, rf, lc, rc, default)

    def call(self, node: Call) -> tuple[str, Fn, Any]:
        name, args = node.func, node.args
        if name in EXTRA_CALLS and len(args) == FUNCTIONS[name]:
            return compile_call(self, node)
        if name in EXTRA_CALLS:
            raise ExpressionError("E111", f"`{name}` takes {FUNCTIONS[name]} value(s) in its "
                                  f"brackets, got {len(args)}. Write it like "
                                  f"`{EXAMPLES[name]}`.", node.start)
        if len(args) != FUNCTIONS[name]:
            example = {"visited": "visited('chapter.scene')", "visits": "visits('chapter.scene')",
                       "min": "min(trust, 3)", "max": "max(trust, 0)", "abs": "abs(trust)"}[name]
            wanted = "one value" if FUNCTIONS[name] == 1 else "two values"
            raise ExpressionError("E111", f"`{name}` takes {wanted} in its brackets, got "
                                  f"{len(args)}. Write it like `{example}`.", node.start)
        if name in ("visited", "visits"):
            arg = args[0]
            if not (isinstance(arg, Lit) and type(arg.value) is str):
                raise ExpressionError("E111", f"`{name}` needs the scene written in quotes, "
                                      f"e.g. {name}('chapter.scene').", arg.start)
            scene = self.resolve(arg.value)
            if scene is None:
                raise ExpressionError("E106", f"there is no scene '{arg.value}' for {name}(). "
                                      "Point it at an existing scene: 'scene' in the same "
                                      "chapter, or 'chapter.scene'.", arg.start)
            self.used_scenes.add(scene)
            if name == "visited":
                return "bool", (lambda s: s.visits.get(scene, 0) > 0), NOT_CONSTANT
            return "int", (lambda s: s.visits.get(scene, 0)), NOT_CONSTANT
        compiled = []
        for arg in args:
            typ, f, c = self.compile(arg)
            if typ != "int":
                raise ExpressionError("E111", f"`{name}` works on numbers only, "
                                      f"{self.got(typ, arg)}. Give it numbers, e.g. "
                                      f"{'abs(trust)' if name == 'abs' else name + '(trust, 3)'}.",
                                      arg.start)
            compiled.append((f, c))
        if name == "abs":
            (f, c), = compiled
            return "int", (lambda s: abs(f(s))), NOT_CONSTANT if c is NOT_CONSTANT else abs(c)
        (lf, lc), (rf, rc) = compiled
        opf = OPS[name]
        if lc is not NOT_CONSTANT and rc is not NOT_CONSTANT:
            return "int", const(opf(lc, rc)), opf(lc, rc)
        return "int", self.pair(opf, args[0], lf, rf, lc, rc), NOT_CONSTANT


def _compile_bool(text: str, base: int, variables: Mapping[str, VarSpec],
                  resolve: Resolver, site: int = 0) -> tuple[Fn, _Compiler]:
    """Parse and compile a condition (also used for {if}/{elif}); it must be true/false."""
    node = parse_expression(text, base)
    compiler = _Compiler(text, base, variables, resolve, site)
    typ, fn, _ = compiler.compile(node)
    if typ != "bool":
        raise ExpressionError("E111", f"a condition must be true or false, but "
                              f"`{compiler.snippet(node)}` is {_WORDS[typ]}. Compare it; did "
                              f"you mean {compiler.example(typ, node)}?", node.start)
    return fn, compiler


def compile_condition(source: str, variables: Mapping[str, VarSpec],
                      resolve_scene: Resolver, *, site: int = 0) -> Condition:
    """Compile a choice's ``if:``; raises ExpressionError (E104/E106/E110/E111/E112/E114).

    `site` says where it is written (chance() and random() draw by it)."""
    fn, c = _compile_bool(source, 0, variables, resolve_scene, site)
    return Condition(source, fn, frozenset(c.used_vars), frozenset(c.used_scenes))


def compile_effect(source: str, variables: Mapping[str, VarSpec],
                   resolve_scene: Resolver, *, site: int = 0) -> Effect:
    """Compile one ``do:`` item: ``name = expr``, ``name += expr`` or ``name -= expr``
    (for a set: ``met += 'varlin'`` adds a name, ``met -= 'varlin'`` removes it)."""
    target_tok, op, node = parse_effect(source)
    target = str(target_tok.value)
    spec = variables.get(target)
    if spec is None:
        raise _unknown_variable(target, variables, target_tok.start)
    compiler = _Compiler(source, 0, variables, resolve_scene, site)
    kind = _WORDS[spec.type]
    if spec.type == "set":
        if op == "=":
            raise ExpressionError("E111", f"`{target}` is a set: add a name with "
                                  f"`{target} += 'name'`, remove one with `{target} -= 'name'`.",
                                  target_tok.start)
        set_spec = set_variable(compiler, Name(target, target_tok.start, target_tok.end), "has")
        name_fn = member(compiler, node, set_spec, Name(target, 0, 0))
        return Effect(source, target, assign_set(target, op, spec, name_fn),
                      frozenset(compiler.used_vars | {target}),
                      frozenset(compiler.used_scenes))
    typ, fn, _ = compiler.compile(node)
    if (op != "=" and spec.type == "bool") or (op == "-=" and spec.type == "str"):
        raise ExpressionError("E111", f"`{op}` cannot change `{target}`, which holds {kind}. "
                              f"Write `{target} = ...` with the new value instead.",
                              target_tok.start)
    if typ != spec.type:
        raise ExpressionError("E111", f"`{target}` holds {kind}, but this gives it "
                              f"{_WORDS[typ]} (`{compiler.snippet(node)}`). Give it {kind}"
                              f"{', e.g. `' + target + ' = 2`' if spec.type == 'int' else ''}.",
                              node.start)
    run = assign(target, op, spec, fn)
    reads = compiler.used_vars | ({target} if op != "=" else set())
    return Effect(source, target, run, frozenset(reads), frozenset(compiler.used_scenes))


def compile_template(source: str, variables: Mapping[str, VarSpec],
                     resolve_scene: Resolver, *,
                     conditions: dict[str, tuple[Fn, _Compiler]] | None = None,
                     scene: str = "", site: int = 0) -> Template:
    """Compile scene text with {if}/{elif}/{else}/{end}, {= expr}, variations ({a|b},
    {&a|b}, {!a|b}, {~a|b}, keyed to the visits of `scene`) and {{ }} (E113 if malformed).

    `conditions`, when given, shares the compiled {if} conditions between templates
    compiled with the same variables and resolver (the loader keeps one per chapter):
    a story repeats `{if role == 'gunner'}` in scene after scene.
    """
    parts, has_tags = parse_template(source)
    if not has_tags:
        text = "".join(str(p) for p in parts)
        return Template(source, True, const(text), frozenset(), frozenset())
    used_vars: set[str] = set()
    used_scenes: set[str] = set()

    def note(c: _Compiler) -> None:
        used_vars.update(c.used_vars)
        used_scenes.update(c.used_scenes)

    def parts_fn(items: list[Part]) -> Callable[[Any], str]:
        fns = [part_fn(p) for p in items]
        if not fns:
            return const("")
        if len(fns) == 1:
            return fns[0]
        return lambda s: "".join([f(s) for f in fns])

    def part_fn(part: Part) -> Callable[[Any], str]:
        if isinstance(part, str):
            return const(part)
        if isinstance(part, Variation):
            return variation(part, scene, site)
        if isinstance(part, Interpolation):
            node = parse_expression(part.source, part.offset)
            compiler = _Compiler(part.source, part.offset, variables, resolve_scene, site)
            typ, f, _ = compiler.compile(node)
            note(compiler)
            if typ == "set":
                return lambda s: ", ".join(sorted(f(s)))
            if typ == "bool":
                return lambda s: "true" if f(s) else "false"
            return (lambda s: str(f(s))) if typ == "int" else f
        assert isinstance(part, IfBlock)
        branches = []
        for branch in part.branches:
            shared = conditions if conditions is not None and not _draws(branch.source) \
                else None  # two texts' chance() must not be the one same draw
            known = shared.get(branch.source) if shared is not None else None
            if known is None:
                known = _compile_bool(branch.source, branch.offset, variables, resolve_scene,
                                      site)
                if shared is not None:
                    shared[branch.source] = known
            cond, compiler = known
            note(compiler)
            branches.append((cond, parts_fn(branch.parts)))
        otherwise = parts_fn(part.otherwise or [])
        pairs = tuple(branches)

        def choose(s: Any) -> str:
            for cond, body in pairs:
                if cond(s):
                    return body(s)
            return otherwise(s)

        return choose

    return Template(source, False, parts_fn(parts), frozenset(used_vars), frozenset(used_scenes))


def _draws(source: str) -> bool:
    """Whether an expression may call chance() or random() (then it is never shared)."""
    return "chance" in source or "random" in source
