"""Benchmark of the class vote: a class of phones voting on many scenes, on this machine.

Run: `python tests/bench/bench_class.py [--students 40] [--scenes 50] [--story PATH]`

The teacher's game is the real one (ClassVoteApp, headless, driven by a Pilot),
with its class server on 127.0.0.1 and a class database in a private folder.
The students are `--students` HTTP clients (one keep-alive connection each, one
thread each) in a process of their own, so they do not share the teacher's
interpreter. On each of `--scenes` scenes every student fetches the page's
<main> (what the page's script does when the teacher moves on), then all vote
at once (POST /vote, as the script sends it); the teacher's game waits until
its panel shows every vote, then takes choice 1 (the story must loop: the
bundled test story's oven and street do).

Printed:
- vote-to-tally: from a vote's request leaving the student to the teacher's
  panel (VotePanel.show, on the UI thread) first showing a count that includes
  it (the server counts votes in order, so the k-th vote counted is in every
  tally of k votes or more); median, p95, max;
- votes per second the server takes: the votes of a scene over the time from
  the first request sent to the last answer received, all scenes together; and
  requests per second over the whole run (the page fetches included);
- its peer, measured the same way right after each scene's votes: every phone
  at once fetching the stylesheet (the same server's smallest answer, from
  memory), and the ratio of the two (on a shared machine the ratio is the
  figure to compare, not the rates);
- the database's size (file and its WAL) and per vote;
- votes lost: the votes answered 200 against the rows in the database.

Bounded: `--students` at most 200, every request times out after 10 s, and the
run stops after `--deadline` seconds. Nothing here is a timed test; the goals
(p95 under 200 ms with 40 students, 1,000 votes/s, no vote lost) are printed
beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import multiprocessing
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
MAX_STUDENTS = 200
TIMEOUT = 10.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# -- the students' process ---------------------------------------------------------------
class Phone:
    """One student: a keep-alive connection and the class cookie."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                     timeout=TIMEOUT)
        self.cookie = ""
        self.player = 0

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> int:
        headers = {"X-Fragment": "1"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
            self.player = int(self.cookie.split("=", 1)[1].split(".")[1])
        return response.status


def vote_once(phone: Phone, choice: str,
              ready: threading.Barrier) -> tuple[int, str, float, float, int]:
    """The page's refresh after the teacher's move, then (all phones at once) the vote."""
    phone.send("GET", "/?part=main")
    ready.wait(TIMEOUT)
    sent = time.monotonic()
    status = phone.send("POST", "/vote", {"choice": choice})
    return phone.player, choice, sent, time.monotonic(), status


def fetch_static(phone: Phone, ready: threading.Barrier) -> tuple[float, float, int]:
    """The peer of a vote: the same server's smallest answer (its stylesheet, from memory)."""
    ready.wait(TIMEOUT)
    sent = time.monotonic()
    status = phone.send("GET", "/class.css")
    return sent, time.monotonic(), status


def students(pipe: Connection, url: str, count: int, seed: int) -> None:
    """Serve the teacher's process: join, then one round of votes per request."""
    phones = [Phone(url) for _ in range(count)]
    pool = ThreadPoolExecutor(count)
    requests = 0
    rng = random.Random(seed)
    while True:
        command, argument = pipe.recv()
        if command == "join":
            statuses = list(pool.map(lambda p: p.send("POST", "/join", {"name": ""}), phones))
            requests += len(phones)
            pipe.send(statuses)
        elif command == "vote":
            ready = threading.Barrier(count)
            picks = [rng.choice(argument) for _ in phones]
            results = list(pool.map(vote_once, phones, picks, [ready] * count))
            ready = threading.Barrier(count)
            peers = list(pool.map(fetch_static, phones, [ready] * count))
            requests += 3 * count
            pipe.send((results, peers))
        else:
            pipe.send(requests)
            pool.shutdown()
            return


# -- the teacher's process ------------------------------------------------------------------
async def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from communard.classapp import ClassVoteApp
    from communard.web.classserver import ClassOptions, ClassServer
    from communard.web.classstats import StoryLabels
    from communard.web.classvote import VoteResult, VoteRoom, VoteScene, take
    from communard.widgets.vote_panel import VotePanel
    from engine import Session, load_story
    from engine.saves import SaveStore

    shown: list[tuple[float, int | None, int]] = []  # (when, round, votes) on the panel
    counted: dict[tuple[int, int], int] = {}  # (round, player) -> votes in the round after it

    panel_show = VotePanel.show

    def show(panel: VotePanel, snapshot: Any) -> None:
        panel_show(panel, snapshot)
        tally = snapshot.tally
        if tally is not None:
            shown.append((time.monotonic(), tally.round_id, tally.votes))

    room_vote = VoteRoom.vote

    def vote(room: VoteRoom, player_id: int, choice_id: str) -> VoteResult:
        result = room_vote(room, player_id, choice_id)
        if result is VoteResult.COUNTED and room.round_id is not None:
            counted[(room.round_id, player_id)] = len(room.ballots)
        return result

    VotePanel.show = show  # type: ignore[method-assign]
    VoteRoom.vote = vote  # type: ignore[method-assign]

    from communard.web.store import ClassStore

    story = load_story(args.story)
    db = folder / "classes.sqlite"
    store = ClassStore(db)
    info = store.open_class("BENCH", story.id, story.version, story.title)
    store.close()
    server = ClassServer(db, info, ClassOptions("BENCH", story.title, port=0,
                                                ask_names=False,
                                                max_students=args.students),
                         StoryLabels.of(story))
    url = server.start()
    app = ClassVoteApp(story, SaveStore(folder / "saves", story), server, join_url=url)
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    clients = context.Process(target=students, args=(theirs, url, args.students, 1871),
                              daemon=True)
    clients.start()
    deadline = time.monotonic() + args.deadline
    votes: list[tuple[int, int, str, float, float, int]] = []  # round, player, choice, ...
    windows: list[tuple[int, float]] = []
    statics: list[tuple[int, float]] = []  # the peer: GET /class.css, all phones at once
    started = time.monotonic()
    cpu = time.process_time()
    load = os.getloadavg()[0]
    async def scenes(pause: Callable[[float], Awaitable[Any]], choices: Callable[[], list[str]],
                     take_first: Callable[[], Awaitable[Any]]) -> None:
        ours.send(("join", None))
        joined = await asyncio.to_thread(ours.recv)
        assert all(s == 200 for s in joined), joined
        for _scene in range(args.scenes):
            if time.monotonic() > deadline:
                print(f"(stopped at the deadline after {len(windows)} scenes)")
                break
            room = server.room
            assert room is not None and room.round_id is not None
            round_id = room.round_id
            ours.send(("vote", choices()))
            results, peers = await asyncio.to_thread(ours.recv)
            statics.append((sum(p[2] == 200 for p in peers),
                            max(p[1] for p in peers) - min(p[0] for p in peers)))
            accepted = [r for r in results if r[4] == 200]
            votes.extend((round_id, *r) for r in results)
            windows.append((len(accepted),
                            max(r[3] for r in results) - min(r[2] for r in results)))
            while not any(r == round_id and n >= len(accepted) for _, r, n in shown):
                if time.monotonic() > deadline:
                    raise TimeoutError("the tally never showed every vote")
                await pause(0.005)
            await take_first()  # the teacher takes choice 1: the story loops
            while room.round_id == round_id:
                await pause(0.005)

    try:
        if args.server_only:  # the teacher is code: the server's cost without the screen's
            session = Session(story)

            def tallied(snapshot: Any) -> None:
                if snapshot.tally is not None:
                    shown.append((time.monotonic(), snapshot.tally.round_id,
                                  snapshot.tally.votes))

            async def take_first() -> None:
                first = next(c.id for c in session.view().choices if c.enabled)
                await asyncio.wrap_future(server.arrive(*take(session, first, "override")))

            server.on_change = tallied
            await asyncio.wrap_future(server.start_class(VoteScene.of(session.view()), False))
            await scenes(asyncio.sleep,
                         lambda: [c.id for c in session.view().choices if c.enabled], take_first)
        else:
            async with app.run_test(headless=True, size=(140, 50)) as pilot:
                await pilot.pause(0.5)
                await scenes(pilot.pause,
                             lambda: [c.id for c in app.session.view().choices if c.enabled],
                             lambda: pilot.press("1"))
    finally:
        ours.send(("stop", None))
        requests = ours.recv() if clients.is_alive() else 0
        clients.join(10)
        elapsed = time.monotonic() - started
        cpu = time.process_time() - cpu
        server.stop()
        VotePanel.show = panel_show  # type: ignore[method-assign]
        VoteRoom.vote = room_vote  # type: ignore[method-assign]

    latencies = []
    for round_id, player, _choice, sent, _answered, status in votes:
        if status != 200:
            continue
        rank = counted[(round_id, player)]
        seen = next(t for t, r, n in shown if r == round_id and n >= rank)
        latencies.append((seen - sent) * 1000)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM votes").fetchone()[0]
    sizes = {p.name: p.stat().st_size for p in folder.glob("classes.sqlite*")}
    return {"latencies": latencies, "windows": windows, "votes": votes, "rows": rows,
            "sizes": sizes, "requests": requests, "elapsed": elapsed,
            "scenes": len(windows), "statics": statics, "cpu": cpu, "load": load}


def report(args: argparse.Namespace, found: dict[str, Any]) -> None:
    latencies = found["latencies"]
    windows = found["windows"]
    accepted = sum(n for n, _ in windows)
    sent = len(found["votes"])
    rate = accepted / sum(w for _, w in windows) if windows else 0.0
    per_scene = [n / w for n, w in windows if w > 0]
    statics = found["statics"]
    peer = sum(n for n, _ in statics) / sum(w for _, w in statics) if statics else 0.0
    total = sum(found["sizes"].values())
    teacher = "code (--server-only)" if args.server_only else "the game's screen"
    print(f"class vote: {args.students} students, {found['scenes']} scenes, story "
          f"{args.story.name}, the teacher {teacher};\n{os.cpu_count()} CPUs, load average "
          f"{found['load']:.1f} at the start and {os.getloadavg()[0]:.1f} at the end")
    print()
    print(f"{'measure':<44}{'value':>16}   goal")
    rows = [
        ("vote-to-tally on the teacher's panel, median", f"{statistics.median(latencies):.1f} ms",
         ""),
        ("vote-to-tally, p95", f"{pct(latencies, 95):.1f} ms", "under 200 ms"),
        ("vote-to-tally, max", f"{max(latencies):.1f} ms", ""),
        ("votes per second, all scenes' votes", f"{rate:.0f} /s", "1,000 /s"),
        ("votes per second, per scene, median", f"{statistics.median(per_scene):.0f} /s", ""),
        ("peer: GET /class.css per second, same way", f"{peer:.0f} /s",
         "(the same server's smallest answer, all phones at once)"),
        ("votes per second / peer's answers per second", f"{rate / peer:.2f}" if peer else "-",
         ""),
        ("CPU of the teacher's process (game + server)",
         f"{found['cpu']:.1f} s", f"over {found['elapsed']:.0f} s"),
        ("requests per second over the run", f"{found['requests'] / found['elapsed']:.0f} /s",
         "(page fetches and votes, teacher's moves and waits included)"),
        ("database size (file + WAL)", f"{total / 1024:.0f} KiB", ""),
        ("database size per vote", f"{total / max(found['rows'], 1):.0f} B", ""),
        ("votes sent / answered 200 / rows", f"{sent} / {accepted} / {found['rows']}", ""),
        ("votes lost", f"{accepted - found['rows']}", "0"),
    ]
    for name, value, goal in rows:
        print(f"{name:<44}{value:>16}   {goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--scenes", type=int, default=50)
    parser.add_argument("--story", type=Path, default=MINI)
    parser.add_argument("--server-only", action="store_true",
                        help="the teacher is code, not the game's screen: the server's cost "
                             "alone (vote-to-tally is then to the tally the app is sent)")
    parser.add_argument("--deadline", type=float, default=600.0,
                        help="stop after this many seconds (default 600)")
    args = parser.parse_args()
    if not 1 <= args.students <= MAX_STUDENTS:
        parser.error(f"--students from 1 to {MAX_STUDENTS}")
    with tempfile.TemporaryDirectory(prefix="bench-class-") as name:
        folder = Path(name)
        os.environ["COMMUNARD_DATA_DIR"] = str(folder / "data")
        os.environ["COMMUNARD_CACHE_DIR"] = str(folder / "cache")
        found = asyncio.run(run(args, folder))
        report(args, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
