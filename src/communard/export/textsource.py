"""Conditional scene text shown whole, for people who read a story rather than play it.

A player sees one branch of each `{if}`; a teacher preparing a lesson (or an
author counting words) needs every branch, with its condition in plain words.
This works from a Template's source through the engine's own template parser,
so it reads exactly what the game reads.
"""

from __future__ import annotations

import re

from engine.templates import IfBlock, Interpolation, Part, Variation, parse_template

from ..conditionwords import describe_condition
from .mdsafe import escape_md

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _marker(text: str) -> str:
    return f"*[{escape_md(text, start=False)}]*"


def _parts_md(parts: list[Part]) -> str:
    out: list[str] = []
    for n, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interpolation):
            out.append(f"*‹{escape_md(part.source.strip(), start=False)}›*")
        elif isinstance(part, Variation):
            out.append(_variation_text(part))
        else:
            before = "".join(out)
            after = parts[n + 1] if n + 1 < len(parts) else None
            alone = (not before.strip() or before.endswith("\n\n")) and (
                after is None or (isinstance(after, str) and after.startswith("\n\n")))
            out.append(_block_md(part, alone))
    return "".join(out)


def _block_md(block: IfBlock, alone: bool = False) -> str:
    """One `{if}` with all its branches; a paragraph of its own gets a paragraph per branch."""
    pieces = []
    for n, branch in enumerate(block.branches):
        word = "if" if n == 0 else "otherwise, if"
        pieces.append(f"{_marker(f'{word} {describe_condition(branch.source)}')} "
                      f"{_parts_md(branch.parts).strip()}")
    if block.otherwise:
        pieces.append(f"{_marker('otherwise')} {_parts_md(block.otherwise).strip()}")
    return ("\n\n" if alone else " ").join(pieces) + " " + _marker("end")


def all_branches_markdown(source: str) -> str:
    """Markdown of the text with every `{if}` branch shown and labelled.

    `{if trust >= 2}A{else}B{end}` becomes `*[if trust is at least 2]* A *[otherwise]* B
    *[end]*`, and `{= name}` becomes `*‹name›*`. Text that does not parse (the checker
    reports it) is given back as written.
    """
    try:
        parts, has_tags = parse_template(source)
    except Exception:  # a broken template must not break a printed guide
        return source
    if not has_tags:
        return "".join(p for p in parts if isinstance(p, str))
    return _parts_md(parts)


def _variation_text(part: Variation) -> str:
    """Every alternative of a `{a|b}` text, as a reader may see one or the other."""
    return " / ".join(o.strip() for o in part.options if o.strip())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _parts_words(parts: list[Part]) -> int:
    total = 0
    for part in parts:
        if isinstance(part, str):
            total += count_words(part)
        elif isinstance(part, Interpolation):
            total += 1
        elif isinstance(part, Variation):
            total += max(count_words(o) for o in part.options)
        else:
            branches = [_parts_words(b.parts) for b in part.branches]
            branches.append(_parts_words(part.otherwise or []))
            total += max(branches)
    return total


def template_words(source: str) -> int:
    """Words a reader sees at most: each `{if}` counts by its longest branch."""
    try:
        parts, _ = parse_template(source)
    except Exception:
        return count_words(source)
    return _parts_words(parts)


def _parts_plain(parts: list[Part], labelled: bool) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interpolation):
            out.append(f"‹{part.source.strip()}›")
        elif isinstance(part, Variation):
            out.append(_variation_text(part))
        elif labelled:
            for n, branch in enumerate(part.branches):
                word = "if" if n == 0 else "otherwise, if"
                out.append(f"[{word} {describe_condition(branch.source)}] "
                           f"{_parts_plain(branch.parts, True).strip()} ")
            if part.otherwise:
                out.append(f"[otherwise] {_parts_plain(part.otherwise, True).strip()} ")
            out.append("[end]")
        else:
            options = [_parts_plain(b.parts, False).strip() for b in part.branches]
            if part.otherwise:
                options.append(_parts_plain(part.otherwise, False).strip())
            out.append(" / ".join(o for o in options if o))
    return "".join(out)


def all_branches_plain(source: str, labelled: bool = False) -> str:
    """Short text (a choice) as plain text: branches joined by ' / ', or, `labelled`,
    each after its condition in plain words: `[if trust is at least 2] ... [otherwise] ...`.
    """
    try:
        parts, _ = parse_template(source)
    except Exception:
        return source
    return " ".join(_parts_plain(parts, labelled).split())
