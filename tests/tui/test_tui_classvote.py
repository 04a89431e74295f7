"""The teacher's screen of a class vote, driven with a Pilot; students vote over real HTTP."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from classkit import Student
from textual.widgets import Static
from tui_helpers import MINI, press, settle

from communard.classapp import ClassVoteApp
from communard.screens.ending import EndingScreen
from communard.screens.tiepick import TiePickScreen
from communard.screens.vote import VoteScreen
from communard.web.classserver import ClassOptions, ClassServer
from communard.web.classstats import StoryLabels
from communard.web.store import ClassStore
from engine import load_story
from engine.saves import SaveStore


def class_app(tmp_path: Path, *, ask_names: bool = False,
              waiting: tuple[str, ...] = ()) -> ClassVoteApp:
    story = load_story(MINI)
    db = tmp_path / "classes.sqlite"
    store = ClassStore(db)
    info = store.open_class("T1", story.id, story.version, story.title)
    for name in waiting:  # as an older or tampered file might hold them: never cleaned
        store.add_player(info.id, name, "waiting")
    store.close()
    server = ClassServer(db, info, ClassOptions("T1", story.title, port=0,
                                                ask_names=ask_names), StoryLabels.of(story))
    url = server.start()
    return ClassVoteApp(story, SaveStore(tmp_path / "saves", story), server, join_url=url)


def text_of(app: ClassVoteApp, selector: str) -> str:
    return str(app.screen_stack[0].query_one(selector, Static).render())


async def until(pilot, what: str, check, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def students(app: ClassVoteApp, *choices: str) -> list[Student]:
    """Phones that join and vote for `choices` (one each), from another thread."""
    def run() -> list[Student]:
        phones = []
        for choice in choices:
            phone = Student(app.join_url)
            phone.join()
            assert phone.vote(choice) == 200, phone.message
            phones.append(phone)
        return phones
    return await asyncio.to_thread(run)


def moves(app: ClassVoteApp) -> list[tuple[str, str, int]]:
    with sqlite3.connect(app.server.db_path) as conn:
        return conn.execute("SELECT choice_id, how, undone FROM moves ORDER BY id").fetchall()


async def test_the_panel_shows_how_to_join_and_the_tally_as_votes_arrive(tmp_path):
    app = class_app(tmp_path)
    try:
        async with app.run_test(size=(120, 44)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, VoteScreen)
            assert app.join_url in text_of(app, "#join-url")
            assert "▀" in text_of(app, "#qr")
            assert "T1" in text_of(app, "#join-code")
            await until(pilot, "the panel", lambda: "0 students in" in text_of(app, "#joined"))
            await students(app, "talk", "talk", "knead")
            await until(pilot, "3 votes", lambda: "VOTES  3 of 3" in text_of(app, "#tally"))
            tally = text_of(app, "#tally")
            assert "Talk about the decree" in tally and "locked: no votes" in tally
            bars = [line for line in tally.splitlines() if "█" in line]
            assert len(bars) == 2 and bars[1].count("█") > bars[0].count("█")  # 2 > 1
            await press(pilot, "k")
            assert not app.screen.query_one("#qr").display
    finally:
        app.server.stop()


async def test_closing_takes_the_majority_and_undo_reopens_the_vote(tmp_path):
    app = class_app(tmp_path)
    try:
        async with app.run_test(size=(120, 44)) as pilot:
            await settle(pilot)
            await press(pilot, "v")  # no votes: nothing happens but a word to the teacher
            assert app.session.scene_id == "morning.oven"
            phones = await students(app, "talk", "talk", "knead")
            await until(pilot, "the votes", lambda: app.snapshot and app.snapshot.tally.votes == 3)
            await press(pilot, "v")
            await until(pilot, "the next scene", lambda: app.session.scene_id == "morning.street")
            assert moves(app) == [("talk", "majority", 0)]
            await until(pilot, "a new vote", lambda: "VOTES  0 of 3" in text_of(app, "#tally"))
            await press(pilot, "u")
            assert app.session.scene_id == "morning.oven"
            await until(pilot, "the vote reopened",
                        lambda: "VOTES  3 of 3" in text_of(app, "#tally"))
            assert moves(app) == [("talk", "majority", 1)]
            assert await asyncio.to_thread(phones[2].vote, "talk") == 409  # still voted
    finally:
        app.server.stop()


async def test_a_tie_is_the_teachers_to_pick_and_a_number_key_overrides(tmp_path):
    app = class_app(tmp_path)
    try:
        async with app.run_test(size=(120, 44)) as pilot:
            await settle(pilot)
            await students(app, "talk", "knead")
            await until(pilot, "the votes", lambda: app.snapshot and app.snapshot.tally.votes == 2)
            await press(pilot, "v")
            await until(pilot, "the tie", lambda: isinstance(app.screen, TiePickScreen))
            await press(pilot, "3")  # not one of the tied: refused
            assert isinstance(app.screen, TiePickScreen)
            await press(pilot, "2")
            await until(pilot, "the street", lambda: app.session.scene_id == "morning.street")
            await press(pilot, "3")  # no choice 3 here
            await press(pilot, "1")  # the teacher's own choice, with no vote at all
            await until(pilot, "the oven", lambda: app.session.scene_id == "morning.oven")
            await press(pilot, "3")  # locked for the teacher too
            assert moves(app) == [("talk", "tie", 0), ("1", "override", 0)]
    finally:
        app.server.stop()


async def test_names_are_let_in_or_refused_and_hostile_ones_drawn_as_plain_text(tmp_path):
    hostile = ("[bold red]Loud[/]", "Ma\x1b[2Jrie\x07", "Jean\u202egnaL\u200f", "x" * 10_000)
    app = class_app(tmp_path, ask_names=True, waiting=hostile)
    try:
        async with app.run_test(size=(120, 44)) as pilot:
            await settle(pilot)
            await until(pilot, "the waiting names", lambda: app.snapshot is not None)
            shown = text_of(app, "#waiting")
            assert "[bold red]Loud[/]" in shown  # markup shown as typed, never applied
            assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
            assert "Ma[2Jrie" in shown and "xxxxx…" in shown and "x" * 30 not in shown
            assert "4 waiting" in text_of(app, "#joined")
            await press(pilot, "r")  # refuse the first name
            await until(pilot, "3 waiting", lambda: "3 waiting" in text_of(app, "#joined"))
            await press(pilot, "a")
            await until(pilot, "1 in", lambda: text_of(app, "#joined").startswith("1 student in"))
            await press(pilot, "A")
            await until(pilot, "3 in", lambda: text_of(app, "#joined") == "3 students in")
    finally:
        app.server.stop()


async def test_at_an_ending_the_class_sees_how_it_chose(tmp_path):
    app = class_app(tmp_path)
    try:
        async with app.run_test(size=(120, 60)) as pilot:
            await settle(pilot)
            for choices in (("talk", "talk", "knead"), ("2", "2", "1")):
                await students(app, *choices)
                await until(pilot, "the votes",
                            lambda: app.snapshot and app.snapshot.tally.votes == 3)
                await press(pilot, "v")
                await until(pilot, "the next vote", lambda: app.snapshot.tally.votes == 0)
            await press(pilot, "2")  # the teacher stays quiet for the class: an ending
            await until(pilot, "the ending", lambda: isinstance(app.screen, EndingScreen))
            await until(pilot, "the class's lines",
                        lambda: app.screen.query_one("#class-lines").display)
            lines = [str(label.render()) for label in app.screen.query(".class-line")]
            assert lines == [
                "At “The Oven” the class chose “Talk about the decree” (2 of 3 votes).",
                "At “The Street” the class chose “Go to the meeting” (2 of 3 votes).",
                "At “The Meeting” the class chose “Stay quiet” (the teacher's choice).",
            ]
    finally:
        app.server.stop()


async def test_a_new_count_redraws_the_tally_without_laying_the_panel_out(tmp_path):
    """Votes arrive many times a second: only the counts change, so only they are redrawn."""
    from communard.web.classserver import ClassSnapshot
    from communard.web.classvote import Tally
    from communard.widgets.vote_panel import VotePanel

    app = class_app(tmp_path)
    try:
        async with app.run_test(size=(120, 44)) as pilot:
            await until(pilot, "the first tally", lambda: app.snapshot is not None)
            panel = app.screen.query_one(VotePanel)
            tally = app.snapshot.tally
            updates: list[tuple[str, bool]] = []
            for static in panel.query(Static):
                def spy(content, *, layout=True, _static=static, _update=static.update):
                    updates.append((_static.id or "", layout))
                    _update(content, layout=layout)
                static.update = spy  # type: ignore[method-assign]

            def show(*counts: int) -> None:
                pairs = tuple((c, n) for (c, _), n in zip(tally.counts, counts, strict=True))
                panel.show(ClassSnapshot(3, (), Tally(tally.round_id, tally.scene_id, pairs,
                                                      sum(counts), True), 0.0))

            show(1, 0, 0)
            show(1, 0, 0)  # the same again: nothing to redraw
            show(1, 2, 0)
            await settle(pilot)
            assert updates == [("joined", False), ("tally", False), ("tally", False)]
            assert "2" in text_of(app, "#tally").splitlines()[4]
    finally:
        app.server.stop()
