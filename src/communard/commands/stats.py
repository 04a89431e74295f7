"""`communard stats`: how big a story is, per chapter, and how long it takes to read."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass
from typing import Any

from engine import Story
from engine.consequences import Consequences, analyse
from engine.playtest import playthroughs
from engine.story import Scene
from engine.translation_check import TranslationState

from ..argtypes import positive_int
from ..export.textsource import template_words
from ..helptext import HelpFormatter
from ..progress import Progress
from ..reporting import console
from ..storyarg import add_story_argument, load_or_report
from ..translating import translation_states

WORDS_PER_MINUTE = 200
LIST_LIMIT = 30


@dataclass
class ChapterStats:
    id: str
    title: str
    scenes: int
    choices: int
    conditional: int
    endings: int
    words: int


@dataclass
class PathStats:
    words: int
    scenes: int
    ending: str

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def scene_words(scene: Scene) -> int:
    """Words a reader meets in a scene: text, the choices offered, the epilogue."""
    words = template_words(scene.text.source)
    words += sum(template_words(c.text.source) for c in scene.choices)
    if scene.ending is not None:
        words += template_words(scene.ending.epilogue.source)
    return words


def chapter_stats(story: Story) -> list[ChapterStats]:
    rows = []
    for chapter in story.chapters:
        scenes = [story.scenes[s] for s in chapter.scene_ids]
        rows.append(ChapterStats(
            chapter.id, chapter.title, len(scenes), sum(len(s.choices) for s in scenes),
            sum(c.condition is not None for s in scenes for c in s.choices),
            sum(s.ending is not None for s in scenes), sum(scene_words(s) for s in scenes)))
    return rows


def path_stats(story: Story, runs: int, seed: int, progress: Any = None) -> list[PathStats]:
    """Words read on random playthroughs that reach an ending, shortest first."""
    words = {sid: scene_words(s) for sid, s in story.scenes.items()}
    found = []
    for n, run in enumerate(playthroughs(story, runs, seed), 1):
        ending = story.scenes[run.last].ending
        if run.outcome == "ending" and ending is not None:
            found.append(PathStats(sum(words[s] for s in run.scenes), len(run.scenes),
                                   ending.id))
        if progress is not None and n % 20 == 0:
            progress(n)
    found.sort(key=lambda p: p.words)
    return found


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats", help="count scenes, choices, endings and words, and estimate reading time",
        formatter_class=HelpFormatter,
        description="Count the scenes, choices, endings and words of each chapter, and "
                    f"estimate the reading time (at {WORDS_PER_MINUTE} words a minute) of the "
                    "shortest, median and longest way from the start to an ending, measured "
                    "on random playthroughs that respect every condition.")
    add_story_argument(p)
    p.add_argument("--runs", type=positive_int, default=1000, metavar="N",
                   help="random playthroughs used for the reading times (default: 1000)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="their seed (default: 0)")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p.set_defaults(func=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    story, status = load_or_report(args)
    if story is None:
        return status
    rows = chapter_stats(story)
    with Progress(args.runs, "Reading") as progress:
        paths = path_stats(story, args.runs, args.seed, progress.update)
    picked = _picks(paths)
    effects = analyse(story)
    languages = translation_states(story.root)
    if args.json:
        json.dump({"story": story.id, "chapters": [asdict(r) for r in rows],
                   "totals": _totals(story, rows), "words_per_minute": WORDS_PER_MINUTE,
                   "method": {"kind": "random playthroughs", "runs": args.runs,
                              "seed": args.seed, "finished": len(paths)},
                   "paths": {k: dict(asdict(v), minutes=round(v.minutes, 1))
                             for k, v in picked.items()},
                   "consequences": _consequences_json(effects),
                   "translations": {t.language: {
                       "strings": t.total, "translated": t.done, "stale": t.stale,
                       "broken": t.broken, "missing": t.missing} for t in languages}},
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    _print(story, rows, paths, picked, args)
    _print_consequences(effects)
    _print_translations(languages)
    return 0


def _print_translations(languages: list[TranslationState]) -> None:
    from rich.text import Text

    out = console()
    out.print()
    out.print(Text("Translations", "bold"))
    if not languages:
        out.print("  none yet (`communard translate init STORY --lang fr` starts one)")
    for t in languages:
        out.print(f"  {t.language}: {t.share:.0%} complete, {t.done:,} of {t.total:,} texts "
                  f"translated; {t.missing:,} missing, {t.stale:,} stale, {t.broken:,} broken")


def _consequences_json(effects: Consequences) -> dict[str, Any]:
    return {
        "multi_choice_scenes": effects.multi_choice,
        "converging_scenes": len(effects.converging),
        "converging_share": round(effects.converging_share, 3),
        "converging": [{"scene": c.scene_id, "to": c.target, "echoed": list(c.echoed)}
                       for c in effects.converging],
        "converging_silent": [c.scene_id for c in effects.silent],
        "set_never_read": list(effects.set_never_read),
        "read_in_text": list(effects.read_in_text),
        "read_in_conditions": list(effects.read_in_conditions),
    }


def _print_consequences(effects: Consequences) -> None:
    from rich.text import Text

    out = console()
    out.print()
    out.print(Text("Do choices matter?", "bold"))
    share = f"{effects.converging_share:.0%}" if effects.multi_choice else "-"
    out.print(f"  {len(effects.converging):,} of {effects.multi_choice:,} scenes with several "
              f"choices ({share}) send every choice to the same next scene; "
              f"{len(effects.silent):,} of them change nothing that scene's text reads.")
    for item in effects.silent[:LIST_LIMIT]:
        out.print(Text(f"    {item.scene_id} → {item.target}", "yellow"))
    if len(effects.silent) > LIST_LIMIT:
        out.print(Text(f"    … and {len(effects.silent) - LIST_LIMIT:,} more (--json lists "
                       "them all)", "dim"))
    if effects.set_never_read:
        out.print(Text("  Set by choices but never read by a condition or a text (hidden "
                       "numbers a player cannot notice): " + ", ".join(effects.set_never_read),
                       "yellow"))
    else:
        out.print("  Every variable a choice sets is read by a condition or a text.")


def _totals(story: Story, rows: list[ChapterStats]) -> dict[str, int]:
    return {"chapters": len(rows), "scenes": sum(r.scenes for r in rows),
            "choices": sum(r.choices for r in rows),
            "conditional": sum(r.conditional for r in rows),
            "endings": sum(r.endings for r in rows), "words": sum(r.words for r in rows),
            "notes": len(story.notes), "sources": len(story.sources),
            "codex": len(story.codex), "timeline": len(story.timeline),
            "variables": len(story.variables)}


def _picks(paths: list[PathStats]) -> dict[str, PathStats]:
    if not paths:
        return {}
    median_words = statistics.median_low([p.words for p in paths])
    median = next(p for p in paths if p.words == median_words)
    return {"shortest": paths[0], "median": median, "longest": paths[-1]}


def _minutes(words: int) -> str:
    minutes = words / WORDS_PER_MINUTE
    if minutes < 1:
        return "<1 min"
    if minutes < 90:
        return f"{minutes:.0f} min"
    return f"{int(minutes // 60)} h {minutes % 60:02.0f}"


def _print(story: Story, rows: list[ChapterStats], paths: list[PathStats],
           picked: dict[str, PathStats], args: argparse.Namespace) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(Text.assemble(("stats ", "bold"), (story.title, "bold cyan"),
                            f" — version {story.version}"))
    out.print()
    table = Table(header_style="bold", show_footer=True, footer_style="bold",
                  pad_edge=False, box=None, padding=(0, 1))
    totals = _totals(story, rows)
    columns = (("#", ""), ("chapter", "total"), ("scenes", f"{totals['scenes']:,}"),
               ("choices", f"{totals['choices']:,}"),
               ("conditional", f"{totals['conditional']:,}"),
               ("endings", f"{totals['endings']:,}"), ("words", f"{totals['words']:,}"),
               ("reading", _minutes(totals["words"])))
    for name, footer in columns:
        if name == "chapter":
            table.add_column(name, footer=footer, no_wrap=True, max_width=44,
                             overflow="ellipsis")
        else:
            table.add_column(name, footer=footer, justify="right", no_wrap=True)
    for n, row in enumerate(rows, 1):
        table.add_row(str(n), Text(row.title), f"{row.scenes:,}", f"{row.choices:,}",
                      f"{row.conditional:,}", f"{row.endings:,}", f"{row.words:,}",
                      _minutes(row.words))
    out.print(table)
    out.print()
    out.print(Text(f"Also: {totals['variables']} variables, {totals['notes']} notes citing "
                   f"{totals['sources']} sources, {totals['codex']} codex entries, "
                   f"{totals['timeline']} timeline events.", "dim"))
    out.print()
    out.print(Text("Reading time from the start to an ending", "bold"))
    if not picked:
        out.print(Text("  no random playthrough reached an ending: try "
                       "`communard randomtest`", "yellow"))
        return
    paths_table = Table(box=None, pad_edge=False, padding=(0, 2), header_style="bold")
    for name in ("", "reading", "words", "scenes", "ending"):
        paths_table.add_column(name, justify="right" if name in ("words", "scenes") else "left")
    for label, path in picked.items():
        paths_table.add_row(label, _minutes(path.words), f"{path.words:,}",
                            f"{path.scenes:,}", Text(path.ending))
    out.print(paths_table)
    out.print(Text(f"Measured on {len(paths):,} of {args.runs:,} random playthroughs that "
                   f"reached an ending (seed {args.seed}), at {WORDS_PER_MINUTE} words a "
                   "minute, counting each scene's text, its choices and any epilogue, and "
                   "conditional text by its longest branch. A path no random playthrough "
                   "took is not measured.", "dim"))
