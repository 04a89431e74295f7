"""Transcripts: `render_transcript` and `communard transcript SAVE`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from storykit import MINI

from communard.export.transcript import render_transcript
from engine import Session
from engine.saves import SaveStore

CHOICES = ["talk", "1", "bread", "2", "1"]   # oven, street, oven, street, meeting -> spoke


@pytest.fixture
def played(mini) -> Session:
    session = Session(mini)
    for choice in CHOICES:
        session.step(choice)
    assert session.is_ending
    return session


def test_transcript_lists_every_scene_and_choice_in_order(mini, played):
    when = dt.datetime(2026, 3, 18, 9, 30, tzinfo=dt.UTC)
    md = render_transcript(mini, played, "md", played_at=when)
    assert "March 2026" in md
    chosen = ["Talk about the decree", "Go back to the oven", "Take a loaf",
              "Go to the meeting", "Speak"]
    positions = [md.index(f"**You chose:** {text}") for text in chosen]
    assert positions == sorted(positions)
    titles = ["1. The Oven", "2. The Street", "3. The Oven", "4. The Street",
              "5. The Meeting", "6. You Spoke"]
    assert [md.index(f"### {t}") for t in titles] == sorted(md.index(f"### {t}") for t in titles)
    # text as this player read it: trust 1 after talking, so no nod; the loaf is carried
    assert "Nobody looks up. You are Louise." in md
    assert "The loaf is warm under your arm." in md
    assert "**Note: Night work in the bakeries** [1]" in md
    assert "Notes given above: Night work in the bakeries." in md
    assert "> Bread was rationed during the siege." in md
    assert "**Ending:** A Voice" in md and "You spoke, Louise." in md
    assert md.count("Why did the bakers want night work abolished?") == 1
    assert "## Sources" in md and "1. Wikipedia contributors" in md


def test_unfinished_playthrough_and_html(mini):
    session = Session(mini)
    session.step("knead")
    page = render_transcript(mini, session, "html")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "Knead in silence" in page and "not finished" in page


def test_cli_reads_a_save_by_name_and_by_path(cli, played, tmp_path, monkeypatch, mini):
    monkeypatch.setenv("COMMUNARD_DATA_DIR", str(tmp_path / "data"))
    from communard.paths import saves_dir

    path = SaveStore(saves_dir(mini.id), mini).save("lesson one", played)
    out = tmp_path / "mine.md"
    result = cli("transcript", "lesson one", "-o", out, MINI)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "**You chose:** Take a loaf" in text and "**Ending:** A Voice" in text
    saved_at = dt.datetime.fromisoformat(json.loads(path.read_text())["saved_at"])
    assert f"{saved_at.astimezone():%B %Y}" in text

    html_out = tmp_path / "mine.html"
    assert cli("transcript", path, "-o", html_out, MINI).code == 0
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_explains_a_missing_or_foreign_save(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_DATA_DIR", str(tmp_path / "data"))
    result = cli("transcript", "nothing-here", MINI)
    assert result.code == 2 and "no save called 'nothing-here'" in result.err
    foreign = tmp_path / "other.json"
    foreign.write_text(json.dumps({"kind": "communard-save", "format": 1,
                                   "story": {"id": "other", "version": "1"}, "scene": "x"}))
    result = cli("transcript", foreign, MINI)
    assert result.code == 2 and "belongs to the story 'other'" in result.err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert cli("transcript", broken, MINI).code == 2


def test_jumps_are_shown(mini):
    session = Session(mini)
    session.step("knead")
    session.jump("evening.meeting")
    md = render_transcript(mini, session, "md")
    assert "**Jumped to:** The Meeting (teacher mode)" in md
    assert "### 3. The Meeting" in md


def test_the_list_of_saves_shows_odd_file_names_harmlessly(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMUNARD_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "data" / "saves" / "mini"
    folder.mkdir(parents=True)
    (folder / "\x1b]0;owned\x07.json").write_text("{}")
    result = cli("transcript", "nothing-here", MINI)
    assert result.code == 2 and "\x1b" not in result.err and "\\x1b]0;owned\\x07" in result.err
