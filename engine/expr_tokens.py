"""Reading the story expression language, step one: characters to tokens.

Story files are untrusted input, so an expression is never handed to Python's
``eval``, ``exec``, ``compile`` or ``ast``. The tokenizer reads it character
by character; any character that fits nothing (controls, NUL, a curly quote,
``**``, a dot) is refused here with an :class:`ExpressionError` whose message
tells an author who is not a programmer how to fix it, so nothing unexpected
reaches the parser (``engine/expr_parse.py``).
"""

from __future__ import annotations

import keyword
import unicodedata
from dataclasses import dataclass

MAX_SOURCE = 2000
"""Longest expression accepted: keeps parsing and error messages bounded."""
INT_LIMIT = 10**15
"""Largest whole number, written or computed: results are clamped to it."""

_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
# Python keywords mean nothing here; naming them early gives a clear E112
# ("`lambda` is not part of the story language") instead of a puzzling E110.
_FORBIDDEN_WORDS = frozenset(keyword.kwlist) - {"True", "False", "None", "and", "or", "not"}
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">=", "+=", "-="})
_ONE_CHAR_OPS = frozenset("<>+-*/%=(),")
_DIGITS = frozenset("0123456789")
_SPACE = frozenset(" \t\r\n")
_UNPRINTABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})  # controls, NUL, surrogates, breaks
_FIX_SYMBOLS = (
    "Expressions use only variable names, whole numbers, text in quotes, brackets ( ), "
    "the operators == != < <= > >= + - * / % and the words and, or, not."
)
# Characters an author is likely to type by accident, with what they meant.
_CHAR_HINTS: dict[str, tuple[str, str]] = {
    "**": ("E112", "there is no power operator. Multiply instead, e.g. `trust * trust`."),
    ".": ("E112", "a dot cannot be used here: there are no attributes or decimals. "
                  "If this is a scene, put it in quotes: visited('chapter.scene')."),
    "[": ("E112", "square brackets (lists and indexing) are not part of the story language. "
                  "Use round brackets ( ) to group, or remove them."),
    "]": ("E112", "square brackets (lists and indexing) are not part of the story language. "
                  "Use round brackets ( ) to group, or remove them."),
    "//": ("E110", "`//` is not an operator. Write a single `/`: it already gives a whole number."),
    "&&": ("E110", "`&&` is not an operator. Write the word `and`."),
    "||": ("E110", "`||` is not an operator. Write the word `or`."),
    "&": ("E110", "`&` is not an operator. Write the word `and`."),
    "|": ("E110", "`|` is not an operator. Write the word `or`."),
    "!": ("E110", "`!` on its own is not an operator. Write the word `not`, or `!=` for 'is not'."),
    "=>": ("E110", "`=>` is not an operator. Did you mean `>=` (at least)?"),
    "=<": ("E110", "`=<` is not an operator. Did you mean `<=` (at most)?"),
    "≥": ("E110", "`≥` is not understood. Write `>=` instead."),
    "≤": ("E110", "`≤` is not understood. Write `<=` instead."),
    "≠": ("E110", "`≠` is not understood. Write `!=` instead."),
    "{": ("E110", "curly braces belong in the text, not inside a condition. Remove this `{`."),
    "}": ("E110", "curly braces belong in the text, not inside a condition. Remove this `}`."),
    ";": ("E110", "`;` cannot join expressions. Give several effects as a list: [a = 1, b = 2]."),
}
for _q in "‘’‚‛“”„‟«»":
    _CHAR_HINTS[_q] = ("E110", "this is a curly quotation mark. Write text between straight "
                               "quotes instead: 'like this' or \"like this\".")


