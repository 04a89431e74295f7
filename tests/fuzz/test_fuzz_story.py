"""Fuzz: story files as structures, expressions and paths (Hypothesis).

Properties:

- a story of random scenes (right shape, random values: ids, kinds, dates,
  targets, conditions, effects, texts with {if} and {= }, unknown keys, wrong
  types) is checked without raising; every problem is one clean line with a
  known code; and when it loads, a random playthrough (choices, undo, view)
  never raises, and every moment of it can be saved and read back (the game
  never writes a save it would refuse);
- random expressions in `if:`, `do:` and texts compile or are reported, never
  crash, and what compiles runs;
- whatever names story.yaml lists (parents, absolute paths, links out of the
  folder, odd characters), nothing outside the folder is ever read: a secret
  beside the story never appears in any message.

Budget: see tests/fuzz/budget.py (COMMUNARD_FUZZ_EXAMPLES for a long run).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
import yaml
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from storykit import TINY
from strategies import TRICKY, json_scalars, plain_words, words

from engine import CODES, Session, check_story
from engine.safetext import CONTROL
from engine.saves import SaveStore

OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "and", "or", "not",
             "(", ")", "=", "+=", "-=", ",", "visited(", "visits(", "min(", "max(", "abs(",
             "'", '"', "true", "false", "courage", "name", "flag", "gold", "9" * 20, "0", "1",
             "'hill.dawn'", "'crowd'", "__import__", "lambda", ".", "[", "{", "\\"]

expressions = st.lists(st.sampled_from(OPERATORS) | plain_words | words, max_size=8).map(
    " ".join)
effects = st.sampled_from(["courage += 1", "courage -= 1", "flag = not flag",
                           "name += 'x'", "name = name + name", "name = 'ab' + name",
                           "name = 'x' + name + 'y'", "courage = courage * 1000",
                           "courage = 999999999999999"]) | expressions
texts = st.lists(st.sampled_from(["{if courage > 1}", "{else}", "{end}", "{= courage}",
                                  "{= name}", "{if flag}", "{", "}", "Words. ", "*a*", "\n\n"])
                 | words, max_size=8).map("".join)


def value(good: st.SearchStrategy) -> st.SearchStrategy:
    """Usually a good value, sometimes anything at all."""
    return st.one_of(good, good, good, json_scalars, st.lists(json_scalars, max_size=2))


@st.composite
def chapters(draw: st.DrawFn) -> tuple[dict, list[str]]:
    ids = draw(st.lists(plain_words, min_size=1, max_size=6, unique=True))
    targets = st.sampled_from(ids + [f"hill.{i}" for i in ids] + ["nowhere", "other.x"])
    scenes = []
    for scene_id in ids:
        scene: dict = {"id": draw(value(st.just(scene_id))), "title": draw(value(words)),
                       "kind": draw(value(st.sampled_from(["historical", "fictional",
                                                           "counterfactual"]))),
                       "text": draw(value(texts))}
        if draw(st.booleans()):
            scene["date"] = draw(value(st.sampled_from(["1871-03-18", "1871-03", "1871",
                                                        "1871-02-30", "0001-01-01"])))
        if draw(st.booleans()):
            scene["ending"] = draw(value(st.fixed_dictionaries(
                {"id": plain_words, "title": words, "epilogue": texts})))
        else:
            choices = []
            for _ in range(draw(st.integers(0, 3))):
                choice: dict = {"text": draw(value(texts)), "to": draw(value(targets))}
                if draw(st.booleans()):
                    choice["if"] = draw(value(expressions))
                if draw(st.booleans()):
                    choice["do"] = draw(value(effects | st.lists(effects, max_size=3)))
                if draw(st.booleans()):
                    choice["once"] = draw(value(st.booleans()))
                if draw(st.integers(0, 9)) == 0:
                    choice[draw(plain_words)] = draw(json_scalars)
                choices.append(choice)
            scene["choices"] = choices
        scenes.append(scene)
    return {"chapter": {"id": "hill", "title": draw(value(words))}, "scenes": scenes}, ids


HEAD = {"format": 1, "id": "fuzz", "title": "Fuzz", "version": "1", "start": "hill.a",
        "chapters": ["chapters/hill.yaml"], "notes": "notes.yaml", "sources": "sources.yaml",
        "variables": {"courage": {"type": "int", "default": 0, "min": 0, "max": 5},
                      "flag": {"type": "bool", "default": False},
                      "name": {"type": "str", "default": "Louise"}}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fuzz") / "story"
    shutil.copytree(TINY, base)
    (base / "codex.yaml").unlink()
    return base


def assert_clean(problems: list) -> None:
    for problem in problems:
        line = problem.format()
        assert problem.code in CODES and "\n" not in problem.message, line
        assert not CONTROL.search(line) and len(line) < 2000, line


def checked(folder: Path, head: dict, chapter: dict):
    """Write the story, check it: the story or None, its problems each one clean line."""
    (folder / "story.yaml").write_text(yaml.safe_dump(head), encoding="utf-8")
    (folder / "chapters" / "hill.yaml").write_bytes(
        yaml.safe_dump(chapter, allow_unicode=True).encode("utf-8", "surrogatepass"))
    story, problems = check_story(folder)
    assert_clean(problems)
    return story


def play(story, seed: int, tmp: Path) -> None:
    """A random playthrough; every moment of it must save and load back."""
    rng = random.Random(seed)
    session = Session(story)
    store = SaveStore(tmp / "saves", story)
    for _ in range(25):
        view = session.view()
        enabled = [c for c in view.choices if c.enabled]
        if enabled and rng.random() < 0.8:
            session.choose(rng.choice(enabled).id)
        elif session.can_undo:
            session.undo()
        else:
            session.restart()
        text = store.encode(session.to_dict())
        again = Session.from_dict(story, json.loads(text))
        assert again.view() == session.view() and again.vars == session.vars
    while session.can_undo:
        session.undo()
    assert session.vars == story.initial_vars()


@budget(30)
@given(chapters(), st.integers(0, 2**16))
def test_a_random_story_is_checked_and_played_without_raising(folder: Path, drawn, seed: int,
                                                             ) -> None:
    chapter, ids = drawn
    story = checked(folder, dict(HEAD, start=f"hill.{ids[0]}"), chapter)
    if story is not None:
        play(story, seed, folder)


@budget(60)
@given(expressions, effects, texts)
def test_random_expressions_compile_or_are_reported(folder: Path, condition: str, effect: str,
                                                    text: str) -> None:
    chapter = {"chapter": {"id": "hill", "title": "Hill"}, "scenes": [
        {"id": "a", "title": "A", "kind": "fictional", "text": text, "choices": [
            {"text": text, "to": "b", "if": condition, "do": [effect]},
            {"text": "On", "to": "b"}]},
        {"id": "b", "title": "B", "kind": "fictional", "text": "End.",
         "ending": {"id": "end", "title": "End", "epilogue": text}}]}
    story = checked(folder, HEAD, chapter)
    if story is not None:
        for choice in story.scenes["hill.a"].choices:
            session = Session(story)
            if choice.id in [c.id for c in session.view().choices if c.enabled]:
                session.choose(choice.id)
                session.view()
                session.undo()


SECRET = "password: swordfish-9\n"
NAMES = ["notes.yaml", "../secret.yaml", "../../secret.yaml", "/etc/passwd", "link.yaml",
         "inner/notes.yaml", "sub/../notes.yaml", "./notes.yaml", "chapters/../notes.yaml",
         "linkdir/secret.yaml", "", ".", "/", "~/secret.yaml", "secret.yaml\x00", "loop.yaml",
         "nul\x00.yaml", "a" * 300 + ".yaml"]


@pytest.fixture(scope="module")
def walled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A story with a secret beside it, a link to it, a link out and a loop of links."""
    root = tmp_path_factory.mktemp("walled")
    (root / "secret.yaml").write_text(SECRET)
    story = root / "story"
    shutil.copytree(TINY, story)
    (story / "link.yaml").symlink_to(root / "secret.yaml")
    (story / "linkdir").symlink_to(root)
    (story / "loop.yaml").symlink_to(story / "loop.yaml")
    (story / "inner").mkdir()
    (story / "inner" / "notes.yaml").write_text((TINY / "notes.yaml").read_text())
    return story


@budget(60)
@given(st.sampled_from(["notes", "sources", "codex", "timeline", "chapters"]),
       st.lists(st.sampled_from(NAMES) | st.text(alphabet=TRICKY + "./ab", max_size=12),
                min_size=1, max_size=3))
def test_nothing_outside_the_story_folder_is_read(walled: Path, key: str,
                                                  names: list[str]) -> None:
    head = yaml.safe_load((TINY / "story.yaml").read_text())
    head[key] = names if key == "chapters" or len(names) > 1 else names[0]
    (walled / "story.yaml").write_text(yaml.safe_dump(head), encoding="utf-8")
    story, problems = check_story(walled)
    assert_clean(problems)
    for problem in problems:
        assert "swordfish" not in problem.format()
    if story is not None:
        assert all(f.resolve().is_relative_to(walled.resolve()) for f in story.files)
