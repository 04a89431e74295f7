"""`communard explore` and `communard path-to`: an exhaustive search of a story's states.

What the search reaches is reachable and, when it completes, what it does not
reach never is; it says why (the condition and the values it saw), gives the
shortest path to each ending, and finds the places a player can enter and
never leave. It finds what random play misses: an ending behind a long,
narrow path.
"""

from __future__ import annotations

import json
from pathlib import Path

from storykit import MINI, TINY, copy_story

from engine import load_story
from engine.explore import explore
from engine.liveness import live_sets
from engine.playtest import playtest

MAZE = """\
chapter: {id: hill, title: The Hill}
scenes:
  - id: dawn
    title: Dawn
    kind: fictional
    text: Three ways.
    choices:
      - {text: Into the tunnels, to: left}
      - {text: Wait for a signal, to: wait}
      - {text: Go home, to: home}
  - id: left
    title: Left tunnel
    kind: fictional
    text: Dark.
    choices:
      - {text: Turn, to: right}
  - id: right
    title: Right tunnel
    kind: fictional
    text: Darker.
    choices:
      - {text: Turn again, to: left}
  - id: wait
    title: Waiting
    kind: fictional
    text: Nobody comes.
    choices:
      - {text: Follow the signal, to: home, if: courage > 5}
  - id: home
    title: Home
    kind: fictional
    text: Home.
    ending: {id: home, title: Home, epilogue: Safe.}
"""


def lock(digits: int, ways: int = 4) -> str:
    """A chapter where one ending needs the one right choice of `ways` at each of `digits`
    doors in a row (every wrong choice goes straight to the other ending)."""
    scenes = []
    for n in range(digits):
        choices = [f"      - {{text: Door {k}, to: {f'd{n + 1}' if k == 0 else 'out'}}}"
                   for k in range(ways)]
        scenes.append(f"  - id: d{n}\n    title: Door {n}\n    kind: fictional\n"
                      f"    text: A door.\n    choices:\n" + "\n".join(choices))
    scenes.append(f"  - id: d{digits}\n    title: Open\n    kind: fictional\n    text: Open.\n"
                  "    ending: {id: open, title: Open, epilogue: In.}")
    scenes.append("  - id: out\n    title: Out\n    kind: fictional\n    text: Out.\n"
                  "    ending: {id: out, title: Out, epilogue: Out.}")
    return "chapter: {id: hill, title: The Hill}\nscenes:\n" + "\n".join(scenes) + "\n"


def story_from(tmp_path: Path, chapter: str, start: str = "hill.dawn") -> Path:
    return copy_story(tmp_path / "story", TINY, edits={"story.yaml": [
        ("start: hill.dawn", f"start: {start}")]},
        files={"chapters/hill.yaml": chapter, "notes.yaml": "{}\n", "codex.yaml": "{}\n"})


def test_a_small_story_is_explored_completely(mini) -> None:
    found = explore(mini)
    assert found.complete
    assert found.unreached_scenes == [] and found.untaken_choices == []
    assert {e: len(p) for e, p in found.endings.items()} == {"spoke": 3, "quiet": 3}
    assert found.path_to("evening.spoke")[-1].to == "evening.spoke"
    assert found.traps == []
    assert found.states < 20


def test_the_unreachable_is_proven_with_its_reason(unreachable: Path, cli) -> None:
    story = load_story(unreachable)
    assert live_sets(story)["evening.meeting"].counted == {"evening.meeting"}  # visits(): a count
    found = explore(story)
    assert found.complete
    assert found.unreached_scenes == ["evening.window"]
    assert found.untaken_choices == [("evening.meeting", "window")]
    assert found.endings["window"] is None
    (blocked,) = found.blocked
    assert blocked.seen == {"visits('evening.meeting')": [1]}
    run = cli("explore", unreachable)
    assert run.code == 1
    assert "ending 'window' evening.window" in run.out
    assert "`visits('evening.meeting') > 5` never holds there" in run.out
    assert "visits('evening.meeting') was 1" in run.out
    assert "window  never  evening.window" in run.out
    report = json.loads(cli("explore", unreachable, "--format", "json").out)
    assert report["scenes"]["unreached"] == ["evening.window"]
    assert report["endings"]["window"] == {"length": None, "path": None}
    assert report["endings"]["spoke"]["length"] == 3
    missing = cli("path-to", "window", unreachable)
    assert missing.code == 1
    assert "No path to evening.window: it can never be reached." in missing.out


