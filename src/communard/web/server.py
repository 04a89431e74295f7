"""The server behind `communard serve`: textual-serve's, with a class's limits.

One aiohttp application: the game page (`/`), the websocket each tab's game
talks over (`/ws`), downloads of exported transcripts (`/download/<key>`, from
textual-serve), textual-serve's static files (its JavaScript and fonts), and the
teacher's guide (`/guide`). Each websocket starts one game process
(sessions.GameSession) that plays in its player's own folder.

The limits a classroom needs live here: at most `max_players` games at once
(the next browser gets a page saying the class is full), a game idle for
`idle_minutes` ends (its autosave is kept: it is written after every choice and
again when the game quits), a game process that crashes ends that tab's game and
nothing else, and stopping the server ends every game in order.

Other servers (the class vote of a later issue) add their pages by overriding
`routes()`; `make_app()` builds the aiohttp application with them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from aiohttp import WSMsgType, web
from textual_serve.server import Server as TextualServer

from . import pages
from .classplay import CLASS_CODE_ENV, CLASS_DB_ENV
from .players import valid_token
from .protocol import BROWSER_ENV, COOKIE, ROOT_ENV
from .sessions import GameSession, served_environment
from .warm import WarmPool

COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass
class ServeOptions:
    """What `communard serve` was asked for."""

    story: Path
    root: Path  # the players' folders live in root/players
    title: str = "Communard"
    host: str = "127.0.0.1"
    port: int = 8000
    max_players: int = 40
    idle_minutes: float = 30.0
    class_db: Path | None = None  # `--class CODE`: every game records into this database
    class_code: str | None = None
    warm: int = 8  # games started ahead of the players (web/warm.py)

    def game_environment(self, browser: str) -> dict[str, str]:
        """What a game process is told: the players' folders, its browser, and its class."""
        environment = {ROOT_ENV: str(self.root), BROWSER_ENV: browser}
        if self.class_db is not None and self.class_code is not None:
            environment[CLASS_DB_ENV] = str(self.class_db)
            environment[CLASS_CODE_ENV] = self.class_code
        return environment


