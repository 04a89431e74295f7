"""The game's settings and endings files: forgiving, but never a crash or a raw escape.

Whatever is in settings.json or endings/<story>.json (the player's own folder,
but a file any program could have damaged), the game starts with defaults
rather than stopping before its first screen.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from storykit import MINI

from communard.app import create_app
from communard.settings import DEFAULT_THEME, EndingsFound, Settings

DAMAGE = {
    "deep": "[" * 100_000 + "]" * 100_000,
    "deep mapping": '{"theme": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "huge number": '{"theme": ' + "9" * 5000 + ', "found": [' + "9" * 5000 + "]}",
    "not json": "{theme",
    "a list": '["textual-light"]',
    "escape": json.dumps({"theme": "\x1b]0;owned\x07", "found": ["\x1b[2J", "spoke"]}),
    "binary": "\udcff",
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_file_means_defaults(tmp_path: Path, damage: str) -> None:
    settings, endings = tmp_path / "settings.json", tmp_path / "endings.json"
    for path in (settings, endings):
        path.write_text(DAMAGE[damage], encoding="utf-8", errors="surrogateescape")
    assert Settings.load(settings).theme == DEFAULT_THEME
    found = EndingsFound("mini", endings).found
    assert found == (["spoke"] if damage == "escape" else [])


def test_odd_files_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)  # reading would wait for ever
    assert Settings.load(fifo).theme == DEFAULT_THEME
    big = tmp_path / "endings.json"
    with open(big, "wb") as handle:
        handle.truncate(6 * 2**30)
    assert EndingsFound("mini", big).found == []


def test_the_game_starts_with_a_deep_settings_file(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("COMMUNARD_DATA_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text(DAMAGE["deep"])
    (tmp_path / "endings").mkdir()
    (tmp_path / "endings" / "mini.json").write_text(DAMAGE["deep"])
    app = create_app(MINI)
    assert app.settings.theme == DEFAULT_THEME


def test_good_files_are_read(tmp_path: Path) -> None:
    Settings("textual-light", tmp_path / "settings.json").save()
    assert Settings.load(tmp_path / "settings.json").theme == "textual-light"
    endings = EndingsFound("mini", tmp_path / "mini.json")
    endings.add("spoke")
    endings.save()
    assert EndingsFound("mini", tmp_path / "mini.json").found == ["spoke"]
