"""`communard class report`: the teacher's page (and CSV) from a class recorded in SQLite."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

import pytest
from classkit import MINI, Classroom, Student

from communard.cli import main
from communard.web.store import ClassStore, Move

HOSTILE_NAME = "<script>alert('x')</script>\u202e\x1b[2J"
HOSTILE_ANSWER = "=HYPERLINK(\"http://evil\")<img src=x onerror=alert(1)>\u202e"


@pytest.fixture
def recorded(tmp_path):
    """Class 4B: three named students vote their way to an ending, answer the question, and
    one of them (a tampered name) also plays alone; class 5C plays elsewhere in the file."""
    db = tmp_path / "classes.sqlite"
    room = Classroom(db, code="4B", ask_names=True)
    try:
        phones = [Student(room.url) for _ in range(3)]
        for phone, name in zip(phones, ["Marie", "Jean", "Louise"], strict=True):
            phone.join(name)
        room.admit()
        for phone, choice in zip(phones, ["talk", "talk", "knead"], strict=True):
            phone.vote(choice)
        room.decide("talk")
        phones[0].answer(q1="Because the night was long.")  # the street ends the chapter
        phones[1].answer(q1=HOSTILE_ANSWER)
        for phone, choice in zip(phones, ["2", "2", "2"], strict=True):
            phone.vote(choice)
        room.decide("2")
        phones[1].vote("2")  # Stay quiet
        room.decide("2")
    finally:
        room.stop()
    store = ClassStore(db)
    info = store.find_class("4B")
    assert info is not None
    with store.transaction() as conn:  # a name an older or tampered file might hold
        conn.execute("UPDATE players SET name = ? WHERE id = 2", (HOSTILE_NAME,))
        conn.execute("UPDATE players SET name = '=2+3' WHERE id = 3")
    run = store.new_run(info.id, 1)  # Marie plays alone as well (as `serve --class` records)
    with store.transaction() as conn:
        for scene, chapter, choice, target, ending in (
                ("morning.oven", "morning", "knead", "morning.street", None),
                ("morning.street", "morning", "2", "evening.meeting", None),
                ("evening.meeting", "evening", "2", "evening.quiet", "quiet")):
            store.add_move(conn, run, Move(scene, chapter, choice, target, "choice",
                                           {"trust": 0}, ending))
    other = store.open_class("5C", "mini", "1.0.0", "The Bakers' Night")
    other_player = store.add_player(other.id, "Zoé", "allowed")
    other_run = store.new_run(other.id, other_player.id)
    with store.transaction() as conn:
        store.add_move(conn, other_run, Move("morning.oven", "morning", "bread",
                                             "morning.street", "choice", {}))
    store.close()
    return db


def report(db, *args: str, capsys) -> str:
    assert main(["class", "report", *args, "--story", str(MINI), "--db", str(db)]) == 0
    return capsys.readouterr().out


def test_the_report_shows_how_the_class_chose_beside_history(recorded, capsys):
    page = report(recorded, "4B", capsys=capsys)
    oven = page[page.index("<h3>The Oven"):page.index("<h3>The Street")]
    assert "Votes (3)" in oven and "Playing alone (1)" in oven
    assert re.search(r"Talk about the decree ✓ the class chose it</td><td class=\"n\">2</td>"
                     r"<td class=\"barcell\"><span class=\"bar \" style=\"width: 67%\"", oven)
    assert "In history: Bread was rationed during the siege." in oven
    assert 'aria-label="1 of 1"' in oven  # Marie kneaded alone
    assert "<td>Silence</td><td>1</td><td>1</td>" in page  # the ending: by vote, alone
    assert "Time per chapter" in page and "Before Dawn" in page
    discussion = page[page.index("<h2>Discussion"):]
    assert "Why did the bakers want night work abolished?" in discussion
    assert "<strong>Student 1:</strong> Because the night was long." in discussion
    assert "Bread" not in discussion  # another class's record never appears


def test_the_report_is_anonymous_unless_names_are_asked_for_and_escapes_them(recorded, capsys):
    anonymous = report(recorded, "4B", capsys=capsys)
    assert "Marie" not in anonymous and "Louise" not in anonymous
    assert "Student 2" in anonymous and "pseudonyms only" in anonymous
    named = report(recorded, "4B", "--names", capsys=capsys)
    assert "Marie (Student 1)" in named
    for page in (anonymous, named):
        assert "<script>" not in page and "<img" not in page and "\x1b" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in named


def test_two_classes_in_one_file_have_separate_reports(recorded, capsys):
    other = report(recorded, "5C", capsys=capsys)
    assert "1 students" in other
    assert "Votes (" not in other and "Playing alone (1)" in other
    assert "Zoé" not in other and "Marie" not in report(recorded, "5C", "--names",
                                                          capsys=capsys)


def test_csv_has_a_row_per_vote_and_choice_and_no_formulas(recorded, capsys, tmp_path):
    out = tmp_path / "4b.csv"
    assert main(["class", "report", "4B", "--story", str(MINI), "--db", str(recorded),
                 "--format", "csv",
                 "--names", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    kinds = [row["kind"] for row in rows]
    assert kinds.count("vote") == 7 and kinds.count("decision") == 3
    assert kinds.count("choice") == 3
    assert all(row["class"] == "4B" for row in rows)
    named = {row["student"] for row in rows}
    assert "Marie (Student 1)" in named and "the class" in named
    assert "'=2+3 (Student 3)" in named  # a spreadsheet shows it, and computes nothing
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_undone_moves_do_not_count(recorded, capsys):
    with sqlite3.connect(recorded) as conn:
        conn.execute("UPDATE moves SET undone = 1 WHERE scene_id = 'evening.meeting' "
                     "AND how != 'choice'")
    page = report(recorded, "4B", capsys=capsys)
    assert "<td>Silence</td><td>0</td><td>1</td>" in page


def test_an_unknown_class_says_which_classes_there_are(recorded, capsys):
    assert main(["class", "report", "ZZ", "--story", str(MINI), "--db", str(recorded)]) == 2
    err = capsys.readouterr().err
    assert "no class ZZ" in err and "4B, 5C" in err
