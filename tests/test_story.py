"""The bundled story (issue 4): clean, complete, reachable, sourced, honest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communard.paths import default_story
from engine import check_story
from engine.playtest import playtest

SEED_NAME = Path("shared") / "seed" / "000_268bb08677f58b2e.txt"
# The seed article lies beside the checkout (or beside the folder of worktrees that holds it).
SEED = next((p / SEED_NAME for p in Path(__file__).resolve().parents if (p / SEED_NAME).is_file()),
            Path(__file__).resolve().parents[2] / SEED_NAME)


@pytest.fixture(scope="module")
def checked():
    story, problems = check_story(default_story())
    return story, problems


@pytest.fixture(scope="module")
def story(checked):
    story, problems = checked
    assert story is not None, "\n".join(p.format() for p in problems)
    return story


def test_check_reports_no_error_and_no_warning(checked):
    _, problems = checked
    assert [p.format() for p in problems] == []


def test_size_and_endings(story):
    assert len(story.scenes) >= 120
    assert len(story.endings) >= 8
    kinds = {s.kind for s in story.scenes.values()}
    assert kinds == {"historical", "fictional", "counterfactual"}
    counterfactual_endings = [s for s in story.endings.values() if s.kind == "counterfactual"]
    assert len(counterfactual_endings) >= 3


def test_random_playthroughs_reach_every_scene_choice_and_ending(story):
    report = playtest(story, runs=6000, seed=1871)
    assert report.scenes_never == []
    assert report.endings_never == []
    assert report.choices_never == []
    assert report.loop_count == 0 and report.stuck_count == 0


def test_every_note_and_codex_entry_cites_known_sources_and_every_source_is_used(story):
    cited = set()
    for note_id, note in story.notes.items():
        assert note.sources, note_id
        assert set(note.sources) <= set(story.sources), note_id
        cited.update(note.sources)
    for entry_id, entry in story.codex.items():
        assert entry.sources, entry_id
        assert set(entry.sources) <= set(story.sources), entry_id
        cited.update(entry.sources)
    assert cited == set(story.sources)


def test_every_historical_and_counterfactual_scene_has_a_note(story):
    for scene in story.scenes.values():
        if scene.kind in ("historical", "counterfactual"):
            assert scene.note_ids, scene.id


def test_each_chapter_has_discussion_questions(story):
    for chapter in story.chapters:
        assert 2 <= len(chapter.questions) <= 3, chapter.id


def test_dates_never_go_backwards_along_a_choice(story):
    for scene in story.scenes.values():
        for choice in scene.choices:
            target = story.scenes[choice.target]
            if scene.date and target.date:
                assert target.date.end >= scene.date.start, (scene.id, target.id)


def _normal(text: str) -> str:
    """Fold quote marks: a quotation inside a note's quotation turns " into ' by convention."""
    for mark in "’‘“”\"":
        text = text.replace(mark, "'")
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.skipif(not SEED.is_file(), reason="the seed text is not beside this checkout")
def test_long_quotations_in_notes_are_word_for_word_from_the_seed(story):
    """Quoted passages of six words or more must appear in the seed exactly."""
    seed = _normal(SEED.read_text(encoding="utf-8"))
    quotes = []
    for note_id, note in story.notes.items():
        for quote in re.findall(r'"([^"]+)"|“([^”]+)”', note.text):
            text = _normal(quote[0] or quote[1]).strip(" .,;:…")
            if len(text.split()) >= 6:
                quotes.append((note_id, text))
    assert quotes, "the notes quote the seed somewhere"
    missing = [(n, q) for n, q in quotes if q.replace("…", "").strip() not in seed
               and not all(part.strip(" .,") in seed for part in q.split("…"))]
    assert missing == []
