"""Story Markdown as plain words, for line mode and screen readers.

A screen reader reads every symbol it is given: `*The person you play*` comes
out as "star The person you play star". So emphasis markers are dropped
(where they really are emphasis, by CommonMark's flanking rules; a lone `*`
in "5 * 3" stays), links become "text (address)", and a backslash escape
gives its character.

Story text is untrusted and may be long, so this is one pass over the text
with a stack of open delimiters (CommonMark's algorithm with a per-character
floor, so no run is looked at more than a bounded number of times): 100,000
characters of `*a *a *a` take milliseconds, not the minute a backtracking
regular expression takes.
"""

from __future__ import annotations

import re
import unicodedata

# Bounded parts and no whitespace in the address: each match attempt stops at the
# next bracket, parenthesis or space, so the scan stays linear.
_LINK = re.compile(r"\[([^\[\]\n]{1,1000})\]\(([^()\s]{1,2000})\)")
_ESCAPED = r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'])"
_RUN = re.compile(_ESCAPED + r"|\*+|_+")


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


def _runs(text: str) -> list[tuple[int, int, bool, bool]]:
    """Delimiter runs of `*` or `_` as (start, end, can open, can close); escapes skipped."""
    runs = []
    for m in _RUN.finditer(text):
        start, end = m.span()
        ch = text[start]
        if ch == "\\":
            continue
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        left = not _is_space(after) and (
            not _is_punct(after) or _is_space(before) or _is_punct(before))
        right = not _is_space(before) and (
            not _is_punct(before) or _is_space(after) or _is_punct(after))
        if ch == "*":
            runs.append((start, end, left, right))
        else:  # `_` inside a word (snake_case, some_name) is never emphasis
            runs.append((start, end, left and (not right or _is_punct(before)),
                         right and (not left or _is_punct(after))))
    return runs


def _emphasis_marks(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of delimiter characters that are emphasis, to drop."""
    drop: list[tuple[int, int]] = []
    stack: list[list[int]] = []          # open runs: [start, end still unmatched, char code]
    floor = {ord("*"): 0, ord("_"): 0}   # below this, no opener of that char can match
    for start, end, can_open, can_close in _runs(text):
        char = ord(text[start])
        if can_close:
            k = len(stack) - 1
            while k >= floor[char] and start < end:
                opener = stack[k]
                if opener[2] != char:
                    k -= 1
                    continue
                used = min(opener[1] - opener[0], end - start, 2)
                drop += [(opener[1] - used, opener[1]), (start, start + used)]
                opener[1] -= used
                start += used
                del stack[k + 1:]           # delimiters between the pair stay literal
                if opener[1] == opener[0]:
                    stack.pop()
                k = len(stack) - 1
            if start < end:
                floor[char] = len(stack)
        if can_open and start < end:
            stack.append([start, end, char])
    return drop


def plain_text(markdown: str) -> str:
    """Markdown emphasis and links as plain words: a screen reader should not say 'star'.

    Give it whole paragraphs (lines joined): emphasis may run across a line break.
    """
    text = _LINK.sub(r"\1 (\2)", markdown)
    marks = sorted(_emphasis_marks(text))
    out, at = [], 0
    for start, end in marks:
        out.append(text[at:start])
        at = end
    out.append(text[at:])
    joined = "".join(out)
    return re.sub(_ESCAPED, r"\1", joined)
