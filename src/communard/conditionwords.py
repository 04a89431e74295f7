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

from .i18n import N_, _, ngettext

_PHRASES = {"==": N_("is"), "!=": N_("is not"), ">=": N_("is at least"),
            "<=": N_("is at most"), ">": N_("is more than"), "<": N_("is less than")}
_VISIT_PHRASES = {"==": N_("exactly"), "!=": N_("other than"), ">=": N_("at least"),
                  "<=": N_("at most"), ">": N_("more than"), "<": N_("fewer than")}
_LOGIC = {"and": N_("and"), "or": N_("or")}
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
        return (_("true") if v else _("false")) if type(v) is bool else f'"{v}"' if type(v) is str \
            else str(v)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        args = [_words(a, 0) for a in node.args]
        if node.func in ("visited", "visits") and isinstance(node.args[0], Lit):
            scene = node.args[0].value
            return (_("you have visited {scene}") if node.func == "visited"
                    else _("the number of times you have visited {scene}")).format(scene=scene)
        if node.func == "abs":
            return _("the absolute value of {value}").format(value=args[0])
        if node.func == "chance":
            return _("by chance ({percent} in 100)").format(percent=args[0])
        if node.func == "random":
            return _("a random number from {low} to {high}").format(low=args[0], high=args[1])
        if node.func == "has":
            return _("{name} is in {set}").format(name=args[1], set=args[0])
        if node.func == "count":
            return _("the number of names in {set}").format(set=args[0])
        return (_("the smaller of {a} and {b}") if node.func == "min" else
                _("the larger of {a} and {b}")).format(a=args[0], b=args[1])
    if isinstance(node, Unary):
        operand = node.operand
        if node.op == "-":
            return "-" + _words(operand, 7)
        if (isinstance(operand, Call) and operand.func == "visited"
                and isinstance(operand.args[0], Lit)):
            return _("you have not visited {scene}").format(scene=operand.args[0].value)
        if isinstance(operand, Binary) and operand.op in COMPARISONS:
            flipped = Binary(_OPPOSITE[operand.op], operand.left, operand.right, operand.op_at,
                             operand.start, operand.end, operand.height)
            return _words(flipped, outer)
        text = _("not {condition}").format(condition=_words(operand, 3))  # and/or: brackets
        return f"({text})" if outer > 3 else text
    if isinstance(node, Logic):
        prec = _PRECEDENCE[node.op]
        text = f" {_(_LOGIC[node.op])} ".join(_words(o, prec + 1) for o in node.operands)
        return f"({text})" if outer > prec else text
    if node.op in COMPARISONS:
        left, right = node.left, node.right
        if (isinstance(left, Call) and left.func == "visits" and isinstance(right, Lit)
                and type(right.value) is int and isinstance(left.args[0], Lit)):
            n, op, scene = right.value, node.op, left.args[0].value
            if (op, n) in (("==", 0), ("<", 1), ("<=", 0)):
                return _("you have not visited {scene}").format(scene=scene)
            if (op, n) in ((">", 0), (">=", 1), ("!=", 0)):
                return _("you have visited {scene}").format(scene=scene)
            times = ngettext("once", "{count} times", n).format(count=n)
            return _("you have visited {scene} {how} {times}").format(
                scene=scene, how=_(_VISIT_PHRASES[op]), times=times)
        if isinstance(right, Lit) and type(right.value) is bool:
            positive = right.value == (node.op == "==")
            subject = _words(left, 3)
            return subject if positive else _("not {condition}").format(condition=subject)
        text = f"{_words(left, 5)} {_(_PHRASES[node.op])} {_words(right, 5)}"
        return f"({text})" if outer > 4 else text
    prec = _PRECEDENCE[node.op]
    text = f"{_words(node.left, prec)} {node.op} {_words(node.right, prec + 1)}"
    return f"({text})" if outer > prec else text
