"""What keeps a class going: touch and mouse, a crashed game, idle games, Ctrl+C."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from serving import highlight, join, keys, new_game, steps, wait_for, wait_painted


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_tapping_or_clicking_chooses(serve, new_context, device):
    server = serve()
    if device == "phone":
        context = new_context(390, 844, has_touch=True, is_mobile=True)
    else:
        context = new_context()
    page, marie = join(context, server, "Marie")

    def press_highlighted() -> None:
        x, y = wait_for("a highlighted menu entry or choice", lambda: highlight(page))
        if device == "phone":
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)

    press_highlighted()  # the title menu: New game
    wait_for("a new game from the menu", lambda: steps(marie) == 0)
    time.sleep(1)  # the first scene...
    press_highlighted()  # ...its first choice
    wait_for("the first choice taken", lambda: steps(marie) == 1)


def test_a_crashed_game_ends_only_its_own_tab(serve, new_context):
    server = serve()
    page, marie = join(new_context(), server, "Marie")
    new_game(page, marie, "2")
    other, louise = join(new_context(), server, "Louise")
    wait_for("two games", lambda: len(server.game_pids()) == 2)
    marie_pid = next(pid for pid in server.game_pids()  # the game holding Marie's folder
                     if any(f.endswith("/players/marie/.lock") for f in _open_files(pid)))
    os.kill(marie_pid, signal.SIGKILL)
    server.wait_line(r"the game of Marie stopped unexpectedly \(exit code -9\)")
    page.wait_for_selector("#ended", state="visible", timeout=15_000)
    assert server.process.poll() is None  # the server goes on...
    assert other.evaluate("document.body.classList.contains('-closed')") is False
    keys(other, "n")  # ...and so does Louise's game
    wait_for("Louise's game", lambda: steps(louise) == 0)
    assert steps(marie) == 1  # Marie's autosave survived the crash
    page.reload()  # and she can come back at once: the crashed game held no lock
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    enter_again = len([x for x in server.lines if "Marie is playing" in x])
    wait_painted(page)
    keys(page, "Enter")
    wait_for("Marie back", lambda: len(
        [x for x in server.lines if "Marie is playing" in x]) == enter_again + 1)


def _open_files(pid: int) -> list[str]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return found


def test_an_idle_game_ends_and_keeps_its_autosave(serve, new_context):
    server = serve("--idle-minutes", "0.2")  # twelve seconds: longer than any step below
    page, marie = join(new_context(), server, "Marie")
    new_game(page, marie, "2")
    pids = server.game_pids()
    server.wait_line(r"Marie was idle for 0\.2 min: game ended, autosave kept", timeout=30)
    page.wait_for_selector("#ended", state="visible", timeout=15_000)
    wait_for("the game process to end", lambda: not any(alive(pid) for pid in pids))
    assert steps(marie) == 1


def test_ctrl_c_ends_every_game_and_keeps_their_saves(serve, new_context):
    server = serve()
    pages = []
    for name in ("Marie", "Louise"):
        page, folder = join(new_context(), server, name)
        new_game(page, folder, "2")
        pages.append(page)
    pids = server.game_pids()
    assert len(pids) == 2
    started = time.monotonic()
    assert server.stop() == 0
    assert time.monotonic() - started < 15
    assert "stopping: ending 2 game(s)" in server.output
    assert server.output.rstrip().endswith("Stopped. Every game was saved.")
    assert "Traceback" not in server.output
    assert not any(alive(pid) for pid in pids)
    for page in pages:
        page.wait_for_selector("#ended", state="visible", timeout=15_000)
    assert steps(server.player("marie")) == steps(server.player("louise")) == 1
