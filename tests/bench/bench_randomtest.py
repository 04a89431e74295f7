"""randomtest benchmark: random playthroughs per second, as `communard randomtest` plays them.

Run: python tests/bench/bench_randomtest.py [--runs 2000] [--sizes 10000]

One row per story: the bundled story (when it loads without errors) and the
synthetic stories of tests/bench/synth.py. The time is that of
`engine.playtest.playtest` alone (the story is loaded before the clock starts),
best of three, so the rate is what an author waits for, less loading.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_synthetic_story  # noqa: E402

from communard.paths import default_story  # noqa: E402
from engine import Story, check_story, load_story  # noqa: E402
from engine.playtest import playtest  # noqa: E402


def measure(story: Story, runs: int, repeat: int = 3) -> tuple[float, int, float]:
    """Best time of `repeat` playtests, steps played, and the scenes reached share."""
    best = float("inf")
    report = None
    for _ in range(repeat):
        start = time.perf_counter()
        report = playtest(story, runs=runs, seed=0)
        best = min(best, time.perf_counter() - start)
    assert report is not None
    reached = sum(1 for n in report.scenes.values() if n) / len(report.scenes)
    return best, report.total_steps, reached


def row(name: str, story: Story, runs: int) -> str:
    seconds, steps, reached = measure(story, runs)
    return (f"| {name:<28} | {len(story.scenes):>7,} | {runs:>6,} | {steps / runs:>9.1f} | "
            f"{runs / seconds:>14,.0f} | {steps / seconds:>11,.0f} | {reached:>8.0%} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    args = parser.parse_args()
    print(f"| {'story':<28} | {'scenes':>7} | {'runs':>6} | {'steps/run':>9} | "
          f"{'playthroughs/s':>14} | {'choices/s':>11} | {'reached':>8} |")
    print(f"|{'-' * 30}|{'-' * 8}:|{'-' * 7}:|{'-' * 10}:|{'-' * 15}:|{'-' * 12}:|{'-' * 9}:|")
    story, problems = check_story(default_story())
    if story is not None and not any(p.severity == "error" for p in problems):
        print(row(f"bundled: {story.id}", story, args.runs), flush=True)
    else:
        print("| bundled story: does not pass `communard check`, skipped |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = write_synthetic_story(Path(tmp) / f"s{size}", size)
            print(row(f"synthetic {size:,}", load_story(folder), args.runs), flush=True)


if __name__ == "__main__":
    main()
