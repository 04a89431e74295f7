"""Run `communard serve` as a teacher would, and drive it from Debian's Chromium.

The served page draws the game on a canvas (textual-serve's xterm.js), so its
DOM has no text to query: tests watch what the game writes (the players'
folders, their autosaves), what the server prints for the teacher, what the
browser downloads, and screenshots.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Chromium as this machine runs it (no sandbox as root, nothing fetched in the background).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = FIXTURES / "mini"
PAINTED_BYTES = 12_000  # a screenshot of the dark page before the game draws is far smaller


def wait_for(what: str, check: Callable[[], Any], timeout: float = 30.0,
             every: float = 0.1) -> Any:
    """Poll `check` until it returns something truthy; fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class Served:
    """One `communard serve` process on a free port, its output kept line by line."""

    def __init__(self, root: Path, *args: str, story: Path = MINI,
                 env: dict[str, str] | None = None) -> None:
        self.root = root
        command = [sys.executable, "-c", "from communard.cli import run; run()", "serve",
                   str(story), "--port", "0",
                   "--data", str(root), "--warm", "0", *args]  # games counted by game_pids
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {})}, bufsize=1)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        found = wait_for("the server's address", self._url, timeout=60)
        self.url: str = found

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _url(self) -> str | None:
        if self.process.poll() is not None:
            raise AssertionError("the server exited:\n" + "\n".join(self.lines))
        for line in self.lines:
            match = re.search(r"Students open:\s+(http://\S+)", line)
            if match:
                return match.group(1)
        return None

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_line(self, pattern: str, timeout: float = 30.0) -> str:
        """The first line of the server's output matching `pattern` (a regex)."""
        return wait_for(f"the server to print /{pattern}/ (it printed:\n{self.output})",
                        lambda: next((x for x in self.lines if re.search(pattern, x)), None),
                        timeout)

    def game_pids(self) -> list[int]:
        """The game processes this server started (its children)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def player(self, key: str) -> Path:
        return self.root / "players" / key

    def stop(self, timeout: float = 30.0) -> int:
        """Ctrl+C, as the teacher stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
            self._reader.join(5)


def autosave(folder: Path, story_id: str = "mini") -> dict[str, Any] | None:
    """A player's autosave as the game wrote it, or None."""
    path = folder / "saves" / story_id / "autosave.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def steps(folder: Path, story_id: str = "mini") -> int:
    """How many choices the player's autosave holds (-1: no autosave yet)."""
    data = autosave(folder, story_id)
    return -1 if data is None else len(data.get("log", []))


def open_game(context: Any, url: str) -> Any:
    """A new tab on the game, once the game's first screen has arrived."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    return page


def keys(page: Any, *pressed: str, pause: float = 0.15) -> None:
    """Press keys in the game (the terminal has the keyboard focus from the start)."""
    for key in pressed:
        page.keyboard.press(key)
        time.sleep(pause)


def enter_name(page: Any, server: Served, name: str) -> None:
    """Type a name on the served title screen and wait until the server has the player."""
    wait_painted(page)
    page.keyboard.type(name, delay=40)
    typed = stable_screenshot(page)
    page.keyboard.press("Enter")
    try:
        server.wait_line(rf"{re.escape(name)} is playing")
    except AssertionError:
        page.screenshot(path=str(server.root / f"failed-{name}.png"))
        raise
    wait_for("the title screen", lambda: stable_screenshot(page) != typed)


def join(context: Any, server: Served, name: str) -> tuple[Any, Path]:
    """A player opens the game in `context` and gives `name`: their page and folder."""
    page = open_game(context, server.url)
    enter_name(page, server, name)
    return page, server.player(name.lower())


def new_game(page: Any, folder: Path, *choices: str, story_id: str = "mini") -> None:
    """New game from the title menu, then each choice key once the last one is saved."""
    keys(page, "n")
    wait_for("a new game", lambda: steps(folder, story_id) == 0)
    for number, key in enumerate(choices, start=1):
        keys(page, key)
        wait_for(f"choice {number}", lambda n=number: steps(folder, story_id) == n)


def wait_painted(page: Any, timeout: float = 60.0) -> None:
    """Wait for the game's first screen: painted, and still for a moment.

    The page shows its first bytes before the game has drawn anything; a key
    pressed then reaches no screen. A player waits to see the screen; so do we.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shot = stable_screenshot(page)
        if len(shot) > PAINTED_BYTES:  # a blank dark page compresses to a few kilobytes
            return
        time.sleep(0.2)
    raise AssertionError("the game never painted its first screen")


def stable_screenshot(page: Any, timeout: float = 10.0) -> bytes:
    """A screenshot once two in a row agree (the game has finished repainting)."""
    last = page.screenshot()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.3)
        shot = page.screenshot()
        if shot == last:
            return shot
        last = shot
    return last


# Where on the page a block of colour is drawn, found by the browser itself from a
# screenshot (no image library needed): the tallest band of rows that are mostly
# `rgb` (within `tolerance`), as {top, bottom, left, right}; thin lines do not count.
_FIND_BLOCK = """async ([png, rgb, tolerance]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  const near = (i) => Math.abs(data[i] - rgb[0]) <= tolerance
      && Math.abs(data[i + 1] - rgb[1]) <= tolerance && Math.abs(data[i + 2] - rgb[2]) <= tolerance;
  let best = null, band = null;
  for (let y = 0; y <= image.height; y++) {
    let count = 0, left = image.width, right = 0;
    for (let x = 0; y < image.height && x < image.width; x++) {
      if (near((y * image.width + x) * 4)) { count++; left = Math.min(left, x); right = x; }
    }
    if (count > image.width / 4) {
      band = band || {top: y, left, right};
      band.bottom = y;
      band.left = Math.min(band.left, left);
      band.right = Math.max(band.right, right);
    } else if (band) {
      if (!best || band.bottom - band.top > best.bottom - best.top) best = band;
      band = null;
    }
  }
  return best && best.bottom - best.top >= 6 ? best : null;
}"""

HIGHLIGHT = (1, 120, 212)  # textual-dark's block cursor: the highlighted menu entry or choice


def highlight(page: Any) -> tuple[float, float] | None:
    """The middle of the highlighted menu entry or choice on the page, if there is one."""
    import base64

    shot = base64.b64encode(stable_screenshot(page)).decode("ascii")
    box = page.evaluate(_FIND_BLOCK, [shot, list(HIGHLIGHT), 12])
    return ((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2) if box else None


def highlighted(page: Any) -> tuple[float, float]:
    """Where to tap or click to take the highlighted menu entry or choice."""
    found = highlight(page)
    assert found, "nothing highlighted on the screen"
    return found
