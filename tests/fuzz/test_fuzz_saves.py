"""Fuzz: saves, settings and endings files (Hypothesis).

Properties:

- a real save damaged at random places (any JSON value: huge and negative
  numbers, floats, deep lists, control characters, 20,000-character texts,
  a field removed or added) is refused with SaveError, with a one-line reason
  free of control characters, or it is restored into a session that plays,
  undoes every step, and saves again;
- any bytes in a save file are read as a save or refused with SaveError, and
  the save list lists every file, the good save first, whatever the others;
- any bytes in settings.json or an endings file give the defaults or clean
  values, and never an exception;
- a text the undo log keeps as a delta of its new value comes back exactly.

Budget: see tests/fuzz/budget.py (COMMUNARD_FUZZ_EXAMPLES for a long run).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from storykit import MINI
from strategies import json_data, json_scalars, words

from communard.settings import DEFAULT_THEME, EndingsFound, Settings
from engine import SaveError, Session, load_story
from engine.expr_runtime import MAX_TEXT
from engine.safetext import CONTROL
from engine.saves import SaveStore
from engine.textdelta import delta, undo


@pytest.fixture(scope="module")
def story():
    return load_story(MINI)


@pytest.fixture(scope="module")
def good(story) -> dict:
    session = Session(story)
    for choice in ("talk", "1", "bread", "2"):
        session.choose(choice)
    return session.to_dict()


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def nest(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


deep = st.integers(1, 300).map(nest)  # deeper ones come as bytes, below
damage_values = json_scalars | json_data | deep


@st.composite
def damaged(draw: st.DrawFn, good: dict) -> dict:
    data = copy.deepcopy(good)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(paths(data)))
        if not where:
            continue
        target = data
        try:
            for part in where[:-1]:
                target = target[part]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.integers(0, 9))
        if action == 0 and isinstance(target, dict):
            target.pop(where[-1], None)
        elif action == 1 and isinstance(target, dict):
            target[draw(words)] = draw(damage_values)
        else:
            target[where[-1]] = draw(damage_values)
    return data


def assert_reason(exc: SaveError) -> None:
    reason = str(exc)
    assert reason and "\n" not in reason and len(reason) < 600, reason
    assert not CONTROL.search(reason), reason


@budget(100)
@given(st.data())
def test_a_damaged_save_is_refused_or_plays(story, good: dict, tmp_path_factory,
                                            data: st.DataObject) -> None:
    save = data.draw(damaged(good))
    try:
        session = Session.from_dict(story, save)
    except SaveError as exc:
        assert_reason(exc)
        return
    session.view()
    store = SaveStore(tmp_path_factory.mktemp("s"), story)
    store.encode(session.to_dict())  # what was restored can be saved again
    while session.can_undo:
        session.undo()
        session.view()
    assert not session.history and not session.can_undo
    store.encode(session.to_dict())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, story, good: dict) -> Path:
    folder = tmp_path_factory.mktemp("saves")
    (folder / "autosave.json").write_text(json.dumps(good))
    return folder


save_bytes = st.one_of(
    st.binary(max_size=200),
    json_data.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"[" * 50_000, b"9" * 6000, b'{"a": NaN}', b"\xff\xfe{", b"",
                     b'{"kind": "communard-save", "format": 99}', b"{" * 2000]),
)


@budget(60)
@given(save_bytes)
def test_any_bytes_in_a_save_file_are_a_save_or_a_reason(story, folder: Path,
                                                         raw: bytes) -> None:
    (folder / "bad.json").write_bytes(raw)
    store = SaveStore(folder, story)
    try:
        Session.from_dict(story, store.read(folder / "bad.json"))
    except SaveError as exc:
        assert_reason(exc)
    slots = store.slots()
    assert [s.name for s in slots][0] == "autosave" and slots[0].ok
    assert {s.name for s in slots} == {"autosave", "bad"}


@budget(60)
@given(st.one_of(st.binary(max_size=200), json_data.map(lambda v: json.dumps(v).encode()),
                 st.fixed_dictionaries({"theme": json_data, "found": json_data}).map(
                     lambda v: json.dumps(v).encode()),
                 st.sampled_from([b"[" * 100_000, b'{"found": [' + b"9" * 5000 + b"]}"])))
def test_settings_and_endings_files_never_stop_the_game(tmp_path_factory, raw: bytes) -> None:
    folder = tmp_path_factory.mktemp("data")
    (folder / "settings.json").write_bytes(raw)
    (folder / "endings.json").write_bytes(raw)
    theme = Settings.load(folder / "settings.json").theme
    assert isinstance(theme, str) and not CONTROL.search(theme)
    found = EndingsFound("mini", folder / "endings.json").found
    assert all(isinstance(f, str) and not CONTROL.search(f) for f in found)
    if not raw.strip().startswith(b"{"):
        assert theme == DEFAULT_THEME and found == []


@budget(100)
@given(st.text(max_size=200), st.integers(1, 60), st.text(max_size=60), st.text(max_size=60),
       st.sampled_from(["end", "start", "both", "twice", "other"]))
def test_a_text_kept_as_a_delta_comes_back_exactly(base: str, repeat: int, added: str,
                                                   more: str, where: str) -> None:
    """The undo log keeps a changed text as a piece of its new value (engine/textdelta.py);
    texts joined at either end and cut at the engine's limit, as effects make them."""
    old = (base * repeat)[:MAX_TEXT]
    new = {"end": old + added, "start": added + old, "both": added + old + more,
           "twice": old + added + old, "other": added + more}[where][:MAX_TEXT]
    change = delta(old, new)
    if change is not None:
        assert undo(new, change) == old
        assert len(change.lost) < len(old)
