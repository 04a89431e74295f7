"""A class vote for tests: the real server on 127.0.0.1, a teacher's Session, HTTP students.

The teacher here is test code doing what the teacher's game does after each move
(`take` a choice, tell the server where the class stands), so the students' side
can be tested without a terminal; tests/tui drives the real teacher's game.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse
from pathlib import Path

from communard.web.classserver import ClassOptions, ClassServer
from communard.web.classstats import StoryLabels
from communard.web.classvote import Closing, VoteScene, take
from communard.web.store import ClassStore
from engine import Session, load_story
from engine.story import Story

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


class Classroom:
    """A running class server and the teacher's Session it follows."""

    def __init__(self, db: Path, *, code: str = "TEST", story: Path = MINI,
                 ask_names: bool = False, max_students: int = 60) -> None:
        self.story: Story = load_story(story)
        self.db = db
        store = ClassStore(db)
        self.info = store.open_class(code, self.story.id, self.story.version, self.story.title)
        store.close()
        self.server = ClassServer(db, self.info, ClassOptions(
            code, self.story.title, port=0, ask_names=ask_names, max_students=max_students),
            StoryLabels.of(self.story))
        self.url = self.server.start()
        self.session = Session(self.story)
        self.server.start_class(VoteScene.of(self.session.view()), False).result(10)

    def close(self) -> Closing:
        return self.server.closing().result(10)

    def decide(self, choice_id: str, how: str = "majority") -> None:
        scene, move = take(self.session, choice_id, how)
        self.server.arrive(scene, move).result(10)

    def undo(self) -> None:
        view = self.session.undo()
        self.server.back(VoteScene.of(view)).result(10)

    def admit(self, allow: bool = True) -> int:
        return self.server.admit(None, allow).result(10)

    def teacher(self, method: str, path: str, token: str | None = None,
                **form: str) -> tuple[int, str]:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        status, text, _ = request(self.url, method, path, form or None, headers)
        return status, text

    def stop(self) -> None:
        self.server.stop()


def request(url: str, method: str, path: str, form: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, str, str | None]:
    """One HTTP request (no redirect followed): its status, body and cookie set, if any."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    body = urllib.parse.urlencode(form).encode() if form is not None else None
    sent = dict(headers or {})
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    cookie = response.getheader("Set-Cookie")
    connection.close()
    return response.status, text, cookie


class Student:
    """A phone: its cookie, and the page as the server last sent it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookie: str | None = None
        self.html = ""

    def _send(self, method: str, path: str, form: dict[str, str] | None = None,
              fragment: bool = True) -> int:
        headers = {"X-Fragment": "1"} if fragment else {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        status, self.html, cookie = request(self.url, method, path, form, headers)
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return status

    def join(self, name: str = "") -> int:
        return self._send("POST", "/join", {"name": name})

    def vote(self, choice_id: str) -> int:
        return self._send("POST", "/vote", {"choice": choice_id})

    def answer(self, **answers: str) -> int:
        return self._send("POST", "/answer", answers)

    def page(self) -> str:
        self._send("GET", "/?part=main")
        return self.html

    @property
    def message(self) -> str:
        found = re.search(r'class="message[^"]*"[^>]*>(.*?)</p>', self.html, re.S)
        return " ".join(found.group(1).split()) if found else ""

    @property
    def title(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        return found.group(1).strip() if found else ""
