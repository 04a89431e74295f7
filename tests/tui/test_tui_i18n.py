"""The game in French: a snapshot of the play screen, AZERTY keys, the language switch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_helpers import press, settle

from communard.i18n import language, set_language
from communard.screens.play import PlayScreen
from communard.settings import Settings


@pytest.fixture
def in_french():
    set_language("fr")
    yield
    set_language("en")


def test_play_screen_in_french(snap_compare, make_app, in_french):
    async def run_before(pilot) -> None:
        await press(pilot, "n")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)


async def test_azerty_top_row_takes_choices(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "é")          # é is 2 on AZERTY: talk about the decree
        assert app.session.scene_id == "morning.street"
        await press(pilot, "u", "ampersand")  # & is 1
        assert app.session.scene_id != "morning.oven"


async def test_keys_remapped_by_binding_id(make_app, data_dir):
    settings = Settings(keys={"choose-1": "f1"}, path=data_dir / "settings.json")
    app = make_app(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1")
        assert app.session.scene_id == "morning.oven"   # 1 no longer chooses
        await press(pilot, "f1")
        assert app.session.scene_id != "morning.oven"


async def test_language_switch_applies_at_once_and_is_kept(make_app, data_dir):
    app = make_app(settings=Settings(path=data_dir / "settings.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        await press(pilot, "ctrl+l")
        assert language() == "fr"
        assert isinstance(app.screen, PlayScreen)
        bar = str(app.screen.query_one("KeyBar").render())
        assert "Choisir" in bar and "Notes" in bar
        assert app.session.scene_id == "morning.oven"
    await app.workers.wait_for_complete() if app.is_running else None
    saved = json.loads((data_dir / "settings.json").read_text())
    assert saved["language"] == "fr"


async def test_a_translated_story_is_played_in_the_interface_language(tmp_path, data_dir,
                                                                      in_french):
    import shutil

    from communard.app import create_app

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    story = tmp_path / "mini"
    shutil.copytree(fixtures / "mini", story)
    shutil.copytree(fixtures / "translations" / "mini" / "fr", story / "translations" / "fr")
    app = create_app(story)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "La Nuit des boulangers" in str(app.screen.query_one("#story-title").render())
        await press(pilot, "n")
        assert "Le Four" in str(app.screen.query_one("#title").render())


async def test_switching_language_switches_a_translated_story_in_place(tmp_path, data_dir):
    import shutil

    from communard.app import create_app

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    story = tmp_path / "mini"
    shutil.copytree(fixtures / "mini", story)
    shutil.copytree(fixtures / "translations" / "mini" / "fr", story / "translations" / "fr")
    app = create_app(story, settings=Settings(path=data_dir / "settings.json"))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await press(pilot, "n", "2")
            assert "The Street" in str(app.screen.query_one("#title").render())
            await press(pilot, "ctrl+l")
            await settle(pilot)
            assert "La Rue" in str(app.screen.query_one("#title").render())
            assert app.session.scene_id == "morning.street" and app.session.can_undo
            await press(pilot, "ctrl+l")
            await settle(pilot)
            assert "The Street" in str(app.screen.query_one("#title").render())
    finally:
        set_language("en")


async def test_a_page_shown_before_the_play_screen_is_built_waits_for_it(make_app):
    """A language switch pushes a new play screen, and the story in the new language can
    arrive before that screen is built: showing it then must not look for widgets that
    are not there yet (it crashed the game with NoMatches '#chapter')."""
    from communard.game import play_page

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2")
        screen = PlayScreen(play_page(app.session, False))
        screen.show(play_page(app.session, False))  # before it is mounted
        await app.push_screen(screen)
        await settle(pilot)
        assert "The Street" in str(screen.query_one("#title").render())
