"""Engine benchmark: a choice beside its peers on one graph, and load scaling.

Run: python tests/bench/bench_engine.py [--walk-scenes 1000] [--choices 50000]
         [--rounds 3] [--sizes 1000 10000 30000 100000] [--wide 1000 10000]

Three tables, all from one run:

1. Choices per second on the synthetic story (synth.py) of --walk-scenes scenes,
   for Session.choose (the step and the view a frontend shows), Session.step,
   bink (pip install bink), inkjs (npm install in tests/bench; node runs it), a
   bare transitions machine and a plain dict walk: see peers.py. Every walker
   takes the same path (checked first); the walkers run in turn, round after
   round, and each figure is the median of its rounds, with its ratio to bink
   and to choose. A missing peer is skipped with the reason.
2. Load scaling at --sizes scenes: cold load (empty parse cache), warm load
   (parse cache filled), building the state machine, one Session(), per scene.
3. A scene with --wide choices: the first view and one step (a scene of 10,000
   choices took 108 s to show when the view was quadratic).

Figures are measured here, beside each other: quote ratios, not absolute rates.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers  # noqa: E402
from synth import synthetic_ink, write_synthetic_story, write_wide_story  # noqa: E402

from engine import Session, load_story  # noqa: E402
from engine import machine as engine_machine  # noqa: E402

SEED = 1871
CHECKED = 2_000  # choices whose path every walker must share


def walkers(story, compiled: Path | None) -> tuple[dict[str, Callable], dict[str, str]]:
    found: dict[str, Callable] = {
        "choose": lambda n, seed, keep=0: peers.walk_choose(story, n, seed, keep),
        "step": lambda n, seed, keep=0: peers.walk_step(story, n, seed, keep),
    }
    skipped = {}
    why = peers.missing_bink() or (None if compiled else peers.missing_inkjs())
    if why:
        skipped["bink"] = why
    else:
        found["bink"] = lambda n, seed, keep=0: peers.walk_bink(compiled, n, seed, keep)
    why = peers.missing_inkjs()
    if why:
        skipped["inkjs"] = why
    else:
        found["inkjs"] = lambda n, seed, keep=0: peers.walk_inkjs(compiled, n, seed, keep)
    found["transitions"] = lambda n, seed, keep=0: peers.walk_transitions(story, n, seed, keep)
    found["dict"] = lambda n, seed, keep=0: peers.walk_dict(story, n, seed, keep)
    return found, skipped


def walk_table(scenes: int, choices: int, rounds: int, tmp: Path) -> None:
    folder = write_synthetic_story(tmp / f"walk{scenes}", scenes)
    story = load_story(folder)
    compiled = peers.compile_ink(synthetic_ink(scenes), tmp)
    found, skipped = walkers(story, compiled)
    reference = found["choose"](CHECKED, SEED, CHECKED)[1]
    for name, walk in found.items():
        path = walk(CHECKED, SEED, CHECKED)[1]
        if path != reference:
            raise SystemExit(f"{name} took another path than choose: not the same graph")
    rates: dict[str, list[float]] = {name: [] for name in found}
    for r in range(rounds):
        for name, walk in found.items():
            rates[name].append(walk(choices, SEED + r)[0])
    median = {name: statistics.median(v) for name, v in rates.items()}
    print(f"\nChoices per second, {scenes}-scene story, {choices:,} choices, median of "
          f"{rounds} rounds (all walkers took the same {CHECKED:,}-choice path)")
    head = ("walker", "choices/s", "min-max", "x bink", "x choose")
    print(" | ".join(f"{h:>17}" for h in head))
    print("-+-".join("-" * 17 for _ in head))
    bink = median.get("bink")
    for name, rate in median.items():
        spread = f"{min(rates[name]):,.0f}-{max(rates[name]):,.0f}"
        print(" | ".join(f"{v:>17}" for v in (
            name, f"{rate:,.0f}", spread, f"{rate / bink:.2f}" if bink else "-",
            f"{rate / median['choose']:.2f}")))
    for name, why in skipped.items():
        print(f"{name}: skipped ({why})")


def timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def load_table(sizes: list[int], tmp: Path) -> None:
    print("\nLoad scaling (seconds; µs per scene in brackets)")
    head = ("scenes", "cold load", "warm load", "build machine", "Session()")
    print(" | ".join(f"{h:>20}" for h in head))
    print("-+-".join("-" * 20 for _ in head))
    for size in sizes:
        folder = write_synthetic_story(tmp / f"s{size}", size)
        with tempfile.TemporaryDirectory() as cache:
            os.environ["COMMUNARD_CACHE_DIR"] = cache
            cold = timed(load_story, folder)
            story = load_story(folder)
            warm = timed(load_story, folder)
            build = timed(engine_machine.build_machine, story)
            session = timed(Session, story)
        os.environ["COMMUNARD_CACHE_DIR"] = ""
        print(" | ".join(f"{v:>20}" for v in (size, *(
            f"{t:.3f} ({t / size * 1e6:.0f})" for t in (cold, warm, build)),
            f"{session * 1e6:.0f} µs")))


def wide_table(widths: list[int], tmp: Path) -> None:
    print("\nA scene with many choices")
    head = ("choices", "first view ms", "one step ms")
    print(" | ".join(f"{h:>15}" for h in head))
    print("-+-".join("-" * 15 for _ in head))
    for width in widths:
        session = Session(load_story(write_wide_story(tmp / f"w{width}", width)))
        view = timed(session.view)
        step = timed(session.step, "c1")
        print(" | ".join(f"{v:>15}" for v in (width, f"{view * 1e3:.1f}", f"{step * 1e3:.2f}")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walk-scenes", type=int, default=1000)
    parser.add_argument("--choices", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 30000, 100000])
    parser.add_argument("--wide", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ["COMMUNARD_CACHE_DIR"] = str(tmp / "cache")
        walk_table(args.walk_scenes, args.choices, args.rounds, tmp)
        wide_table(args.wide, tmp)
        load_table(args.sizes, tmp)


if __name__ == "__main__":
    main()
