"""Teacher mode (every choice, conditions, jump list), --watch reloads, transcript export."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from textual.widgets import OptionList
from tui_helpers import MINI, press, settle

from communard.screens.exported import ExportedScreen
from communard.screens.jump import JumpScreen
from communard.screens.play import PlayScreen
from communard.widgets.choices import ChoiceList
from engine import load_story


async def test_teacher_sees_every_choice_with_its_condition(make_app):
    app = make_app(teacher=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "1")             # talk, then back to the oven
        rows = {r.choice_id: r for r in app.screen.query_one(ChoiceList).rows}
        assert set(rows) == {"knead", "talk", "bread"}
        assert rows["talk"].hidden and not rows["talk"].enabled
        assert rows["talk"].reason == "once only, already taken"
        assert rows["bread"].enabled and rows["bread"].condition == "trust is at least 1"
        await press(pilot, "2")                       # hidden in teacher mode: nothing
        assert app.session.scene_id == "morning.oven"
        await press(pilot, "1", "2")                  # knead, then on to the meeting
        speak = app.screen.query_one(ChoiceList).rows[0]
        assert speak.condition == "you have visited morning.oven and trust is more than 0"


async def test_player_does_not_see_hidden_choices_or_jump(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "j")
        assert isinstance(app.screen, PlayScreen)
        await press(pilot, "1", "2")
        rows = app.screen.query_one(ChoiceList).rows
        assert [r.text for r in rows] == ["Stay quiet"]


async def test_teacher_jumps_to_a_scene_and_can_undo_it(make_app):
    app = make_app(teacher=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "j")
        assert isinstance(app.screen, JumpScreen)
        scenes = app.screen.query_one("#scenes", OptionList)
        scenes.highlighted = scenes.get_option_index("evening.meeting")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "evening.meeting"
        assert app.session.history[-1].choice_id == "(jump)"
        await press(pilot, "u")
        assert app.session.scene_id == "morning.oven"


def _copy_mini(tmp_path):
    folder = tmp_path / "story"
    shutil.copytree(MINI, folder)
    return folder


def _touch_write(path, text):
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


async def test_watch_reloads_and_keeps_the_place(make_app, tmp_path):
    folder = _copy_mini(tmp_path)
    app = make_app(load_story(folder), watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")
        chapter = folder / "chapters" / "morning.yaml"
        _touch_write(chapter, chapter.read_text().replace("The street is cold.",
                                                          "The street is freezing."))
        app._check_story_files()
        await settle(pilot)
        assert app.session.scene_id == "morning.street"
        assert "freezing" in app.session.view().text
        assert [s.choice_id for s in app.session.history] == ["talk"]
        assert any("where you were" in str(n.message) for n in app._notifications)


async def test_watch_reports_a_broken_story_and_keeps_playing(make_app, tmp_path):
    folder = _copy_mini(tmp_path)
    app = make_app(load_story(folder), watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")
        chapter = folder / "chapters" / "evening.yaml"
        _touch_write(chapter, chapter.read_text().replace("to: quiet", "to: nowhere"))
        app._check_story_files()
        await settle(pilot)
        notes = [n for n in app._notifications if n.severity == "error"]
        assert notes and "nowhere" in str(notes[-1].message)
        await press(pilot, "2")
        assert app.session.scene_id == "evening.meeting"


async def test_watch_keeps_the_game_until_the_story_fits_it_again(make_app, tmp_path):
    """A chapter saved without the player's scene once restarted the game, for good."""
    folder = _copy_mini(tmp_path)
    app = make_app(load_story(folder), watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")                 # talk: on the street, trust 1
        chapter = folder / "chapters" / "morning.yaml"
        original = chapter.read_text()
        renamed = original.replace("to: street", "to: lane").replace("- id: street",
                                                                     "- id: lane")
        _touch_write(chapter, renamed)               # the author renames the scene
        app._check_story_files()
        await settle(pilot)
        assert app.session.scene_id == "morning.street" and app.session.vars["trust"] == 1
        assert [s.choice_id for s in app.session.history] == ["talk"]
        warning = [n for n in app._notifications if n.severity == "warning"][-1]
        assert "'morning.street' is not in the changed files" in str(warning.message)
        assert "Not reloaded" in warning.title
        await press(pilot, "1")                      # and plays on in the old version
        assert app.session.scene_id == "morning.oven"
        await press(pilot, "u")
        chapter.write_text(original.replace("The street is cold.", "The street is icy."))
        later = time.time() + 10
        os.utime(chapter, (later, later))            # the scene is back
        app._check_story_files()
        await settle(pilot)
        assert app.session.scene_id == "morning.street" and "icy" in app.session.view().text
        assert [s.choice_id for s in app.session.history] == ["talk"]
        assert any("where you were" in str(n.message) for n in app._notifications)


async def test_export_transcript_writes_markdown(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "x")
        files = list((data_dir / "transcripts").glob("mini-*.md"))
        assert len(files) == 1
        text = files[0].read_text(encoding="utf-8")
        assert "The Oven" in text and "Talk about the decree" in text
        # where it is stays on screen, name and folder apart, until the player closes it
        assert isinstance(app.screen, ExportedScreen)
        assert str(app.screen.query_one("#file-name").render()) == files[0].name
        assert str(app.screen.query_one("#folder").render()) == str(files[0].parent)
        copied: list[str] = []
        opened: list[str] = []
        app.copy_to_clipboard = copied.append          # type: ignore[method-assign]
        app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
        await press(pilot, "enter", "o")               # Copy (focused), then Open
        assert copied == [str(files[0])] and opened == [files[0].parent.as_uri()]
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_where_the_transcript_went_fits_its_lines(make_app, size):
    """The panel was the whole screen's height, its few lines over empty rows."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "n", "2", "x")
        assert isinstance(app.screen, ExportedScreen)
        panel = app.screen.query_one("#panel")
        buttons = app.screen.query_one("#exported-buttons")
        assert buttons.region.bottom <= panel.region.bottom <= size[1] - 1   # all shown
        assert panel.region.bottom - buttons.region.bottom <= 2             # nothing below
