"""engine.saves.SaveStore: save slots on disk.

A write is atomic (the old save survives any failure, and no temporary file is
left behind), one damaged file never hides the others, and a slot name can
never reach outside the save folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from storykit import MINI, copy_story

from engine import SAVE_FORMAT, SaveError, Session, load_story
from engine import saves as saves_module
from engine.saves import SaveStore, check_slot_name


@pytest.fixture(scope="module")
def story():
    return load_story(MINI)


@pytest.fixture
def store(tmp_path: Path, story) -> SaveStore:
    return SaveStore(tmp_path / "saves", story)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_and_load(store: SaveStore, story) -> None:
    session = Session(story)
    session.choose("talk")
    path = store.save("first", session)
    assert path == store.folder / "first.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == SAVE_FORMAT and data["scene"] == "morning.street"
    assert store.exists("first") and not store.exists("second")
    loaded = store.load("first")
    assert loaded.scene_id == "morning.street" and loaded.vars["trust"] == 1
    assert loaded.can_undo
    session.choose("1")
    store.save("first", session)  # overwrite
    assert store.load("first").scene_id == "morning.oven"
    store.delete("first")
    assert not store.exists("first")
    store.delete("first")  # deleting twice is fine
    assert files_in(store.folder) == []


def test_loading_a_missing_slot(store: SaveStore) -> None:
    with pytest.raises(SaveError, match="no save called 'nothing'"):
        store.load("nothing")


@pytest.mark.parametrize("failure", ["replace", "fsync", "dump", "interrupt"])
def test_a_failed_write_keeps_the_old_save(store: SaveStore, story,
                                           monkeypatch: pytest.MonkeyPatch,
                                           failure: str) -> None:
    session = Session(story)
    store.save("slot", session)
    before = (store.folder / "slot.json").read_bytes()
    session.choose("talk")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failure == "replace":
        monkeypatch.setattr(saves_module.os, "replace", broken)
    elif failure == "fsync":
        monkeypatch.setattr(saves_module.os, "fsync", broken)
    elif failure == "dump":
        def half(data, handle, **kwargs):
            handle.write('{"kind": "communard-save", "format": ')
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(saves_module.json, "dump", half)
    else:
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(saves_module.os, "replace", interrupted)
    with pytest.raises((OSError, KeyboardInterrupt)):
        store.save("slot", session)
    assert (store.folder / "slot.json").read_bytes() == before
    assert files_in(store.folder) == ["slot.json"]  # no temporary file left
    monkeypatch.undo()
    assert store.load("slot").scene_id == "morning.oven"


def test_the_write_goes_through_a_temporary_file_and_os_replace(
        store: SaveStore, story, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append((Path(src), Path(dst)))
        assert Path(src).parent == Path(dst).parent  # same folder: an atomic rename
        assert json.loads(Path(src).read_text())["scene"] == "morning.oven"
        real(src, dst)

    monkeypatch.setattr(saves_module.os, "replace", spy)
    store.save("slot", Session(story))
    [(src, dst)] = seen
    assert dst == store.folder / "slot.json" and src.name.startswith(".slot.json.")
    assert not src.exists()


def _other_story_save(tmp_path: Path, story) -> dict:
    other = load_story(copy_story(tmp_path / "other", base=MINI,
                                  edits={"story.yaml": [("id: mini", "id: other")]}))
    return Session(other).to_dict()


def test_slots_list_every_file_and_why_a_bad_one_cannot_load(store: SaveStore, story,
                                                              tmp_path: Path) -> None:
    good = Session(story)
    good.choose("knead")
    good.choose("2")
    store.save("good", good)
    store.save("start", Session(story))
    folder = store.folder
    (folder / "corrupt.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.json").write_text("", encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "list.json").write_text("[]", encoding="utf-8")
    (folder / "other.json").write_text(json.dumps(_other_story_save(tmp_path, story)))
    newer = Session(story).to_dict()
    newer["format"] = SAVE_FORMAT + 1
    (folder / "newer.json").write_text(json.dumps(newer))
    gone = Session(story).to_dict()
    gone["scene"] = "morning.bakery"
    (folder / "gone.json").write_text(json.dumps(gone))
    damaged = Session(story).to_dict()
    damaged["vars"] = 7
    (folder / "damaged.json").write_text(json.dumps(damaged))
    (folder / "dir.json").mkdir()
    (folder / "notes.txt").write_text("not a save")

    slots = {slot.name: slot for slot in store.slots()}
    assert set(slots) == {"good", "start", "corrupt", "empty", "binary", "list", "other",
                          "newer", "gone", "damaged", "dir"}
    assert {name for name, slot in slots.items() if slot.ok} == {"good", "start"}
    reasons = {name: slot.error for name, slot in slots.items()}
    assert "damaged" in reasons["corrupt"] and "damaged" in reasons["empty"]
    assert "damaged" in reasons["binary"] and "damaged" in reasons["damaged"]
    assert "not a Communard save" in reasons["list"]
    assert "belongs to the story 'other'" in reasons["other"]
    assert "newer Communard" in reasons["newer"]
    assert "no longer exists" in reasons["gone"]
    assert reasons["dir"]
    info = slots["good"]
    assert (info.scene_id, info.scene_title, info.scene_date, info.steps) == (
        "evening.meeting", "The Meeting", "April 1871", 2)
    assert info.saved_at and info.path == folder / "good.json"
    for name in ("corrupt", "gone"):
        with pytest.raises(SaveError):
            store.load(name)


def test_slots_are_listed_newest_first(store: SaveStore, story) -> None:
    for name, stamp in [("old", "2026-01-01T10:00:00+00:00"), ("new", "2026-03-01T10:00:00+00:00"),
                        ("mid", "2026-02-01T10:00:00+00:00")]:
        data = Session(story).to_dict()
        data["saved_at"] = stamp
        store.folder.mkdir(exist_ok=True)
        (store.folder / f"{name}.json").write_text(json.dumps(data))
    assert [s.name for s in store.slots()] == ["new", "mid", "old"]


def test_no_folder_no_slots(store: SaveStore) -> None:
    assert store.slots() == []


def test_an_oversized_file_is_not_read(store: SaveStore, story,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store.save("big", Session(story))
    monkeypatch.setattr(saves_module, "MAX_SAVE_BYTES", 10)
    with pytest.raises(SaveError, match="too large"):
        store.load("big")
    [slot] = store.slots()
    assert not slot.ok and "too large" in slot.error


@pytest.mark.parametrize("name", ["quicksave", "Chapter 2", "a-b_c.d", "autosave", "x",
                                  "A" * 64, "1871"])
def test_good_slot_names(name: str, store: SaveStore, story) -> None:
    assert check_slot_name(name) == name
    store.save(name, Session(story))
    assert files_in(store.folder) == [f"{name}.json"]


@pytest.mark.parametrize("name", ["", " ", " lead", ".hidden", "..", "../escape", "a/b",
                                  "a\\b", "/etc/passwd", "name.", "A" * 65, "tab\there",
                                  "new\nline", "nul\x00", "été", "C:evil", "a*b", "con?"])
def test_bad_slot_names(name: str, store: SaveStore, story, tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="not a usable save name"):
        check_slot_name(name)
    before = sorted(tmp_path.rglob("*"))
    for action in (lambda: store.save(name, Session(story)), lambda: store.load(name),
                   lambda: store.delete(name), lambda: store.exists(name)):
        with pytest.raises(SaveError):
            action()
    assert sorted(tmp_path.rglob("*")) == before  # nothing written anywhere
