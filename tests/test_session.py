"""engine.Session, the one API every frontend uses, and the state machine under it.

The story is tests/fixtures/mini: at the oven, `knead` (always), `talk` (once,
trust += 1) and `bread` (if trust >= 1, shown locked with a reason, has_bread =
true); the street goes back to the oven or on to the meeting, where `Speak`
needs visited('morning.oven') and trust > 0 and is hidden otherwise (it has no
`locked:` reason). Both endings are in the evening chapter.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from storykit import MINI, copy_story, ids, snapshot

from communard.i18n import date_words
from engine import (
    ChoiceUnavailable,
    Session,
    load_story,
)


@pytest.fixture(scope="module")
def story():
    return load_story(MINI)


# -- the scene as plain data ------------------------------------------------------------

def test_first_scene(story) -> None:
    view = Session(story).view()
    assert (view.id, view.title, view.chapter_id, view.chapter_title) == (
        "morning.oven", "The Oven", "morning", "Before Dawn")
    assert (view.date, view.place, view.kind) == (dt.date(1871, 4, 20), "Rue Mouffetard",
                                                  "historical")
    assert (view.date, view.date_precision) == (dt.date(1871, 4, 20), "day")
    assert "Nobody looks up. You are Louise." in view.text
    assert "{" not in view.text and "The others nod" not in view.text
    assert not view.is_ending and view.ending is None
    assert view.questions == ()  # every choice stays in the chapter
    [note] = view.notes
    assert (note.id, note.title) == ("night-work", "Night work in the bakeries")
    [source] = note.sources
    assert (source.author, source.year, source.url) == (
        "Wikipedia contributors", 2007, "https://en.wikipedia.org/wiki/Paris_Commune")
    [entry] = view.codex
    assert (entry.id, entry.name, entry.kind) == ("bakeries", "The bakeries", "place")
    assert entry.sources[0].id == "wp"


def test_locked_choice_is_shown_disabled_with_its_reason(story) -> None:
    view = Session(story).view()
    assert ids(view) == ["knead", "talk", "bread"]
    knead, talk, bread = view.choices
    assert knead.enabled and talk.enabled and not bread.enabled
    assert bread.locked_reason == "The others must trust you first"
    assert knead.locked_reason is None
    assert talk.once and not knead.once
    assert [c.id for c in view.available] == ["knead", "talk"]
    assert all(c.target == "morning.street" for c in view.choices)


def test_a_locked_choice_cannot_be_taken(story) -> None:
    session = Session(story)
    with pytest.raises(ChoiceUnavailable, match="not available"):
        session.choose("bread")
    with pytest.raises(ChoiceUnavailable, match="no choice 'fly'"):
        session.choose("fly")
    assert session.scene_id == "morning.oven" and not session.can_undo


def test_a_failed_condition_without_a_reason_hides_the_choice(story) -> None:
    session = Session(story)
    session.choose("knead")
    view = session.choose("2")
    assert view.id == "evening.meeting"
    assert [c.text for c in view.choices] == ["Stay quiet"]  # Speak is hidden, not locked
    assert ids(view) == ["2"]
    with pytest.raises(ChoiceUnavailable):
        session.choose("1")


def test_once_only_choice_disappears_after_being_taken(story) -> None:
    session = Session(story)
    session.choose("talk")
    view = session.choose("1")  # back to the oven
    assert view.id == "morning.oven"
    assert ids(view) == ["knead", "bread"]
    assert all(c.enabled for c in view.choices)  # trust 1 unlocks the bread
    with pytest.raises(ChoiceUnavailable):
        session.choose("talk")


def test_effects_conditional_text_and_endings(story) -> None:
    session = Session(story)
    assert "loaf" not in session.choose("talk").text
    assert session.vars == {"trust": 1, "has_bread": False, "name": "Louise"}
    session.choose("1")
    street = session.choose("bread")
    assert "The loaf is warm under your arm." in street.text
    assert session.vars["has_bread"] is True
    assert street.questions == ("Why did the bakers want night work abolished?",)
    meeting = session.choose("2")
    assert meeting.date_precision == "month"
    assert [c.text for c in meeting.choices] == ["Speak", "Stay quiet"]
    end = session.choose("1")
    assert end.is_ending and session.is_ending
    assert end.ending is not None
    assert (end.ending.id, end.ending.title, end.ending.epilogue) == (
        "spoke", "A Voice", "You spoke, Louise.")
    assert end.choices == () and session.available() == []


def test_int_limits_clamp_effects(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", base=MINI, edits={"chapters/morning.yaml": [
        ("        do: [trust += 1]\n        once: true\n", "        do: [trust += 5]\n")]})
    session = Session(load_story(folder))
    session.choose("talk")
    assert session.vars["trust"] == 3  # max: 3
    session.choose("1")
    session.choose("talk")
    assert session.vars["trust"] == 3


def test_visits_and_visited(story) -> None:
    session = Session(story)
    assert session.visits == {"morning.oven": 1}
    session.choose("knead")
    session.choose("1")
    session.choose("knead")
    assert session.visits == {"morning.oven": 2, "morning.street": 2}
    session.visits["morning.oven"] = 99  # a copy: changes nothing
    session.vars["trust"] = 99
    assert session.visits["morning.oven"] == 2 and session.vars["trust"] == 0


def test_history(story) -> None:
    session = Session(story)
    assert session.history == ()
    session.choose("talk")
    session.choose("1")
    session.choose("bread")
    steps = session.history
    assert [(s.scene_id, s.choice_id, s.target) for s in steps] == [
        ("morning.oven", "talk", "morning.street"),
        ("morning.street", "1", "morning.oven"),
        ("morning.oven", "bread", "morning.street")]
    assert [s.choice_text for s in steps] == ["Talk about the decree", "Go back to the oven",
                                              "Take a loaf"]
    assert steps[2].history == "Bread was rationed during the siege."
    assert steps[0].history is None


def test_timeline_of_a_playthrough(story) -> None:
    session = Session(story)
    session.choose("knead")
    session.choose("2")
    entries = session.timeline()
    assert [(e.date, words(e), e.scene_ids) for e in entries] == [
        (dt.date(1871, 4, 20), "20 April 1871", ("morning.oven", "morning.street")),
        # dated "April 1871" and read after 20 April: placed there, not on 1 April
        (dt.date(1871, 4, 20), "April 1871", ("evening.meeting",))]


# -- undo --------------------------------------------------------------------------------

def test_undo_back_to_the_start_restores_everything(story) -> None:
    session = Session(story)
    fresh = snapshot(session)
    seen = []
    for choice in ["talk", "1", "bread", "1", "knead", "2", "1"]:
        seen.append(snapshot(session))
        session.choose(choice)
    assert session.is_ending
    while seen:
        assert session.can_undo
        session.undo()
        assert snapshot(session) == seen.pop()
    assert snapshot(session) == fresh
    assert ids(session.view()) == ["knead", "talk", "bread"]  # `talk` is offered again
    assert not session.can_undo
    assert session.undo() == session.view()  # at the start, undo does nothing
    assert snapshot(session) == fresh


def test_back_is_undo_without_the_view(story) -> None:
    """`back` (for tools that search) leaves the session as `undo` would."""
    by_undo, by_back = Session(story), Session(story)
    for session in (by_undo, by_back):
        for choice in ["talk", "1", "bread"]:
            session.step(choice)
    assert by_back.taken == frozenset({"morning.oven#talk"})
    by_undo.undo()
    by_back.back()
    assert snapshot(by_back) == snapshot(by_undo)
    by_back.back()
    by_back.back()
    assert by_back.taken == frozenset()
    by_back.back()  # at the start: nothing
    assert by_back.scene_id == story.start


def test_undo_then_a_different_choice(story) -> None:
    session = Session(story)
    session.choose("talk")
    session.undo()
    session.choose("knead")
    assert session.vars["trust"] == 0
    assert [s.choice_id for s in session.history] == ["knead"]


def test_random_play_with_undo_matches_a_replay(story) -> None:
    """Undo at random points; the state must equal replaying the remaining choices."""
    rng = random.Random(1871)
    for _ in range(40):
        session = Session(story)
        path: list[str] = []
        for _ in range(30):
            available = session.view().available
            if path and (not available or rng.random() < 0.3):
                session.undo()
                path.pop()
            elif available:
                choice = rng.choice(available).id
                session.choose(choice)
                path.append(choice)
        replay = Session(story)
        for choice in path:
            replay.choose(choice)
        assert snapshot(session) == snapshot(replay)


def test_restart(story) -> None:
    session = Session(story)
    session.choose("talk")
    session.restart()
    assert snapshot(session) == snapshot(Session(story))


def test_jump_is_a_step_that_can_be_undone_and_saved(story) -> None:
    session = Session(story)
    session.jump("evening.meeting")
    assert session.scene_id == "evening.meeting"
    restored = Session.from_dict(story, json.loads(json.dumps(session.to_dict())))
    assert restored.history == session.history
    restored.undo()
    assert restored.scene_id == "morning.oven"
    with pytest.raises(ChoiceUnavailable):
        session.jump("evening.nowhere")


def test_the_engine_imports_no_frontend() -> None:
    """Nothing in engine/ imports textual, rich or the communard package."""
    import subprocess
    import sys

    code = ("import sys, engine, engine.saves, engine.session, engine.machine; "
            "import pkgutil, importlib; "
            "[importlib.import_module('engine.' + m.name) "
            " for m in pkgutil.iter_modules(engine.__path__)]; "
            "print(sorted({n.split('.')[0] for n in sys.modules} & "
            "{'textual', 'rich', 'communard'}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def words(entry) -> str:
    """A timeline entry's date as the interface words it."""
    return date_words(entry.date_start or entry.date, entry.date_precision)
