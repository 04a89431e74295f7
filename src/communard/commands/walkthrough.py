"""`communard walkthrough`: the printable teacher's guide to a whole story."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..export.walkthrough import render_walkthrough
from ..helptext import HelpFormatter
from ..output import format_from, write_output
from ..progress import Progress
from ..storyarg import add_story_argument, load_or_report

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "walkthrough", help="write the teacher's guide to the whole story (Markdown or HTML)",
        formatter_class=HelpFormatter,
        description="Write a printable guide to the whole story for teachers: a table of "
                    "contents, then chapter by chapter each scene with its date, place, kind "
                    "and text (conditional text shown with its condition in plain words), "
                    "every choice with where it leads and when it is offered, what really "
                    "happened, the historical notes with numbered citations, the discussion "
                    "questions; then a timeline, the people, places and terms, and the "
                    "bibliography. The HTML is one self-contained file that prints cleanly.",
        epilog="examples:\n  communard walkthrough -o guide.html\n"
               "  communard walkthrough my-story --format md -o guide.md")
    add_story_argument(p)
    p.add_argument("--format", "-f", choices=("md", "html"), default=None,
                   help="md or html (default: from the -o suffix, else md)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (default: standard output)")
    p.set_defaults(func=run_walkthrough)


def run_walkthrough(args: argparse.Namespace) -> int:
    fmt = format_from(args.format, args.output, SUFFIXES, "md")
    story, status = load_or_report(args)
    if story is None:
        return status
    with Progress(len(story.chapters), "Writing") as progress:
        text = render_walkthrough(story, fmt, progress.update)
    return write_output(text, args.output,
                        f"walkthrough of {len(story.scenes)} scenes in "
                        f"{len(story.chapters)} chapters ({fmt})")
