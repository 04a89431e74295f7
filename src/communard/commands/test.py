"""`communard test`: play the specs in a story's tests/ folder and report each one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..helptext import HelpFormatter
from ..reporting import path_line
from ..storyarg import add_story_argument, load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "test", help="play the story's playthrough specs (tests/*.yaml) and report failures",
        formatter_class=HelpFormatter,
        description="Play each spec in the story's tests/ folder: the choices it takes, by id "
                    "or by text, and what it expects along the way (the scene, a text, a "
                    "choice offered, locked or hidden, a variable's value, the ending). A "
                    "spec stops at its first failure, reported at the spec's file:line with "
                    "what the story did instead. See story/README.md, \"Testing a story\".",
        epilog="Exit status: 0 every spec passed (or there are none), 1 a spec failed or the "
               "story has errors, 2 the story cannot be read.\n\nexamples:\n"
               "  communard test\n"
               "  communard test my-story --spec my-story/tests/exile.yaml")
    add_story_argument(p)
    p.add_argument("--spec", action="append", type=Path, default=None, metavar="FILE",
                   help="play this spec file only (may be given more than once)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (failures with the spec's line and a caret) or json")
    p.set_defaults(func=run_test)


def run_test(args: argparse.Namespace) -> int:
    from engine.playspec import run_spec, spec_files

    story, status = load_or_report(args)
    if story is None:
        return status
    files = spec_files(story) if not args.spec else list(args.spec)
    missing = [f for f in files if not f.is_file()]
    if missing:
        print(f"communard: no spec file {missing[0]}", file=sys.stderr)
        return 2
    results = [run_spec(story, path) for path in files]
    if args.format == "json":
        json.dump({"story": str(story.root), "ok": all(r.passed for r in results),
                   "specs": [_as_json(r) for r in results]}, sys.stdout, indent=2)
        print()
    else:
        _print_text(story, results)
    return 0 if all(r.passed for r in results) else 1


def _print_text(story: Any, results: list[Any]) -> None:
    from engine.excerpts import with_source
    from engine.playspec import SPEC_FOLDER, listing

    base = Path.cwd()
    if not results:
        print(f"no specs in {_shown(story.root / SPEC_FOLDER, base)}: write one to test a "
              "playthrough (see story/README.md, \"Testing a story\").")
        return
    for result in results:
        shown = _shown(result.file, base)
        if result.passed:
            print(f"{shown}: ok: {result.name} ({result.choices_taken} choice(s), ends at "
                  f"{result.path[-1]})")
            continue
        for line in with_source(result.problems, base):
            print(line)
        if result.path:
            print(f"  played {len(result.path) - 1} choice(s):")
            print(str(path_line(result.path, indent="    ")))
        if result.shown is not None:
            print(f"  shown at {result.shown.id}: {listing(result.shown)}")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    verdict = "ok" if not failed else "FAILED"
    print(f"{verdict}: {len(results)} spec(s), {passed} passed, {failed} failed")


def _shown(path: Path, base: Path) -> str:
    """The spec's path as printed: its name is the story's, so its control characters are
    made visible (a name holding an escape sequence must not reach the terminal raw)."""
    from engine.safetext import one_line

    try:
        return one_line(str(path.resolve().relative_to(base.resolve())))
    except ValueError:
        return one_line(str(path))


def _as_json(result: Any) -> dict[str, Any]:
    from engine.excerpts import SourceLines, excerpt

    sources = SourceLines()
    problems = []
    for p in result.problems:
        found = excerpt(p, sources)
        problems.append({"file": str(p.file), "line": p.line, "column": p.column, "code": p.code,
                         "message": p.message, "source_line": found.text if found else None,
                         "caret": found.caret_line if found else None})
    return {"file": str(result.file), "name": result.name, "passed": result.passed,
            "choices_taken": result.choices_taken, "path": list(result.path),
            "shown": None if result.shown is None else {
                "scene": result.shown.id,
                "choices": [{"id": c.id, "text": c.text, "enabled": c.enabled,
                             "locked": c.locked_reason} for c in result.shown.choices]},
            "problems": problems}
