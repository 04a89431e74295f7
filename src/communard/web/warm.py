"""Game processes started before the players arrive.

A class arrives all at once: thirty pages opened within a minute. Each served
game is a Python process that must import Textual and the game and read the
story before it can draw, about a second and a half of CPU, so thirty at once on
a teacher's two-core laptop queue for half a minute. The pool starts a few games
ahead of time, while the room is still settling: each imports everything, loads
the story, and then waits on its stdin for the one line that says who it plays
for and how big the page is (`handshake`). A page that opens takes a waiting
game and the pool starts another in the background.

A waiting game that dies (killed, out of memory) is skipped; one that is taken
is the page's alone. If the pool is empty the page starts a game the usual way,
so the pool only ever makes a page faster.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .protocol import BROWSER_ENV

log = logging.getLogger("communard.serve")

WARM_FLAG = "--warm"  # game_process's argument: wait for the handshake before starting
READY = b"R"  # what a waiting game writes to stdout once it has loaded the story
HANDSHAKE_LIMIT = 64 * 1024  # bytes; the game refuses a longer first line
# What a handshake may set in the waiting game's environment; nothing else.
HANDSHAKE_KEYS = frozenset({"COLUMNS", "ROWS", BROWSER_ENV})


def handshake(environment: Mapping[str, str]) -> bytes:
    """The first line a waiting game reads: the environment of its own page, as JSON."""
    return json.dumps({"environment": dict(environment)}).encode() + b"\n"


def read_handshake(data: bytes, allowed: frozenset[str]) -> dict[str, str]:
    """The environment a handshake line carries, keeping only the `allowed` names.

    Raises ValueError for anything that is not a JSON object of strings.
    """
    message = json.loads(data)
    environment = message.get("environment") if isinstance(message, dict) else None
    if not isinstance(environment, dict):
        raise ValueError("the handshake has no environment")
    return {key: value for key, value in environment.items()
            if key in allowed and isinstance(value, str) and len(value) <= 1000}


class WarmPool:
    """Up to `size` games started ahead, each waiting for its page."""

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], size: int,
                 on_full: Callable[[int], None] | None = None) -> None:
        self.argv = [*argv[:-1], WARM_FLAG, argv[-1]]  # the story stays the last argument
        self.environment = dict(environment)
        self.size = max(0, size)
        self._ready: list[asyncio.subprocess.Process] = []
        self._starting: set[asyncio.Task[None]] = set()
        self._closed = False
        self._on_full = on_full  # told once, the first time `size` games are waiting

    @property
    def waiting(self) -> int:
        """Games started and still alive, waiting for a page."""
        self._ready = [p for p in self._ready if p.returncode is None]
        return len(self._ready)

    def fill(self) -> None:
        """Start games in the background until `size` are waiting or starting."""
        while not self._closed and self.waiting + len(self._starting) < self.size:
            task = asyncio.create_task(self._start_one())
            self._starting.add(task)
            task.add_done_callback(self._starting.discard)

    async def _start_one(self) -> None:
        try:
            process = await asyncio.create_subprocess_exec(
                *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=self.environment, start_new_session=True)
        except OSError as exc:
            log.warning("could not start a waiting game: %s", exc)
            return
        try:
            assert process.stdout is not None
            ready = await process.stdout.readexactly(len(READY)) == READY
        except (asyncio.IncompleteReadError, ConnectionError):
            ready = False
        if self._closed or not ready:
            await _end(process)
            return
        self._ready.append(process)
        if self._on_full is not None and self.waiting >= self.size:
            self._on_full(self.size)
            self._on_full = None

    def take(self, environment: Mapping[str, str]) -> asyncio.subprocess.Process | None:
        """A waiting game, told its page's `environment`; None when none is waiting.

        Starts another in the background to take its place.
        """
        process = None
        while self._ready and process is None:
            candidate = self._ready.pop(0)
            if candidate.returncode is None and candidate.stdin is not None:
                try:
                    candidate.stdin.write(handshake(environment))
                except (ConnectionError, RuntimeError):
                    continue
                process = candidate
        self.fill()
        return process

    async def close(self) -> None:
        """End every waiting game (closing its stdin is enough: it has no page yet)."""
        self._closed = True
        for task in list(self._starting):
            task.cancel()
        await asyncio.gather(*self._starting, return_exceptions=True)
        ready, self._ready = self._ready, []
        await asyncio.gather(*(_end(p) for p in ready), return_exceptions=True)


async def _end(process: Any) -> None:
    if process.stdin is not None:
        with contextlib.suppress(Exception):
            process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), 5)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
