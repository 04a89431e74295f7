"""Story format 2: chance() and random(), text variation, sets, detours, stable choice keys
and tags, each played through a Session as a frontend would, saved, loaded and undone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import Session, check_story, load_story
from engine.explore import explore

HEAD = """format: 2
id: two
title: Format Two
version: 1.0.0
start: square.hub
chapters: [chapters/square.yaml]
notes: []
sources: []
codex: []
timeline: []
variables:
  luck: {type: int, default: 0}
  roll: {type: int, default: 0}
  met: {type: set, of: [louise, varlin, courbet], default: [louise]}
"""

SCENES = """chapter: {id: square, title: The Square}
scenes:
  - id: hub
    title: The Square
    kind: fictional
    tags: [crowd]
    text: >-
      {The square is full.|The square again.|Still the square.}
      {&Drums.|Bells.} {!New!|} {= met}
    choices:
      - text: Roll a die
        to: hub
        do: roll = random(1, 6)
      - id: lucky
        text: Try your luck
        to: hub
        if: chance(50)
        do: luck += 1
      - text: Meet Varlin
        to: hub
        do: met += 'varlin'
        tags: [spoiler]
      - text: Forget Louise
        to: hub
        do: met -= 'louise'
      - text: Look at the column
        to: column
        detour: true
      - text: Leave
        to: end
        if: has(met, 'varlin') and count(met) >= 1
  - id: column
    title: The Column
    kind: fictional
    text: "{~Bronze.|Napoleon.|Cannon metal.}"
    choices:
      - text: Look closer
        to: plinth
      - text: Back
        to: (return)
  - id: plinth
    title: The Plinth
    kind: fictional
    text: The plinth.
    choices:
      - text: Back to the square
        to: (return)
  - id: end
    title: The End
    kind: fictional
    text: Done.
    ending: {id: done, title: Done, epilogue: Over.}
"""


def write(folder: Path, scenes: str = SCENES, head: str = HEAD) -> Path:
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(head, encoding="utf-8")
    (folder / "chapters" / "square.yaml").write_text(scenes, encoding="utf-8")
    return folder


@pytest.fixture
def story(tmp_path: Path):
    return load_story(write(tmp_path / "two"))


def by_text(session: Session, text: str) -> str:
    return next(c.id for c in session.view().choices if c.text == text)


def test_the_story_checks_clean(tmp_path: Path) -> None:
    story, problems = check_story(write(tmp_path / "two"))
    assert story is not None and [p.format() for p in problems] == []


def test_random_is_fixed_by_the_seed_and_the_moves(story) -> None:
    rolls = []
    for _ in range(2):
        session = Session(story, seed=7)
        for _ in range(12):
            session.choose(by_text(session, "Roll a die"))
            rolls.append(session.vars["roll"])
    first, second = rolls[:12], rolls[12:]
    assert first == second and set(first) <= set(range(1, 7)) and len(set(first)) > 2
    other = Session(story, seed=8)
    others = []
    for _ in range(12):
        other.choose(by_text(other, "Roll a die"))
        others.append(other.vars["roll"])
    assert others != first


def test_undo_and_load_give_the_same_draws(story) -> None:
    session = Session(story, seed=11)
    offered = []
    for _ in range(10):
        offered.append("lucky" in [c.id for c in session.view().choices])
        session.choose(by_text(session, "Roll a die"))
    assert True in offered and False in offered  # chance(50) is not folded into a constant
    saved = json.loads(json.dumps(session.to_dict()))
    assert saved["seed"] == 11 and saved["turn"] == 10
    loaded = Session.from_dict(story, saved)
    for _ in range(10):
        loaded.undo()
        session.undo()
        assert loaded.vars == session.vars
    again = []
    for _ in range(10):
        again.append("lucky" in [c.id for c in loaded.view().choices])
        loaded.choose(by_text(loaded, "Roll a die"))
    assert again == offered


def test_text_variations_follow_the_visits(story) -> None:
    session = Session(story, seed=1)
    texts = [session.view().text]
    for _ in range(3):
        session.choose(by_text(session, "Roll a die"))
        texts.append(session.view().text)
    assert texts[0] == "The square is full. Drums. New! louise"
    assert texts[1] == "The square again. Bells.  louise"
    assert texts[2] == "Still the square. Drums.  louise"
    assert texts[3] == "Still the square. Bells.  louise"


def test_a_shuffle_shows_each_alternative_once_a_round(story) -> None:
    session = Session(story, seed=3)
    seen = []
    for _ in range(3):
        session.choose(by_text(session, "Look at the column"))
        seen.append(session.view().text)
        session.choose(by_text(session, "Back"))
    assert sorted(seen) == ["Bronze.", "Cannon metal.", "Napoleon."]


def test_sets_add_remove_has_and_count(story) -> None:
    session = Session(story)
    assert session.vars["met"] == frozenset({"louise"})
    assert "Leave" not in [c.text for c in session.view().choices]
    session.choose(by_text(session, "Meet Varlin"))
    session.choose(by_text(session, "Forget Louise"))
    assert session.vars["met"] == frozenset({"varlin"})
    saved = json.loads(json.dumps(session.to_dict()))
    assert saved["vars"]["met"] == ["varlin"]
    loaded = Session.from_dict(story, saved)
    assert loaded.vars["met"] == frozenset({"varlin"})
    loaded.undo()
    assert loaded.vars["met"] == frozenset({"louise", "varlin"})
    assert loaded.choose(by_text(loaded, "Leave")).ending is not None


@pytest.mark.parametrize(("effect", "code"), [
    ("met += 'lousie'", "E114"), ("met = 'louise'", "E111"), ("luck = count(luck)", "E111")])
def test_sets_are_checked_at_load(tmp_path: Path, effect: str, code: str) -> None:
    folder = write(tmp_path / "s", SCENES.replace("do: met -= 'louise'", f"do: {effect}"))
    story, problems = check_story(folder)
    assert story is None and code in [p.code for p in problems]


def test_a_detour_comes_back_where_it_left(story) -> None:
    session = Session(story)
    session.choose(by_text(session, "Look at the column"))
    assert session.scene_id == "square.column" and session.stack == ("square.hub",)
    session.choose(by_text(session, "Look closer"))
    saved = json.loads(json.dumps(session.to_dict()))
    loaded = Session.from_dict(story, saved)
    assert loaded.stack == ("square.hub",)
    view = loaded.choose(by_text(loaded, "Back to the square"))
    assert view.id == "square.hub" and loaded.stack == ()
    loaded.undo()
    assert loaded.scene_id == "square.plinth" and loaded.stack == ("square.hub",)
    assert [s.target for s in loaded.history] == ["square.column", "square.plinth"]


def test_explore_follows_detours_and_draws(story) -> None:
    found = explore(story)
    assert found.complete and not found.unreached_scenes and not found.untaken_choices
    assert not found.traps


def test_tags_reach_the_views(story) -> None:
    view = Session(story).view()
    assert view.tags == ("crowd",)
    assert next(c for c in view.choices if c.text == "Meet Varlin").tags == ("spoiler",)


ONCE = """chapter: {id: square, title: The Square}
scenes:
  - id: hub
    title: The Square
    kind: fictional
    text: The square.
    choices:
