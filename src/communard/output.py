"""Where a command's document goes: a file given with -o, or standard output.

Shared by graph, walkthrough and transcript so they agree on the small things:
the format follows the file's suffix unless given, folders are created, and a
short 'wrote FILE' goes to stderr so stdout stays the document or nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path


def format_from(given: str | None, output: Path | None, suffixes: dict[str, str],
                default: str) -> str:
    """The format asked for, else the one the output file's suffix names, else `default`."""
    if given:
        return given
    if output is not None:
        return suffixes.get(output.suffix.lower(), default)
    return default


def write_output(text: str, output: Path | None, what: str) -> int:
    """Write `text` to `output` (or stdout); 0 when written, 2 when the file cannot be."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return 0
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"communard: cannot write {output}: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {output}: {what}", file=sys.stderr)
    return 0
