"""The class vote's web server: the students' page, its live updates, the teacher's controls.

It runs on a thread of its own with its own event loop (started by the command
before the teacher's game appears), so a class of phones voting never slows the
projector's screen, and the game's screen never delays a vote. The teacher's
game talks to it through the thread-safe methods at the bottom (`arrive`,
`back`, `closing`...), and hears from it through two callbacks: `on_change`
(the tally and who joined, coalesced to at most one call per TALLY_EVERY) and
`on_teacher` (a request from the teacher's token holder over HTTP).

Routes: `/` the students' page (`?part=main` its <main> alone, for the script),
`/join`, `/vote` and `/answer` (forms), `/events` (Server-Sent Events: "what you
see has changed"), `/class.css` and `/class.js`, and under `/teacher/` the
teacher's controls, which need `Authorization: Bearer <teacher token>`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from .classpages import SECURITY_HEADERS, STATIC, StudentView, render_main, render_page
from .classstats import StoryLabels, printable, vote_summary
from .classstudents import StudentRoutes
from .classvote import ALLOWED, REFUSED, Closing, Tally, VoteRoom, VoteScene
from .store import ClassInfo, ClassStore, Move

T = TypeVar("T")
TALLY_EVERY = 0.05  # seconds: the teacher's tally is redrawn at most this often
KEEP_ALIVE = 15.0


@dataclass(frozen=True)
class ClassOptions:
    code: str
    story_title: str
    language: str = "en"
    host: str = "127.0.0.1"
    port: int = 8000
    ask_names: bool = True
    max_students: int = 60


@dataclass(frozen=True)
class ClassSnapshot:
    """What the teacher's panel shows: who is in, who waits, and the tally."""

    joined: int
    waiting: tuple[tuple[int, str], ...]
    tally: Tally | None
    at: float  # time.monotonic() when it was taken


@dataclass(frozen=True)
class TeacherAsk:
    """A teacher's control used over HTTP: close, choose (a choice id) or undo."""

    action: str
    choice_id: str | None = None


