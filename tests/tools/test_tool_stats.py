"""`communard stats`: totals that match the story, and reading times in order."""

from __future__ import annotations

import json

from storykit import MINI

from communard.commands.stats import scene_words
from communard.export.textsource import template_words


def test_json_totals_match_the_story(cli, mini):
    data = json.loads(cli("stats", MINI, "--runs", "200", "--json").out)
    totals = data["totals"]
    assert totals["scenes"] == len(mini.scenes)
    assert totals["choices"] == sum(len(s.choices) for s in mini.scenes.values())
    assert totals["conditional"] == sum(c.condition is not None
                                        for s in mini.scenes.values() for c in s.choices)
    assert totals["endings"] == len(mini.endings)
    assert totals["notes"] == len(mini.notes) and totals["variables"] == len(mini.variables)
    chapters = data["chapters"]
    assert [c["id"] for c in chapters] == [c.id for c in mini.chapters]
    assert [c["scenes"] for c in chapters] == [len(c.scene_ids) for c in mini.chapters]
    assert sum(c["words"] for c in chapters) == totals["words"]
    assert totals["words"] == sum(scene_words(s) for s in mini.scenes.values())
    paths = data["paths"]
    assert paths["shortest"]["words"] <= paths["median"]["words"] <= paths["longest"]["words"]
    assert paths["shortest"]["scenes"] == 4 and paths["shortest"]["ending"] in mini.endings
    assert data["method"] == {"kind": "random playthroughs", "runs": 200, "seed": 0,
                              "finished": 200}


def test_words_count_the_longest_branch():
    assert template_words("One two. {if a}three four five{else}six{end} seven") == 6
    assert template_words("Hello {= name}, l'Hôtel-de-Ville.") == 3
    assert template_words("{if a}x{elif b}y z{end}") == 2


def test_text_output_has_a_table_and_says_how_it_measured(cli, mini):
    out = cli("stats", MINI, "--runs", "100").out
    assert "chapter" in out and "words" in out and "reading" in out
    for chapter in mini.chapters:
        assert chapter.title in out
    assert "total" in out
    for label in ("shortest", "median", "longest"):
        assert label in out
    assert "random playthroughs" in out and "200 words a minute" in out


def test_on_the_bundled_story(cli, bundled):
    data = json.loads(cli("stats", "--runs", "100", "--json").out)
    assert data["totals"]["scenes"] == len(bundled.scenes)
    assert len(data["chapters"]) == len(bundled.chapters)