INSERTED      - text: Ask the baker
        to: baker
        once: true
      - text: Leave
        to: end
  - id: baker
    title: The Baker
    kind: fictional
    text: Bread.
    choices:
      - text: Back
        to: hub
      - text: Wander
        to: other
  - id: other
    title: Elsewhere
    kind: fictional
    text: Elsewhere.
    choices:
      - text: Back
        to: hub
  - id: end
    title: The End
    kind: fictional
    text: Done.
    ending: {id: done, title: Done, epilogue: Over.}
"""
SMALL_HEAD = HEAD.split("variables:")[0]


def test_a_save_made_before_a_choice_is_inserted_loads_after_it(tmp_path: Path) -> None:
    before = load_story(write(tmp_path / "a", ONCE.replace("INSERTED", ""), SMALL_HEAD))
    session = Session(before)
    session.choose("1")  # Ask the baker (once)
    session.choose("1")  # Back
    assert [c.text for c in session.view().choices] == ["Leave"]
    saved = json.loads(json.dumps(session.to_dict()))
    inserted = "      - text: Go elsewhere\n        to: other\n"
    after = load_story(write(tmp_path / "b", ONCE.replace("INSERTED", inserted), SMALL_HEAD))
    loaded = Session.from_dict(after, saved)
    assert [c.text for c in loaded.view().choices] == ["Go elsewhere", "Leave"]
    assert [s.choice_text for s in loaded.history] == ["Ask the baker", "Back"]
    loaded.undo()
    loaded.undo()
    assert [c.text for c in loaded.view().choices] == ["Go elsewhere", "Ask the baker", "Leave"]


def test_a_format_2_save_keeps_its_once_only_choices(tmp_path: Path) -> None:
    story = load_story(write(tmp_path / "a", ONCE.replace("INSERTED", ""), SMALL_HEAD))
    session = Session(story)
    session.choose("1")
    session.choose("1")
    old = session.to_dict()
    old.update(format=2, taken=["square.hub#1"])  # what save format 2 wrote
    for key in ("seed", "turn", "stack"):
        del old[key]
    for step in old["log"]:
        for key in ("key", "pushed", "popped", "texts"):
            step.pop(key, None)
        step["grew"] = {}  # what format 2 kept of texts that grew (none here)
    loaded = Session.from_dict(story, old)
    assert [c.text for c in loaded.view().choices] == ["Leave"]
    assert loaded.to_dict()["taken"] == ["square.hub#>square.baker"]


LUCK = """chapter: {id: square, title: The Square}
scenes:
  - id: hub
    title: The Square
    kind: fictional
    text: The square.
    choices:
      - text: Try your luck
        to: lucky
        if: chance(1)
      - text: Roll
        to: rolled
        do: roll = random(1, 6)
      - text: Leave
        to: end
  - id: rolled
    title: Rolled
    kind: fictional
    text: Rolled.
    choices:
      - text: A six
        to: six
        if: roll == 6
      - text: Back
        to: hub
  - id: lucky
    title: Lucky
    kind: fictional
    text: Lucky.
    ending: {id: lucky, title: Lucky, epilogue: Lucky.}
  - id: six
    title: Six
    kind: fictional
    text: Six.
    ending: {id: six, title: Six, epilogue: Six.}
  - id: end
    title: The End
    kind: fictional
    text: Done.
    ending: {id: done, title: Done, epilogue: Over.}
"""


def test_explore_tries_every_outcome_of_the_dice(tmp_path: Path) -> None:
    """A one-in-a-hundred chance and a six on a die are reachable, whatever the seed says."""
    story = load_story(write(tmp_path / "luck", LUCK))
    found = explore(story)
    assert found.complete and not found.unreached_scenes and not found.untaken_choices
    assert [m.to for m in found.endings["six"] or ()] == ["square.rolled", "square.six"]
    assert not found.traps
