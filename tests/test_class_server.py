"""The class vote's server on 127.0.0.1, spoken to over HTTP as phones and the teacher would."""

from __future__ import annotations

import re
import sqlite3

import pytest
from classkit import Classroom, Student

HOSTILE = ["<script>alert(1)</script>", "x" * 10_000, "Ma\x1b[2Jrie\x07", "Jean\u202egnaL\u200f",
           "{{ 7*7 }}", "[bold red]Loud[/]"]


@pytest.fixture
def classroom(tmp_path):
    made: list[Classroom] = []

    def make(**options) -> Classroom:
        room = Classroom(options.pop("db", tmp_path / "classes.sqlite"), **options)
        made.append(room)
        return room

    yield make
    for room in made:
        room.stop()


def votes_in(db, round_scene: str) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT v.player_id, v.choice_id FROM votes v JOIN rounds r ON "
                            "r.id = v.round_id WHERE r.scene_id = ? ORDER BY v.id",
                            (round_scene,)).fetchall()


def test_a_student_joins_votes_once_and_follows_the_teacher(classroom):
    room = classroom()
    phone = Student(room.url)
    assert phone.join() == 200
    assert phone.title == "The Oven"
    assert 'name="choice" value="knead"' in phone.html
    assert phone.vote("talk") == 200
    assert phone.message == "Your vote is counted: “Talk about the decree”."
    assert phone.vote("knead") == 409  # one vote per student per scene, on the server
    assert "already voted" in phone.message
    assert votes_in(room.db, "morning.oven") == [(1, "talk")]
    assert room.close().winner == "talk"
    room.decide("talk")
    phone.page()
    assert phone.title == "The Street"
    assert "The class chose “Talk about the decree” (1 of 1 vote)." in phone.html
    assert phone.vote("1") == 200  # a new scene: a new vote


def test_locked_and_unknown_choices_are_not_votable(classroom):
    room = classroom()
    phone = Student(room.url)
    phone.join()
    assert re.search(r'<button type="button" disabled[^>]*>Take a loaf</button>', phone.html)
    assert "Locked: The others must trust you first" in phone.html
    assert phone.vote("bread") == 409  # the page shows it disabled; the server refuses too
    assert "locked" in phone.message
    assert phone.vote("nonsense") == 409
    assert phone.vote("talk") == 200
    assert votes_in(room.db, "morning.oven") == [(1, "talk")]


def test_a_forged_or_missing_token_cannot_vote(classroom):
    room = classroom()
    phone = Student(room.url)
    phone.join()
    real = phone.cookie
    assert real is not None
    for forged in (real[:-1] + ("0" if real[-1] != "0" else "1"),  # the signature changed
                   real.replace(".1.", ".2.", 1),  # another student's number
                   "communard_class=999.1.abc"):
        thief = Student(room.url)
        thief.cookie = forged
        assert thief.vote("talk") == 403
    assert votes_in(room.db, "morning.oven") == []
    assert Student(room.url).vote("talk") == 403  # no token at all


def test_names_wait_for_the_teacher_who_allows_or_refuses(classroom):
    room = classroom(ask_names=True)
    marie, jean = Student(room.url), Student(room.url)
    assert marie.join("Marie") == 200
    assert marie.title == "Waiting for your teacher"
    assert marie.vote("talk") == 403
    jean.join("Jean")
    assert [name for _, name in room.server.snapshot().waiting] == ["Marie", "Jean"]
    room.server.admit(1, True).result(5)
    room.server.admit(2, False).result(5)
    assert marie.page() and marie.title == "The Oven"
    jean.page()
    assert "did not accept the name “Jean”" in jean.message
    assert jean.join("Jean-Pierre") == 200  # another name: waiting again, same student
    assert jean.title == "Waiting for your teacher"
    assert room.server.snapshot().waiting == ((2, "Jean-Pierre"),)
    assert marie.vote("talk") == 200


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_refused_or_cleaned_and_never_reach_a_page_raw(classroom, name):
    room = classroom(ask_names=True)
    phone = Student(room.url)
    status = phone.join(name)
    assert "<script>" not in phone.html
    assert "\x1b" not in phone.html and "\u202e" not in phone.html
    if status == 400:
        assert phone.message  # why, in words
        assert "&lt;script&gt;" in phone.html or "<script>" not in name
    else:
        waiting = room.server.snapshot().waiting
        assert waiting and all(ord(ch) >= 32 and ch not in "\u202e\u200f" for ch in waiting[0][1])
        assert len(waiting[0][1]) <= 24
        assert "49" not in phone.html  # no template was run


def test_the_teachers_controls_need_the_teachers_token(classroom):
    room = classroom()
    asked = []
    room.server.on_teacher = asked.append
    phone = Student(room.url)
    phone.join()
    for path in ("/teacher/close", "/teacher/undo", "/teacher/choose", "/teacher/admit"):
        assert room.teacher("POST", path)[0] == 401
        assert room.teacher("POST", path, token="not-the-token")[0] == 401
    assert room.teacher("GET", "/teacher/state", token=phone.cookie)[0] == 401
    assert asked == []
    token = room.server.teacher_token
    status, body = room.teacher("GET", "/teacher/state", token=token)
    assert status == 200 and '"joined": 1' in body
    assert room.teacher("POST", "/teacher/choose", token=token, choice="talk")[0] == 202
    assert [(a.action, a.choice_id) for a in asked] == [("choose", "talk")]


def test_undo_reopens_the_vote_with_its_votes(classroom):
    room = classroom()
    phones = [Student(room.url) for _ in range(3)]
    for phone, choice in zip(phones, ["talk", "talk", "knead"], strict=True):
        phone.join()
        phone.vote(choice)
    room.decide(room.close().winner or "")
    phones[0].page()
    assert phones[0].title == "The Street"
    room.undo()
    phones[0].page()
    assert phones[0].title == "The Oven"
    assert "You voted for “Talk about the decree”" in phones[0].html
    assert room.server.snapshot().tally.votes == 3
    assert phones[0].vote("knead") == 409  # still one vote each in the reopened vote
    fresh = Student(room.url)
    fresh.join()
    assert fresh.vote("knead") == 200
    closing = room.close()
    assert closing.tied == ("knead", "talk") and closing.winner is None
    with sqlite3.connect(room.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM moves WHERE undone = 1").fetchone() == (1,)
        assert conn.execute("SELECT undone FROM rounds ORDER BY id").fetchall() == [(0,), (1,)]


def test_answers_to_discussion_questions_are_kept_and_escaped(classroom):
    room = classroom()
    phone = Student(room.url)
    phone.join()
    phone.vote("talk")
    room.decide("talk")  # the street: the chapter's last scene shows its questions
    phone.page()
    assert "Why did the bakers want night work abolished?" in phone.html
    assert phone.answer(q1="Because <b>bread</b>\x1b[2J at 4 a.m.\u202e") == 200
    assert "Your answers are sent" in phone.message
    phone.page()
    assert "Because &lt;b&gt;bread&lt;/b&gt;[2J at 4 a.m." in phone.html
    with sqlite3.connect(room.db) as conn:
        assert conn.execute("SELECT answer FROM answers").fetchall() == [
            ("Because <b>bread</b>[2J at 4 a.m.",)]


def test_pages_are_small_and_say_where_scripts_may_come_from(classroom):
    room = classroom()
    phone = Student(room.url)
    status = phone._send("GET", "/", fragment=False)
    assert status == 200
    assert len(phone.html) < 8000
    assert '<script src="/class.js" defer></script>' in phone.html
    assert "<script>" not in phone.html  # nothing inline: the policy forbids it
