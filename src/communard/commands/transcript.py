"""`communard transcript`: the record of one saved playthrough, to hand in."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from engine import SaveError, Session, Story
from engine.safetext import quoted
from engine.saves import SaveStore, check_slot_name

from ..export.transcript import render_transcript
from ..helptext import HelpFormatter
from ..output import format_from, write_output
from ..paths import saves_dir
from ..storyarg import add_story_argument, load_or_report

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "transcript", help="write the record of a saved playthrough (Markdown or HTML)",
        formatter_class=HelpFormatter,
        description="Write the transcript of one playthrough from a save: every scene read, "
                    "every choice made, the historical notes shown and the ending, with the "
                    "date of play. SAVE is the name of a save (as in the game's Load screen) "
                    "or the path of a save file.",
        epilog="Exit status: 0 written, 1 the story has errors, 2 the save or the story "
               "cannot be read.\n\nexamples:\n"
               "  communard transcript autosave -o my-playthrough.html\n"
               "  communard transcript ~/saves/quicksave.json --format md")
    p.add_argument("save", metavar="SAVE", help="a save name or the path of a save file")
    p.add_argument("--format", "-f", choices=("md", "html"), default=None,
                   help="md or html (default: from the -o suffix, else md)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (default: standard output)")
    add_story_argument(p)
    _story_may_come_last(p)
    p.set_defaults(func=run_transcript)


def _story_may_come_last(parser: argparse.ArgumentParser) -> None:
    """Accept `SAVE -o FILE STORY` as well as `SAVE STORY -o FILE`.

    argparse fills positionals only from the run before the first option, so a
    STORY written after `-o FILE` would be left over as unrecognised; take it.
    """
    original = parser.parse_known_args

    def parse_known_args(args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = original(args, namespace)
        if parsed.story is None and len(extras) == 1 and not extras[0].startswith("-"):
            parsed.story, extras = Path(extras[0]), []
        return parsed, extras

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign]


def find_save(story: Story, save: str) -> Path:
    """A path given as SAVE, else the save of that name in the user's save folder."""
    path = Path(save).expanduser()
    if path.is_file() or path.suffix.lower() == ".json" or len(path.parts) > 1:
        return path
    return saves_dir(story.id) / f"{check_slot_name(save)}.json"


def _saved_at(data: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(data["saved_at"]))
    except (KeyError, TypeError, ValueError):
        return None


def run_transcript(args: argparse.Namespace) -> int:
    fmt = format_from(args.format, args.output, SUFFIXES, "md")
    story, status = load_or_report(args)
    if story is None:
        return status
    try:
        path = find_save(story, args.save)
        data = SaveStore.read(path)
        session = Session.from_dict(story, data)
    except SaveError as exc:
        print(f"communard: {args.save}: {exc}", file=sys.stderr)
        _list_saves(story)
        return 2
    text = render_transcript(story, session, fmt, played_at=_saved_at(data))
    return write_output(text, args.output,
                        f"transcript of {len(session.history)} choices ({fmt})")


def _list_saves(story: Story) -> None:
    folder = saves_dir(story.id)
    # File names are the user's, but any program could have left one with an escape in it.
    names = sorted(quoted(p.stem) for p in folder.glob("*.json")) if folder.is_dir() else []
    if names:
        print(f"saves of '{story.title}' in {folder}: {', '.join(names)}", file=sys.stderr)
    else:
        print(f"there are no saves of '{story.title}' in {folder}", file=sys.stderr)
