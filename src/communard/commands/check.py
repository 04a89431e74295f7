"""`communard check` (find every problem in a story) and `communard codes`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from engine import CODES, Problem, UnreadableStory, check_story
from engine.excerpts import SourceLines, excerpt
from engine.safetext import one_line

from ..storyarg import add_story_argument, print_problems, story_path


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="check a story for errors and warnings",
        description="Check a story: YAML syntax, unknown keys, ids, targets, notes, sources, "
                    "conditions and effects, reachability, dead ends, dates. Exit status: 0 "
                    "no errors, 1 the story has errors, 2 the story cannot be read.")
    add_story_argument(check)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (each problem with its source line and a caret) or json "
                            "(the same, as data for tools)")
    check.add_argument("--json", dest="format", action="store_const", const="json",
                       help="the same as --format json")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=run_check)
    codes = sub.add_parser("codes", help="list every problem code with its meaning (the "
                           "checker's, and those of `communard test`)")
    codes.set_defaults(func=run_codes)


def run_check(args: argparse.Namespace) -> int:
    path = story_path(args)
    try:
        story, problems = check_story(path)
    except UnreadableStory as exc:
        print(f"communard: {one_line(str(exc))}", file=sys.stderr)
        return 2
    sources = SourceLines()
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if args.format == "json":
        json.dump({"story": str(path), "ok": not errors,
                   "problems": [problem_json(p, sources) for p in problems]},
                  sys.stdout, indent=2)
        print()
    else:
        print_problems(problems, Path.cwd(), out=sys.stdout)
        what = f"{story.title} ({len(story.scenes)} scenes, {len(story.endings)} endings)" \
            if story else one_line(str(path))
        verdict = "ok" if not errors else "FAILED"
        print(f"{verdict}: {what}: {len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (args.strict and warnings):
        return 1
    return 0


def problem_json(problem: Problem, sources: SourceLines) -> dict[str, Any]:
    """A problem as data: where, what, and the source line with its caret line (or None)."""
    shown = excerpt(problem, sources)
    return {"file": str(problem.file) if problem.file else None, "line": problem.line,
            "column": problem.column, "severity": problem.severity, "code": problem.code,
            "message": problem.message,
            "source_line": shown.text if shown else None,
            "caret": shown.caret_line if shown else None}


def run_codes(args: argparse.Namespace) -> int:
    from engine.playspec import SPEC_CODES

    for code, meaning in {**CODES, **SPEC_CODES}.items():
        kind = "warning" if code.startswith("W") else "error"
        print(f"{code}  {kind:<7}  {meaning}")
    return 0
