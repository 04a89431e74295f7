"""The STORY argument shared by subcommands, and loading it with clean errors.

The engine is imported inside the functions that load a story, not at module
level: `communard play` shows its title screen before the engine is needed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .i18n import _
from .paths import default_story

if TYPE_CHECKING:
    from engine import Problem, Story


def add_story_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", nargs="?", type=Path, default=None, metavar="STORY",
                        help=_("a story folder (default: the bundled Paris Commune story)"))


def story_path(args: argparse.Namespace) -> Path:
    return args.story if args.story is not None else default_story()


def print_problems(problems: Sequence[Problem], base: Path | None,
                   out: TextIO | None = None) -> None:
    """Each problem's `path:line:col: ...` line, then its source line with a caret."""
    from engine.excerpts import with_source

    out = out or sys.stderr
    for line in with_source(problems, base):
        print(line, file=out)


def report_problems(problems: Sequence[Problem], path: Path, out: TextIO | None = None) -> None:
    """Print why a story did not load: every problem, then one summary line.

    Shared by the commands and by the game, which loads its story in the
    background and prints this once it has left the screen.
    """
    from engine.safetext import one_line

    out = out or sys.stderr
    print_problems(problems, Path.cwd(), out)
    errors = sum(p.severity == "error" for p in problems)
    print(f"communard: the story has {errors} error(s); run `communard check "
          f"{one_line(str(path))}` "
          "for the full report.", file=out)


def story_language(path: Path) -> str | None:
    """The interface's language, when the story has a translation into it (else None)."""
    from engine.translations import languages

    from .i18n import language

    root = path if path.is_dir() else path.parent
    wanted = language()
    return wanted if wanted in languages(root) else None


def check_in_language(path: Path) -> tuple[Story | None, list[Problem]]:
    """check_story, played in the interface's language where the story is translated."""
    from engine import check_story

    return check_story(path, language=story_language(Path(path)))


def load_or_report(args: argparse.Namespace) -> tuple[Story | None, int]:
    """Load the story for a command; on failure print why and give the exit code."""
    from engine import UnreadableStory

    path = story_path(args)
    try:
        story, problems = check_in_language(path)
    except UnreadableStory as exc:
        from engine.safetext import one_line

        print(f"communard: {one_line(str(exc))}", file=sys.stderr)
        return None, 2
    if story is None:
        report_problems(problems, path)
        return None, 1
    return story, 0
