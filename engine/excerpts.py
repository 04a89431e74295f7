"""The source line a problem points at, with a caret under its column.

A `file:line:col` is exact but makes the author open the file to see what is
meant; compilers (and strictyaml) print the line itself with a `^` under the
column. This module finds that line and works out where the caret goes, as
data (`Excerpt`) for tools that want it, and as the two lines a terminal shows.

The line comes from a file of the story, which is untrusted: control
characters are made visible, tabs become spaces (so the caret stays aligned),
a very long line is cut to a window around the column, and wide characters
(CJK, emoji) count as two columns, as terminals draw them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import UnsuitableFile, read_bounded
from .problems import Problem
from .safetext import visible

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""Files larger than this are not read again to show a line (the loader refused them)."""
WINDOW = 100
"""Widest excerpt shown, in terminal columns; a longer line is cut around the caret."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One source line as shown under a problem: `caret` is the 0-based display column."""

    line: int
    text: str
    caret: int

    @property
    def caret_line(self) -> str:
        return " " * self.caret + "^"

    def lines(self) -> tuple[str, str]:
        """`   15 |   to: strete` and `      |       ^`: the gutter holds the line number."""
        number = str(self.line)
        width = max(len(number), 3)
        return (f" {number:>{width}} | {self.text}".rstrip(),
                f" {'':>{width}} | {self.caret_line}")


class SourceLines:
    """Reads each file once, however many problems point into it (for one report)."""

    def __init__(self, texts: dict[Path, str] | None = None):
        self._lines: dict[Path, list[str] | None] = {}
        for path, text in (texts or {}).items():
            self._lines[path] = text.splitlines()

    def get(self, path: Path) -> list[str] | None:
        if path not in self._lines:
            try:
                raw = read_bounded(path, MAX_SOURCE_BYTES)
                self._lines[path] = raw.decode("utf-8", errors="replace").splitlines()
            except (OSError, UnsuitableFile):
                self._lines[path] = None
        return self._lines[path]


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def excerpt(problem: Problem, sources: SourceLines | None = None) -> Excerpt | None:
    """The line `problem` points at, or None when it names no line of a readable file."""
    if problem.file is None or problem.line < 1:
        return None
    lines = (sources or SourceLines()).get(problem.file)
    if lines is None or problem.line > len(lines):
        return None
    raw = lines[problem.line - 1]
    column = min(max(problem.column, 1), len(raw) + 1) - 1  # 0-based, at most one past the end
    cells: list[str] = []  # what each source character is drawn as
    for char in raw:
        cells.append(" " if char == "\t" else visible(char))
    widths = [sum(_width(c) for c in cell) for cell in cells]
    caret = sum(widths[:column])
    start, end = 0, len(cells)
    if sum(widths) > WINDOW:  # keep the caret in view, with some context before it
        start = column
        room = WINDOW // 3
        while start > 0 and room - widths[start - 1] >= 0:
            start -= 1
            room -= widths[start]
        end, room = start, WINDOW
        while end < len(cells) and room - widths[end] >= 0:
            room -= widths[end]
            end += 1
    text = "".join(cells[start:end]).rstrip()
    caret -= sum(widths[:start])
    if start > 0:
        text, caret = "…" + text, caret + 1
    if end < len(cells):
        text += "…"
    return Excerpt(problem.line, text, caret)


def with_source(problems: Iterable[Problem], base: Path | None = None,
                texts: dict[Path, str] | None = None) -> list[str]:
    """Each problem's `path:line:col: ...` line, followed by its source line and caret.

    `texts` gives the current text of files that differ from the disk (an editor's
    unsaved buffer); other files are read once each.
    """
    sources = SourceLines(texts)
    out: list[str] = []
    for problem in problems:
        out.append(problem.format(base))
        shown = excerpt(problem, sources)
        if shown is not None:
            out.extend(shown.lines())
    return out
