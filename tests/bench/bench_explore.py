"""explore benchmark: an exhaustive search of every reachable state, as `communard explore` does.

Run: python tests/bench/bench_explore.py [--scenes 1000] [--booleans 5]

Rows: the bundled story (when it loads without errors) and a synthetic story of
N scenes with K boolean variables that conditions test and effects set. Each
row gives the states and moves explored and the time of `engine.explore.explore`
alone (the story is loaded before the clock starts), and beside it, measured in
the same run on the same story, the time of 1,000 random playthroughs
(`randomtest --runs 1000`), as a ratio: the machine is shared, so the ratio is
the figure to compare between runs, not the seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from communard.paths import default_story
from engine import Story, check_story, load_story
from engine.explore import explore
from engine.playtest import playtest


def write_boolean_story(folder: Path, scenes: int, booleans: int, seed: int = 1871) -> Path:
    """N scenes of 3 choices leading forwards (i+1, i+2, a random later scene); a third of
    the choices test one of K booleans and half of those set another; the last 1% end."""
    rng = random.Random(seed)
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    endings = max(2, scenes // 100)
    flags = [f"b{k}" for k in range(booleans)]
    items = []
    for i in range(scenes):
        scene: dict = {"id": f"s{i}", "title": f"Scene {i}", "kind": "fictional",
                       "text": f"Scene {i}."}
        if i >= scenes - endings:
            scene["ending"] = {"id": f"e{i}", "title": f"Ending {i}", "epilogue": "The end."}
        else:
            last, first_ending = scenes - 1, scenes - endings
            jump = rng.randint(i + 1, last)
            if i >= scenes - 3 * endings:
                jump = first_ending + i % endings
            choices = []
            for k, target in enumerate([min(i + 1, last), min(i + 2, last), jump]):
                choice: dict = {"text": f"Go to {target}", "to": f"s{target}"}
                if k > 0 and rng.random() < 0.5:
                    choice["if"] = ("" if rng.random() < 0.5 else "not ") + rng.choice(flags)
                if rng.random() < 0.3:
                    choice["do"] = f"{rng.choice(flags)} = {rng.choice(['true', 'false'])}"
                choices.append(choice)
            scene["choices"] = choices
        items.append(scene)
    (folder / "chapters/all.yaml").write_text(yaml.safe_dump(
        {"chapter": {"id": "all", "title": "All"}, "scenes": items}, sort_keys=False),
        encoding="utf-8")
    head = {"format": 1, "id": "bench-explore", "title": f"{scenes} scenes, {booleans} flags",
            "version": "1.0.0", "start": "all.s0", "chapters": ["chapters/all.yaml"],
            "variables": {f: {"type": "bool", "default": False} for f in flags}}
    (folder / "story.yaml").write_text(yaml.safe_dump(head, sort_keys=False), encoding="utf-8")
    (folder / "notes.yaml").write_text("{}\n", encoding="utf-8")
    (folder / "sources.yaml").write_text("{}\n", encoding="utf-8")
    return folder


def row(name: str, story: Story) -> str:
    start = time.perf_counter()
    found = explore(story)
    searched = time.perf_counter() - start
    start = time.perf_counter()
    playtest(story, runs=1000, seed=0)
    random_time = time.perf_counter() - start
    lengths = [len(p) for p in found.endings.values() if p is not None]
    shortest = f"{min(lengths)}..{max(lengths)}" if lengths else "-"
    return (f"| {name} | {len(story.scenes):,} | {found.states:,} | {found.moves:,} | "
            f"{'yes' if found.complete else 'no'} | {searched:.2f} s | {random_time:.2f} s | "
            f"{searched / random_time:.1f} | {shortest} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=1000)
    parser.add_argument("--booleans", type=int, default=5)
    args = parser.parse_args()
    print("| story | scenes | states | moves | complete | explore | randomtest 1000 | "
          "ratio | shortest path to an ending |")
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |")
    bundled, problems = check_story(default_story())
    if bundled is not None:
        print(row("bundled", bundled))
    else:
        print(f"| bundled | (does not load: {len(problems)} problem(s)) |", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_boolean_story(Path(tmp), args.scenes, args.booleans)
        print(row(f"synthetic, {args.booleans} booleans", load_story(folder)))


if __name__ == "__main__":
    main()
