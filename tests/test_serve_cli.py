"""`communard serve` as a teacher starts it: what it prints, its errors, and Ctrl+C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communard.web import network

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
BROKEN = next((FIXTURES / "broken").glob("E101-*"))
COMMAND = [sys.executable, "-c", "from communard.cli import run; run()", "serve"]


def start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    # No games started ahead unless a test asks (--warm): each costs a second of CPU.
    return subprocess.Popen([*COMMAND, *args, "--data", str(tmp_path / "served"), "--warm", "0",
                             *(args[args.index("--warm"):args.index("--warm") + 2]
                               if "--warm" in args else ())],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def read_until(process: subprocess.Popen[str], pattern: str, timeout: float = 60) -> str:
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
        if re.search(pattern, line):
            return seen
    raise AssertionError(f"never printed /{pattern}/:\n{seen}")


def test_the_classroom_address_and_its_qr_code(tmp_path: Path) -> None:
    server = start(tmp_path, str(MINI), "--host", "0.0.0.0", "--port", "0")
    try:
        shown = read_until(server, r"[█▀▄]")  # the address, then the QR code
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=30)
    url = re.search(r"Students open:\s+(\S+)", shown)
    assert url and "0.0.0.0" not in url.group(1)
    assert re.search(r"Teacher's guide:\s+http://\S+/guide", shown)
    assert "scan this with a phone" in shown
    assert "add --host 0.0.0.0" not in shown
    assert server.returncode == 0
    assert "Stopped. Every game was saved." in rest


def test_a_broken_story_is_reported_and_not_served(tmp_path: Path) -> None:
    done = subprocess.run([*COMMAND, str(BROKEN), "--port", "0", "--data", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "E101" in done.stderr and "Traceback" not in done.stderr
    assert "Students open" not in done.stdout


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*COMMAND, str(MINI), "--port", str(port), "--data",
                               str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("bad", [["--max-players", "0"], ["--port", "70000"],
                                 ["--idle-minutes", "-1"]])
def test_bad_limits_are_usage_errors(bad: list[str]) -> None:
    done = subprocess.run([*COMMAND, *bad], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "usage:" in done.stderr


def test_the_student_address_is_never_the_wildcard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network, "lan_addresses", lambda: ["192.168.1.23"])
    assert network.student_url("0.0.0.0", 8000) == "http://192.168.1.23:8000/"
    assert network.student_url("127.0.0.1", 8001) == "http://127.0.0.1:8001/"
    assert network.student_url("::1", 8000) == "http://[::1]:8000/"
    assert all(not a.startswith("127.") for a in network.lan_addresses())
    plain = network.qr_text("http://192.168.1.23:8000/")
    coloured = network.qr_text("http://192.168.1.23:8000/", colour=True)
    assert len(plain.splitlines()) == len(coloured.splitlines()) > 10
    assert set(plain) & set("█▀▄") and "\x1b[" not in plain
    assert "\x1b[48;2;255;255;255m" in coloured  # light modules set their own background


def test_serve_with_a_class_opens_it_in_the_class_database(tmp_path: Path) -> None:
    from communard.web.classplay import CLASS_CODE_ENV, CLASS_DB_ENV
    from communard.web.server import ServeOptions
    from communard.web.store import ClassStore

    db = tmp_path / "classes.sqlite"
    server = start(tmp_path, str(MINI), "--port", "0", "--class", "4b", "--db", str(db))
    try:
        shown = read_until(server, r"Class 4B: every choice is recorded")
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=30)
    assert str(db.resolve()) in shown
    assert server.returncode == 0
    assert f"communard class report 4B --db {db}" in rest
    store = ClassStore(db)
    info = store.find_class("4B")
    assert info is not None and info.story_id == "mini"
    store.close()
    # Each game process is told where to record, and only with --class.
    options = ServeOptions(story=MINI, root=tmp_path, class_db=db, class_code="4B")
    assert options.game_environment("b" * 32)[CLASS_DB_ENV] == str(db)
    assert options.game_environment("b" * 32)[CLASS_CODE_ENV] == "4B"
    assert CLASS_DB_ENV not in ServeOptions(story=MINI, root=tmp_path).game_environment("b")


def test_a_class_code_of_another_story_is_refused(tmp_path: Path) -> None:
    from communard.web.store import ClassStore

    db = tmp_path / "classes.sqlite"
    store = ClassStore(db)
    store.open_class("4B", "another-story", "1.0", "Another Story")
    store.close()
    done = subprocess.run([*COMMAND, str(MINI), "--port", "0", "--data", str(tmp_path),
                           "--class", "4B", "--db", str(db)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "class 4B plays “Another Story”" in done.stderr and "Traceback" not in done.stderr
    assert "Students open" not in done.stdout
    bad = subprocess.run([*COMMAND, "--class", "<script>"], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "is not a class code" in bad.stderr


def test_waiting_games_are_started_ahead_and_given_to_the_next_page(tmp_path: Path) -> None:
    """A class arriving at once finds games already imported and loaded (serve --warm)."""
    import asyncio

    import aiohttp

    server = start(tmp_path, str(MINI), "--port", "0", "--warm", "1")
    try:
        url = re.search(r"Students open:\s+(\S+)", read_until(server, "Students open"))
        assert url is not None
        read_until(server, "1 game is started and waiting")

        async def first_screen() -> bytes:
            seen = b""
            async with aiohttp.ClientSession() as session:
                ws_url = url.group(1).replace("http://", "ws://") + "ws?width=90&height=25"
                async with session.ws_connect(ws_url, max_msg_size=0) as ws:
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            seen += message.data
                            if b"Who is playing" in seen:
                                break
            return seen

        seen = asyncio.run(asyncio.wait_for(first_screen(), 60))
        assert b"Who is playing" in seen
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    assert server.returncode == 0


def test_a_handshake_sets_only_what_a_page_may_set() -> None:
    from communard.web.protocol import BROWSER_ENV
    from communard.web.warm import HANDSHAKE_KEYS, handshake, read_handshake

    line = handshake({"COLUMNS": "90", BROWSER_ENV: "abc", "PATH": "/evil", "ROWS": "x" * 2000})
    assert read_handshake(line, HANDSHAKE_KEYS) == {"COLUMNS": "90", BROWSER_ENV: "abc"}
    for bad in (b"[]\n", b'{"environment": 3}\n', b"not json\n"):
        with pytest.raises(ValueError):
            read_handshake(bad, HANDSHAKE_KEYS)
