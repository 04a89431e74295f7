"""Notes, codex, timeline, history, help, credits; the palette; themes; resizing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tui_helpers import MINI, press, settle

from communard.game import NOW, PASSED, timeline_rows
from communard.republican import republican_date
from communard.screens.codex import CodexScreen
from communard.screens.credits import CreditsScreen
from communard.screens.help import HelpScreen
from communard.screens.history import HistoryScreen, replay
from communard.screens.notes import NotesScreen, notes_markdown
from communard.screens.play import PlayScreen
from communard.screens.timeline import TimelineScreen
from communard.widgets.choices import ChoiceList
from communard.widgets.scene_header import date_line
from engine import Session
from engine.views import SceneView


@pytest.mark.parametrize(("key", "screen", "close"), [
    ("n", NotesScreen, "n"), ("n", NotesScreen, "escape"),
    ("c", CodexScreen, "c"), ("t", TimelineScreen, "t"), ("t", TimelineScreen, "escape"),
    ("h", HistoryScreen, "h"), ("question_mark", HelpScreen, "escape"),
])
async def test_overlays_open_and_close(make_app, key, screen, close):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n", key)
        assert isinstance(app.screen, screen)
        await press(pilot, close)
        assert isinstance(app.screen, PlayScreen)
        await press(pilot, "1")   # the play screen still has the keys
        assert app.session.scene_id == "morning.street"


async def test_credits_from_title(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "s")
        assert isinstance(app.screen, CreditsScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, CreditsScreen)


def test_notes_have_numbered_citations_and_bibliography(mini):
    text = notes_markdown(Session(mini).view())
    assert "### Night work in the bakeries" in text
    assert "Sources: [1]" in text
    assert "1. Wikipedia contributors, Paris Commune of 1871, 2007. " \
           "<https://en.wikipedia.org/wiki/Paris_Commune>" in text


async def test_codex_lists_entries_met_so_far(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "c")       # the street has no codex; the oven had one
        assert [e.id for e in app.screen.entries] == ["bakeries"]


def test_timeline_marks_where_the_player_stands(mini):
    session = Session(mini)
    session.choose("talk")
    session.choose(session.view().choices[1].id)   # to the meeting (April 1871)
    rows = timeline_rows(session)   # the meeting ("April 1871") was read after 20 April
    assert [(r.date, r.status) for r in rows] == [("20 April 1871", PASSED),
                                                  ("April 1871", NOW)]


def test_transcript_replays_every_page(mini):
    session = Session(mini)
    session.choose("talk")
    session.jump("evening.quiet")
    pages = replay(session)
    assert [p.view.id for p in pages] == ["morning.oven", "morning.street", "evening.quiet"]
    assert pages[0].choice == "Talk about the decree"
    assert pages[1].choice == "(jumped to Silence)"
    assert pages[-1].choice is None


def test_republican_calendar():
    assert republican_date(dt.date(1871, 3, 18)) == "27 Ventôse an 79"
    assert republican_date(dt.date(1871, 5, 28)) == "8 Prairial an 79"


def test_republican_date_only_for_days():
    day = SceneView("a.b", "T", "a", "A", "historical", "", date=dt.date(1871, 3, 18),
                    date_precision="day", place="Montmartre")
    assert date_line(day, republican=True) == "18 March 1871 · 27 Ventôse an 79 · Montmartre"
    assert date_line(day, republican=False) == "18 March 1871 · Montmartre"
    month = SceneView("a.b", "T", "a", "A", "historical", "", date=dt.date(1871, 3, 1),
                      date_precision="month")
    assert date_line(month, republican=True) == "March 1871"


async def test_kind_is_a_word_in_the_header(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n")
        assert str(app.screen.query_one("#kind-word").render()) == "HISTORICAL"
        assert str(app.screen.query_one("#kind-meaning").render()) == "this happened"
        await press(pilot, "1", "2")
        assert str(app.screen.query_one("#kind-word").render()) == "COUNTERFACTUAL"


async def test_help_lists_every_key_of_the_play_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "n", "question_mark")
        keys = {k for k, _ in app.screen.rows}
        assert {"1-9", "n", "c", "t", "h", "u", "s", "l", "x", "Esc", "?", "ctrl+p",
                "ctrl+t", "ctrl+q"} <= keys
        assert "j" not in keys     # teacher only


async def test_palette_offers_the_same_actions(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Notes", "Codex", "Timeline", "History", "Undo", "Save", "Load",
                "Export transcript", "Help", "Theme", "Quit"} <= titles
        await press(pilot, "ctrl+p")
        await pilot.press(*"Timeline")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        assert isinstance(app.screen, TimelineScreen)


async def test_theme_choice_persists(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        first.theme = "textual-light"
        await settle(pilot)
    assert json.loads((data_dir / "settings.json").read_text()) == {"theme": "textual-light"}
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert second.theme == "textual-light"
        assert "high-contrast" in second.available_themes


async def test_unknown_theme_in_settings_falls_back(make_app, data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text('{"theme": "no-such-theme"}')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"


async def test_resize_keeps_choices_in_view(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "n")
        for size in [(80, 24), (60, 20), (100, 30)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            choices = app.screen.query_one(ChoiceList)
            region = choices.region
            assert region.height >= 3
            assert region.bottom <= size[1] - 1      # above the footer
            assert region.right <= size[0]
        await press(pilot, "1")
        assert app.session.scene_id == "morning.street"


def test_timeline_before_the_first_dated_scene(tmp_path):
    """An undated opening stands before the story's first date: earlier events are not ahead."""
    from storykit import copy_story

    from communard.game import AHEAD, EARLIER
    from engine import load_story

    folder = copy_story(tmp_path / "s", MINI, edits={
        "story.yaml": [("chapters:\n", "timeline: timeline.yaml\nchapters:\n")],
        "chapters/morning.yaml": [("    date: 1871-04-20\n    place: Rue Mouffetard\n",
                                   "    place: Rue Mouffetard\n")]},
        files={"timeline.yaml": '- date: "1870-09"\n  title: Paris under siege\n'
                                '- date: "1871-05"\n  title: The Bloody Week\n'})
    session = Session(load_story(folder))
    rows = timeline_rows(session)
    assert [(r.date, r.event, r.status) for r in rows] == [
        ("September 1870", "Paris under siege", EARLIER),   # was "ahead"
        ("May 1871", "The Bloody Week", AHEAD)]
    session.choose("knead")
    rows = timeline_rows(session)
    assert [(r.date, r.event, r.status, r.scenes) for r in rows] == [
        ("September 1870", "Paris under siege", EARLIER, ()),
        ("20 April 1871", None, NOW, ("The Street",)),        # a scene's day, not an event
        ("May 1871", "The Bloody Week", AHEAD, ())]


