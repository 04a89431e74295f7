"""The source line and caret under every checker message (engine/excerpts.py).

The line comes from an untrusted file, so what is shown must be safe and the
caret must stay under the column whatever the line holds: tabs, control
characters, wide characters, a line far wider than a terminal.
"""

from __future__ import annotations

from pathlib import Path

from engine import Problem
from engine.excerpts import WINDOW, SourceLines, excerpt, with_source


def problem_at(path: Path, line: int, column: int) -> Problem:
    return Problem("E101", "unknown target.", path, line, column)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "chapter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def caret_under(shown, text: str) -> str:
    """The character of `shown.text` the caret points at."""
    return shown.text[shown.caret:].startswith(text)


def test_line_and_caret(tmp_path: Path) -> None:
    path = write(tmp_path, "scenes:\n  - to: strete\n")
    shown = excerpt(problem_at(path, 2, 9), SourceLines())
    assert shown is not None
    assert shown.text == "  - to: strete"
    assert caret_under(shown, "strete")
    assert shown.lines() == ("   2 |   - to: strete", "     |         ^")


def test_tabs_and_control_characters_keep_the_caret_aligned(tmp_path: Path) -> None:
    path = write(tmp_path, "text: \"a\tb\x1b[2Jc\" to: x\n")
    column = path.read_text(encoding="utf-8").index("to:") + 1
    shown = excerpt(problem_at(path, 1, column))
    assert shown is not None
    assert "\x1b" not in shown.text and "\t" not in shown.text
    assert "\\x1b" in shown.text
    assert caret_under(shown, "to:")


def test_wide_characters_count_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "title: 巴黎公社 to: x\n")
    column = path.read_text(encoding="utf-8").index("to:") + 1
    shown = excerpt(problem_at(path, 1, column))
    assert shown is not None
    assert shown.caret == len("title: ") + 2 * 4 + 1


def test_a_long_line_is_cut_around_the_caret(tmp_path: Path) -> None:
    line = "text: " + "word " * 200 + "HERE" + " more" * 100
    path = write(tmp_path, line + "\n")
    shown = excerpt(problem_at(path, 1, line.index("HERE") + 1))
    assert shown is not None
    assert len(shown.text) <= WINDOW + 2
    assert shown.text.startswith("…") and shown.text.endswith("…")
    assert caret_under(shown, "HERE")


def test_no_excerpt_without_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "one line\n")
    assert excerpt(problem_at(path, 0, 0)) is None
    assert excerpt(problem_at(path, 5, 1)) is None
    assert excerpt(problem_at(tmp_path / "missing.yaml", 1, 1)) is None
    assert excerpt(Problem("E003", "format.")) is None
    assert with_source([problem_at(path, 5, 1)]) == [problem_at(path, 5, 1).format()]


def test_a_column_past_the_end_points_just_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, "to: x\n")
    shown = excerpt(problem_at(path, 1, 40))
    assert shown is not None and shown.caret == len("to: x")


def test_unsaved_text_is_shown_instead_of_the_disk(tmp_path: Path) -> None:
    path = write(tmp_path, "on disk\n")
    lines = with_source([problem_at(path, 1, 4)], texts={path: "in the editor\n"})
    assert lines[1].endswith("| in the editor")
    assert lines[2].endswith("|    ^")