def test_a_rare_ending_random_play_misses_is_found(tmp_path: Path, cli) -> None:
    """The issue's complaint: randomtest could not tell rare from unreachable."""
    story = load_story(story_from(tmp_path, lock(8), start="hill.d0"))
    assert playtest(story, runs=300, seed=1).endings["open"] == 0  # 1 run in 65,536
    found = explore(story)
    assert found.complete and not found.unreached_scenes
    assert len(found.endings["open"]) == 8
    assert [m.choice for m in found.endings["open"]] == ["1"] * 8
    run = cli("path-to", "open", tmp_path / "story")
    assert run.code == 0
    assert "Shortest path to hill.d8 (8 choice(s)" in run.out
    assert "1. hill.d0: [1] Door 0" in run.out
    assert run.out.rstrip().endswith("→ hill.d8: ending 'open', Open")


def test_traps_a_cycle_and_a_dead_end(tmp_path: Path, cli) -> None:
    found = explore(load_story(story_from(tmp_path, MAZE)))
    assert found.complete
    traps = {(t.kind, t.scenes): [m.choice for m in t.path] for t in found.traps}
    assert traps == {("cycle", ("hill.left", "hill.right")): ["1"],
                     ("stuck", ("hill.wait",)): ["2"]}
    assert found.untaken_choices == [("hill.wait", "1")]
    run = cli("explore", tmp_path / "story")
    assert run.code == 1
    assert "a cycle that cannot be left: hill.left → hill.right" in run.out
    assert "stuck at hill.wait" in run.out
    assert "`courage > 5` never holds there" in run.out and "courage was 0" in run.out


def test_what_can_no_longer_matter_is_not_kept(tmp_path: Path) -> None:
    """A text that grows round a loop would make states without end; no condition reads
    it, so one state per scene is enough, and the loop is explored once."""
    looping = MINI_LOOP
    folder = copy_story(tmp_path / "loop", MINI, edits=looping)
    story = load_story(folder)
    live = live_sets(story)
    assert "diary" not in live["morning.street"].variables
    assert "trust" in live["morning.street"].variables  # the meeting's condition reads it
    assert "morning.oven" in live["morning.street"].visits
    assert not live["morning.street"].counted  # only visited(): ever or never
    found = explore(story)
    assert found.complete and found.states < 30


MINI_LOOP = {
    "story.yaml": [("  name: {type: str, default: Louise}",
                    "  name: {type: str, default: Louise}\n  diary: {type: str, default: ''}")],
    "chapters/morning.yaml": [("      - text: Go back to the oven\n        to: oven",
                               "      - text: Go back to the oven\n        to: oven\n"
                               "        do: diary += 'back. '")],
    "chapters/evening.yaml": [("text: The hall is full.", "text: 'The hall is full. {= diary}'")],
}


def test_liveness_follows_effects_and_assignments(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", MINI, edits={"chapters/morning.yaml": [
        ("        do: has_bread = true", "        do: [has_bread = true, trust = 0]")]})
    live = live_sets(load_story(folder))
    assert live["morning.oven"].taken == ("morning.oven#talk",)
    assert "has_bread" not in live["morning.oven"].variables  # never read by a condition
    assert live["evening.spoke"].variables == ()


def test_the_limit_stops_the_search_and_says_so(tmp_path: Path, cli) -> None:
    folder = story_from(tmp_path, lock(6), start="hill.d0")
    found = explore(load_story(folder), max_states=3)
    assert not found.complete and found.states == 3
    assert found.traps == []
    run = cli("explore", folder, "--max-states", "3")
    assert run.code == 1
    assert "STOPPED at --max-states 3" in run.out
    assert "Scenes not reached within the limit:" in run.out
    assert "not looked for, the search stopped" in run.out


def test_path_to_names(mini, cli) -> None:
    assert cli("path-to", "evening.quiet", MINI).code == 0
    assert cli("path-to", "quiet", MINI).code == 0
    by_scene = cli("path-to", "street", MINI)
    assert by_scene.code == 0 and "morning.street (1 choice(s)" in by_scene.out
    unknown = cli("path-to", "stret", MINI)
    assert unknown.code == 2 and "did you mean 'street'?" in unknown.err


def test_the_bundled_story_explores(bundled) -> None:
    """The whole search is a benchmark (tests/bench/bench_explore.py); here, its start."""
    found = explore(bundled, max_states=2_000)
    assert found.states == 2_000 and not found.complete
    assert found.reached
