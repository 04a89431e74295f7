"""Benchmark of `communard serve`: a class of players at once, on this machine.

Run: `python tests/bench/bench_serve.py [--players 30] [--choices 20] [--stagger 0]
[--browser 3] [--story PATH] [--warm 8]`

Starts `communard serve` on 127.0.0.1 (a free port, private folders) and opens
`--players` games at once as websocket clients speaking textual-serve's protocol
(what the page's script does: GET the page, which sets the browser cookie, then
open /ws with the terminal's size and send keys as ["stdin", ...]). Each player
gives a name, starts a new game and takes `--choices` choices (key "1"; the game
answers every key with a repaint, a locked choice with a message).

Printed:
- page-to-first-screen: from the page request to the first frame of the game's
  first screen ("Who is playing?") on the websocket; median and p95;
- choice-to-repaint: from a choice key sent to the first frame of the repaint
  (the game has taken the choice, autosaved and drawn), and to the repaint's
  last frame (no more output for 100 ms, minus those 100 ms); median and p95;
- memory: the server's RSS, and per game process RSS and PSS (PSS shares the
  Python and library pages that all games map, so it is what a player costs);
  how many players fit in 8 GB at that PSS;
- CPU: seconds used by the server and by the games during the run.
Then, with `--browser N` (0 to skip), N players in Debian's Chromium through
Playwright: page-to-first-screen as the page sees it (navigation start to the
game's first frame), and choice-to-repaint from the key press in the page to
the next frame xterm.js draws.

Nothing here is a timed test; the goals the issue sets (30 players, first
screen under 3 s p95, choice-to-repaint under 300 ms p95) are printed beside.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "story" / "commune-1871"
FIRST_SCREEN = b"Who is playing"
QUIET = 0.1  # seconds without output that end a repaint


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> str:
    if not values:
        return "no samples"
    return (f"median {statistics.median(values) * 1000:7.0f} ms   "
            f"p95 {pct(values, 95) * 1000:7.0f} ms   max {max(values) * 1000:7.0f} ms   "
            f"(n={len(values)})")


# -- the server and its processes -----------------------------------------------------------
POOL_FULL = threading.Event()  # the server said its waiting games are all started


def start_server(story: Path, players: int, data: Path,
                 warm: int) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "COMMUNARD_DATA_DIR": str(data), "COMMUNARD_CACHE_DIR": str(data)}
    server = subprocess.Popen(
        [sys.executable, "-c", "from communard.cli import run; run()", "serve", str(story),
         "--port", "0", "--data", str(data / "served"), "--max-players", str(players + 5),
         "--warm", str(warm)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert server.stdout is not None
    for line in server.stdout:
        found = re.search(r"Students open:\s+(\S+)", line)
        if found:
            log = data / "server.log"
            print(f"(the server's output: {log})")

            def keep(log: Path = log) -> None:
                with log.open("w") as out:
                    for rest in server.stdout:  # type: ignore[union-attr]
                        if "started and waiting" in rest:
                            POOL_FULL.set()
                        out.write(rest)
                        out.flush()
            threading.Thread(target=keep, daemon=True).start()
            return server, found.group(1)
    raise SystemExit("the server did not start")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU seconds of a process, or (children) of its children that it has waited for."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


# -- one player over the websocket ----------------------------------------------------------
class Player:
    def __init__(self, number: int) -> None:
        self.name = f"Player{number:02d}"
        self.first_screen: float | None = None
        self.first_frame: list[float] = []
        self.whole_repaint: list[float] = []
        self.missed = 0

    async def play(self, session: object, url: str, choices: int) -> None:
        import aiohttp

        assert isinstance(session, aiohttp.ClientSession)
        start = time.monotonic()
        cookie = {"Cookie": f"communard_browser={secrets.token_urlsafe(24)}"}
        async with session.get(url, headers=cookie) as response:
            await response.read()
        ws_url = url.replace("http://", "ws://") + "ws?width=100&height=30"
        async with session.ws_connect(ws_url, headers=cookie, max_msg_size=0) as ws:
            frames: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

            async def read() -> None:
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        await frames.put((time.monotonic(), message.data))

            reader = asyncio.create_task(read())
            seen = b""
            while FIRST_SCREEN not in seen:
                when, data = await asyncio.wait_for(frames.get(), 120)
                seen = (seen + data)[-4096:]
            self.first_screen = when - start
            await self.quiet(frames)
            await ws.send_json(["stdin", self.name + "\r"])
            await self.until(frames, b"New game")  # the title menu
            await self.quiet(frames)
            await ws.send_json(["stdin", "n"])
            await self.until(frames, b"Choose")  # the play screen's footer
            await self.quiet(frames)
            for _ in range(choices):
                sent = time.monotonic()
                await ws.send_json(["stdin", "1"])
                try:
                    first = 0.0
                    while first < sent:  # a frame of the last repaint, not this choice's
                        first, _data = await asyncio.wait_for(frames.get(), 10)
                except TimeoutError:
                    self.missed += 1
                    continue
                last = await self.quiet(frames) or first
                self.first_frame.append(first - sent)
                self.whole_repaint.append(last - sent)
                await asyncio.sleep(0.5)  # a player reads a little between choices
            reader.cancel()

    @staticmethod
    async def until(frames: asyncio.Queue[tuple[float, bytes]], marker: bytes) -> None:
        """Wait for a frame drawing `marker` (the screen the player waits to see)."""
        seen = b""
        while marker not in seen:
            _when, data = await asyncio.wait_for(frames.get(), 120)
            seen = (seen + data)[-8192:]

    @staticmethod
    async def quiet(frames: asyncio.Queue[tuple[float, bytes]], at_least: float = 0.0) -> float:
        """Drain frames until none comes for QUIET seconds; the time of the last one."""
        last = 0.0
        deadline = time.monotonic() + at_least
        while True:
            try:
                last, _ = await asyncio.wait_for(frames.get(), QUIET)
            except TimeoutError:
                if time.monotonic() >= deadline:
                    return last


async def run_players(url: str, players: int, choices: int, stagger: float,
                      server_pid: int) -> tuple[list[Player], dict[str, float]]:
    import aiohttp

    crowd = [Player(n) for n in range(players)]
    peak = {"rss": 0.0, "pss": 0.0, "games": 0.0}
    done = asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            games = children(server_pid)
            mem = [memory_kb(pid) for pid in games]
            if len(games) >= peak["games"]:
                peak.update(games=len(games), rss=sum(m[0] for m in mem),
                            pss=sum(m[1] for m in mem), server=memory_kb(server_pid)[0])
            await asyncio.sleep(1.0)

    async def one(player: Player, delay: float) -> None:
        await asyncio.sleep(delay)
        await player.play(session, url, choices)

    sampler = asyncio.create_task(sample())
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:
        results = await asyncio.gather(*(one(p, i * stagger) for i, p in enumerate(crowd)),
                                       return_exceptions=True)
    done.set()
    await sampler
    for result in results:
        if isinstance(result, BaseException):
            print(f"  a player failed: {result!r}")
    return crowd, peak


# -- a few players in Chromium ------------------------------------------------------------
BROWSER_PROBE = """
window.__frames = [];
window.__keys = [];
const RealSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new RealSocket(url, protocols);
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") window.__frames.push(performance.now());
  });
  return socket;
};
window.WebSocket.prototype = RealSocket.prototype;
addEventListener("keydown", () => window.__keys.push(performance.now()), true);
"""


def run_browser(url: str, players: int, choices: int) -> tuple[list[float], list[float]]:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from playwright.sync_api import sync_playwright
    from serving import CHROMIUM, CHROMIUM_FLAGS, wait_painted

    firsts: list[float] = []
    repaints: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        for n in range(players):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(BROWSER_PROBE)
            page = context.new_page()
            page.goto(url)
            wait_painted(page)
            firsts.append(page.evaluate(
                "window.__frames.length ? window.__frames[window.__frames.length - 1] : 0") / 1000)
            page.keyboard.type(f"Browser{n}", delay=30)
            page.keyboard.press("Enter")
            time.sleep(2)
            page.keyboard.press("n")
            time.sleep(2)
            for _ in range(choices):
                page.keyboard.press("1")
                time.sleep(0.8)
                frame = page.evaluate("""() => {
                    const key = window.__keys[window.__keys.length - 1];
                    const after = window.__frames.filter((t) => t > key);
                    return after.length ? after[0] - key : null; }""")
                if frame is not None:
                    repaints.append(frame / 1000 + 1 / 60)  # drawn at the next animation frame
            context.close()
        browser.close()
    return firsts, repaints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=30)
    parser.add_argument("--choices", type=int, default=20)
    parser.add_argument("--stagger", type=float, default=0.0,
                        help="seconds between two players' arrivals (0: all at once)")
    parser.add_argument("--browser", type=int, default=3,
                        help="players to run in Chromium afterwards (0: none)")
    parser.add_argument("--story", type=Path, default=BUNDLED)
    parser.add_argument("--warm", type=int, default=8,
                        help="games the server starts ahead (serve --warm); the players "
                             "arrive once they are waiting (0: none, arrive at once)")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    server, url = start_server(args.story, args.players, data, args.warm)
    try:
        time.sleep(1)
        if args.warm and not POOL_FULL.wait(600):
            raise SystemExit("the server never said its waiting games were ready")
        cpu_before = cpu_seconds(server.pid)
        games_before = cpu_seconds(server.pid, children=True)
        started = time.monotonic()
        crowd, peak = asyncio.run(run_players(url, args.players, args.choices, args.stagger,
                                              server.pid))
        wall = time.monotonic() - started
        for _ in range(100):  # the games end as their players leave; then the server has
            if not children(server.pid):  # counted their CPU time
                break
            time.sleep(0.1)
        games_cpu = cpu_seconds(server.pid, children=True) - games_before
        arrival = "all at once" if not args.stagger else f"every {args.stagger:g} s"
        print(f"communard serve --warm {args.warm}, {args.players} players over websockets, "
              f"{args.choices} choices each, arriving {arrival}; {os.cpu_count()} CPUs; "
              f"story {args.story.name}")
        firsts = [p.first_screen for p in crowd if p.first_screen]
        print(f"  page-to-first-screen  {summary(firsts)}   (goal: p95 < 3000 ms)")
        print(f"  choice, first frame   {summary([t for p in crowd for t in p.first_frame])}"
              "   (goal: p95 < 300 ms)")
        print(f"  choice, whole repaint {summary([t for p in crowd for t in p.whole_repaint])}")
        missed = sum(p.missed for p in crowd)
        if missed:
            print(f"  {missed} choice key(s) got no repaint within 10 s")
        games = int(peak["games"]) or 1
        per_pss = peak["pss"] / games / 1024
        print(f"  memory at {games} games: server RSS {peak.get('server', 0) / 1024:.0f} MB; "
              f"games RSS {peak['rss'] / 1024:.0f} MB ({peak['rss'] / games / 1024:.0f} MB each), "
              f"PSS {peak['pss'] / 1024:.0f} MB ({per_pss:.0f} MB each)")
        if per_pss:
            print(f"  players that fit in 8 GB at {per_pss:.0f} MB each: {int(8192 // per_pss)}")
        print(f"  CPU: server {cpu_seconds(server.pid) - cpu_before:.1f} s; games "
              f"{games_cpu:.1f} s; wall {wall:.1f} s")
        if args.browser:
            firsts, repaints = run_browser(url, args.browser, min(args.choices, 10))
            print(f"\nin Chromium (Playwright), {args.browser} players one after another:")
            print(f"  page-to-first-screen  {summary(firsts)}")
            print(f"  choice-to-repaint     {summary(repaints)}")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)


if __name__ == "__main__":
    main()
