"""Load benchmark: cold and warm loads, this engine against an earlier one, in one run.

Run: python tests/bench/bench_load.py [--sizes 1000 10000] [--rounds 5] [--baseline REV]

For each synthetic story size it times `load_story` in a fresh Python process
(the import is not timed; CPU time, which a busy shared machine disturbs less
than wall time, the load being single-threaded): cold (an empty parse cache, first load) and warm
(best of 3 with the cache filled, everything after parsing in full). The
engine of this checkout (A) and the engine of git revision REV (B, extracted
with `git archive`) are run in turn, A B A B ..., so both see the same machine;
the table gives the median of each and the ratio B/A (above 1: A is faster).

REV defaults to the engine before issue 9's loader work (the parent of the
commit that added engine/yamlload.py), the code that issue measured at 2.4-2.6 s
for a cold load of 10,000 scenes; `--baseline HEAD~1` and the like compare others.
The machine is shared: quote ratios, not seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_synthetic_story  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

TIMER = r"""
import json, os, sys, tempfile, time
import engine
from engine import load_story
folder = sys.argv[1]
with tempfile.TemporaryDirectory() as cache:
    os.environ["COMMUNARD_CACHE_DIR"] = cache
    start = time.process_time()
    load_story(folder)
    cold = time.process_time() - start
    warm = float("inf")
    for _ in range(3):
        start = time.process_time()
        load_story(folder)
        warm = min(warm, time.process_time() - start)
print(json.dumps({"cold": cold, "warm": warm, "engine": engine.__file__}))
"""


def baseline_rev() -> str:
    added = subprocess.run(["git", "-C", str(ROOT), "log", "--diff-filter=A", "--format=%H",
                            "--", "engine/yamlload.py"], capture_output=True, text=True,
                           check=True).stdout.split()
    return f"{added[-1]}~1" if added else "HEAD"


def extract_engine(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "engine"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def time_once(engine_root: Path, folder: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(engine_root))
    out = subprocess.run([sys.executable, "-c", TIMER, str(folder)], env=env, check=True,
                         cwd=engine_root,
                         capture_output=True, text=True).stdout
    result = json.loads(out)
    assert Path(result["engine"]).is_relative_to(engine_root), result["engine"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", default=None, help="git revision of the engine B")
    args = parser.parse_args()
    rev = args.baseline or baseline_rev()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = extract_engine(rev, Path(tmp) / "baseline")
        for size in args.sizes:
            folder = write_synthetic_story(Path(tmp) / f"s{size}", size)
            runs: dict[str, list[dict]] = {"A": [], "B": []}
            for _ in range(args.rounds):
                runs["A"].append(time_once(ROOT, folder))
                runs["B"].append(time_once(base, folder))
            median = {k: {m: statistics.median(r[m] for r in v) for m in ("cold", "warm")}
                      for k, v in runs.items()}
            ratios = {m: statistics.median(b[m] / a[m] for a, b in zip(runs["A"], runs["B"],
                                                                         strict=True))
                      for m in ("cold", "warm")}
            rows.append((size, median, ratios))
    print(f"A = this checkout, B = {rev}; medians of {args.rounds} alternating runs each")
    header = ("scenes", "cold A s", "cold B s", "cold B/A", "warm A s", "warm B s", "warm B/A")
    print("CPU seconds of one load_story")
    print(" | ".join(f"{h:>10}" for h in header))
    print("-+-".join("-" * 10 for _ in header))
    for size, median, ratios in rows:
        cells = (size, f"{median['A']['cold']:.3f}", f"{median['B']['cold']:.3f}",
                 f"{ratios['cold']:.2f}x", f"{median['A']['warm']:.3f}",
                 f"{median['B']['warm']:.3f}", f"{ratios['warm']:.2f}x")
        print(" | ".join(f"{c:>10}" for c in cells))


if __name__ == "__main__":
    main()
