"""Small pieces shared by the author tools' terminal reports (randomtest, stats).

Reports are printed with rich so they get colour and aligned tables in a
terminal and stay plain text in a pipe. Story strings are always passed as
`Text`, never as markup, so a `[bold]` in a scene title is shown, not obeyed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

BAR_WIDTH = 24
PIPE_WIDTH = 100
"""Width of reports written to a file or a pipe (rich would assume 80)."""


def console() -> Any:
    """A console on the current stdout (looked up now, so tests that capture it work)."""
    from rich.console import Console

    width = None if sys.stdout.isatty() else PIPE_WIDTH
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, width=width)


def share(part: int, whole: int) -> str:
    """'92%'; '<1%' rather than a misleading '0%' when something happened at all."""
    if whole == 0:
        return "—"
    value = 100 * part / whole
    if 0 < value < 1:
        return "<1%"
    return f"{value:.0f}%"


def bar(part: int, whole: int, width: int = BAR_WIDTH) -> Any:
    """A bar for a share: green when full, yellow when partial, red when nothing."""
    from rich.text import Text

    filled = round(width * part / whole) if whole else width
    if part and not filled:
        filled = 1
    style = "green" if part == whole else "red" if part == 0 else "yellow"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def heading(out: Any, text: str, style: str = "bold") -> None:
    from rich.text import Text

    out.print(Text(text, style if "bold" in style else f"bold {style}"))


def path_line(scenes: Sequence[str], indent: str = "  ", limit: int = 40,
              width: int = PIPE_WIDTH - 4) -> Any:
    """A path of scenes as `a → b → c`, the middle cut out when it is long.

    Wrapped between scenes (never inside an id), continuation lines indented.
    """
    from rich.text import Text

    items = list(scenes)
    if len(items) > limit:
        head, tail = items[:limit // 2], items[-limit // 2:]
        items = [*head, f"… {len(scenes) - len(head) - len(tail)} more …", *tail]
    lines, line = [], indent
    for n, item in enumerate(items):
        piece = item if n == 0 else f" → {item}"
        if len(line) + len(piece) > width and line.strip():
            lines.append(line)
            line = indent + "    " + piece.lstrip()
        else:
            line += piece
    lines.append(line)
    return Text("\n".join(lines))
