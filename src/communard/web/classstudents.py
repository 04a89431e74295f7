"""What students can do on the class vote's page: join, vote, answer the discussion questions.

Every request is answered with the page (or, asked by the page's script with
`X-Fragment: 1`, its <main> alone), carrying a message that says what happened:
a vote counted, or why not. Without the script, a form that worked redirects to
the page (so a reload does not post again). A student is known only by the token
the server signed and put in a cookie; nothing the page sends can name another
student or move the story.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from aiohttp import web

from .classpages import MAX_ANSWER, StudentView
from .classvote import ALLOWED, REFUSED, VoteResult
from .players import NameRefused

if TYPE_CHECKING:
    from .classserver import ClassServer

COOKIE_MAX_AGE = 12 * 3600  # a school day: a class code is for one class
MAX_FIELD = 200  # a name field longer than this is not a name (checked before cleaning)

VOTE_MESSAGES = {
    VoteResult.ALREADY: "You have already voted on this scene: one vote each.",
    VoteResult.LOCKED: "That choice is locked: no one can vote for it.",
    VoteResult.UNKNOWN: "That choice is not in this scene: the class may have moved on.",
    VoteResult.CLOSED: "There is nothing to vote on now.",
    VoteResult.NOT_IN: "Your teacher has not let you in yet.",
}


class StudentRoutes:
    """The students' requests, handled on the server's thread."""

    COOKIE = "communard_class"

    def __init__(self, server: ClassServer) -> None:
        self.server = server

    def _token(self, request: web.Request) -> str | None:
        return request.cookies.get(self.COOKIE)

    def _done(self, request: web.Request, view: StudentView, *, status: int = 200,
              token: str | None = None) -> web.Response:
        """The page after a form: the fragment for the script, else a redirect home."""
        scripted = request.headers.get("X-Fragment") == "1"
        if scripted or status != 200:
            response = self.server.page(request, view, status)
        else:
            response = web.HTTPSeeOther("/")
        if token is not None:
            response.set_cookie(self.COOKIE, token, max_age=COOKIE_MAX_AGE, httponly=True,
                                samesite="Strict", path="/")
        return response

    async def page(self, request: web.Request) -> web.Response:
        return self.server.page(request, self.server.view_for(self._token(request)))

    async def join(self, request: web.Request) -> web.Response:
        server = self.server
        room = server._room
        form = await request.post()
        raw = form.get("name")
        typed = raw if isinstance(raw, str) else ""
        player = room.player_of(self._token(request))
        try:
            if len(typed) > MAX_FIELD:
                raise NameRefused("That name is too long: 24 letters at most.")
            if player is not None and player.status == REFUSED:
                player = room.rename(player.id, typed)
            elif player is None:
                if len(room.players) >= server.options.max_students:
                    view = server.view_for(None)
                    view.state = "full"
                    return server.page(request, view, 503)
                player = room.join(typed)
        except NameRefused as exc:
            view = server.view_for(self._token(request))
            view.message, view.message_kind = str(exc), "error"
            view.typed = clean_answer(typed[:MAX_FIELD]).replace("\n", " ")
            return server.page(request, view, 400)
        server.changed()  # the teacher's panel: one more student, or one more waiting
        token = room.token(player.id)
        view = server.view_for(token)
        if player.status == ALLOWED:
            view.message = "You are in. Vote when your teacher asks."
        return self._done(request, view, token=token)

    async def vote(self, request: web.Request) -> web.Response:
        server = self.server
        room = server._room
        form = await request.post()
        choice = form.get("choice")
        token = self._token(request)
        player = room.player_of(token)
        if player is None:
            result = VoteResult.NOT_IN
        else:
            result = room.vote(player.id, choice if isinstance(choice, str) else "")
        view = server.view_for(token)
        if result is VoteResult.COUNTED:
            server.changed()
            view.message = f"Your vote is counted: “{view.my_vote}”."
            return self._done(request, view)
        view.message, view.message_kind = VOTE_MESSAGES[result], "error"
        return self._done(request, view, status=403 if result is VoteResult.NOT_IN else 409)

    async def answer(self, request: web.Request) -> web.Response:
        """Answers to the discussion questions of the scene on screen (kept per question)."""
        server = self.server
        room = server._room
        form = await request.post()
        token = self._token(request)
        player = room.player_of(token)
        scene = room.scene
        if player is None or player.status != ALLOWED or scene is None or not scene.questions:
            view = server.view_for(token)
            view.message, view.message_kind = "There is no question to answer now.", "error"
            return self._done(request, view, status=409)
        sent = 0
        for number, question in enumerate(scene.questions, 1):
            raw = form.get(f"q{number}")
            text = clean_answer(raw) if isinstance(raw, str) else ""
            if text:
                room.store.save_answer(room.info.id, player.id, scene.chapter_id, question, text)
                sent += 1
        view = server.view_for(token)
        view.message = ("Your answers are sent; you can change them until the class moves on."
                        if sent else "Nothing to send: the answers are empty.")
        view.message_kind = None if sent else "error"
        return self._done(request, view, status=200 if sent else 400)


def clean_answer(raw: str) -> str:
    """A student's answer as kept: NFC, line breaks kept, other control and direction
    characters dropped, at most MAX_ANSWER characters."""
    text = unicodedata.normalize("NFC", raw[:MAX_ANSWER * 2].replace("\r\n", "\n"))
    text = "".join(ch for ch in text
                   if ch == "\n" or unicodedata.category(ch)[0] != "C")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()[:MAX_ANSWER]
