"""Reading conditional text: ``{if}``/``{elif}``/``{else}``/``{end}``, ``{= ...}``, ``{{ }}``.

This module only finds the structure of a template and where each embedded
expression sits (as an absolute offset, so errors point into the whole text).
The expressions themselves are parsed, type-checked and compiled by
``engine/expressions.py``, which turns this structure into a ``Template``.
Structural mistakes are E113 so the checker can tell an author exactly which
brace or tag is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .expr_parse import MAX_NESTING, ExpressionError


@dataclass(slots=True)
class Interpolation:
    """``{= expr}``: ``source`` is the expression text, starting at ``offset``."""

    source: str
    offset: int


@dataclass(slots=True)
class Branch:
    """One ``{if ...}`` or ``{elif ...}`` condition and the parts it shows."""

    source: str
    offset: int
    parts: list[Part] = field(default_factory=list)


@dataclass(slots=True)
class IfBlock:
    """A whole ``{if} ... {end}``; ``otherwise`` holds the ``{else}`` parts, if any."""

    offset: int
    branches: list[Branch]
    otherwise: list[Part] | None = None


@dataclass(slots=True)
class Variation:
    """``{a|b}`` (sequence), ``{&a|b}`` (cycle), ``{!a|b}`` (once only), ``{~a|b}`` (shuffle):
    alternatives of plain text, picked by the scene's visit count."""

    kind: str  # "sequence" | "cycle" | "once" | "shuffle"
    options: list[str]
    offset: int


Part = str | Interpolation | IfBlock | Variation
_VARIATION_KINDS = {"&": "cycle", "!": "once", "~": "shuffle"}
MAX_OPTIONS = 100

_BRACE = re.compile(r"[{}]")  # one linear scan, even for very long texts
_STRAY_CLOSE = "a single `}` has no matching `{`. Write `}}` to show a brace in the text."
_UNCLOSED = ("this `{` is never closed. Add the missing `}` after the tag, check the quotes "
             "inside it, or write `{{` to show a brace in the text.")


def _find_close(source: str, i: int) -> int:
    """Index of the ``}`` ending a tag whose content starts at ``i``, or -1.

    Quoted text is skipped so ``{if name == '}'}`` works; a second ``{`` means
    the author forgot a ``}``, which is reported at the first brace.
    """
    n = len(source)
    while i < n:
        c = source[i]
        if c == "}":
            return i
        if c == "{":
            return -1
        if c in "'\"":
            i += 1
            while i < n and source[i] != c:
                i += 2 if source[i] == "\\" else 1
        i += 1
    return -1


def parse_template(source: str) -> tuple[list[Part], bool]:
    """Split ``source`` into text, interpolations and if-blocks; also say if any tag was seen.

    Text parts already have ``{{``/``}}`` turned into single braces.
    """
    root: list[Part] = []
    current = root
    open_blocks: list[tuple[IfBlock, list[Part]]] = []  # block, list to return to at {end}
    text: list[str] = []
    has_tags = False
    i, n = 0, len(source)
    while i < n:
        found = _BRACE.search(source, i)
        brace = found.start() if found else n
        text.append(source[i:brace])
        if brace == n:
            break
        i = brace
        if source.startswith("{{", i) or source.startswith("}}", i):
            text.append(source[i])
            i += 2
            continue
        if source[i] == "}":
            raise ExpressionError("E113", _STRAY_CLOSE, i)
        found_variation = _variation(source, i)
        if found_variation is not None:
            if "".join(text):
                current.append("".join(text))
            text = []
            has_tags = True
            current.append(found_variation[0])
            i = found_variation[1]
            continue
        close = _find_close(source, i + 1)
        if close < 0:
            raise ExpressionError("E113", _UNCLOSED, i)
        if "".join(text):
            current.append("".join(text))
        text = []
        has_tags = True
        inner = source[i + 1:close]
        body = inner.lstrip()
        at = i + 1 + len(inner) - len(body)  # where `body` starts in source
        word_len = 0
        while word_len < len(body) and body[word_len].isalpha():
            word_len += 1
        word, rest, rest_at = body[:word_len], body[word_len:], at + word_len
        apart = not rest or not (rest[0].isalnum() or rest[0] == "_")  # `{if(x)}`, not `{iffy}`
        if body.startswith("="):
            current.append(Interpolation(body[1:], at + 1))
        elif word == "if" and apart:
            if len(open_blocks) >= MAX_NESTING:
                raise ExpressionError("E113", f"{{if}} blocks are nested more than "
                                      f"{MAX_NESTING} deep. Simplify the text.", i)
            block = IfBlock(i, [Branch(rest, rest_at)])
            current.append(block)
            open_blocks.append((block, current))
            current = block.branches[0].parts
        elif (word == "elif" and apart) or (word in ("else", "end") and not rest.strip()):
            if not open_blocks:
                raise ExpressionError("E113", f"this {{{word}}} has no {{if ...}} before it. "
                                      f"Remove it, or add the {{if ...}} it belongs to.", i)
            block = open_blocks[-1][0]
            if word == "end":
                current = open_blocks.pop()[1]
            elif block.otherwise is not None:
                raise ExpressionError("E113", f"this {{{word}}} comes after the {{else}} of the "
                                      "same {if}. Put every {elif} before the {else}, and use "
                                      "only one {else}.", i)
            elif word == "elif":
                block.branches.append(Branch(rest, rest_at))
                current = block.branches[-1].parts
            else:
                block.otherwise = current = []
        else:
            raise ExpressionError("E113", _unknown_tag(inner), i)
        i = close + 1
    if "".join(text):
        current.append("".join(text))
    if open_blocks:
        raise ExpressionError("E113", "this {if ...} is never closed. Add {end} where the "
                              "conditional text stops.", open_blocks[-1][0].offset)
    return root, has_tags


def _unknown_tag(inner: str) -> str:
    """Explain a ``{...}`` that is none of the known tags."""
    word = inner.strip()
    if word in ("else", "end") or word.startswith(("else ", "end ")):
        return (f"{{{word}}} takes nothing after the word {word.split()[0]}. Write "
                f"{{{word.split()[0]}}}; for another condition use {{elif ...}}.")
    if word.replace(" ", "") in ("endif", "/if", "fi"):
        return "this tag is not understood. Close a conditional text with {end}."
    return (f"{{{inner}}} is not a tag. Write {{if ...}}, {{elif ...}}, {{else}}, {{end}}, or "
            f"{{= name}} to show a variable; write {{{{ and }}}} to show braces in the text.")


def _variation(source: str, i: int) -> tuple[Variation, int] | None:
    """The variation whose ``{`` is at ``i`` and the index after its ``}``, or None if the
    tag is another kind. Alternatives are plain text, so quotes in them (``It's``) are
    only letters: the tag ends at the first ``}``."""
    close = source.find("}", i + 1)
    inner = source[i + 1:close] if close >= 0 else ""
    if close < 0 or "{" in inner or "|" not in inner:
        return None
    body = inner.lstrip()
    word = body.split(None, 1)[0] if body.split() else ""
    if body.startswith("=") or word in ("if", "elif", "else", "end") or \
            body.startswith(("if(", "elif(")):
        return None
    kind = _VARIATION_KINDS.get(inner[0], "sequence")
    options = (inner[1:] if kind != "sequence" else inner).split("|")
    if len(options) > MAX_OPTIONS:
        raise ExpressionError("E113", f"this variation has {len(options)} alternatives; at "
                              f"most {MAX_OPTIONS} are allowed. Shorten it.", i)
    return Variation(kind, options, i), close + 1
