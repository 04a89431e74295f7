"""The class database: real SQLite files, migrations, two classes side by side, a kill mid-vote."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from classkit import MINI, Classroom, Student, request

from communard.cli import main
from communard.web.store import SCHEMA_VERSION, ClassStore, StoreError


def test_a_new_file_is_wal_versioned_and_every_table_is_made(tmp_path):
    path = tmp_path / "sub" / "classes.sqlite"
    store = ClassStore(path)
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE "
                                                 "type = 'table'")}
    assert {"classes", "players", "runs", "moves", "rounds", "votes", "endings",
            "answers"} <= tables
    ClassStore(path).close()  # opening again migrates nothing and loses nothing


def test_a_newer_schema_or_a_file_that_is_not_a_database_is_refused(tmp_path):
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer Communard"):
        ClassStore(newer)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not SQLite\n" * 100)
    with pytest.raises(StoreError, match="not a class database.*--db"):
        ClassStore(junk)


def test_a_code_belongs_to_one_story(tmp_path):
    store = ClassStore(tmp_path / "c.sqlite")
    first = store.open_class("4B", "mini", "1.0.0", "The Bakers' Night")
    assert store.open_class("4B", "mini", "1.0.1", "The Bakers' Night") == first
    with pytest.raises(StoreError, match="class 4B plays .* choose another class code"):
        store.open_class("4B", "commune-1871", "2", "The Commune")


def test_the_class_command_reports_a_bad_database_without_a_traceback(tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"x" * 4096)
    assert main(["class", "list", "--db", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "is not a class database" in err and "--db" in err


def test_two_classes_in_one_database_do_not_mix(tmp_path):
    db = tmp_path / "shared.sqlite"
    first, second = Classroom(db, code="MON"), Classroom(db, code="TUE")
    try:
        mine = [Student(first.url) for _ in range(3)]
        theirs = [Student(second.url) for _ in range(2)]
        for phone in mine:
            phone.join()
            assert phone.vote("talk") == 200
        for phone in theirs:
            phone.join()
            assert phone.vote("knead") == 200
        assert first.server.snapshot().tally.count("talk") == 3
        assert second.server.snapshot().tally.count("knead") == 2
        assert second.server.snapshot().tally.count("talk") == 0
        assert first.close().winner == "talk" and second.close().winner == "knead"
        # Player numbers start again in each class, so a token may not cross over.
        stray = Student(second.url)
        stray.cookie = mine[0].cookie
        assert stray.vote("talk") == 403
        first.decide("talk")
        second.decide("knead")
    finally:
        first.stop()
        second.stop()
    store = ClassStore(db)
    for code, students, choice in (("MON", 3, "talk"), ("TUE", 2, "knead")):
        info = store.find_class(code)
        assert info is not None
        assert [p.pseudonym for p in store.players(info.id)] == [
            f"Student {n}" for n in range(1, students + 1)]
        assert store.query("SELECT m.choice_id FROM moves m JOIN runs u ON u.id = m.run_id "
                           "WHERE u.class_id = ?", (info.id,)) == [(choice,)]
        assert store.query("SELECT COUNT(*) FROM votes v JOIN players p ON p.id = "
                           "v.player_id WHERE p.class_id = ?", (info.id,)) == [(students,)]
    store.close()


KILL_AT = 525  # of the 1,000 votes: in the middle of a scene's vote


def _start_headless(db, tmp_path) -> tuple[subprocess.Popen, str, str]:
    env = {**os.environ, "COMMUNARD_DATA_DIR": str(tmp_path / "data")}
    process = subprocess.Popen(
        [sys.executable, "-c", "from communard.cli import run; run()", "class", "vote",
         str(MINI), "--headless", "--anonymous", "--port", "0", "--db", str(db),
         "--code", "KILL", "--max-students", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if "Teacher token:" in line:
            text = "".join(lines)
            url = re.search(r"Students open:\s+(\S+)", text)
            token = re.search(r"Teacher token:\s+(\S+)", text)
            assert url and token
            return process, url.group(1), token.group(1)
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError("the class server did not start:\n" + "".join(lines))


def test_a_server_killed_in_the_middle_of_1000_votes_keeps_every_vote_it_acknowledged(
        tmp_path):
    """1,000 votes, one at a time from 50 phones over 20 scenes; SIGKILL in the middle of
    the 11th scene's vote."""
    db = tmp_path / "classes.sqlite"
    process, url, token = _start_headless(db, tmp_path)
    acknowledged: list[tuple[str, int]] = []  # (cookie, round) of every vote answered 200
    stop = threading.Event()
    teacher = {"Authorization": f"Bearer {token}"}

    def state() -> dict:
        import json

        return json.loads(request(url, "GET", "/teacher/state", headers=teacher)[1])

    def class_votes() -> None:
        phones = [Student(url) for _ in range(50)]
        for phone in phones:
            assert phone.join() == 200
        for _scene in range(20):
            current = state()
            choices = list(current["tally"])
            for phone in phones:
                if stop.is_set():
                    return
                assert phone.vote(choices[0]) == 200, phone.message
                acknowledged.append((phone.cookie or "", current["round"]))
            pick = "knead" if "knead" in choices else "1"  # oven -> street -> oven...
            request(url, "POST", "/teacher/choose", {"choice": pick}, teacher)
            while state()["round"] == current["round"]:
                time.sleep(0.01)

    def voting() -> None:
        with contextlib.suppress(OSError):  # the server is gone: a vote was in flight
            class_votes()

    voter = threading.Thread(target=voting)
    voter.start()
    try:
        deadline = time.monotonic() + 240
        while len(acknowledged) < KILL_AT and voter.is_alive() and time.monotonic() < deadline:
            time.sleep(0.002)
        assert len(acknowledged) >= KILL_AT, f"the votes did not reach {KILL_AT}"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        stop.set()
        voter.join(60)
        if process.poll() is None:
            process.kill()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        recorded = conn.execute("SELECT COUNT(*) FROM votes").fetchone()[0]
        # Every acknowledged vote is there; at most the one in flight is extra.
        assert len(acknowledged) <= recorded <= len(acknowledged) + 1
        assert conn.execute("SELECT COUNT(*) FROM rounds WHERE closed IS NOT NULL AND "
                            "move_id IS NULL AND undone = 0").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM (SELECT round_id, player_id FROM votes "
                            "GROUP BY round_id, player_id HAVING COUNT(*) > 1)").fetchone() == (0,)
    store = ClassStore(db)  # and the class goes on from the same file
    store.close()