class ExpressionError(Exception):
    """A problem in an author's expression, with a code, a fix-it message and where it is.

    ``offset`` is the 0-based character offset into the source string that was
    compiled (for templates: into the whole template), so the loader can turn
    it into a line and column of the story file.
    """

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(code, message, offset)  # keeps the error picklable
        self.code = code
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.code} at character {self.offset}: {self.message}"


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of an expression. ``kind`` is lit, name, op or end; offsets are absolute."""

    kind: str
    value: bool | int | str
    start: int
    end: int


def _show(char: str) -> str:
    """A character as an author can recognise it, even an invisible one."""
    if char.isprintable() and not char.isspace():
        return f"`{char}`"
    return f"an invisible character (U+{ord(char):04X})"


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Split ``text`` into tokens; offsets are ``base`` plus the position in ``text``.

    Any character that fits nothing is an E110 at that character, so control
    characters and NUL bytes can never reach later stages.
    """
    if len(text) > MAX_SOURCE:
        raise ExpressionError(
            "E110", f"this expression is longer than {MAX_SOURCE:,} characters. "
            "Split it into several shorter conditions or effects.", base + MAX_SOURCE)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        at = base + i
        if c in _DIGITS:
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j < n and text[j] == "." and j + 1 < n and text[j + 1] in _DIGITS:
                raise ExpressionError("E110", "only whole numbers are allowed. "
                                      "Remove the decimal part, e.g. write 2 instead of 2.5.", at)
            if j < n and (text[j].isalnum() or text[j] == "_"):
                raise ExpressionError("E110", f"`{text[i:j + 1]}` mixes digits and letters. "
                                      "Put a space or an operator after the number, or start "
                                      "a variable name with a letter.", at)
            digits = text[i:j].lstrip("0") or "0"
            if len(digits) > 16 or int(digits) > INT_LIMIT:
                raise ExpressionError("E110", "this number is too large. Use a number no "
                                      "bigger than 1,000,000,000,000,000.", at)
            tokens.append(Token("lit", int(digits), at, base + j))
            i = j
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(_word(text[i:j], at, base + j))
            i = j
        elif c in "'\"":
            value, j = _string(text, i, base)
            tokens.append(Token("lit", value, at, base + j))
            i = j
        else:
            two = text[i:i + 2]
            if two in _TWO_CHAR_OPS:
                tokens.append(Token("op", two, at, at + 2))
                i += 2
                continue
            hint = _CHAR_HINTS.get(two) or _CHAR_HINTS.get(c)
            if hint is not None:
                raise ExpressionError(hint[0], hint[1], at)
            if c in _ONE_CHAR_OPS:
                tokens.append(Token("op", c, at, at + 1))
                i += 1
                continue
            raise ExpressionError("E110", f"unexpected character {_show(c)}. Remove it. "
                                  + _FIX_SYMBOLS, at)
    tokens.append(Token("end", "", base + n, base + n))
    return tokens


def _word(word: str, start: int, end: int) -> Token:
    """Classify a run of letters: keyword, true/false, or a name (checked later)."""
    if word in _KEYWORDS:
        if word in ("true", "false"):
            return Token("lit", word == "true", start, end)
        return Token("op", word, start, end)
    if word.lower() in _KEYWORDS:
        raise ExpressionError("E110", f"`{word}` is not understood; did you mean "
                              f"`{word.lower()}`? Write it in small letters.", start)
    if word.startswith("__"):
        raise ExpressionError("E112", f"`{word}` is not allowed: names cannot start with two "
                              "underscores. Use one of the story's own variables instead.", start)
    if word in _FORBIDDEN_WORDS:
        tip = "To compare, write `==`." if word in ("is", "in") else (
            "For text that depends on a condition, use {if ...} in the text." if word in (
                "if", "else", "elif") else
            "Use only variables, numbers, text in quotes, comparisons, and/or/not and "
            "the functions visited, visits, min, max and abs.")
        raise ExpressionError("E112", f"`{word}` is not part of the story language. {tip}", start)
    return Token("name", word, start, end)


def _string(text: str, i: int, base: int) -> tuple[str, int]:
    """Read the quoted text starting at ``text[i]``; return its value and the end index."""
    quote, j, n = text[i], i + 1, len(text)
    out: list[str] = []
    while j < n:
        ch = text[j]
        if ch == quote:
            return "".join(out), j + 1
        if ch == "\\":
            nxt = text[j + 1] if j + 1 < n else ""
            if nxt not in (quote, "\\"):
                raise ExpressionError("E110", f"a backslash in text can only come before "
                                      f"{quote} or another backslash. Remove the backslash, or "
                                      "double it to show one.", base + j)
            out.append(nxt)
            j += 2
            continue
        if unicodedata.category(ch) in _UNPRINTABLE:
            raise ExpressionError("E110", f"text in quotes cannot hold {_show(ch)} or line "
                                  "breaks. Keep the text on one line and remove the "
                                  "character.", base + j)
        out.append(ch)
        j += 1
    raise ExpressionError("E110", f"this text is never closed. Add a matching {quote} "
                          "at its end.", base + i)
