"""Story translations: a French mini story played, stale texts found, PO files round-tripped.

The mini fixture's French lives in tests/fixtures/translations/mini/fr (made with
`communard translate export`, Poedit's part done by a script, then `import`); each
test copies the story and that folder somewhere of its own.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from storykit import FIXTURES, MINI, run_communard

from engine import Session, check_story, load_story
from engine.translations import markup_difference, source_hash

FRENCH = FIXTURES / "translations" / "mini" / "fr"


def french_texts() -> dict[str, str]:
    texts = {}
    for path in FRENCH.rglob("*.yaml"):
        for key, entry in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            texts[key] = entry["text"]
    return texts


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    shutil.copytree(FRENCH, folder / "translations" / "fr")
    return folder


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, COMMUNARD_DATA_DIR=str(tmp_path / "data"), COLUMNS="80")


def test_the_french_mini_story_is_complete_and_plays_in_french(story: Path) -> None:
    assert check_story(story)[1] == []
    french = load_story(story, language="fr")
    assert french.language == "fr" and french.title == "La Nuit des boulangers"
    view = Session(french).view()
    assert view.title == "Le Four" and view.chapter_title == "Avant l’aube"
    assert "Personne ne lève les yeux. Vous êtes Louise." in view.text  # {if} and {= } kept
    assert [c.text for c in view.choices][:2] == ["Pétrir en silence", "Parler du décret"]
    assert view.choices[2].locked_reason == "Les autres doivent d’abord vous faire confiance"
    assert view.notes[0].title == "Le travail de nuit dans les boulangeries"
    english = load_story(story)
    assert Session(english).view().title == "The Oven" and english.language == "en"


def test_changed_english_makes_the_translation_stale(story: Path) -> None:
    chapter = story / "chapters" / "morning.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "title: The Oven", "title: The Bread Oven"), encoding="utf-8")
    loaded, problems = check_story(story)
    assert loaded is not None
    [stale] = [p for p in problems if p.code == "W211"]
    assert stale.file == story / "translations" / "fr" / "chapters" / "morning.yaml"
    assert stale.line > 1 and "morning.oven.title" in stale.message
    assert source_hash("The Bread Oven") in stale.message
    view = Session(load_story(story, language="fr")).view()
    assert view.title == "The Bread Oven"           # a stale text is played in English
    assert view.chapter_title == "Avant l’aube"     # the rest stays French


def test_broken_markup_in_a_translation_is_an_error(story: Path) -> None:
    path = story / "translations" / "fr" / "chapters" / "morning.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{end} Vous", " Vous"),
                    encoding="utf-8")
    loaded, problems = check_story(story)
    assert loaded is None
    [broken] = [p for p in problems if p.code == "E141"]
    assert broken.file == path and "malformed" in broken.message


def test_markup_may_move_but_not_change() -> None:
    english = "{if a}Yes{else}No{end}, {= name}."
    assert markup_difference(english, "{= name}, {if a}Oui{else}Non{end}.") is None
    assert "lacks" in (markup_difference(english, "{if a}Oui{end}, {= name}.") or "")
    assert "adds" in (markup_difference("Plain.", "{= name}") or "")


def test_po_round_trip(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(MINI, folder)
    po = tmp_path / "fr.po"
    run = run_communard("translate", "export", str(folder), "--lang", "fr", "-o", str(po),
                        env=env)
    assert run.returncode == 0, run.stderr
    catalogue = read_po(po.open("rb"), locale="fr")
    messages = [m for m in catalogue if m.id]
    assert len(messages) == len(french_texts())
    oven = next(m for m in messages if m.context == "morning.oven.text")
    assert oven.id.startswith("The dough") and "communard-markup" in oven.flags
    assert oven.auto_comments[0] == "scene morning.oven: The Oven"
    assert oven.locations == [("chapters/morning.yaml", 14)]
    for message in messages:
        message.string = french_texts()[message.context]
    with po.open("wb") as handle:
        write_po(handle, catalogue)
    run = run_communard("translate", "import", str(po), str(folder), "--lang", "fr", env=env)
    assert run.returncode == 0, run.stderr
    assert "32 texts written" in run.stdout
    written = folder / "translations" / "fr"
    assert sorted(p.relative_to(written) for p in written.rglob("*.yaml")) == \
        sorted(p.relative_to(FRENCH) for p in FRENCH.rglob("*.yaml"))
    for path in FRENCH.rglob("*.yaml"):
        assert yaml.safe_load((written / path.relative_to(FRENCH)).read_text("utf-8")) == \
            yaml.safe_load(path.read_text("utf-8"))
    assert check_story(folder)[1] == []
    again = run_communard("translate", "export", str(folder), "--lang", "fr", env=env)
    assert "Personne ne lève les yeux" in again.stdout


def test_import_refuses_changed_markup(tmp_path: Path, story: Path,
                                       env: dict[str, str]) -> None:
    po = tmp_path / "fr.po"
    run_communard("translate", "export", str(story), "--lang", "fr", "-o", str(po), env=env)
    catalogue = read_po(po.open("rb"), locale="fr")
    for message in catalogue:
        if message.context == "evening.spoke.ending.epilogue":
            message.string = "Vous avez parlé, {= nom}."
        elif message.context == "evening.quiet.text":
            message.string = "Vous vous êtes tu."
    with po.open("wb") as handle:
        write_po(handle, catalogue)
    run = run_communard("translate", "import", str(po), str(story), "--lang", "fr", env=env)
    assert run.returncode == 1
    assert "evening.spoke.ending.epilogue: it lacks {= name} and it adds {= nom}" in run.stderr
    assert "1 texts written" in run.stdout
    texts = yaml.safe_load((story / "translations/fr/chapters/evening.yaml").read_text("utf-8"))
    assert texts["evening.spoke.ending.epilogue"]["text"] == "Vous avez parlé, {= name}."
    assert texts["evening.quiet.text"]["text"] == "Vous vous êtes tu."


def test_init_writes_a_skeleton_and_check_and_stats_count_it(tmp_path: Path,
                                                             env: dict[str, str]) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(MINI, folder)
    run = run_communard("translate", "init", str(folder), "--lang", "de", env=env)
    assert run.returncode == 0 and "32 new strings" in run.stdout
    skeleton = yaml.safe_load((folder / "translations/de/story.yaml").read_text("utf-8"))
    assert skeleton == {"story.title": {"source": source_hash("The Bakers' Night"), "text": ""}}
    check = run_communard("check", str(folder), env=env)
    assert check.returncode == 0
    assert "translations/de/story.yaml:2:1: warning W210: 'story.title' has no 'de'" \
        in check.stdout
    stats = run_communard("stats", str(folder), "--runs", "5", "--json", env=env)
    assert json.loads(stats.stdout)["translations"] == {"de": {
        "strings": 32, "translated": 0, "stale": 0, "broken": 0, "missing": 32}}


def test_line_mode_plays_the_story_translated(story: Path, env: dict[str, str]) -> None:
    run = run_communard("--lang", "fr", "play", "--plain", str(story),
                        input="é\n2\n1\nq\n", env=env)
    assert run.returncode == 0, run.stderr
    assert "Scène 1. Le Four." in run.stdout and "Fin\u00a0: Une voix." in run.stdout
    assert "Vous avez parlé, Louise." in run.stdout
