"""A served game (communard serve) with a Pilot: the name first, then the player's own folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Label
from tui_helpers import MINI, press, settle

from communard import paths
from communard.exportsink import BrowserSink, FolderSink
from communard.paths import use_data_dir
from communard.screens.player import PlayerScreen
from communard.screens.title import TitleScreen
from communard.web.players import Lobby, PlayerRegistry
from communard.web.served_app import ServedApp

ALICE = "a" * 32
BOB = "b" * 32


def served(root: Path, browser: str) -> ServedApp:
    return ServedApp(MINI, Lobby(PlayerRegistry(root), browser))


async def type_name(pilot, name: str) -> None:
    await settle(pilot)
    for key in name:
        await pilot.press(key if key != " " else "space")
    await press(pilot, "enter")


async def test_the_name_comes_first_and_the_game_plays_in_its_folder(tmp_path, data_dir):
    root = tmp_path / "served"
    app = served(root, ALICE)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, PlayerScreen)
            await type_name(pilot, "Marie")
            assert isinstance(app.screen, TitleScreen)
            assert app.player is not None and app.player.name == "Marie"
            assert paths.data_dir() == root / "players" / "marie"
            await press(pilot, "n", "2")
            assert (root / "players" / "marie" / "saves" / "mini" / "autosave.json").is_file()
        assert not (data_dir.exists() and any(data_dir.rglob("autosave.json")))
    finally:
        use_data_dir(None)


async def test_a_taken_name_is_refused_and_another_browser_sees_no_continue(tmp_path):
    root = tmp_path / "served"
    try:
        first = served(root, ALICE)
        async with first.run_test(size=(100, 30)) as pilot:
            await type_name(pilot, "Marie")
            await press(pilot, "n", "2")
        use_data_dir(None)
        second = served(root, BOB)
        async with second.run_test(size=(100, 30)) as pilot:
            await type_name(pilot, "marie")
            assert isinstance(second.screen, PlayerScreen)
            refusal = str(second.screen.query_one("#refusal", Label).render())
            assert "already taken" in refusal
            await pilot.press("ctrl+a", "ctrl+k")
            await type_name(pilot, "Louise")
            assert isinstance(second.screen, TitleScreen)
            assert second.screen.autosave is None  # Marie's game is not offered
    finally:
        use_data_dir(None)


async def test_the_browser_is_offered_its_remembered_name(tmp_path):
    root = tmp_path / "served"
    PlayerRegistry(root).enter("Marie", ALICE).leave()
    app = served(root, ALICE)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            button = app.screen.query_one("#continue-as", Button)
            assert "Continue as Marie" in str(button.label)
            await press(pilot, "enter")
            assert app.player is not None and app.player.name == "Marie"
    finally:
        use_data_dir(None)


async def test_exports_go_to_the_browser_only_when_served(make_app, data_dir, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 30)):
        sink = app.export_sink()
        assert isinstance(sink, FolderSink) and sink.fmt == "md"
        assert sink.folder == data_dir / "transcripts"
        monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
        assert isinstance(app.export_sink(), BrowserSink)
