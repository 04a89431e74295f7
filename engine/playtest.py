"""Random playthroughs of a story, and what they reached: the engine side of `randomtest`.

Like ChoiceScript's randomtest: play many times, picking uniformly among the
choices available, and count which scenes, choices and endings were ever
reached. A scene nobody reaches in thousands of random runs is usually a bug
(a condition that can never be true), and a run that never ends is a loop.

One Session is reused with `restart()` between runs, because building a
Session attaches a model to the story's state machine, which costs far more
than the playthrough itself on a small story. Nothing here renders text.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .session import Session
from .story import Story

DEFAULT_MAX_STEPS = 1_000
MAX_LOOPS_KEPT = 20
"""Loops are counted all, but only this many are kept with their path (a path is long)."""

ChoiceKey = tuple[str, str]
"""(scene id, choice id): choice ids are only unique within their scene."""


@dataclass(frozen=True, slots=True)
class Playthrough:
    """One random run: the scenes passed (start first) and the choices taken in each."""

    scenes: tuple[str, ...]
    choices: tuple[str, ...]
    outcome: str
    """'ending' (reached an ending), 'loop' (hit the step limit) or 'stuck' (no choice left)."""

    @property
    def steps(self) -> int:
        return len(self.choices)

    @property
    def last(self) -> str:
        return self.scenes[-1]


@dataclass
class PlaytestReport:
    """What a series of random playthroughs reached, and what it never did."""

    story_id: str
    runs: int
    seed: int | str | None
    max_steps: int
    scenes: dict[str, int]
    """Scene id -> number of playthroughs that passed through it (every scene listed)."""
    choices: dict[ChoiceKey, int]
    """(scene id, choice id) -> number of times it was taken (every choice listed)."""
    endings: dict[str, int]
    """Ending id -> number of playthroughs that ended there (every ending listed)."""
    chapters: dict[str, int] = field(default_factory=dict)
    """Chapter id -> number of playthroughs that entered it (every chapter, in story order):
    whether most players live through the whole arc, or leave it early."""
    shortest: Playthrough | None = None
    longest: Playthrough | None = None
    loops: list[Playthrough] = field(default_factory=list)
    loop_count: int = 0
    stuck: list[Playthrough] = field(default_factory=list)
    stuck_count: int = 0
    total_steps: int = 0

    @property
    def finished(self) -> int:
        """Playthroughs that reached an ending."""
        return sum(self.endings.values())

    def never(self, counts: dict) -> list:
        return [key for key, n in counts.items() if n == 0]

    @property
    def scenes_never(self) -> list[str]:
        return self.never(self.scenes)

    @property
    def choices_never(self) -> list[ChoiceKey]:
        return self.never(self.choices)

    @property
    def endings_never(self) -> list[str]:
        return self.never(self.endings)

    @property
    def complete(self) -> bool:
        """True when every scene, choice and ending was reached at least once."""
        return not (self.scenes_never or self.choices_never or self.endings_never)


def playthroughs(story: Story, runs: int, seed: int | str | None = 0,
                 max_steps: int = DEFAULT_MAX_STEPS) -> Iterator[Playthrough]:
    """Yield `runs` random playthroughs, reproducible for a given seed."""
    rng = random.Random(seed)
    pick = rng.choice
    session = Session(story, seed=rng.getrandbits(52))  # chance() reproducible by `seed` too
    for run in range(runs):
        if run:
            session.restart(seed=rng.getrandbits(52))
        scene = story.start
        scenes = [scene]
        taken: list[str] = []
        outcome = "loop"
        for _ in range(max_steps):
            if story.scenes[scene].ending is not None:
                outcome = "ending"
                break
            options = session.available()
            if not options:
                outcome = "stuck"
                break
            choice = pick(options)
            session.step(choice.id)
            taken.append(choice.id)
            scene = session.scene_id  # a detour's return goes where the stack says
            scenes.append(scene)
        else:
            if story.scenes[scene].ending is not None:
                outcome = "ending"
        yield Playthrough(tuple(scenes), tuple(taken), outcome)


def playtest(story: Story, runs: int = 1_000, seed: int | str | None = 0,
             max_steps: int = DEFAULT_MAX_STEPS,
             progress: Callable[[int], None] | None = None) -> PlaytestReport:
    """Play `runs` random playthroughs and count what they reached.

    `progress`, if given, is called with the number of runs done so far (often,
    but not after every run), so a frontend can draw a bar without slowing this down.
    """
    scene_runs: Counter[str] = Counter()
    choice_counts: Counter[ChoiceKey] = Counter()
    ending_counts: Counter[str] = Counter()
    chapter_runs: Counter[str] = Counter()
    chapter_of = {sid: scene.chapter_id for sid, scene in story.scenes.items()}
    report = PlaytestReport(story.id, runs, seed, max_steps, {}, {}, {})
    every = max(1, runs // 200)
    for done, run in enumerate(playthroughs(story, runs, seed, max_steps), 1):
        passed = set(run.scenes)
        scene_runs.update(passed)
        chapter_runs.update({chapter_of[s] for s in passed})
        choice_counts.update(zip(run.scenes, run.choices, strict=False))
        report.total_steps += run.steps
        if run.outcome == "ending":
            ending = story.scenes[run.last].ending
            assert ending is not None
            ending_counts[ending.id] += 1
            if report.shortest is None or run.steps < report.shortest.steps:
                report.shortest = run
            if report.longest is None or run.steps > report.longest.steps:
                report.longest = run
        elif run.outcome == "loop":
            report.loop_count += 1
            if len(report.loops) < MAX_LOOPS_KEPT:
                report.loops.append(run)
        else:
            report.stuck_count += 1
            if len(report.stuck) < MAX_LOOPS_KEPT:
                report.stuck.append(run)
        if progress is not None and (done % every == 0 or done == runs):
            progress(done)
    report.scenes = {sid: scene_runs[sid] for sid in story.scenes}
    report.choices = {(s.id, c.id): choice_counts[(s.id, c.id)]
                      for s in story.scenes.values() for c in s.choices}
    report.endings = {eid: ending_counts[eid] for eid in story.endings}
    report.chapters = {c.id: chapter_runs[c.id] for c in story.chapters}
    return report


def cycle_of(path: tuple[str, ...]) -> tuple[str, ...]:
    """The scenes a looping path keeps going round: the shortest repeating tail.

    Random runs wander, so the tail is not always an exact cycle; then the distinct
    scenes of the last quarter of the path are given, in order of first appearance.
    """
    tail = path[-200:]
    for size in range(1, len(tail) // 3 + 1):
        unit = tail[-size:]
        if tail[-3 * size:] == unit * 3:
            return unit
    return tuple(dict.fromkeys(path[-max(1, len(path) // 4):]))
