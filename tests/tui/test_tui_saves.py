"""Saves: named slots, Continue after quitting, damaged saves listed with their reason."""

from __future__ import annotations

import json

from textual.widgets import Input, OptionList
from tui_helpers import press, settle

from communard.screens.play import PlayScreen
from communard.screens.saves import SavesScreen
from communard.screens.title import TitleScreen


async def test_save_and_load_a_named_slot(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "s")
        assert isinstance(app.screen, SavesScreen)
        assert app.screen.query_one("#name", Input).has_focus
        await pilot.press(*"before the meeting")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert (data_dir / "saves" / "mini" / "before the meeting.json").is_file()
        await press(pilot, "2")                       # on to the meeting
        assert app.session.scene_id == "evening.meeting"
        await press(pilot, "l")
        assert isinstance(app.screen, SavesScreen)
        names = [s.name for s in app.screen.slots]
        assert set(names) == {"autosave", "before the meeting"}
        menu = app.screen.query_one("#slots", OptionList)
        menu.highlighted = names.index("before the meeting")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.street"
        assert [s.choice_id for s in app.session.history] == ["talk"]


async def test_save_refuses_a_bad_name(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "s")
        await pilot.press(*"../x")
        await press(pilot, "enter")
        assert isinstance(app.screen, SavesScreen)    # still open, with a warning
        assert any("not a usable save name" in str(n.message) for n in app._notifications)
        await press(pilot, "escape")
        assert isinstance(app.screen, PlayScreen)


async def test_continue_after_quitting_mid_way(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "2")
        assert first.session.scene_id == "evening.meeting"
        await pilot.press("ctrl+q")
    second = make_app()
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = second.screen
        assert isinstance(title, TitleScreen)
        assert title.autosave is not None and title.autosave.scene_title == "The Meeting"
        await press(pilot, "c")
        assert isinstance(second.screen, PlayScreen)
        assert second.session.scene_id == "evening.meeting"
        steps = second.session.history
        assert len(steps) == 2 and steps[0].choice_id == "talk"
        await press(pilot, "1")                       # trust survived the restart: speak
        assert second.session.view().ending.id == "spoke"


async def test_damaged_saves_are_listed_with_reasons_and_others_load(make_app, data_dir):
    folder = data_dir / "saves" / "mini"
    folder.mkdir(parents=True)
    (folder / "garbage.json").write_text("{ this is not json", encoding="utf-8")
    good = make_app()
    async with good.run_test(size=(100, 30)) as pilot:   # make one real save
        await press(pilot, "n", "2")
        good.save_game("good")
        await settle(pilot)
    data = json.loads((folder / "good.json").read_text())
    data["story"]["id"] = "another-story"
    (folder / "foreign.json").write_text(json.dumps(data), encoding="utf-8")

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "l")
        screen = app.screen
        assert isinstance(screen, SavesScreen)
        slots = {s.name: s for s in screen.slots}
        assert set(slots) == {"autosave", "good", "garbage", "foreign"}
        assert "damaged" in slots["garbage"].error
        assert "another-story" in slots["foreign"].error
        assert slots["good"].ok and slots["autosave"].ok
        menu = screen.query_one("#slots", OptionList)
        shown = {o.id: o.disabled for o in menu.options}
        assert shown == {"autosave": False, "good": False, "garbage": True, "foreign": True}
        assert "cannot be loaded" in str(screen.query_one("#status").render())
        menu.highlighted = list(shown).index("good")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.street"


async def test_load_from_title_screen(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1")
        first.save_game("slot-1")
        await settle(pilot)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "l")
        menu = app.screen.query_one("#slots", OptionList)
        menu.highlighted = [o.id for o in menu.options].index("slot-1")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.history[0].choice_id == "knead"


async def test_continue_at_an_ending_then_undo(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "2", "1")
        assert first.session.is_ending
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "c")
        stack = [type(s).__name__ for s in app.screen_stack]
        assert stack == ["TitleScreen", "PlayScreen", "EndingScreen"]
        await press(pilot, "u")
        assert [type(s).__name__ for s in app.screen_stack] == ["TitleScreen", "PlayScreen"]
        assert app.session.scene_id == "evening.meeting"


async def test_new_game_replaces_the_autosave(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "2", "escape", "n")   # play on, then start again
        await press(pilot, "right", "enter")               # yes, replace that game
    second = make_app()
    async with second.run_test(size=(100, 30)) as pilot:
        await press(pilot, "c")
        assert second.session.scene_id == "morning.oven" and not second.session.history


async def test_a_save_with_a_bad_time_beside_the_autosave_does_not_stop_the_title(
        make_app, data_dir):
    """`"saved_at": 12345` once crashed the title screen when an autosave was there."""
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")
        await pilot.press("ctrl+q")
    folder = data_dir / "saves" / "mini"
    data = json.loads((folder / "autosave.json").read_text())
    data["saved_at"] = 12345
    (folder / "stamped.json").write_text(json.dumps(data), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = app.screen
        assert isinstance(title, TitleScreen)
        assert title.autosave is not None and title.autosave.ok
        await press(pilot, "l")
        slots = {s.name: s for s in app.screen.slots}
        assert "saved_at should be a text" in slots["stamped"].error
        await press(pilot, "escape", "c")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.street"
