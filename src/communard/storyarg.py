"""The STORY argument shared by subcommands, and loading it with clean errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine import Problem, Story, UnreadableStory, check_story

from .paths import default_story


def add_story_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("story", nargs="?", type=Path, default=None, metavar="STORY",
                        help="a story folder (default: the bundled Paris Commune story)")


def story_path(args: argparse.Namespace) -> Path:
    return args.story if args.story is not None else default_story()


def print_problems(problems: list[Problem], base: Path | None, out=None) -> None:
    out = out or sys.stderr
    for problem in problems:
        print(problem.format(base), file=out)


def load_or_report(args: argparse.Namespace) -> tuple[Story | None, int]:
    """Load the story for a command; on failure print why and give the exit code."""
    path = story_path(args)
    try:
        story, problems = check_story(path)
    except UnreadableStory as exc:
        print(f"communard: {exc}", file=sys.stderr)
        return None, 2
    if story is None:
        print_problems(problems, Path.cwd())
        errors = sum(p.severity == "error" for p in problems)
        print(f"communard: the story has {errors} error(s); run `communard check {path}` "
              "for the full report.", file=sys.stderr)
        return None, 1
    return story, 0
