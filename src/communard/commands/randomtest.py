"""`communard randomtest`: many random playthroughs, and what they never reached."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from engine import Story
from engine.playtest import DEFAULT_MAX_STEPS, PlaytestReport, Playthrough, cycle_of, playtest

from ..argtypes import positive_int
from ..helptext import HelpFormatter
from ..progress import Progress
from ..reporting import bar, console, heading, path_line, share
from ..storyarg import add_story_argument, load_or_report

LIST_LIMIT = 30
"""Never-reached items listed in the text report; --json has them all."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "randomtest", help="play many random playthroughs and report what was never reached",
        formatter_class=HelpFormatter,
        description="Play N random playthroughs, each time picking one of the available "
                    "choices at random (like ChoiceScript's randomtest), and report how many "
                    "scenes, choices and endings were reached, those never reached, the "
                    "shortest and longest playthrough, and playthroughs that never end.",
        epilog="Exit status: 0 done, 1 the story has errors (or, with --strict, something was "
               "never reached), 2 the story cannot be read.\n\nexamples:\n"
               "  communard randomtest --runs 5000\n"
               "  communard randomtest my-story --seed 7 --strict\n"
               "  communard randomtest my-story --json > coverage.json")
    add_story_argument(p)
    p.add_argument("--runs", "-n", type=positive_int, default=1000, metavar="N",
                   help="number of playthroughs (default: 1000)")
    p.add_argument("--seed", "-s", default="0", metavar="S",
                   help="seed of the random choices: the same seed plays the same "
                        "playthroughs (default: 0)")
    p.add_argument("--max-steps", type=positive_int, default=DEFAULT_MAX_STEPS, metavar="K",
                   help=f"a playthrough longer than K choices counts as a loop "
                        f"(default: {DEFAULT_MAX_STEPS})")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when a scene, choice or ending was never reached")
    p.set_defaults(func=run_randomtest)


