"""`communard serve --class CODE` in Chromium: two students play their own games, every
choice reaches the class database, and the report counts both."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from serving import MINI, join, new_game, wait_for


def test_each_students_choices_reach_the_class_database(serve, new_context, tmp_path):
    db = tmp_path / "classes.sqlite"
    server = serve("--class", "4B", "--db", str(db))
    assert "Class 4B: every choice is recorded" in server.output
    marie_page, marie = join(new_context(), server, "Marie")
    new_game(marie_page, marie, "2", "2", "2")  # talk, the meeting, stay quiet: an ending
    louis_page, louis = join(new_context(), server, "Louis")
    new_game(louis_page, louis, "1", "2")  # knead, the meeting

    def moves() -> list[tuple[str, str, str]]:
        with sqlite3.connect(db) as conn:
            return conn.execute(
                "SELECT p.name, m.scene_id, m.choice_id FROM moves m JOIN runs r ON r.id = "
                "m.run_id JOIN players p ON p.id = r.player_id WHERE m.undone = 0 "
                "ORDER BY p.name, m.id").fetchall()

    wait_for("five moves recorded", lambda: len(moves()) == 5)
    assert moves() == [
        ("Louis", "morning.oven", "knead"), ("Louis", "morning.street", "2"),
        ("Marie", "morning.oven", "talk"), ("Marie", "morning.street", "2"),
        ("Marie", "evening.meeting", "2")]
    report = subprocess.run(
        [sys.executable, "-c", "from communard.cli import run; run()", "class", "report",
         "4B", "--db", str(db), "--story", str(MINI), "--format", "csv"],
        capture_output=True, text=True, timeout=60)
    assert report.returncode == 0, report.stderr
    rows = report.stdout.splitlines()
    assert sum(",Student 1," in row for row in rows) == 3  # Marie's three choices
    assert sum(",Student 2," in row for row in rows) == 2
    assert "Marie" not in report.stdout  # pseudonyms unless --names
