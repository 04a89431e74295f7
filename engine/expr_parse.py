"""Reading the story expression language, step two: tokens to a syntax tree.

Story files are untrusted input, so an expression is never handed to Python's
``eval``, ``exec``, ``compile`` or ``ast``. ``engine/expr_tokens.py`` splits
the source into tokens; this module builds a small tree that can only hold the
constructs the story format documents (story/README.md, "Conditions and
effects"). Anything else, including every road back into Python (attributes,
subscripts, dunders, ``lambda``, ``**``), is refused with an
:class:`ExpressionError` whose message tells an author who is not a
programmer how to fix it.

Types are checked and the tree is compiled to closures in
``engine/expressions.py``; this module knows nothing about variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .expr_tokens import INT_LIMIT, MAX_SOURCE, ExpressionError, Token, tokenize

__all__ = [
    "COMPARISONS", "FUNCTIONS", "INT_LIMIT", "MAX_NESTING", "MAX_SOURCE", "Binary", "Call",
    "ExpressionError", "Lit", "Logic", "Name", "Node", "Token", "Unary", "VarSpec",
    "parse_effect", "parse_expression", "tokenize",
]

MAX_NESTING = 64
"""Deepest nesting of brackets, ``not``, ``-`` and operators inside each other.

Kept far below Python's recursion limit so that parsing, type checking and the
compiled closures (all recursive) can never raise RecursionError."""
FUNCTIONS: dict[str, int] = {"visited": 1, "visits": 1, "min": 2, "max": 2, "abs": 1,
                             "chance": 1, "random": 2, "has": 2, "count": 1}
"""The only callable names, with how many arguments each takes."""


@dataclass(frozen=True, slots=True)
class VarSpec:
    """A declared story variable: its type, starting value and optional limits."""

    type: Literal["bool", "int", "str", "set"]
    default: bool | int | str | frozenset[str]
    min: int | None = None
    max: int | None = None
    of: frozenset[str] = frozenset()
    """A set's possible members (type "set" only)."""


# --- the syntax tree ---------------------------------------------------------
# Offsets are absolute; `height` is the depth of the subtree, bounded by MAX_NESTING.

@dataclass(slots=True)
class Lit:
    value: bool | int | str
    start: int
    end: int
    height: int = 1


@dataclass(slots=True)
class Name:
    name: str
    start: int
    end: int
    height: int = 1


@dataclass(slots=True)
class Unary:
    op: str  # "not" or "-"
    operand: Node
    start: int
    end: int
    height: int


@dataclass(slots=True)
class Binary:
    op: str
    left: Node
    right: Node
    op_at: int
    start: int
    end: int
    height: int


@dataclass(slots=True)
class Logic:
    """A whole chain of ``and`` (or of ``or``) kept flat, so long chains stay shallow."""

    op: str
    operands: list[Node]
    start: int
    end: int
    height: int


@dataclass(slots=True)
class Call:
    func: str
    args: list[Node]
    start: int
    end: int
    height: int


Node = Lit | Name | Unary | Binary | Logic | Call

