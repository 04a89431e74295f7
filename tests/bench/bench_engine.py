"""Engine benchmark: load+validate time, peak memory and choices per second.

Run: python tests/bench/bench_engine.py [--sizes 100 1000 10000]

For each synthetic story size it prints one row: the time to load and
validate the story cold (first load, empty parse cache) and warm (best of 3,
files unchanged since: the parse cache of engine/yamlcache.py serves the
YAML, everything after parsing runs in full), the peak memory of one load
(tracemalloc), the rate of a random walk through Session.step, and the rate
of the same walk over a plain dict of the graph (the floor any engine pays).
Goals (issue 2): 10,000 scenes load in under 2 s and cost grows linearly;
at least 50,000 choices per second on the 1,000-scene story.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_synthetic_story  # noqa: E402

from engine import Session, load_story  # noqa: E402

WALK_CHOICES = 200_000


def time_load(folder: Path) -> tuple[float, float]:
    """Cold (empty parse cache, first load) and warm (best of 3 with the cache filled)."""
    with tempfile.TemporaryDirectory() as cache:
        os.environ["COMMUNARD_CACHE_DIR"] = cache
        start = time.perf_counter()
        load_story(folder)
        cold = time.perf_counter() - start
        warm = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            load_story(folder)
            warm = min(warm, time.perf_counter() - start)
    os.environ["COMMUNARD_CACHE_DIR"] = ""  # the other measures: no cache in the way
    return cold, warm


def peak_memory(folder: Path) -> float:
    tracemalloc.start()
    load_story(folder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def session_walk(folder: Path, choices: int) -> float:
    story = load_story(folder)
    session = Session(story)
    rng = random.Random(1)
    start = time.perf_counter()
    done = 0
    while done < choices:
        available = session.available()
        if not available:
            session.restart()
            continue
        session.step(rng.choice(available).id)
        done += 1
    return done / (time.perf_counter() - start)


def dict_walk(folder: Path, choices: int) -> float:
    story = load_story(folder)
    graph = {sid: [c.target for c in s.choices] for sid, s in story.scenes.items()}
    rng = random.Random(1)
    start_id = story.start
    here = start_id
    start = time.perf_counter()
    done = 0
    while done < choices:
        targets = graph[here]
        if not targets:
            here = start_id
            continue
        here = rng.choice(targets)
        done += 1
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = write_synthetic_story(Path(tmp) / f"s{size}", size)
            cold, warm = time_load(folder)
            rows.append((size, cold, warm, warm / size * 1e6, peak_memory(folder),
                         session_walk(folder, WALK_CHOICES), dict_walk(folder, WALK_CHOICES)))
    header = ("scenes", "cold load s", "warm load s", "warm µs/scene", "peak MB",
              "session choices/s", "dict-walk choices/s")
    print(" | ".join(f"{h:>19}" for h in header))
    print("-+-".join("-" * 19 for _ in header))
    for size, cold, warm, per, mem, rate, floor in rows:
        print(" | ".join(f"{v:>19}" for v in (size, f"{cold:.3f}", f"{warm:.3f}", f"{per:.0f}",
                                              f"{mem:.1f}", f"{rate:,.0f}", f"{floor:,.0f}")))


if __name__ == "__main__":
    main()
