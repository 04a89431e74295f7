"""`communard walkthrough`: the printable teacher's guide to a whole story."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..export.page import paper_for_locale
from ..export.walkthrough import find_chapter, render_walkthrough
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
               "  communard walkthrough --chapter 2 --paper a4 -o chapter-2.html\n"
               "  communard walkthrough my-story --format md -o guide.md")
    add_story_argument(p)
    p.add_argument("--format", "-f", choices=("md", "html"), default=None,
                   help="md or html (default: from the -o suffix, else md)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (default: standard output)")
    p.add_argument("--chapter", "-c", metavar="N",
                   help="the guide to one chapter, for a lesson: its number (1 is the first) "
                        "or its id")
    p.add_argument("--paper", choices=("a4", "letter"), default=None,
                   help="the paper to print the HTML on (default: from your locale, else "
                        "the browser's)")
    p.set_defaults(func=run_walkthrough)


def run_walkthrough(args: argparse.Namespace) -> int:
    fmt = format_from(args.format, args.output, SUFFIXES, "md")
    story, status = load_or_report(args)
    if story is None:
        return status
    chapter = None
    if args.chapter is not None:
        chapter = find_chapter(story, args.chapter)
        if chapter is None:
            known = ", ".join(f"{n} ({c.id})" for n, c in enumerate(story.chapters, 1))
            print(f"communard: there is no chapter '{args.chapter}' in this story. Give a "
                  f"number or an id: {known}.", file=sys.stderr)
            return 2
    paper = args.paper or paper_for_locale()
    with Progress(1 if chapter else len(story.chapters), "Writing") as progress:
        text = render_walkthrough(story, fmt, progress.update, chapter=chapter, paper=paper)
    scenes = len(chapter[1].scene_ids) if chapter else len(story.scenes)
    what = f"chapter {chapter[0]}" if chapter else f"{len(story.chapters)} chapters"
    return write_output(text, args.output, f"walkthrough of {scenes} scenes in {what} ({fmt})")
