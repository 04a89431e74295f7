"""A story condition in plain words, for teachers' guides and teacher mode.

The engine gives the syntax tree of a condition (`parse_expression`); saying it
in a language is the frontends' business, so the English lives here and a
translation can sit beside it without touching the engine.
"""

from __future__ import annotations

from engine.expr_parse import (
    COMPARISONS,
    Binary,
    Call,
    Lit,
    Logic,
    Name,
    Node,
    Unary,
    parse_expression,
)

_PHRASES = {"==": "is", "!=": "is not", ">=": "is at least", "<=": "is at most",
            ">": "is more than", "<": "is less than"}
_VISIT_PHRASES = {"==": "exactly", "!=": "other than", ">=": "at least", "<=": "at most",
                  ">": "more than", "<": "fewer than"}
_OPPOSITE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}


def describe_condition(source: str) -> str:
    """Say a condition in plain words ("trust is at least 2 and not fled"). Never raises.

    Only the syntax is read (no variables needed); anything unreadable is given back as
    written, because a walkthrough is better with the raw condition than with nothing.
    """
    try:
        return _words(parse_expression(source), 0)
    except Exception:  # best effort by design: a description must never break a walkthrough
        return source.strip()


def _words(node: Node, outer: int) -> str:
    """Describe ``node``; ``outer`` is the precedence around it, to add brackets when needed."""
    if isinstance(node, Lit):
        v = node.value
        return ("true" if v else "false") if type(v) is bool else f'"{v}"' if type(v) is str \
            else str(v)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        args = [_words(a, 0) for a in node.args]
        if node.func in ("visited", "visits") and isinstance(node.args[0], Lit):
            scene = node.args[0].value
            return (f"you have visited {scene}" if node.func == "visited"
                    else f"the number of times you have visited {scene}")
        if node.func == "abs":
            return f"the absolute value of {args[0]}"
        which = "smaller" if node.func == "min" else "larger"
        return f"the {which} of {args[0]} and {args[1]}"
    if isinstance(node, Unary):
        operand = node.operand
        if node.op == "-":
            return "-" + _words(operand, 7)
        if (isinstance(operand, Call) and operand.func == "visited"
                and isinstance(operand.args[0], Lit)):
            return f"you have not visited {operand.args[0].value}"
        if isinstance(operand, Binary) and operand.op in COMPARISONS:
            flipped = Binary(_OPPOSITE[operand.op], operand.left, operand.right, operand.op_at,
                             operand.start, operand.end, operand.height)
            return _words(flipped, outer)
        text = f"not {_words(operand, 3)}"  # and/or below get their own brackets
        return f"({text})" if outer > 3 else text
    if isinstance(node, Logic):
        prec = _PRECEDENCE[node.op]
        text = f" {node.op} ".join(_words(o, prec + 1) for o in node.operands)
        return f"({text})" if outer > prec else text
    if node.op in COMPARISONS:
        left, right = node.left, node.right
        if (isinstance(left, Call) and left.func == "visits" and isinstance(right, Lit)
                and type(right.value) is int and isinstance(left.args[0], Lit)):
            n, op, scene = right.value, node.op, left.args[0].value
            if (op, n) in (("==", 0), ("<", 1), ("<=", 0)):
                return f"you have not visited {scene}"
            if (op, n) in ((">", 0), (">=", 1), ("!=", 0)):
                return f"you have visited {scene}"
            times = "once" if n == 1 else f"{n} times"
            return f"you have visited {scene} {_VISIT_PHRASES[op]} {times}"
        if isinstance(right, Lit) and type(right.value) is bool:
            positive = right.value == (node.op == "==")
            subject = _words(left, 3)
            return subject if positive else f"not {subject}"
        text = f"{_words(left, 5)} {_PHRASES[node.op]} {_words(right, 5)}"
        return f"({text})" if outer > 4 else text
    prec = _PRECEDENCE[node.op]
    text = f"{_words(node.left, prec)} {node.op} {_words(node.right, prec + 1)}"
    return f"({text})" if outer > prec else text