def test_codex_sorts_people_by_surname_and_groups_by_kind():
    from communard.game import codex_key
    from communard.screens.codex import codex_markdown

    names = [("Adolphe Thiers", "person"), ("Louise Michel", "person"),
             ("Marquis de Galliffet", "person"), ("Élisabeth Dmitrieff", "person"),
             ("The National Guard", "group"), ("Montmartre", "place"),
             ("Belleville", "place"), ("The Vendôme Column", "place"), ("Haussmann", "person")]
    ordered = [n for n, k in sorted(names, key=lambda nk: codex_key(*nk))]
    assert ordered == ["Élisabeth Dmitrieff", "Marquis de Galliffet", "Haussmann",
                       "Louise Michel", "Adolphe Thiers", "Belleville", "Montmartre",
                       "The Vendôme Column", "The National Guard"]
    from engine.views import CodexView
    text = codex_markdown([CodexView(n.lower(), n, k, "About *them*.", ()) for n, k in names],
                          [])
    assert text.index("## People") < text.index("### Élisabeth") < text.index("## Places") \
        < text.index("### Belleville") < text.index("## Groups")


async def test_history_shows_the_last_pages_and_earlier_ones_on_request(make_app):
    """Opening the history costs the same at any length of game: ten pages, then more."""
    from communard.screens.history import CHUNK
    from communard.widgets.scene_text import SceneText

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        for _ in range(12):                       # oven <-> street, 24 pages
            app.session.choose(app.session.view().choices[0].id)
            app.session.choose(app.session.view().choices[0].id)
        app.show_play()
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        chunks = list(app.screen.query(".pages").results(SceneText))
        assert len(chunks) == 1 and chunks[0].markdown.startswith(f"## {25 - CHUNK + 1}. ")
        assert "press e for earlier pages" in str(app.screen.query_one("#earlier").render())
        await press(pilot, "e")
        chunks = list(app.screen.query(".pages").results(SceneText))
        assert [c.markdown[:6] for c in chunks] == ["## 6. ", "## 16."]
        await press(pilot, "home")
        chunks = list(app.screen.query(".pages").results(SceneText))
        assert chunks[0].markdown.startswith("## 1. The Oven")
        assert "the beginning of your story" in str(app.screen.query_one("#earlier").render())


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_the_timeline_opens_where_the_player_stands(make_app, tmp_path, size):
    """Rows wrap to any height: the bundled story's timeline, opened in late March,
    showed February, with "you are here" two pages down."""
    from storykit import copy_story

    from engine import load_story

    events = "".join(f'- date: 1871-03-{day:02d}\n  title: "Day {day}: a long event that '
                     'wraps over several lines of the panel on any terminal, as the '
                     'proclamations and decrees of the time do"\n' for day in range(1, 29))
    folder = copy_story(tmp_path / "s", MINI, edits={
        "story.yaml": [("chapters:\n", "timeline: timeline.yaml\nchapters:\n")]},
        files={"timeline.yaml": events})
    app = make_app(load_story(folder))
    async with app.run_test(size=size) as pilot:
        await press(pilot, "n", "t")
        assert isinstance(app.screen, TimelineScreen)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "YOU ARE HERE" in shown and "Day 1:" not in shown