_INFIX_POWER = {"or": 1, "and": 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
                "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_NOT_POWER = 3
_NEG_POWER = 7
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_TOO_DEEP = (f"this expression is nested too deeply (more than {MAX_NESTING} levels of "
             "brackets, `not` or operators inside each other). Split it into simpler "
             "conditions.")


class _Parser:
    """A Pratt parser over a token list; recursion is bounded by MAX_NESTING."""

    def __init__(self, tokens: list[Token], start: int = 0) -> None:
        self.toks = tokens
        self.i = start
        self.depth = 0

    def whole(self) -> Node:
        """Parse everything that is left as one expression."""
        node = self.expr(0)
        tok = self.toks[self.i]
        if tok.kind != "end":
            if tok.kind == "op" and tok.value == ")":
                raise ExpressionError("E110", "this `)` has no matching `(`. Remove it, or add "
                                      "the missing `(`.", tok.start)
            raise ExpressionError("E110", f"unexpected `{tok.value}` after a complete "
                                  "expression. Remove it, or join the two parts with an "
                                  "operator such as `and`.", tok.start)
        return node

    def _nest(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError("E110", _TOO_DEEP, at)

    def _height(self, at: int, *children: Node) -> int:
        height = 1 + max(child.height for child in children)
        if height > MAX_NESTING + 1:
            raise ExpressionError("E110", _TOO_DEEP, at)
        return height

    def expr(self, min_power: int) -> Node:
        left = self.prefix()
        while True:
            tok = self.toks[self.i]
            if tok.kind == "end" or (tok.kind == "op" and tok.value in (")", ",")):
                return left
            if tok.kind != "op":
                raise ExpressionError("E110", f"something is missing before `{tok.value}`. "
                                      "Add an operator (such as `==`, `+` or `and`) between "
                                      "the two values.", tok.start)
            op = str(tok.value)
            power = _INFIX_POWER.get(op)
            if power is None:
                raise ExpressionError("E110", _misplaced(op), tok.start)
            if power < min_power:
                return left
            self.i += 1
            right = self.expr(power + 1)
            if op in ("and", "or"):
                if isinstance(left, Logic) and left.op == op:
                    left.operands.append(right)
                    left.end = right.end
                    left.height = max(left.height, self._height(left.start, right))
                else:
                    left = Logic(op, [left, right], left.start, right.end,
                                 self._height(left.start, left, right))
                continue
            if op in COMPARISONS:
                nxt = self.toks[self.i]
                if nxt.kind == "op" and nxt.value in COMPARISONS:
                    raise ExpressionError("E110", "comparisons cannot be chained. Write "
                                          "`a < b and b < c` instead of `a < b < c`.", nxt.start)
            left = Binary(op, left, right, tok.start, left.start, right.end,
                          self._height(left.start, left, right))

    def prefix(self) -> Node:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "lit":
            return Lit(tok.value, tok.start, tok.end)
        if tok.kind == "name":
            name = str(tok.value)
            if self.toks[self.i].kind == "op" and self.toks[self.i].value == "(":
                return self.call(name, tok)
            return Name(name, tok.start, tok.end)
        if tok.kind == "end":
            before = self.toks[self.i - 2].value if self.i >= 2 else None
            where = f" after `{before}`" if before is not None else ""
            raise ExpressionError("E110", f"the expression ends too early{where}. "
                                  "Add the missing value at the end.", tok.start)
        op = tok.value
        if op == "(":
            self._nest(tok.start)
            inner = self.expr(0)
            close = self.toks[self.i]
            if close.kind != "op" or close.value != ")":
                raise ExpressionError("E110", "this bracket is never closed. Add a `)` where "
                                      "the group ends.", tok.start)
            self.i += 1
            self.depth -= 1
            return inner
        if op in ("not", "-"):
            self._nest(tok.start)
            operand = self.expr(_NOT_POWER if op == "not" else _NEG_POWER)
            self.depth -= 1
            if op == "-" and isinstance(operand, Lit) and type(operand.value) is int:
                return Lit(-operand.value, tok.start, operand.end)
            return Unary(op, operand, tok.start, operand.end, self._height(tok.start, operand))
        if op == "+":
            raise ExpressionError("E110", "a `+` needs a value on its left. Remove it: a "
                                  "number needs no + in front.", tok.start)
        raise ExpressionError("E110", f"a value is missing before `{op}`. Write a variable, a "
                              "number or text in quotes here.", tok.start)

    def call(self, name: str, tok: Token) -> Call:
        if name not in FUNCTIONS:
            raise ExpressionError("E112", f"`{name}` cannot be called. The only functions "
                                  "are visited, visits, min, max, abs, chance, random, has "
                                  "and count; for a variable, "
                                  "remove the brackets after its name.", tok.start)
        self._nest(tok.start)
        self.i += 1  # the "("
        args: list[Node] = []
        if not (self.toks[self.i].kind == "op" and self.toks[self.i].value == ")"):
            while True:
                args.append(self.expr(0))
                sep = self.toks[self.i]
                if sep.kind == "op" and sep.value == ",":
                    self.i += 1
                    continue
                break
        close = self.toks[self.i]
        if close.kind != "op" or close.value != ")":
            raise ExpressionError("E110", f"the bracket after `{name}` is never closed. Add "
                                  f"a `)` after its last argument.", tok.start)
        self.i += 1
        self.depth -= 1
        height = self._height(tok.start, *args) if args else 1
        return Call(name, args, tok.start, close.end, height)


def _misplaced(op: str) -> str:
    """Why an operator cannot stand where a joining operator was expected, and the fix."""
    if op == "=":
        return ("a single `=` changes a variable and only belongs in effects (`do:`). "
                "To compare, write `==`.")
    if op in ("+=", "-="):
        return (f"`{op}` changes a variable and only belongs in effects (`do:`). "
                "To compare, use == != < <= > >=.")
    if op == "not":
        return ("`not` goes in front of what it negates. Write `not (a == b)`, or `a != b`.")
    if op == "(":
        return ("a bracket cannot follow a value directly. Add an operator before it, "
                "such as `*` or `and`.")
    return f"`{op}` cannot stand here. Remove it or add the missing value before it."


def parse_expression(text: str, base: int = 0) -> Node:
    """Parse a condition or value; offsets in the tree and errors are ``base`` + position."""
    tokens = tokenize(text, base)
    if tokens[0].kind == "end":
        raise ExpressionError("E110", "the expression is empty. Write a condition such as "
                              "`trust >= 2`, or remove it.", base)
    return _Parser(tokens).whole()


def parse_effect(text: str, base: int = 0) -> tuple[Token, str, Node]:
    """Parse ``name = expr``, ``name += expr`` or ``name -= expr``."""
    tokens = tokenize(text, base)
    target, op = tokens[0], tokens[1] if len(tokens) > 1 else tokens[0]
    if target.kind != "name":
        raise ExpressionError("E110", "an effect starts with the name of the variable it "
                              "changes. Write it like `trust += 1` or `has_bread = true`.",
                              target.start)
    if op.kind != "op" or op.value not in ("=", "+=", "-="):
        if op.value == "==":
            fix = (f"`==` compares; to change the variable write a single `=`, e.g. "
                   f"`{target.value} = ...`.")
        elif op.value in ("*", "/", "%"):
            fix = (f"only =, += and -= can change a variable. Write "
                   f"`{target.value} = {target.value} {op.value} ...` instead.")
        else:
            fix = (f"after the variable name write =, += or -=, e.g. "
                   f"`{target.value} = ...` or `{target.value} += 1`.")
        raise ExpressionError("E110", fix, op.start)
    if tokens[2].kind == "end":
        raise ExpressionError("E110", f"nothing follows `{op.value}`. Write the value to use, "
                              f"e.g. `{target.value} {op.value} 1`.", tokens[2].start)
    return target, str(op.value), _Parser(tokens, 2).whole()
