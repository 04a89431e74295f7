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
from engine import files as files_module
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
        monkeypatch.setattr(files_module.os, "replace", broken)
    elif failure == "fsync":
        monkeypatch.setattr(files_module.os, "fsync", broken)
    elif failure == "dump":
        real_fdopen = os.fdopen

        def half_written(fd, *args, **kwargs):
            handle = real_fdopen(fd, *args, **kwargs)

            def write(text):
                handle.buffer.write(text[:len(text) // 2].encode())
                raise OSError(28, "No space left on device")
            handle.write = write
            return handle
        monkeypatch.setattr(files_module.os, "fdopen", half_written)
    else:
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(files_module.os, "replace", interrupted)
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

    monkeypatch.setattr(files_module.os, "replace", spy)
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
    assert (info.scene_id, info.scene_title, info.steps) == ("evening.meeting", "The Meeting", 2)
    assert info.scene_date is not None and info.scene_date.iso() == "1871-04"
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
    with pytest.raises(SaveError, match="larger than"):
        store.load("big")
    [slot] = store.slots()
    assert not slot.ok and "larger than" in slot.error


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


def _save_text(story, change) -> str:
    data = Session(story).to_dict()
    change(data)
    return json.dumps(data)


def test_every_damaged_save_of_the_issue_is_listed_with_its_reason(
        store: SaveStore, story) -> None:
    """Deep JSON, huge numbers, a bad saved_at, odd files: listed, never a crash or a hang."""
    store.save("autosave", Session(story))
    folder = store.folder
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "digits.json").write_text(_save_text(story, lambda d: None).replace(
        '"morning.oven": 1', '"morning.oven": ' + "9" * 5000))
    (folder / "stamp.json").write_text(_save_text(story, lambda d: d.update(saved_at=12345)))
    (folder / "overflow.json").write_text(_save_text(
        story, lambda d: d.update(saved_at="0001-01-01T00:00:00+14:00")))
    (folder / "nan.json").write_text(_save_text(story, lambda d: None).replace(
        '"morning.oven": 1', '"morning.oven": NaN'))
    (folder / "\x1b[2Jclear.json").write_text(_save_text(story, lambda d: None))
    os.mkfifo(folder / "fifo.json")  # reading it would wait for ever
    (folder / "zero.json").symlink_to("/dev/zero")  # reading it would never end
    with open(folder / "sparse.json", "wb") as handle:  # 6 GB that take no disk
        handle.truncate(6 * 2**30)
    slots = {slot.name: slot for slot in store.slots()}
    assert slots["autosave"].ok and slots["autosave"].saved_at
    reasons = {name: slot.error or "" for name, slot in slots.items() if not slot.ok}
    assert set(reasons) == {"deep", "digits", "stamp", "overflow", "nan", "\\x1b[2Jclear",
                            "fifo", "zero", "sparse"}
    assert "nested too deeply" in reasons["deep"]
    assert "5000 digits is too large" in reasons["digits"]
    assert "saved_at should be a text (got 12345)" in reasons["stamp"]
    assert "saved_at is not a plausible date" in reasons["overflow"]
    assert "not a usable save name" in reasons["\\x1b[2Jclear"]
    assert all("\x1b" not in r for r in reasons.values())
    assert "not a regular file" in reasons["fifo"] and "not a regular file" in reasons["zero"]
    assert "larger than" in reasons["sparse"]
    assert next(iter(slots)) == "autosave"  # the one good save sorts first


def test_a_save_the_reader_would_refuse_is_never_written(store: SaveStore, story,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    session = Session(story)
    store.save("slot", session)
    before = (store.folder / "slot.json").read_bytes()
    session.choose("talk")
    monkeypatch.setattr(saves_module, "MAX_SAVE_BYTES", 300)  # as if the game were huge
    with pytest.raises(SaveError, match="cannot be saved.*The previous save is kept"):
        store.save("slot", session)
    monkeypatch.undo()
    session._scope.vars["name"] = "\x1b]0;owned\x07"  # a value no reader would take back
    with pytest.raises(SaveError, match="could not be read back.*control character"):
        store.save("slot", session)
    assert (store.folder / "slot.json").read_bytes() == before
    assert files_in(store.folder) == ["slot.json"]


def test_temporary_files_left_by_killed_saves_are_swept(store: SaveStore, story) -> None:
    store.save("slot", Session(story))
    folder = store.folder
    stale = [folder / f".slot.json.k{n}.tmp" for n in range(3)]
    stale.append(folder / ".autosave.json.k9.tmp")
    fresh = folder / ".slot.json.now.tmp"   # perhaps another game saving this instant
    for path in [*stale, fresh]:
        path.write_text('{"half": ')
    for path in stale:
        os.utime(path, (1, 1))
    store.save("slot", Session(story))
    assert not any(p.exists() for p in stale[:3]) and fresh.exists()
    assert stale[3].exists()  # another slot's leftovers go at the next listing
    store.slots()
    assert not stale[3].exists() and fresh.exists()
