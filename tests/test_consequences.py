"""Do choices matter? engine.consequences finds converging scenes and hidden numbers."""

from __future__ import annotations

import json
from pathlib import Path

from storykit import CHAPTER, MINI, copy_story

from communard.cli import main
from engine import load_story
from engine.consequences import analyse

# tiny's dawn has two choices that lead to different scenes; these make them converge
# (and drop the scene that no choice leads to any more).
HOME_SCENE = """  - id: home
    title: Home
    date: 1871-03-18
    kind: fictional
    text: You close the shutters.
    ending:
      id: home
      title: Behind the Shutters
      epilogue: You hear about it later.
"""
SAME_TARGET = [("      - text: Go home\n        to: home\n",
                "      - text: Go home\n        to: crowd\n"),
               (HOME_SCENE, "")]


def _tiny(tmp_path: Path, edits=None, story_edits=None):
    files = {CHAPTER: edits or []}
    if story_edits:
        files["story.yaml"] = story_edits
    return load_story(copy_story(tmp_path / "s", edits=files))


def test_choices_to_different_scenes_do_not_converge(tmp_path):
    result = analyse(_tiny(tmp_path))
    assert result.multi_choice == 1 and result.converging == ()
    assert result.set_never_read == ()
    assert result.read_in_text == ("courage",) and result.read_in_conditions == ("courage",)


def test_converging_choices_that_the_next_scene_echoes(tmp_path):
    result = analyse(_tiny(tmp_path, SAME_TARGET))
    (scene,) = result.converging
    assert (scene.scene_id, scene.target) == ("hill.dawn", "hill.crowd")
    assert scene.echoed == ("courage",) and scene.differs and result.silent == ()
    assert result.converging_share == 1.0


def test_converging_choices_that_change_nothing_the_next_scene_reads(tmp_path):
    edits = SAME_TARGET + [("      {if courage > 0}You stand in the front row.{end}\n", "")]
    result = analyse(_tiny(tmp_path, edits))
    assert [c.scene_id for c in result.silent] == ["hill.dawn"]
    assert result.converging[0].echoed == ()


def test_a_variable_set_but_never_read_is_a_hidden_number(tmp_path):
    edits = [("      {if courage > 0}You stand in the front row.{end}\n", ""),
             ("        if: courage < 3\n", "")]
    result = analyse(_tiny(tmp_path, edits))
    assert result.set_never_read == ("courage",)
    assert result.read_in_text == () and result.read_in_conditions == ()


def test_stats_reports_the_figures(capsys):
    assert main(["stats", str(MINI), "--runs", "20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["consequences"]
    mini = analyse(load_story(MINI))
    assert data["multi_choice_scenes"] == mini.multi_choice
    assert data["converging_scenes"] == len(mini.converging)
    assert data["set_never_read"] == list(mini.set_never_read)
    assert main(["stats", str(MINI), "--runs", "20"]) == 0
    out = capsys.readouterr().out
    assert "Do choices matter?" in out and "send every choice to the same next scene" in out


def test_randomtest_counts_the_runs_that_reach_each_chapter(capsys):
    assert main(["randomtest", str(MINI), "--runs", "50", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    story = load_story(MINI)
    assert list(data["chapters"]) == [c.id for c in story.chapters]
    assert data["chapters"][story.chapters[0].id] == 50
    assert all(0 <= n <= 50 for n in data["chapters"].values())
    assert main(["randomtest", str(MINI), "--runs", "50"]) == 0
    assert "how many playthroughs reach each" in capsys.readouterr().out
