"""The screens at the sizes players use (100x30, 80x24, 60x20): nothing cut, nothing hidden.

Every key of a screen is named along the bottom even at 60 columns, with no
stray letter; text that goes on below the visible part says so and reads on
with PgDn or space; the save prompt and long save names are shown whole; the
palette offers the game's own commands in the game's words.
"""

from __future__ import annotations

import pytest
from storykit import MINI, copy_story
from textual.widgets import Label, OptionList
from tui_helpers import press, settle

from communard.screens.play import PlayScreen
from communard.screens.saves import SavesScreen
from communard.widgets.key_bar import KeyBar
from communard.widgets.more_below import MORE, MoreBelow
from engine import load_story


def bar_text(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return str(bar.render()).replace("\u00a0", " ")


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_every_key_is_named_at_every_width(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await press(pilot, "n")
        text = bar_text(app)
        for pair in ("1-9 Choose", "n Notes", "c Codex", "t Timeline", "h History", "u Undo",
                     "s Save", "? Help", "^p palette"):
            assert pair in text, (pair, text)
        bar = app.screen.query_one(KeyBar)
        assert bar.region.bottom == size[1] and bar.region.width == size[0]
        assert bar.region.height == (2 if size[0] < 70 else 1)
        assert not app.screen.query("Footer")   # its sideways scroll left a stray letter


async def test_a_key_of_the_bar_can_be_clicked(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        bar = app.screen.query_one(KeyBar)
        column = bar_text(app).index("t Timeline") + 1      # after the left padding
        await pilot.click(KeyBar, offset=(column, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"
        assert bar is not None


async def test_more_below_says_so_and_space_reads_on(make_app, tmp_path):
    long_text = "\n\n".join(f"      Paragraph {n} of a long scene, with words enough to wrap "
                            "over a line or two on a small terminal." for n in range(1, 13))
    folder = copy_story(tmp_path / "long", MINI, edits={"chapters/morning.yaml": [
        ("      The dough has been rising since midnight.\n", long_text + "\n")]})
    app = make_app(load_story(folder))
    async with app.run_test(size=(60, 20)) as pilot:
        await press(pilot, "n")
        more = app.screen.query_one("#more", Label)
        assert more.display and str(more.render()) == MORE
        for _ in range(20):
            await press(pilot, "space")
        assert not more.display                    # read to the end: the cue goes
        assert app.session.scene_id == "morning.oven"   # space never takes a choice
        await press(pilot, "pageup")
        assert more.display


async def test_the_save_prompt_and_long_names_are_whole(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await press(pilot, "n", "s")
        prompt = app.screen.query_one(".wide", Label)
        assert "then Enter:" in str(prompt.render())
        assert prompt.region.height == 2            # wrapped, not cut
        await pilot.press(*"before the barricade at the Rue Ramponeau")
        await press(pilot, "enter")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "l")
        assert isinstance(app.screen, SavesScreen)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "before the barricade at the Rue" in shown and "before the ba…" not in shown
        assert "2 saves" in shown and "save(s)" not in shown
        menu = app.screen.query_one("#slots", OptionList)
        assert menu.option_count == 2


async def test_the_palette_offers_the_games_commands_in_its_words(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "Quit" in commands and "autosaved" not in commands["Quit"]
        assert commands["Quit"] == "Leave the game (it is saved after every choice)"
        assert not any("application" in h.lower() or "screenshot" in t.lower()
                       or "maximize" in t.lower() for t, h in commands.items())
        assert isinstance(app.screen, PlayScreen)


async def test_the_ending_says_there_is_more_and_space_reads_on(make_app):
    """The ending runs on below the screen (epilogue, questions, the path, the endings
    found): it says so, as a scene does, and space reads on."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await press(pilot, "n", "1", "2", "1")
        assert type(app.screen).__name__ == "EndingScreen"
        more = app.screen.query_one(MoreBelow)
        assert more.display and str(more.render()) == MORE
        assert more.region.bottom <= app.screen.query_one(KeyBar).region.y
        page = app.screen.query_one("#ending-page")
        for _ in range(20):
            await press(pilot, "space")
        assert page.scroll_y == page.max_scroll_y > 0
        assert not more.display                    # read to the end: the cue goes
        await press(pilot, "pageup")
        assert more.display
