"""The parse cache: a shortcut that is never wrong and never in the way."""

from __future__ import annotations

import datetime as dt

from storykit import CHAPTER, copy_story

from engine import check_story, load_story, yamlcache


def _big_chapter(scenes: int = 300) -> str:
    lines = ["chapter:\n  id: hill\n  title: The Hill\nscenes:\n"]
    for i in range(scenes):
        target = f"s{i + 1}" if i + 1 < scenes else "dawn"
        name = f"s{i}" if i else "dawn"
        lines.append(f"  - id: {name}\n    title: Scene {i}\n    date: 1871-03-18\n"
                     f"    kind: fictional\n    text: {'Words. ' * 20}\n"
                     f"    choices:\n      - text: Go on\n        to: {target}\n")
    return "".join(lines)


def test_cache_round_trip_keeps_dates_and_duplicates(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path))
    raw = b"x" * yamlcache.MIN_BYTES
    data = {"a": [dt.date(1871, 3, 18), {"b": None, "c": 1.5}], "d": True}
    yamlcache.store(raw, data, [(("?", "a"), 2, 1)])
    assert yamlcache.load(raw) == (data, [(("?", "a"), 2, 1)])
    assert yamlcache.load(raw + b"y") is None  # other bytes, other key


def test_small_files_and_a_disabled_cache_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path))
    yamlcache.store(b"small", {"a": 1}, [])
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", "")
    yamlcache.store(b"x" * yamlcache.MIN_BYTES, {"a": 1}, [])
    assert yamlcache.load(b"x" * yamlcache.MIN_BYTES) is None


def test_a_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path / "cache"))
    story = copy_story(tmp_path / "s", files={CHAPTER: _big_chapter()})
    first = load_story(story)
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == 1
    entries[0].write_bytes(b"\x00garbage")
    again = load_story(story)
    assert set(again.scenes) == set(first.scenes)


def test_a_cached_file_still_reports_its_problems_with_positions(tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path / "cache"))
    text = _big_chapter().replace("to: s7\n", "to: nowhere\n")
    story = copy_story(tmp_path / "s", files={CHAPTER: text})
    for _ in range(2):  # the second run reads the parsed data from the cache
        _, problems = check_story(story)
        e101 = [p for p in problems if p.code == "E101"]
        assert len(e101) == 1
        line = text.splitlines().index("        to: nowhere") + 1
        assert (e101[0].line, e101[0].column) == (line, 13)