class ClassServer:
    """The students' side of a class vote, on its own thread."""

    def __init__(self, db_path: Path, info: ClassInfo, options: ClassOptions,
                 labels: StoryLabels) -> None:
        self.db_path = db_path
        self.info = info
        self.options = options
        self.labels = labels
        self.teacher_token = secrets.token_urlsafe(24)
        self.on_change: Callable[[ClassSnapshot], None] | None = None
        self.on_teacher: Callable[[TeacherAsk], None] | None = None
        self.url = ""
        self.room: VoteRoom | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._wake: asyncio.Event | None = None
        self._emit_pending = False
        self._last_emit = 0.0
        self.stopping = False

    # -- starting and stopping (from the teacher's thread) -------------------------------
    def start(self, timeout: float = 30.0) -> str:
        """Start serving; the local address once it listens. OSError if it cannot bind."""
        ready: concurrent.futures.Future[str] = concurrent.futures.Future()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="class-server",
                                        daemon=True)
        self._thread.start()
        self.url = ready.result(timeout)
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, ready: concurrent.futures.Future[str]) -> None:
        try:
            asyncio.run(self._serve(ready))
        except BaseException as exc:
            if not ready.done():
                ready.set_exception(exc)

    async def _serve(self, ready: concurrent.futures.Future[str]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        store = ClassStore(self.db_path)
        self.room = VoteRoom(store, self.info, ask_names=self.options.ask_names)
        app = web.Application(client_max_size=64 * 1024)
        app.add_routes(self.routes())
        app.on_response_prepare.append(_secure)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.options.host, self.options.port)
            await site.start()
            ready.set_result(f"http://{_url_host(self.options.host)}:{_port(site)}/")
            await self._stop.wait()
        finally:
            self.stopping = True
            self._wake.set()
            await runner.cleanup()
            store.close()

    # -- routes ----------------------------------------------------------------------------
    def routes(self) -> list[web.AbstractRouteDef]:
        students = StudentRoutes(self)
        return [
            web.get("/", students.page),
            web.post("/join", students.join),
            web.post("/vote", students.vote),
            web.post("/answer", students.answer),
            web.get("/events", self.events),
            web.get("/class.css", _static("class.css", "text/css")),
            web.get("/class.js", _static("class.js", "text/javascript")),
            web.get("/teacher/state", self.teacher_state),
            web.post("/teacher/{action}", self.teacher_action),
        ]

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-Sent Events: the version of what this student sees, whenever it changes."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                               "Cache-Control": "no-store"})
        await response.prepare(request)
        token = request.cookies.get(StudentRoutes.COOKIE)
        sent = None
        try:
            while not self.stopping:
                version = self.version_for(token)
                if version != sent:
                    await response.write(f"retry: 2000\ndata: {version}\n\n".encode())
                    sent = version
                assert self._wake is not None
                wake = self._wake
                try:
                    await asyncio.wait_for(wake.wait(), KEEP_ALIVE)
                except TimeoutError:
                    await response.write(b": still here\n\n")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        return response

    def version_for(self, token: str | None) -> str:
        room = self._room
        player = room.player_of(token)
        return f"{room.version}-{player.status if player else 'out'}"

    def view_for(self, token: str | None) -> StudentView:
        """The student's page as it stands (the routes add a message to it)."""
        room = self._room
        options = self.options
        player = room.player_of(token)
        view = StudentView("join", self.info.code, options.story_title, options.language,
                           options.ask_names, self.version_for(token))
        if player is None:
            return view
        if player.status == REFUSED:
            name = printable(player.name or "", 40)
            view.message = (f"Your teacher did not accept the name “{name}”. "
                            "Type another name to ask again.")
            view.message_kind = "error"
            return view
        view.player_name = printable(player.name or "", 40)
        if player.status != ALLOWED:
            view.state = "waiting"
            return view
        if room.scene is None:
            view.state = "closed"
            return view
        view.state = "vote"
        view.scene = room.scene
        view.round_open = room.round_id is not None
        voted = room.ballots.get(player.id)
        choice = room.scene.choice(voted) if voted else None
        view.my_vote = choice.text if choice else None
        view.decided = room.decided
        if room.scene.ending_title is not None and room.run_id is not None:
            view.summary = tuple(vote_summary(room.store, self.labels, room.run_id, player.id))
        if room.scene.questions:
            view.answers = dict(room.store.query(
                "SELECT question, answer FROM answers WHERE player_id = ? AND chapter_id = ?",
                (player.id, room.scene.chapter_id)))
        return view

    def page(self, request: web.Request, view: StudentView, status: int = 200) -> web.Response:
        fragment = request.headers.get("X-Fragment") == "1" or request.query.get("part") == "main"
        text = render_main(view) if fragment else render_page(view)
        return web.Response(text=text, content_type="text/html", status=status)

    # -- the teacher's controls over HTTP ------------------------------------------------
    def _teacher(self, request: web.Request) -> None:
        given = request.headers.get("Authorization", "")
        if not secrets.compare_digest(given.encode(), f"Bearer {self.teacher_token}".encode()):
            raise web.HTTPUnauthorized(text="The teacher's token is needed for this.",
                                       headers={"WWW-Authenticate": "Bearer"})

    async def teacher_state(self, request: web.Request) -> web.Response:
        self._teacher(request)
        room = self._room
        tally = room.tally()
        return web.json_response({
            "code": self.info.code, "joined": room.joined(),
            "waiting": [{"id": p.id, "name": p.name} for p in room.waiting()],
            "scene": room.scene.id if room.scene else None, "round": room.round_id,
            "votes": tally.votes if tally else 0,
            "tally": {c.id: n for c, n in tally.counts} if tally else {},
        })

    async def teacher_action(self, request: web.Request) -> web.Response:
        self._teacher(request)
        action = request.match_info["action"]
        form = await request.post()
        if action == "admit":
            player = str(form.get("player", ""))
            allow = str(form.get("allow", "1")) != "0"
            if not player.isdigit() or not self._room.admit(int(player), allow):
                raise web.HTTPNotFound(text="No such student.")
            self.changed(students=True)
            return web.json_response({"ok": True})
        if action not in ("close", "choose", "undo"):
            raise web.HTTPNotFound(text="No such control.")
        choice = form.get("choice")
        if self.on_teacher is None:
            raise web.HTTPServiceUnavailable(text="The teacher's game is not running.")
        self.on_teacher(TeacherAsk(action, str(choice) if choice is not None else None))
        return web.json_response({"ok": True}, status=202)

    # -- telling students and the teacher ------------------------------------------------
    @property
    def _room(self) -> VoteRoom:
        assert self.room is not None, "the server has not started"
        return self.room

    def changed(self, students: bool = False) -> None:
        """Something changed: wake the students' pages (if `students`), redraw the tally soon."""
        if students and self._wake is not None:
            self._wake.set()
            self._wake = asyncio.Event()
        if self._emit_pending:
            return
        self._emit_pending = True
        wait = self._last_emit + TALLY_EVERY - time.monotonic()
        assert self._loop is not None
        if wait > 0:
            self._loop.call_later(wait, self._emit)
        else:
            self._loop.call_soon(self._emit)

    def _emit(self) -> None:
        self._emit_pending = False
        self._last_emit = time.monotonic()
        if self.on_change is not None:
            self.on_change(self.snapshot())

    def snapshot(self) -> ClassSnapshot:
        room = self._room
        return ClassSnapshot(room.joined(),
                             tuple((p.id, p.name or p.pseudonym) for p in room.waiting()),
                             room.tally(), time.monotonic())

    # -- thread-safe calls from the teacher's game ---------------------------------------
    def call(self, function: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        """Run `function(*args)` on the server's thread; its result as a Future."""
        assert self._loop is not None
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def run() -> None:
            try:
                future.set_result(function(*args))
            except BaseException as exc:
                future.set_exception(exc)

        self._loop.call_soon_threadsafe(run)
        return future

    def _moved(self, change: Callable[..., None], *args: Any) -> None:
        change(*args)
        self.changed(students=True)

    def start_class(self, scene: VoteScene, resume: bool) -> concurrent.futures.Future[None]:
        return self.call(self._moved, self._room.start, scene, resume)

    def arrive(self, scene: VoteScene, move: Move) -> concurrent.futures.Future[None]:
        return self.call(self._moved, self._room.arrive, scene, move)

    def back(self, scene: VoteScene) -> concurrent.futures.Future[None]:
        return self.call(self._moved, self._room.back, scene)

    def restart(self, scene: VoteScene) -> concurrent.futures.Future[None]:
        return self.call(self._moved, self._room.restart, scene)

    def closing(self) -> concurrent.futures.Future[Closing]:
        return self.call(lambda: self._room.closing())

    def admit(self, player_id: int | None, allow: bool) -> concurrent.futures.Future[int]:
        """Let in (or refuse) one waiting student, or (None) every one waiting: how many."""
        def run() -> int:
            room = self._room
            ids = [p.id for p in room.waiting()] if player_id is None else [player_id]
            done = sum(room.admit(i, allow) for i in ids)
            self.changed(students=True)
            return done
        return self.call(run)

    def summary(self) -> concurrent.futures.Future[list[str]]:
        """How the class voted at its key choices so far (for the ending screen)."""
        def run() -> list[str]:
            room = self._room
            if room.run_id is None:
                return []
            return vote_summary(room.store, self.labels, room.run_id, None)
        return self.call(run)


def _static(name: str, content_type: str) -> Callable[[web.Request], Any]:
    body = (STATIC / name).read_bytes()

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type,
                            headers={"Cache-Control": "max-age=300"})
    return handler


async def _secure(request: web.Request, response: web.StreamResponse) -> None:
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _port(site: web.TCPSite) -> int:
    server: Any = getattr(site, "_server", None)
    for sock in getattr(server, "sockets", None) or []:
        return int(sock.getsockname()[1])
    return 0
