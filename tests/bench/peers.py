"""The walkers the engine benchmark times side by side, all on the same generated graph.

Every walker takes `choices` random choices through the synthetic story (see
synth.py), starting again from the first scene at an ending, and returns
(choices per second, the targets of its first `keep` choices). The picks come
from one xorshift32 sequence, written the same way in ink_walk.js, so every
walker takes the same path: the benchmark compares those paths before it
compares any rate.

- choose: Session.choose, what a frontend calls: the step and the next view
  (texts rendered, notes and choices as plain data).
- step: Session.step after Session.available, what playtests call.
- bink: the Rust ink runtime (pip `bink`): choose, continue to the next
  choices, read their texts, i.e. what a frontend needs for the next screen.
- inkjs: the JavaScript ink runtime (npm `inkjs`, run by node), the same.
- transitions: a bare `transitions` machine of the same graph, no guards or
  callbacks, fired through the model's trigger methods: the library's floor.
- dict: a plain dict of scene -> targets: the floor of any engine in Python.

A peer that is missing (bink not installed, no node or no inkjs) is skipped with
a message saying how to get it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from engine import Session, Story

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"

Walk = tuple[float, list[int]]


class Picker:
    """xorshift32: the same numbers in Python and in JavaScript (ink_walk.js)."""

    __slots__ = ("x",)

    def __init__(self, seed: int) -> None:
        self.x = seed & 0xFFFFFFFF

    def __call__(self, n: int) -> int:
        x = self.x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.x = x
        return x % n


def number(scene_id: str) -> int:
    """The scene's number in the synthetic story ('c1.s512' -> 512)."""
    return int(scene_id.rsplit(".s", 1)[1])


def walk_choose(story: Story, choices: int, seed: int, keep: int = 0) -> Walk:
    session = Session(story)
    pick = Picker(seed)
    path: list[int] = []
    view = session.view()
    done = 0
    start = time.perf_counter()
    while done < choices:
        offered = view.available
        if not offered:
            view = session.restart()
            continue
        chosen = offered[pick(len(offered))]
        if done < keep:
            path.append(number(chosen.target))
        view = session.choose(chosen.id)
        done += 1
    return done / (time.perf_counter() - start), path


def walk_step(story: Story, choices: int, seed: int, keep: int = 0) -> Walk:
    session = Session(story)
    pick = Picker(seed)
    path: list[int] = []
    done = 0
    start = time.perf_counter()
    while done < choices:
        offered = session.available()
        if not offered:
            session.restart()
            continue
        chosen = offered[pick(len(offered))]
        if done < keep:
            path.append(number(chosen.target))
        session.step(chosen.id)
        done += 1
    return done / (time.perf_counter() - start), path


def walk_transitions(story: Story, choices: int, seed: int, keep: int = 0) -> Walk:
    """The same graph in a bare transitions machine. The synthetic story's conditions are
    all true on any walk (visited(start) holds), so without guards it takes the same path."""
    from transitions import Machine

    triggers = {sid: [(c.trigger, c.target) for c in s.choices]
                for sid, s in story.scenes.items()}
    specs = [{"trigger": trigger, "source": sid, "dest": target}
             for sid, offered in triggers.items() for trigger, target in offered]

    class Model:
        state: str

    model = Model()
    Machine(model=model, states=list(story.scenes), transitions=specs, initial=story.start,
            auto_transitions=False)
    pick = Picker(seed)
    path: list[int] = []
    done = 0
    start = time.perf_counter()
    while done < choices:
        offered = triggers[model.state]
        if not offered:
            model.state = story.start
            continue
        trigger, target = offered[pick(len(offered))]
        if done < keep:
            path.append(number(target))
        getattr(model, trigger)()
        done += 1
    return done / (time.perf_counter() - start), path


def walk_dict(story: Story, choices: int, seed: int, keep: int = 0) -> Walk:
    graph = {sid: [c.target for c in s.choices] for sid, s in story.scenes.items()}
    pick = Picker(seed)
    path: list[int] = []
    here = story.start
    done = 0
    start = time.perf_counter()
    while done < choices:
        targets = graph[here]
        if not targets:
            here = story.start
            continue
        here = targets[pick(len(targets))]
        if done < keep:
            path.append(number(here))
        done += 1
    return done / (time.perf_counter() - start), path


# -- the ink runtimes -----------------------------------------------------------------------

def node() -> str | None:
    return shutil.which("node")


def missing_inkjs() -> str | None:
    """Why inkjs cannot run here, or None."""
    if node() is None:
        return "no node on the PATH"
    if not (NODE_MODULES / "inkjs").is_dir():
        return f"inkjs is not installed: run `npm install` in {HERE}"
    return None


def missing_bink() -> str | None:
    try:
        import bink.story  # noqa: F401
    except ImportError:
        return "bink is not installed: pip install bink"
    return None


def compile_ink(source: str, folder: Path) -> Path | None:
    """Ink source -> ink's JSON with inkjs's compiler (bink has none). None if it cannot."""
    if missing_inkjs() is not None:
        return None
    ink, compiled = folder / "story.ink", folder / "story.json"
    ink.write_text(source, encoding="utf-8")
    subprocess.run([node(), str(HERE / "ink_compile.js"), str(ink), str(compiled)],
                   check=True, env={"NODE_PATH": str(NODE_MODULES)})
    return compiled


def walk_bink(compiled: Path, choices: int, seed: int, keep: int = 0) -> Walk:
    from bink.story import Story as InkStory

    story = InkStory(compiled.read_text(encoding="utf-8"))
    pick = Picker(seed)
    path: list[int] = []
    story.continue_maximally()
    offered = story.get_current_choices()
    done = 0
    start = time.perf_counter()
    while done < choices:
        count = len(offered)
        if not count:
            story.reset_state()
            story.continue_maximally()
            offered = story.get_current_choices()
            continue
        index = pick(count)
        if done < keep:
            path.append(int(offered[index].rsplit(" ", 1)[1]))
        story.choose_choice_index(index)
        story.continue_maximally()
        offered = story.get_current_choices()
        texts = list(offered)  # the next screen shows them
        del texts
        done += 1
    return done / (time.perf_counter() - start), path


def walk_inkjs(compiled: Path, choices: int, seed: int, keep: int = 0) -> Walk:
    run = subprocess.run([node(), str(HERE / "ink_walk.js"), str(compiled), str(choices),
                          str(seed), str(keep)], check=True, capture_output=True, text=True,
                         env={"NODE_PATH": str(NODE_MODULES)})
    result = json.loads(run.stdout)
    return result["rate"], [int(text.rsplit(" ", 1)[1]) for text in result["path"]]


Walker = Callable[[int, int, int], Walk]  # (choices, seed, keep) -> Walk
