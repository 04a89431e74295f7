"""One game process per browser tab: textual-serve's AppService, made safe for a class.

textual-serve's AppService starts the app with a shell command and, when asked
to stop, sends "quit" and waits for as long as the process takes. A class needs
more: each process gets the environment that says whose game it is, runs in
its own session (the teacher's Ctrl+C reaches the server, which ends every game
in order), is killed if it does not quit in time, and is watched for how long
its player has been idle. A process that crashes ends its own tab's game and
nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .protocol import BROWSER_ENV, PLAYER_META
from .warm import WarmPool

log = logging.getLogger("communard.serve")

QUIT_GRACE_SECONDS = 5.0  # time to quit cleanly (autosave written) before a kill


def served_environment(extra: Mapping[str, str], width: int = 80,
                       height: int = 24) -> dict[str, str]:
    """textual-serve's environment for a game process (its driver, colours, size), and ours."""
    environment: dict[str, str] = AppService._build_environment(
        SimpleNamespace(debug=False), width, height)  # type: ignore[arg-type]
    environment.update(extra)
    return environment


class GameSession(AppService):
    """A game process for one browser tab, and what the server knows of it."""

    def __init__(self, argv: Sequence[str], environment: dict[str, str], *,
                 write_bytes: Callable[[bytes], Awaitable[None]],
                 write_str: Callable[[str], Awaitable[None]],
                 close: Callable[[], Awaitable[None]],
                 download_manager: DownloadManager,
                 on_player: Callable[[GameSession], None] | None = None,
                 pool: WarmPool | None = None) -> None:
        super().__init__(" ".join(argv), write_bytes=write_bytes, write_str=write_str,
                         close=close, download_manager=download_manager)
        self.argv = list(argv)
        self.extra_environment = environment
        self.player: str | None = None
        self.idled = False  # ended by the server for idleness
        self._stopper: asyncio.Future[None] | None = None
        self.started = time.monotonic()
        self.last_input = self.started
        self._on_player = on_player
        self._pool = pool
        self.warm = False  # whether the game came from the pool

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        return self._process.returncode if self._process is not None else None

    @property
    def finished(self) -> bool:
        """True once the game's output has ended (it quit, crashed or was killed)."""
        return self._task is not None and self._task.done()

    async def wait_finished(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_input

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return served_environment(self.extra_environment, width, height)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        """A waiting game from the pool, or a new one: no shell, a session of its own."""
        process = None
        if self._pool is not None:
            process = self._pool.take({"COLUMNS": str(width), "ROWS": str(height),
                                       BROWSER_ENV: self.extra_environment.get(BROWSER_ENV, "")})
        self.warm = process is not None
        if process is None:
            process = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=self._build_environment(width, height),
                start_new_session=True)
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if isinstance(meta, dict) and meta.get("type") == PLAYER_META:
            name = meta.get("name")
            if isinstance(name, str) and len(name) <= 100:
                self.player = name
                if self._on_player is not None:
                    self._on_player(self)
            return
        await super().on_meta(data)

    async def stop(self, grace: float = QUIT_GRACE_SECONDS) -> None:
        """Ask the game to quit (it writes its autosave), then kill it if it does not.

        Safe to call from several places at once (the idle watchdog, the page
        closing, the server stopping): they all wait for one and the same stop.
        """
        if self._stopper is None:
            self._stopper = asyncio.ensure_future(self._stop(grace))
        await asyncio.shield(self._stopper)

    async def _stop(self, grace: float) -> None:
        if self._task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        process = self._process
        if not self._task.done():
            await self.send_meta({"type": "quit"})
        if process is not None:
            try:
                await asyncio.wait_for(process.wait(), grace)
            except TimeoutError:
                log.warning("game %s did not quit in %.0f s: killing it", self.pid, grace)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(process.wait(), grace)
        if not self._task.done():
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task
