"""Saves as data: Session.to_dict and from_dict, strict validation, the delta log, migrations.

The story is tests/fixtures/mini (see tests/test_session.py for its choices).
A save is untrusted input: damage is refused with SaveError, never mended; what
the story changed since the save (a variable or a scene gone) is the story's
right and is dropped. tests/fixtures/saves holds saves written by older formats.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from storykit import MINI, copy_story, ids, snapshot

from engine import SAVE_FORMAT, SaveError, Session, load_story, savedata


@pytest.fixture(scope="module")
def story():
    return load_story(MINI)


# -- saving and restoring ----------------------------------------------------------------

def played(story, *choices: str) -> Session:
    session = Session(story)
    for choice in choices:
        session.choose(choice)
    return session


def test_to_dict_is_json_with_versions(story) -> None:
    data = played(story, "talk", "1", "bread").to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    assert data["kind"] == "communard-save"
    assert data["format"] == SAVE_FORMAT
    assert data["story"] == {"id": "mini", "version": "1.0.0"}
    assert data["scene"] == "morning.street"
    assert data["vars"] == {"trust": 1, "has_bread": True, "name": "Louise"}
    assert data["taken"] == ["morning.oven#talk"]
    assert len(data["log"]) == 3
    assert dt.datetime.fromisoformat(data["saved_at"]).tzinfo is not None


def test_from_dict_round_trip(story) -> None:
    original = played(story, "talk", "1", "bread", "2")
    restored = Session.from_dict(story, json.loads(json.dumps(original.to_dict())))
    assert snapshot(restored) == snapshot(original)
    again = restored.to_dict()
    first = original.to_dict()
    again.pop("saved_at"), first.pop("saved_at")
    assert again == first
    while original.can_undo:  # the undo log survives the save
        original.undo()
        restored.undo()
        assert snapshot(restored) == snapshot(original)
    assert not restored.can_undo
    assert ids(restored.view()) == ["knead", "talk", "bread"]


def test_from_dict_does_not_share_the_saved_data(story) -> None:
    data = played(story, "talk").to_dict()
    restored = Session.from_dict(story, data)
    data["vars"]["trust"] = 3
    data["log"][0]["before"]["trust"] = 3
    restored.undo()
    assert restored.vars["trust"] == 0


def test_a_save_whose_scene_is_gone(story, tmp_path: Path) -> None:
    data = played(story, "knead", "2", "2").to_dict()  # at evening.quiet
    folder = copy_story(tmp_path / "v2", base=MINI, edits={
        "story.yaml": [("version: 1.0.0", "version: 2.0.0")],
        "chapters/evening.yaml": [("to: quiet", "to: silence"),
                                  ("  - id: quiet", "  - id: silence")]})
    newer = load_story(folder)
    with pytest.raises(SaveError) as caught:
        Session.from_dict(newer, data)
    message = str(caught.value)
    assert "'evening.quiet'" in message and "no longer exists" in message
    assert "version 2.0.0" in message and "saved with version 1.0.0" in message
    assert "Start a new game" in message


def test_a_save_whose_undo_steps_are_gone_keeps_what_still_fits(story, tmp_path: Path) -> None:
    data = played(story, "knead", "2").to_dict()
    folder = copy_story(tmp_path / "v2", base=MINI, edits={"chapters/morning.yaml": [
        ("  - id: street", "  - id: lane"), ("        to: street\n      - id: talk",
                                            "        to: lane\n      - id: talk"),
        ("        to: street\n        do: [trust", "        to: lane\n        do: [trust"),
        ("        to: street\n        if:", "        to: lane\n        if:")]})
    session = Session.from_dict(load_story(folder), data)
    assert session.scene_id == "evening.meeting"
    assert not session.can_undo  # the steps through the old street are dropped
    assert "morning.street" not in session.visits


def test_a_save_of_another_story(story, tmp_path: Path) -> None:
    other = load_story(copy_story(tmp_path / "o", base=MINI, edits={
        "story.yaml": [("id: mini", "id: other")]}))
    with pytest.raises(SaveError, match="belongs to the story 'mini', not 'other'"):
        Session.from_dict(other, played(story, "knead").to_dict())


def test_a_newer_save_format_is_refused(story) -> None:
    data = played(story, "knead").to_dict()
    data["format"] = SAVE_FORMAT + 1
    with pytest.raises(SaveError) as caught:
        Session.from_dict(story, data)
    assert "newer Communard" in str(caught.value) and "Update Communard" in str(caught.value)


def test_a_save_format_too_old_is_refused(story, monkeypatch: pytest.MonkeyPatch) -> None:
    data = played(story, "knead").to_dict()
    monkeypatch.setattr(savedata, "SAVE_FORMAT", SAVE_FORMAT + 2)
    monkeypatch.setattr(savedata, "MIN_SAVE_FORMAT", SAVE_FORMAT + 1)
    with pytest.raises(SaveError, match="too old"):
        Session.from_dict(story, data)


def _without(key: str):
    def change(data: dict) -> dict:
        del data[key]
        return data
    return change


def _set(path: tuple, value: Any):
    def change(data: dict) -> dict:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        return data
    return change


REFUSED = {
    "not a dict": lambda d: "a string",
    "a list": lambda d: [d],
    "None": lambda d: None,
    "no kind": _without("kind"),
    "wrong kind": _set(("kind",), "twine-save"),
    "no format": _without("format"),
    "format as text": _set(("format",), "1"),
    "format as float": _set(("format",), 1.0),
    "no story": _without("story"),
    "story as text": _set(("story",), "mini"),
    "story without id": _set(("story",), {"version": "1.0.0"}),
    "no scene": _without("scene"),
    "scene as number": _set(("scene",), 7),
    "scene as list": _set(("scene",), ["evening.meeting"]),
    "scene as dict": _set(("scene",), {"id": "evening.meeting"}),
    "scene unknown": _set(("scene",), "evening.nowhere"),
    "vars as number": _set(("vars",), 3),
    "vars as list of numbers": _set(("vars",), [1, 2]),
    "visits as list": _set(("visits",), [1, 2]),
    "visits with text": _set(("visits",), {"morning.oven": "many"}),
    "visits infinite": _set(("visits",), {"morning.oven": float("inf")}),
    "visits none": _set(("visits",), {"morning.oven": None}),
    "visits negative": _set(("visits", "morning.oven"), -1),
    "visits a float": _set(("visits", "morning.oven"), 1.5),
    "visits a number in text": _set(("visits", "morning.oven"), "2"),
    "visits huge": _set(("visits", "morning.oven"), 10**20),
    "taken as number": _set(("taken",), 5),
    "taken as a dict": _set(("taken",), {"morning.oven#talk": 1}),
    "log as number": _set(("log",), 5),
    "no vars": _without("vars"),
    "no visits": _without("visits"),
    "no taken": _without("taken"),
    "no log": _without("log"),
    "no saved_at": _without("saved_at"),
    "saved_at a number": _set(("saved_at",), 12345),
    "saved_at at the end of time": _set(("saved_at",), "0001-01-01T00:00:00+14:00"),
    "saved_at without zone": _set(("saved_at",), "2026-01-01T00:00:00"),
    "an unknown field": _set(("cheat",), True),
    "log entries as numbers": _set(("log",), [1, 2]),
    "var of the wrong type": _set(("vars", "trust"), "lots"),
    "var a float": _set(("vars", "trust"), 1.0),
    "var out of the story's range": _set(("vars", "trust"), 99),
    "var a 5 MB text": _set(("vars", "name"), "x" * 5_000_000),
    "var with a terminal escape": _set(("vars", "name"), "\x1b]0;owned\x07"),
    "log entry scene as list": _set(("log", 0, "scene"), ["x"]),
    "log entry before as list": _set(("log", 1, "before"), [1]),
    "log entry var of the wrong type": _set(("log", 0, "before", "trust"), "x"),
    "log entry taken as list": _set(("log", 0, "taken"), ["x"]),
    "log entry choice as dict": _set(("log", 0, "choice"), {"a": 1}),
    "log entry changes a number as a text": _set(("log", 0, "texts"),
                                                 {"trust": {"at": 0, "kept": 1, "lost": ""}}),
    "log entry text delta too long": _set(("log", 0, "texts"),
                                          {"name": {"at": 9_000, "kept": 5_000, "lost": ""}}),
    "log entry text delta a number": _set(("log", 0, "texts"), {"name": 3}),
}


@pytest.mark.parametrize("damage", list(REFUSED), ids=list(REFUSED))
def test_a_damaged_save_gives_save_error(story, damage: str) -> None:
    data = REFUSED[damage](played(story, "talk", "1", "bread", "2").to_dict())
    with pytest.raises(SaveError) as caught:
        Session.from_dict(story, data)
    message = str(caught.value)
    assert len(message) < 300 and "\x1b" not in message  # cut, and nothing raw


#: What the story changed since the save is the story's right, not damage.
TOLERATED = {
    "unknown var": _set(("vars", "gold"), 5),
    "visit of an unknown scene": _set(("visits", "evening.nowhere"), 1),
    "log entry with an unknown scene": _set(("log", 0, "scene"), "nowhere"),
    "taken unknown": _set(("taken",), ["nowhere#1"]),
    "story version changed": _set(("story", "version"), "0.1"),
}


def exercise(session: Session) -> None:
    """A restored session must work: view, history, every undo, saving again."""
    session.view()
    session.available()
    assert len(session.history) <= 4
    json.dumps(session.to_dict())
    while session.can_undo:
        session.undo()
        session.view()
        [c.condition(session._scope) for c in session.scene.choices if c.condition]
    json.dumps(session.to_dict())


@pytest.mark.parametrize("damage", list(TOLERATED), ids=list(TOLERATED))
def test_a_damaged_save_that_can_be_mended(story, damage: str) -> None:
    data = TOLERATED[damage](played(story, "talk", "1", "bread", "2").to_dict())
    session = Session.from_dict(story, data)
    exercise(session)
    assert set(session.vars) == {"trust", "has_bread", "name"}
    assert all(type(session.vars[k]) is type(v) for k, v in story.initial_vars().items())


JUNK = [None, True, 0, -1, 10**20, 1.5, "", "x", "evening.meeting", [], [None], {}, {"x": 1},
        float("nan")]


def _paths(value: Any, prefix: tuple = ()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def test_random_damage_never_raises_anything_but_save_error(story) -> None:
    good = played(story, "talk", "1", "bread", "2").to_dict()
    paths = [p for p in _paths(good) if p]
    rng = random.Random(2)
    for _ in range(600):
        data = copy.deepcopy(good)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            try:
                target = data
                for part in path[:-1]:
                    target = target[part]
                if rng.random() < 0.2 and isinstance(target, dict):
                    target.pop(path[-1], None)
                else:
                    target[path[-1]] = rng.choice(JUNK)
            except (KeyError, IndexError, TypeError):
                pass
        try:
            session = Session.from_dict(story, data)
        except SaveError:
            continue
        exercise(session)


# -- migrations ------------------------------------------------------------------------------

FORMAT_1 = Path(__file__).parent / "fixtures" / "saves" / "format1-mini.json"
"""A save written by the format-1 engine: talk, back, bread, back, then a jump to the meeting."""


def test_the_log_keeps_only_what_each_step_changed(story) -> None:
    session = played(story, "talk", "1", "bread", "1", "knead")
    steps = session.to_dict()["log"]
    assert [s["before"] for s in steps] == [{"trust": 0}, {}, {"has_bread": False}, {}, {}]
    assert "vars" not in steps[0] and all(s["texts"] == {} for s in steps)


def diary_story(folder: Path, knead: str, back: str | None = None):
    """The mini story with a text, `diary`, that kneading (and going back) change."""
    edits = {
        "story.yaml": [("name: {type: str, default: Louise}",
                        "name: {type: str, default: Louise}\n  diary: {type: str, default: ''}")],
        "chapters/morning.yaml": [("      - id: knead\n        text: Knead in silence\n"
                                   "        to: street",
                                   "      - id: knead\n        text: Knead in silence\n"
                                   f"        to: street\n        do: \"{knead}\"")],
        "chapters/evening.yaml": [("epilogue: Nothing changed.",
                                   "epilogue: Nothing changed. {= diary}")]}
    if back:
        edits["chapters/morning.yaml"].append(("        to: oven",
                                               f"        to: oven\n        do: \"{back}\""))
    return load_story(copy_story(folder, base=MINI, edits=edits))


GROW = "diary += 'Kneaded the dough again tonight. '"


@pytest.mark.parametrize("knead, back", [
    (GROW, None),                                                   # at its end
    ("diary = 'Kneaded the dough. ' + diary",                       # at its start, newest
     "diary = 'Back to the oven. ' + diary"),                       # first, cut at the limit
    ("diary = 'Night. ' + diary + ' Kneaded.'", "diary = 'Back. ' + diary"),  # both ends
])
def test_a_long_game_saves_small(tmp_path: Path, knead: str, back: str | None) -> None:
    """1,100 choices in a story that grows a text: format 1 wrote 11 MB, refused on reading;
    format 3 still kept the whole old text of a step that did not add at its end."""
    grown = diary_story(tmp_path / "grow", knead, back)
    session = Session(grown)
    diaries = [session.vars["diary"]]
    for _ in range(550):
        session.choose("knead")
        diaries.append(session.vars["diary"])
        session.choose("1")
        diaries.append(session.vars["diary"])
    assert len(session.vars["diary"]) == 10_000  # at the engine's limit for a text
    assert back is None or diaries[-3] != diaries[-2] != diaries[-1]  # changed to the end
    size = len(json.dumps(session.to_dict()))
    assert size < 400_000, size  # a few hundred bytes a step
    restored = Session.from_dict(grown, json.loads(json.dumps(session.to_dict())))
    for expected in reversed(diaries[:-1]):  # every undo gives back the text exactly
        restored.undo()
        assert restored.vars["diary"] == expected
    assert restored.vars["diary"] == "" and not restored.can_undo


FORMAT_3 = Path(__file__).parent / "fixtures" / "saves" / "format3-mini-diary.json"
"""A save written by the format-3 engine in diary_story(GROW): knead, back, talk, back, knead."""


def test_a_real_format_3_save_is_migrated(tmp_path: Path) -> None:
    grown = diary_story(tmp_path / "grow", GROW)
    data = json.loads(FORMAT_3.read_text(encoding="utf-8"))
    assert data["format"] == 3 and data["log"][-1]["grew"] == {"diary": 33}
    session = Session(grown)
    shots = [snapshot(session)]
    for choice in ("knead", "1", "talk", "1", "knead"):
        session.choose(choice)
        shots.append(snapshot(session))
    restored = Session.from_dict(grown, data)
    assert snapshot(restored) == shots[-1]
    for expected in reversed(shots[:-1]):
        restored.undo()
        assert snapshot(restored) == expected
    again = Session.from_dict(grown, data).to_dict()
    assert again["format"] == SAVE_FORMAT == 4
    assert again["log"][-1]["texts"] == {"diary": {"at": 0, "kept": 33, "lost": ""}}


def replay_of_the_format_1_save(story) -> list[tuple]:
    """Snapshots after each move of the game that format1-mini.json recorded."""
    session = Session(story)
    shots = [snapshot(session)]
    for choice in ("talk", "1", "bread", "1"):
        session.choose(choice)
        shots.append(snapshot(session))
    session.jump("evening.meeting")
    shots.append(snapshot(session))
    return shots


def test_a_real_format_1_save_is_migrated(story) -> None:
    data = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    assert data["format"] == 1 and "vars" in data["log"][0]
    restored = Session.from_dict(story, data)
    shots = replay_of_the_format_1_save(story)
    assert snapshot(restored) == shots[-1]
    for expected in reversed(shots[:-1]):  # every undo lands exactly where the game was
        restored.undo()
        assert snapshot(restored) == expected
    assert not restored.can_undo
    again = Session.from_dict(story, data).to_dict()
    assert again["format"] == SAVE_FORMAT
    assert [s["before"] for s in again["log"]] == [{"trust": 0}, {}, {"has_bread": False}, {},
                                                     {}]


def test_an_old_save_is_migrated_step_by_step(story, monkeypatch: pytest.MonkeyPatch) -> None:
    old = played(story, "talk", "1").to_dict()  # the current format
    calls = []
    now = SAVE_FORMAT

    def rename(data: dict) -> dict:
        calls.append((now, data["format"]))
        data = dict(data, format=now + 1)
        data["where"] = data.pop("scene")  # the next format renamed the scene
        return data

    def rename_back(data: dict) -> dict:
        calls.append((now + 1, data["format"]))
        data = dict(data, format=now + 2)
        data["scene"] = data.pop("where")
        return data

    monkeypatch.setattr(savedata, "SAVE_FORMAT", now + 2)
    monkeypatch.setattr(savedata, "MIGRATIONS",
                        {**savedata.MIGRATIONS, now: rename, now + 1: rename_back})
    restored = Session.from_dict(story, old)
    assert calls == [(now, now), (now + 1, now + 1)]
    assert restored.scene_id == "morning.oven" and restored.vars["trust"] == 1
    assert restored.to_dict()["format"] == now + 2  # and it is saved in the new format
    calls.clear()
    middle = rename(copy.deepcopy(old))
    calls.clear()
    assert Session.from_dict(story, middle).scene_id == "morning.oven"
    assert calls == [(now + 1, now + 1)]  # a save one format behind needs only the last step
    calls.clear()
    Session.from_dict(story, restored.to_dict())
    assert calls == []


@pytest.mark.parametrize("migration", [
    None,                                          # no migration for the format
    lambda d: dict(d),                             # forgets to move the format on
    lambda d: dict(d, format=d["format"] + 2),     # skips a format
    lambda d: d["no such key"],                    # fails on a damaged old save
    lambda d: None,
])
def test_a_broken_migration_is_a_save_error(story, monkeypatch: pytest.MonkeyPatch,
                                            migration) -> None:
    old = played(story, "knead").to_dict()
    monkeypatch.setattr(savedata, "SAVE_FORMAT", SAVE_FORMAT + 1)
    monkeypatch.setattr(savedata, "MIGRATIONS",
                        {**savedata.MIGRATIONS, **({SAVE_FORMAT: migration} if migration else {})})
    with pytest.raises(SaveError):
        Session.from_dict(story, old)


@pytest.mark.parametrize("damage", [
    lambda d: d.update(log=5), lambda d: d.update(vars=[1]), lambda d: d["log"].append(3),
    lambda d: d["log"][0].update(vars=None), lambda d: d["log"][0].pop("vars"),
])
def test_a_damaged_format_1_save_is_a_save_error(story, damage) -> None:
    data = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    damage(data)
    with pytest.raises(SaveError, match="damaged"):
        Session.from_dict(story, data)