class GameServer(TextualServer):
    """Serve the Textual game to browsers, one process and one folder per player."""

    def __init__(self, options: ServeOptions, guide: Callable[[], str] | None = None,
                 out: TextIO | None = None) -> None:
        self.options = options
        self.argv = [sys.executable, "-m", "communard.web.game_process", str(options.story)]
        super().__init__(" ".join(self.argv), host=options.host, port=options.port,
                         title=options.title, templates_path=pages.TEMPLATES)
        self._guide = guide
        self._guide_html: str | None = None
        self.out = out or sys.stdout
        self.sessions: set[GameSession] = set()
        self.websockets: set[web.WebSocketResponse] = set()
        self._watchdog: asyncio.Task[None] | None = None
        self._ending: set[asyncio.Task[None]] = set()  # idle games being stopped
        self._stopping = False
        self.pool: WarmPool | None = None

    # -- the application -------------------------------------------------------
    def routes(self) -> list[web.AbstractRouteDef]:
        """Every route of the server; a subclass adds its own to these."""
        return [
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/guide", self.handle_guide, name="guide"),
            web.static("/static", self.statics_path, name="static"),
        ]

    def make_app(self) -> web.Application:
        app = web.Application()
        pages.setup(app)
        app.add_routes(self.routes())
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def _make_app(self) -> web.Application:  # textual-serve's name for it
        return self.make_app()

    def say(self, message: str) -> None:
        """One line for the teacher's terminal, with the time."""
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        print(f"{stamp}  {message}", file=self.out, flush=True)

    @property
    def players_now(self) -> int:
        return len(self.sessions)

    def _full(self) -> bool:
        return self.players_now >= self.options.max_players

    # -- pages -------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        if self._full():
            self.say(f"refused a player: the class is full ({self.options.max_players})")
            return pages.full_page(request, title=self.options.title, players=self.players_now)
        response = pages.game_page(request, title=self.options.title,
                                   idle_minutes=round(self.options.idle_minutes))
        if not valid_token(request.cookies.get(COOKIE)):
            response.set_cookie(COOKIE, secrets.token_urlsafe(24), max_age=COOKIE_MAX_AGE,
                                httponly=True, samesite="Strict", path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_guide(self, request: web.Request) -> web.Response:
        """The teacher's guide to the whole story, rendered once, on first request."""
        if self._guide is None:
            raise web.HTTPNotFound(text="No guide for this story.")
        if self._guide_html is None:
            loop = asyncio.get_running_loop()
            self._guide_html = await loop.run_in_executor(None, self._guide)
        return web.Response(text=self._guide_html, content_type="text/html")

    # -- games -------------------------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        await websocket.prepare(request)
        if self._full() or self._stopping:
            await websocket.send_bytes(
                pages.FULL_IN_TERMINAL.format(players=self.players_now).encode())
            await websocket.close()
            return websocket
        browser = request.cookies.get(COOKIE)
        if not valid_token(browser):
            browser = secrets.token_urlsafe(24)  # cookies refused: a player for this tab only
        session = GameSession(
            self.argv, self.options.game_environment(str(browser)),
            write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=_closer(websocket), download_manager=self.download_manager,
            on_player=self._joined, pool=self.pool)
        self.sessions.add(session)
        self.websockets.add(websocket)
        try:
            await session.start(_size(request, "width", 80), _size(request, "height", 24))
            reader = asyncio.create_task(self._read_browser(websocket, session))
            finished = asyncio.create_task(session.wait_finished())
            await asyncio.wait({reader, finished}, return_when=asyncio.FIRST_COMPLETED)
            reader.cancel()
            finished.cancel()
        except Exception as exc:  # one tab's failure is never the server's
            self.say(f"a game failed to run: {exc!r}")
        finally:
            await session.stop()
            self.sessions.discard(session)
            self.websockets.discard(websocket)
            await websocket.close()
            self._left(session)
        return websocket

    async def _read_browser(self, websocket: web.WebSocketResponse,
                            session: GameSession) -> None:
        """Pass keys, clicks and resizes to the game; a malformed message is ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind = envelope[0]
                data = envelope[1] if len(envelope) > 1 else None
                if kind == "stdin" and isinstance(data, str):
                    await session.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    await session.set_terminal_size(_bounded(data.get("width"), 80),
                                                    _bounded(data.get("height"), 24))
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await session.blur()
                elif kind == "focus":
                    await session.focus()
            except (ValueError, TypeError, IndexError, KeyError):
                continue

    def _joined(self, session: GameSession) -> None:
        self.say(f"{session.player} is playing ({self.players_now} "
                 f"player{'s' if self.players_now != 1 else ''} now)")

    def _left(self, session: GameSession) -> None:
        who = session.player or "a player who gave no name"
        code = session.returncode
        if code not in (0, None) and not self._stopping and not session.idled:
            self.say(f"the game of {who} stopped unexpectedly (exit code {code}); "
                     "its autosave is kept")
        self.say(f"{who} left ({self.players_now} playing)")

    # -- idle games, and stopping ------------------------------------------------------
    async def on_startup(self, app: web.Application) -> None:
        self._watchdog = asyncio.create_task(self._end_idle_games())
        size = min(self.options.warm, self.options.max_players)
        if size > 0:
            # Each waiting game learns its browser from the handshake, not from here.
            self.pool = WarmPool(self.argv, served_environment(self.options.game_environment("")),
                                 size, on_full=self._pool_full)
            self.pool.fill()

    def _pool_full(self, size: int) -> None:
        if size == 1:
            self.say("1 game is started and waiting: the first student gets it at once")
        else:
            self.say(f"{size} games are started and waiting: the first {size} students "
                     "get theirs at once")

    async def _end_idle_games(self) -> None:
        limit = self.options.idle_minutes * 60
        period = max(0.2, min(30.0, limit / 4))
        while True:
            await asyncio.sleep(period)
            for session in list(self.sessions):
                if session.idle_seconds() > limit and not session.idled:
                    session.idled = True
                    self.say(f"{session.player or 'a player'} was idle for "
                             f"{_minutes(self.options.idle_minutes)}: game ended, autosave kept")
                    task = asyncio.create_task(session.stop())
                    self._ending.add(task)
                    task.add_done_callback(self._ending.discard)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every game (each writes its autosave) and close every page's connection."""
        self._stopping = True
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self.pool is not None:
            await self.pool.close()
        sessions = list(self.sessions)
        if sessions:
            self.say(f"stopping: ending {len(sessions)} game(s)…")
        await asyncio.gather(*(s.stop() for s in sessions), return_exceptions=True)
        for websocket in list(self.websockets):
            with contextlib.suppress(Exception):
                await websocket.close()

    async def run(self, ready: Callable[[str], None]) -> None:
        """Serve until SIGINT or SIGTERM; `ready` gets the address once it is listening.

        Raises OSError when the address cannot be bound (a port in use).
        """
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(self.make_app(), handle_signals=False, shutdown_timeout=15)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.options.host, self.options.port)
            await site.start()
            port = _bound_port(site, self.options.port)
            ready(f"http://{_url_host(self.options.host)}:{port}/")
            await stop.wait()
        finally:
            await runner.cleanup()


def _closer(websocket: web.WebSocketResponse) -> Callable[[], Awaitable[None]]:
    async def close() -> None:
        await websocket.close()
    return close


def _size(request: web.Request, key: str, default: int) -> int:
    return _bounded(request.query.get(key), default)


def _bounded(value: Any, default: int) -> int:
    """A terminal dimension from the browser: an int within reason, else the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 2 <= number <= 1000 else default


def _minutes(minutes: float) -> str:
    return f"{minutes:g} min"


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _bound_port(site: web.TCPSite, asked: int) -> int:
    server: Any = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    for sock in sockets:
        return int(sock.getsockname()[1])
    return asked