def _seed(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text


def run_randomtest(args: argparse.Namespace) -> int:
    story, status = load_or_report(args)
    if story is None:
        return status
    with Progress(args.runs, "Playing") as progress:
        report = playtest(story, args.runs, _seed(args.seed), args.max_steps, progress.update)
    if args.json:
        json.dump(report_json(story, report), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_report(story, report)
    return 1 if args.strict and not report.complete else 0


def _run_json(story: Story, run: Playthrough | None) -> dict[str, Any] | None:
    if run is None:
        return None
    ending = story.scenes[run.last].ending
    return {"steps": run.steps, "ending": ending.id if ending else None,
            "scenes": list(run.scenes), "choices": list(run.choices)}


def report_json(story: Story, report: PlaytestReport) -> dict[str, Any]:
    """The report as JSON-able data: counts, never-reached lists, paths."""
    def part(counts: dict, never: list, items: Any) -> dict[str, Any]:
        reached = len(counts) - len(never)
        return {"total": len(counts), "reached": reached,
                "percent": round(100 * reached / len(counts), 1) if counts else 100.0,
                "counts": items, "never": never}

    choices = [{"scene": s, "choice": c, "to": _target(story, s, c), "count": n}
               for (s, c), n in report.choices.items()]
    return {
        "story": story.id, "version": story.version, "runs": report.runs,
        "seed": report.seed, "max_steps": report.max_steps,
        "finished": report.finished, "total_steps": report.total_steps,
        "complete": report.complete,
        "scenes": part(report.scenes, report.scenes_never, report.scenes),
        "choices": part(report.choices,
                        [{"scene": s, "choice": c} for s, c in report.choices_never], choices),
        "endings": part(report.endings, report.endings_never, report.endings),
        "chapters": report.chapters,
        "shortest": _run_json(story, report.shortest),
        "longest": _run_json(story, report.longest),
        "loops": {"count": report.loop_count,
                  "examples": [{"steps": r.steps, "cycle": list(cycle_of(r.scenes)),
                                "scenes": list(r.scenes)} for r in report.loops]},
        "stuck": {"count": report.stuck_count,
                  "examples": [{"scene": r.last, "scenes": list(r.scenes)}
                               for r in report.stuck]},
    }


def _target(story: Story, scene_id: str, choice_id: str) -> str:
    for choice in story.scenes[scene_id].choices:
        if choice.id == choice_id:
            return choice.target
    return "?"


def print_report(story: Story, report: PlaytestReport) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text.assemble(("randomtest ", "bold"), (story.title, "bold cyan"),
                            f" — {report.runs:,} random playthroughs, seed {report.seed}, "
                            f"step limit {report.max_steps:,}"))
    out.print()
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
    for name, counts, never in (("Scenes", report.scenes, report.scenes_never),
                                ("Choices", report.choices, report.choices_never),
                                ("Endings", report.endings, report.endings_never)):
        reached = len(counts) - len(never)
        table.add_row(name, f"{reached:,} / {len(counts):,}", share(reached, len(counts)),
                      bar(reached, len(counts)))
    out.print(table)
    out.print()

    heading(out, "Chapters: how many playthroughs reach each")
    chapters = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    chapters.add_column("chapter", no_wrap=True)
    chapters.add_column("title", no_wrap=True, max_width=34, overflow="ellipsis")
    chapters.add_column("runs", justify="right", no_wrap=True)
    chapters.add_column("share", justify="right", no_wrap=True)
    chapters.add_column("", no_wrap=True)
    for chapter in story.chapters:
        n = report.chapters.get(chapter.id, 0)
        chapters.add_row(chapter.id, Text(chapter.title), f"{n:,}", share(n, report.runs),
                         bar(n, report.runs, 16))
    out.print(chapters)
    out.print()

    heading(out, "Endings")
    endings = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    endings.add_column("ending", no_wrap=True)
    endings.add_column("title", no_wrap=True, max_width=34, overflow="ellipsis")
    endings.add_column("runs", justify="right", no_wrap=True)
    endings.add_column("share", justify="right", no_wrap=True)
    endings.add_column("", no_wrap=True)
    for ending_id, n in sorted(report.endings.items(), key=lambda kv: -kv[1]):
        title = story.endings[ending_id].ending.title  # type: ignore[union-attr]
        style = "red" if n == 0 else ""
        endings.add_row(Text(ending_id, style), Text(title), f"{n:,}", share(n, report.runs),
                        bar(n, report.runs, 16))
    _outcome_rows(endings, report)
    out.print(endings)
    out.print()
    _print_never(out, story, report)
    for label, run in (("Shortest playthrough", report.shortest),
                       ("Longest playthrough", report.longest)):
        if run is not None:
            ending = story.scenes[run.last].ending
            heading(out, f"{label}: {run.steps} choices, ending '{ending.id if ending else '?'}'")
            out.print(path_line(run.scenes), soft_wrap=False)
            out.print()
    if report.loop_count:
        heading(out, f"Loops: {report.loop_count:,} playthrough(s) still going after "
                     f"{report.max_steps:,} choices", "red")
        for run in report.loops[:5]:
            out.print(Text("  keeps going round: ") + path_line(cycle_of(run.scenes), indent=""))
            out.print(Text(f"  begins: {' → '.join(run.scenes[:8])} …", "dim"))
        out.print()
    if report.stuck_count:
        heading(out, f"Stuck: {report.stuck_count:,} playthrough(s) reached a scene that is "
                     "not an ending with no choice available", "red")
        for scene_id in dict.fromkeys(r.last for r in report.stuck):
            out.print(Text(f"  {scene_id}"))
        out.print()
    if report.complete and not report.loop_count and not report.stuck_count:
        out.print(Text("Everything was reached at least once.", "bold green"))
    else:
        out.print(Text("Some parts were never reached: check their conditions, or play more "
                       "runs (--runs).", "bold yellow") if not report.complete else
                  Text("Everything was reached, but some playthroughs never ended.",
                       "bold yellow"))


def _outcome_rows(table: Any, report: PlaytestReport) -> None:
    from rich.text import Text

    for label, n in (("(loop)", report.loop_count), ("(stuck)", report.stuck_count)):
        if n:
            table.add_row(Text(label, "red"), Text("no ending: see below", "dim"), f"{n:,}",
                          share(n, report.runs), bar(n, report.runs, 16))


def _print_never(out: Any, story: Story, report: PlaytestReport) -> None:
    from rich.text import Text

    if report.scenes_never:
        heading(out, f"Scenes never reached ({len(report.scenes_never):,})", "yellow")
        for scene_id in report.scenes_never[:LIST_LIMIT]:
            scene = story.scenes[scene_id]
            where = f"  {scene.where.file.name}:{scene.where.line}" if scene.where else ""
            out.print(Text.assemble(f"  {scene_id}", (f"  {scene.title}", "dim"),
                                    (where, "dim")))
        _more(out, len(report.scenes_never))
        out.print()
    if report.choices_never:
        heading(out, f"Choices never taken ({len(report.choices_never):,})", "yellow")
        for scene_id, choice_id in report.choices_never[:LIST_LIMIT]:
            choice = next(c for c in story.scenes[scene_id].choices if c.id == choice_id)
            out.print(Text.assemble(f"  {scene_id} #{choice_id} → {choice.target}",
                                    (f"  “{_short(choice.text.source)}”", "dim")))
            if choice.condition is not None:
                out.print(Text(f"      only if {choice.condition.source}", "magenta"))
        _more(out, len(report.choices_never))
        out.print()
    if report.endings_never:
        heading(out, f"Endings never reached ({len(report.endings_never):,})", "yellow")
        for ending_id in report.endings_never[:LIST_LIMIT]:
            scene = story.endings[ending_id]
            out.print(Text.assemble(f"  {ending_id}", (f"  in {scene.id}", "dim")))
        _more(out, len(report.endings_never))
        out.print()


def _more(out: Any, total: int) -> None:
    from rich.text import Text

    if total > LIST_LIMIT:
        out.print(Text(f"  … and {total - LIST_LIMIT:,} more (--json lists them all)", "dim"))


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
