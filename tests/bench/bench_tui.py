"""Benchmark of the Textual game: start-up time and the time to repaint after a choice.

Run: `python tests/bench/bench_tui.py [--runs 7] [--choices 100] [--story PATH]`

1. Start-up: wall time from spawning a fresh Python process to its first
   playable screen (the title menu, mounted and painted), headless, for
   `communard` (started as the `communard` command starts it: the command line
   parsed by communard.cli, then the game given the story's path, which it
   loads in a worker behind the title screen) and, in the same run, for a bare
   Textual app that shows one Static. Median of several runs each, interleaved
   so both see the same machine load. Target: under 1.3x the bare app. Also
   shown: when the story has finished loading behind the title.
2. Choice repaint: in one headless app at 100x30, the time from a choice key
   reaching the app to the next scene painted (the scene text's Markdown
   set and the screen laid out and painted by its compositor), over N choices; the first
   available choice each time, a new game at each ending. Target: p95 < 50 ms.

The bundled story is used if it loads, else tests/fixtures/mini.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
BUNDLED = ROOT / "story" / "commune-1871"

# Every child prints READY once its first screen is painted: the screen's pending
# messages handled, then a paint forced, as Pilot.pause does but without its wait for
# the CPU to go idle (which would also wait for communard's story loading behind the
# title, the very thing that must not delay the first screen).
PAINTED = """
async def painted(pilot):
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()
    print("READY", flush=True)
"""

BARE_APP = PAINTED + """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")

async def ready(pilot):
    await painted(pilot)
    pilot.app.exit()

Bare().run(headless=True, size=(100, 30), auto_pilot=ready)
"""

# The bare app after importing the engine and loading the story, as `communard play`
# must before its first screen: the part of the start-up that is not the game's UI.
BARE_WITH_STORY = """
import sys
from engine import load_story
story = load_story(sys.argv[1])
""" + BARE_APP

# As the `communard play STORY` command: cli parses, commands.play.run_game starts the game from
# the path (run_play itself would pick the line mode, stdout being a pipe here).
COMMUNARD_APP = PAINTED + """
import asyncio
import sys
from communard import cli
from communard.commands.play import run_game
from communard.storyarg import story_path

args = cli.parse_args(["play", *sys.argv[1:]])

async def ready(pilot):
    assert type(pilot.app.screen).__name__ == "TitleScreen"
    await painted(pilot)
    while not pilot.app.loaded:
        await asyncio.sleep(0.002)
    print("LOADED", flush=True)
    pilot.app.exit()

sys.exit(run_game(story_path(args), teacher=args.teacher, watch=args.watch,
                  headless=True, size=(100, 30), auto_pilot=ready))
"""


def pick_story(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    from engine import StoryError, load_story

    try:
        load_story(BUNDLED)
        return BUNDLED
    except StoryError:
        return MINI


def time_marks(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning the child to each line it prints (READY, LOADED...)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    marks = {line.strip(): time.perf_counter() - start for line in proc.stdout}
    errors = proc.stderr.read() if proc.stderr else ""
    proc.wait(timeout=30)
    if "READY" not in marks:
        raise RuntimeError(f"the child never got ready: {errors}")
    return marks


def time_to_ready(code: str, args: list[str], env: dict[str, str]) -> float:
    return time_marks(code, args, env)["READY"]


def startup(story: Path, runs: int) -> tuple[float, float, float, float]:
    """Medians of (bare app, bare app after loading the story, communard, its story loaded)."""
    env = dict(os.environ, COMMUNARD_DATA_DIR=tempfile.mkdtemp(prefix="bench-tui-"))
    bare, floor, ours, loaded = [], [], [], []
    time_to_ready(BARE_APP, [], env)               # warm the disk cache for all three
    time_to_ready(COMMUNARD_APP, [str(story)], env)
    for _ in range(runs):
        bare.append(time_to_ready(BARE_APP, [], env))
        floor.append(time_to_ready(BARE_WITH_STORY, [str(story)], env))
        marks = time_marks(COMMUNARD_APP, [str(story)], env)
        ours.append(marks["READY"])
        loaded.append(marks["LOADED"])
    return (statistics.median(bare), statistics.median(floor), statistics.median(ours),
            statistics.median(loaded))


async def choice_latencies(story_path: Path, choices: int) -> list[float]:
    from textual import events

    from communard.app import create_app
    from communard.paths import saves_dir
    from communard.screens.ending import EndingScreen
    from communard.screens.play import PlayScreen
    from communard.widgets.choices import ChoiceList
    from engine import load_story
    from engine.saves import SaveStore

    os.environ["COMMUNARD_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-tui-")
    story = load_story(story_path)
    app = create_app(story, SaveStore(saves_dir(story.id), story))
    samples: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        while len(samples) < choices:
            screen = app.screen
            if isinstance(screen, EndingScreen):
                await pilot.press("n")
                await pilot.pause()
                continue
            assert isinstance(screen, PlayScreen)
            row = next(r for r in screen.query_one(ChoiceList).rows if r.enabled)
            before = app.session.view()
            key = str(row.number)
            start = time.perf_counter()
            app._driver.send_message(events.Key(key, key))  # what a real key press does
            while app.session.view() is before or screen._shown is not app.session.view():
                await asyncio.sleep(0)
            screen._on_timer_update()                       # lay out and paint now
            samples.append(time.perf_counter() - start)
            await pilot.pause()  # let endings open and autosaves finish between samples
    return samples


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--choices", type=int, default=100)
    parser.add_argument("--story", default=None)
    parser.add_argument("--choices-only", action="store_true",
                        help="skip the start-up part (quicker, when tuning the play screen)")
    args = parser.parse_args()
    story = pick_story(args.story)
    bare, floor, ours, loaded = (1.0,) * 4 if args.choices_only else startup(story, args.runs)
    samples = asyncio.run(choice_latencies(story, args.choices))
    ms = [s * 1000 for s in samples]
    p50, p95, worst = percentile(ms, 50), percentile(ms, 95), max(ms)
    ratio = ours / bare
    rows = [
        ("story", story.name, ""),
        (f"start-up, bare Textual app (median of {args.runs})", f"{bare * 1000:.0f} ms", ""),
        ("start-up, bare app after `import engine` + load_story", f"{floor * 1000:.0f} ms",
         "(floor)"),
        (f"start-up, communard to title menu (median of {args.runs})", f"{ours * 1000:.0f} ms",
         ""),
        ("story loaded behind the title (median)", f"{loaded * 1000:.0f} ms", ""),
        ("start-up ratio, communard / bare app (target < 1.3x)", f"{ratio:.2f}x",
         "ok" if ratio < 1.3 else "MISSED"),
        ("start-up ratio, communard / bare-after-story (UI only)", f"{ours / floor:.2f}x", ""),
        (f"choice to next scene painted, p50 ({len(ms)} choices)", f"{p50:.1f} ms", ""),
        ("choice to next scene painted, p95 (target < 50 ms)", f"{p95:.1f} ms",
         "ok" if p95 < 50 else "MISSED"),
        ("choice to next scene painted, worst", f"{worst:.1f} ms", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>14}  target")
    print(f"{'-' * width}  {'-' * 14}  ------")
    for name, value, verdict in rows:
        print(f"{name:<{width}}  {value:>14}  {verdict}")


if __name__ == "__main__":
    main()
