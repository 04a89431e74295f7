"""Playing the mini story with keys, arrows, the mouse; undo; locked choices."""

from __future__ import annotations

import json

from tui_helpers import press, settle

from communard.screens.ending import EndingScreen
from communard.screens.play import PlayScreen
from communard.screens.title import TitleScreen
from communard.widgets.choices import ChoiceList


async def test_title_to_ending_by_number_keys(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.oven"
        await press(pilot, "2")          # talk about the decree: trust + 1
        assert app.session.scene_id == "morning.street"
        await press(pilot, "2")          # go to the meeting
        await press(pilot, "1")          # speak (unlocked by trust)
        assert isinstance(app.screen, EndingScreen)
        assert app.session.view().ending.id == "spoke"
        assert "A Voice" in str(app.screen.query_one("#ending-title").render())
    found = json.loads((data_dir / "endings" / "mini.json").read_text())
    assert found == {"found": ["spoke"]}


async def test_arrows_and_enter_choose(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "down", "enter")
        assert app.session.scene_id == "morning.street"
        assert [s.choice_id for s in app.session.history] == ["talk"]


async def test_mouse_click_chooses(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        clicked = await pilot.click(ChoiceList, offset=(6, 1))  # first row, inside the border
        await settle(pilot)
        assert clicked
        assert app.session.scene_id == "morning.street"
        assert app.session.history[0].choice_id == "knead"


async def test_locked_choice_is_shown_with_reason_and_not_taken(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        rows = app.screen.query_one(ChoiceList).rows
        assert [r.enabled for r in rows] == [True, True, False]
        assert rows[2].reason == "The others must trust you first"
        await press(pilot, "3")
        assert app.session.scene_id == "morning.oven"
        assert any("trust you first" in str(n.message) for n in app._notifications)


async def test_undo_goes_back_and_autosaves(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")
        assert app.session.scene_id == "morning.street"
        await press(pilot, "u")
        assert app.session.scene_id == "morning.oven"
        assert not app.session.can_undo
        rows = app.screen.query_one(ChoiceList).rows
        assert [r.choice_id for r in rows] == ["knead", "talk", "bread"]  # 'talk' is back
    saved = json.loads((data_dir / "saves" / "mini" / "autosave.json").read_text())
    assert saved["scene"] == "morning.oven" and saved["log"] == []


async def test_ending_screen_new_game_and_undo(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "2", "1")  # without trust, 'speak' is not even shown
        assert isinstance(app.screen, EndingScreen)
        assert app.session.view().ending.id == "quiet"
        await press(pilot, "u")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "evening.meeting"
        await press(pilot, "2")  # there is no second choice: nothing happens
        assert app.session.scene_id == "evening.meeting"
        await press(pilot, "1")
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "r", "right", "enter")  # play again, and yes, start a new game
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.oven" and not app.session.history


async def test_escape_goes_to_title_and_continue_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "escape")
        assert isinstance(app.screen, TitleScreen)
        await settle(pilot)
        assert app.screen.autosave is not None and app.screen.autosave.ok
        await press(pilot, "c")
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == "morning.street"


async def test_title_menu_by_arrows_and_enter(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:   # smaller than designed: it scrolls
        await settle(pilot)
        await press(pilot, "down", "down", "enter")   # Continue (disabled) is skipped: Sources
        assert type(app.screen).__name__ == "CreditsScreen"
        await press(pilot, "escape", "home", "enter")           # New game
        assert isinstance(app.screen, PlayScreen)
