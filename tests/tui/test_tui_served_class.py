"""`communard serve --class CODE`: each served game records its player's choices in the class
database, and at an ending the player sees how many of the class chose as they did."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_tui_served import type_name
from textual.widgets import Label
from tui_helpers import MINI, press, settle

from communard.paths import use_data_dir
from communard.screens.ending import EndingScreen
from communard.screens.title import TitleScreen
from communard.web.classplay import ClassRecorder
from communard.web.players import Lobby, PlayerRegistry
from communard.web.served_app import ServedApp
from communard.web.store import ClassStore
from engine import load_story

CODE = "4B"


def open_class(db: Path) -> None:
    story = load_story(MINI)
    store = ClassStore(db)
    store.open_class(CODE, story.id, story.version, story.title)
    store.close()


async def play(root: Path, db: Path, browser: str, name: str, *keys: str) -> list[str]:
    """One student's game in the class: a name, a new game, `keys`; the class's lines shown
    at the ending (empty if none)."""
    recorder = ClassRecorder(db, CODE)
    app = ServedApp(MINI, Lobby(PlayerRegistry(root), browser), recorder)
    lines: list[str] = []
    try:
        async with app.run_test(size=(110, 60)) as pilot:
            await type_name(pilot, name)
            await press(pilot, "n", *keys)
            if isinstance(app.screen, EndingScreen):
                for _ in range(100):
                    await settle(pilot)
                    if app.screen.query_one("#class-lines").display:
                        break
                lines = [str(label.render()) for label in app.screen.query(".class-line")]
                assert app.screen.query_one("#class-heading", Label).display == bool(lines)
    finally:
        recorder.close()
        leave(app)
    return lines


def leave(app: ServedApp) -> None:
    """What the game process does as it ends: the player's folder is free again."""
    if app.player is not None:
        app.player.leave()
    use_data_dir(None)


def moves(db: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT p.name, m.scene_id, m.choice_id, m.undone FROM moves m JOIN runs r ON "
            "r.id = m.run_id JOIN players p ON p.id = r.player_id ORDER BY m.id").fetchall()


async def test_each_choice_is_recorded_and_the_ending_says_how_the_class_chose(tmp_path):
    root, db = tmp_path / "served", tmp_path / "classes.sqlite"
    open_class(db)
    # Marie: talk, then the meeting, and stays quiet (an ending).
    first = await play(root, db, "a" * 32, "Marie", "2", "2", "2")
    assert first == [
        "At “The Oven” you chose “Talk about the decree”: in your class, 1 of 1 chose as you did.",
        "At “The Street” you chose “Go to the meeting”: in your class, 1 of 1 chose as you did.",
        "At “The Meeting” you chose “Stay quiet”: in your class, 1 of 1 chose as you did.",
    ]
    # Louis kneads, goes to the meeting, stays quiet.
    second = await play(root, db, "b" * 32, "Louis", "1", "2", "1")
    assert second[0] == ("At “The Oven” you chose “Knead in silence”: in your class, "
                         "1 of 2 chose as you did.")
    assert second[2].endswith("in your class, 2 of 2 chose as you did.")
    assert moves(db) == [
        ("Marie", "morning.oven", "talk", 0), ("Marie", "morning.street", "2", 0),
        ("Marie", "evening.meeting", "2", 0),
        ("Louis", "morning.oven", "knead", 0), ("Louis", "morning.street", "2", 0),
        ("Louis", "evening.meeting", "2", 0),
    ]
    store = ClassStore(db)
    info = store.find_class(CODE)
    assert info is not None
    assert [(p.pseudonym, p.name, p.status) for p in store.players(info.id)] == [
        ("Student 1", "Marie", "allowed"), ("Student 2", "Louis", "allowed")]
    assert store.query("SELECT ending_id, COUNT(*) FROM endings GROUP BY ending_id") == [
        ("quiet", 2)]
    store.close()


async def test_undo_takes_a_move_back_and_a_new_game_is_a_new_playthrough(tmp_path):
    root, db = tmp_path / "served", tmp_path / "classes.sqlite"
    open_class(db)
    await play(root, db, "a" * 32, "Marie", "2", "u", "1")
    assert moves(db) == [("Marie", "morning.oven", "talk", 1),
                         ("Marie", "morning.oven", "knead", 0)]
    # The same browser comes back: Continue goes on in the same playthrough...
    recorder = ClassRecorder(db, CODE)
    app = ServedApp(MINI, Lobby(PlayerRegistry(root), "a" * 32), recorder)
    try:
        async with app.run_test(size=(110, 60)) as pilot:
            await settle(pilot)
            await press(pilot, "enter")  # Continue as Marie
            for _ in range(100):
                if isinstance(app.screen, TitleScreen) and app.screen.autosave is not None:
                    break
                await settle(pilot)
            await press(pilot, "c", "2")  # Continue the game; to the meeting
            assert app.session.scene_id == "evening.meeting"
            await press(pilot, "escape", "n", "right", "enter")  # a new game (confirmed)...
            await press(pilot, "1")  # ...is a new playthrough
            assert app.session.scene_id == "morning.street"
    finally:
        recorder.close()
        leave(app)
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT r.id, COUNT(m.id) FROM runs r LEFT JOIN moves m ON "
                            "m.run_id = r.id AND m.undone = 0 GROUP BY r.id").fetchall()
    assert [count for _, count in runs] == [2, 1]


async def test_a_served_game_without_a_class_records_nothing(tmp_path):
    root = tmp_path / "served"
    app = ServedApp(MINI, Lobby(PlayerRegistry(root), "a" * 32))
    try:
        async with app.run_test(size=(110, 60)) as pilot:
            await type_name(pilot, "Marie")
            await press(pilot, "n", "2", "2", "2")
            assert isinstance(app.screen, EndingScreen)
            assert not app.screen.query_one("#class-heading", Label).display
    finally:
        use_data_dir(None)
    assert not list(tmp_path.rglob("*.sqlite"))


def test_a_broken_class_database_stops_the_recording_not_the_game(tmp_path):
    db = tmp_path / "classes.sqlite"
    db.write_bytes(b"not a database" * 100)
    recorder = ClassRecorder(db, CODE)
    recorder.enter("Marie", "marie").result(10)
    assert recorder.failed is not None and str(db) in recorder.failed
    recorder.close()
