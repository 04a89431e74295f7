"""`--help` layout for the author and teacher tools.

argparse either re-wraps everything (examples become one line) or nothing
(prose runs off the screen); this wraps prose paragraphs to the terminal and
keeps paragraphs with indented lines, such as examples, exactly as written.
"""

from __future__ import annotations

import argparse
import textwrap


class HelpFormatter(argparse.HelpFormatter):
    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for para in text.strip().split("\n\n"):
            lines = para.splitlines()
            if any(line.startswith("  ") for line in lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(textwrap.fill(" ".join(para.split()), width,
                                                initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(paragraphs)
