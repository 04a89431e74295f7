"""A playthrough's timeline: scenes dated only by their month sit where the player met
them, so "you are here" and "ahead" agree with the scene the player is reading."""

from __future__ import annotations

import datetime as dt

import pytest
from storykit import MINI, copy_story

from communard.game import AHEAD, EARLIER, NOW, PASSED, timeline_rows
from communard.i18n import date_words
from communard.paths import default_story
from engine import Session, load_story

TIMELINE = ('- date: "1871-04"\n  title: A month of decrees\n'
            '- date: 1871-04-01\n  title: The first of April\n'
            '- date: 1871-04-25\n  title: Later in April\n')


@pytest.fixture
def story(tmp_path):
    folder = copy_story(tmp_path / "s", MINI, edits={
        "story.yaml": [("chapters:\n", "timeline: timeline.yaml\nchapters:\n")]},
        files={"timeline.yaml": TIMELINE})
    return load_story(folder)


def test_a_month_scene_read_after_a_day_comes_after_it(story) -> None:
    session = Session(story)
    session.choose("knead")          # the oven and the street, 20 April
    session.choose("2")              # the meeting, "April 1871"
    rows = [(e.date, words(e), e.event, e.scene_ids) for e in session.timeline()]
    assert rows == [
        (dt.date(1871, 4, 1), "1 April 1871", True, ()),
        # a month's event and a day's event on the same first day are two rows
        (dt.date(1871, 4, 1), "April 1871", True, ()),
        (dt.date(1871, 4, 20), "20 April 1871", False, ("morning.oven", "morning.street")),
        (dt.date(1871, 4, 20), "April 1871", False, ("evening.meeting",)),
        (dt.date(1871, 4, 25), "25 April 1871", True, ())]
    assert [(r.date, r.status) for r in timeline_rows(session)] == [
        ("1 April 1871", EARLIER), ("April 1871", EARLIER), ("20 April 1871", PASSED),
        ("April 1871", NOW), ("25 April 1871", AHEAD)]


def test_a_month_scene_read_first_shares_its_months_event(tmp_path) -> None:
    folder = copy_story(tmp_path / "s", MINI, edits={
        "story.yaml": [("chapters:\n", "timeline: timeline.yaml\nchapters:\n")],
        "chapters/morning.yaml": [("    date: 1871-04-20\n    place: Rue Mouffetard\n",
                                   "    place: Rue Mouffetard\n")]},   # the oven undated
        files={"timeline.yaml": TIMELINE})
    session = Session(load_story(folder))
    session.jump("evening.meeting")
    rows = [(r.date, r.event, r.status, r.scenes) for r in timeline_rows(session)]
    assert rows == [("1 April 1871", "The first of April", EARLIER, ()),
                    ("April 1871", "A month of decrees", NOW, ("The Meeting",)),
                    ("25 April 1871", "Later in April", AHEAD, ())]


def test_the_bundled_story_after_19_march_is_not_back_on_1_march() -> None:
    """At "The Wrong People at the Desks" (March 1871, read after 19 March) the
    timeline said "you are here" on 1 March and called 3 to 17 March ahead."""
    session = Session(load_story(default_story()))
    session.jump("march.empty-city")
    session.choose(session.view().available[0].id)
    assert session.scene_id == "march.town-hall"
    rows = timeline_rows(session)
    here = [r for r in rows if r.status == NOW]
    assert [(r.date, r.scenes) for r in here] == [
        ("March 1871", ("The Wrong People at the Desks",))]
    dates = [r.date for r in rows]
    now = dates.index("March 1871")
    assert dates.index("19 March 1871") < now < dates.index("20 March 1871")
    assert all(r.status != AHEAD for r in rows[:now])
    assert all(r.status == AHEAD for r in rows[now + 1:])


def words(entry) -> str:
    """A timeline entry's date as the interface words it."""
    return date_words(entry.date_start or entry.date, entry.date_precision)
