"""The class vote's page for students, in Chromium on a phone's screen: join, vote once, follow
the teacher by itself; a second vote and a locked choice are refused by the server.

The server is the real one on 127.0.0.1 (tests/classkit.Classroom); the teacher is
test code doing what the teacher's game does after each move.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from classkit import Classroom
from serving import wait_for

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def classroom(tmp_path) -> Iterator[Any]:
    made: list[Classroom] = []

    def make(**options: Any) -> Classroom:
        room = Classroom(tmp_path / "classes.sqlite", code=f"C{len(made)}", **options)
        made.append(room)
        return room

    yield make
    for room in made:
        room.stop()


def phone(new_context: Any, room: Classroom) -> Any:
    page = new_context(**PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(room.url)
    return page


def heading(page: Any) -> str:
    return " ".join(page.locator("h1").inner_text().split())


def post(page: Any, path: str, **form: str) -> tuple[int, str]:
    """A form sent from the page's own origin with its cookie (as a crafted request would)."""
    found = page.evaluate(
        """async ([path, form]) => {
             const response = await fetch(path, {method: "POST", headers: {"X-Fragment": "1"},
                                                  body: new URLSearchParams(form)});
             return [response.status, await response.text()];
           }""", [path, form])
    return int(found[0]), str(found[1])


def test_a_student_joins_votes_once_and_the_page_moves_on_with_the_teacher(classroom,
                                                                            new_context):
    room = classroom()
    page = phone(new_context, room)
    page.get_by_role("button", name="Join the class").click()
    wait_for("the scene", lambda: heading(page) == "The Oven")
    assert page.get_by_role("group", name="What should the class do? You have one vote.")

    page.get_by_role("button", name="Talk about the decree").tap()
    wait_for("the vote counted", lambda: "Your vote is counted" in page.inner_text("main"))
    assert page.get_by_role("button", name="Knead in silence").count() == 0  # voted: no buttons
    assert room.server.snapshot().tally.count("talk") == 1
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    status, answer = post(page, "/vote", choice="knead")  # a second vote, sent by hand
    assert status == 409 and "already voted" in answer
    assert room.server.snapshot().tally.votes == 1

    room.decide("talk")  # the teacher moves on: the page follows by itself
    wait_for("the next scene", lambda: heading(page) == "The Street")
    decided = " ".join(page.locator(".decided").inner_text().split())
    assert decided == "The class chose “Talk about the decree” (1 of 1 vote)."
    assert page.evaluate("document.activeElement.tagName") == "H1"  # a screen reader hears it
    page.get_by_role("button", name="Go to the meeting").click()
    wait_for("the vote counted", lambda: "Your vote is counted" in page.inner_text("main"))
    assert room.server.snapshot().tally.count("2") == 1


def test_a_locked_choice_is_shown_but_cannot_be_voted_for(classroom, new_context):
    room = classroom()
    page = phone(new_context, room)
    page.get_by_role("button", name="Join the class").click()
    wait_for("the scene", lambda: heading(page) == "The Oven")
    locked = page.get_by_role("button", name="Take a loaf")
    assert locked.is_disabled()
    described = locked.get_attribute("aria-describedby")
    assert described and "The others must trust you first" in page.locator(
        f"#{described}").inner_text()
    status, answer = post(page, "/vote", choice="bread")
    assert status == 409 and "That choice is locked" in answer
    assert room.server.snapshot().tally.votes == 0
    # The page still offers the open choices after the refusal.
    page.get_by_role("button", name="Knead in silence").click()
    wait_for("the vote counted", lambda: "Your vote is counted" in page.inner_text("main"))


def test_a_named_student_waits_for_the_teacher_and_hostile_names_stay_text(classroom,
                                                                          new_context):
    room = classroom(ask_names=True)
    page = phone(new_context, room)
    name = page.get_by_label("Your name")
    name.fill("<img src=x onerror=document.title='owned'>")
    page.get_by_role("button", name="Join").click()
    wait_for("the refusal", lambda: page.get_by_role("alert").count() > 0)
    assert "letters, digits" in page.get_by_role("alert").inner_text()
    assert page.locator("main img").count() == 0 and page.title() != "owned"
    assert room.server.snapshot().waiting == ()

    name.fill("Marie\u202e\u200fCurie")  # direction marks are dropped, not shown
    page.get_by_role("button", name="Join").click()
    wait_for("the waiting page", lambda: heading(page) == "Waiting for your teacher")
    assert "MarieCurie" in page.inner_text("main")
    wait_for("the teacher's panel", lambda: room.server.snapshot().waiting)
    assert [n for _, n in room.server.snapshot().waiting] == ["MarieCurie"]
    assert room.server.snapshot().tally.votes == 0

    room.admit()  # the teacher lets her in: the page moves on by itself
    wait_for("the vote", lambda: heading(page) == "The Oven")
    page.get_by_role("button", name="Knead in silence").click()
    wait_for("the vote counted", lambda: "Your vote is counted" in page.inner_text("main"))
