"""Fuzz: story files as YAML text (property-based, with Hypothesis).

Properties, on random YAML (dumped from random data in random styles, then
mutated with pieces of YAML syntax, escapes, control characters, anchors,
aliases, merges, tags and huge numbers):

- the fast event builder (engine.yamlfast) gives exactly what PyYAML's safe
  loader gives (our hardened engine.yamlload), or hands over to it;
- parsing never raises anything but YamlSyntaxError, and every position asked
  of a parsed file is a line and column;
- checking a story whose chapter file is such text never raises, and every
  problem it reports has a known code, one short line, and no raw control
  character.

Budget: see tests/fuzz/conftest.py (COMMUNARD_FUZZ_EXAMPLES for a long run).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from budget import budget
from hypothesis import given
from hypothesis import strategies as st
from storykit import CHAPTER, TINY, copy_story
from strategies import yaml_texts

from engine import CODES, check_story, yamlfast
from engine.safetext import CONTROL
from engine.yamlsrc import SourceFile, YamlSyntaxError, _load_fully, parse_yaml

CHAPTER_TEXT = (TINY / CHAPTER).read_text(encoding="utf-8")


def comparable(value: Any) -> Any:
    """NaN equal to NaN, so that two builds of one file compare equal."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def outcome(build, text: str) -> tuple[str, Any]:
    try:
        data, duplicates = build(text)
    except yamlfast.Fallback:
        return "fallback", None
    except RecursionError:
        return "error", None
    except Exception as exc:  # noqa: BLE001 - which error does not matter here, only whether
        return "error", type(exc).__name__
    return "data", (comparable(data), list(duplicates))


@budget(100)
@given(yaml_texts())
def test_the_fast_path_builds_what_the_safe_loader_builds(text: str) -> None:
    fast = outcome(yamlfast.build, text)
    if fast[0] == "fallback":
        return
    full = outcome(_load_fully, text)
    if fast[0] == "data":
        assert full == fast, text
    else:
        assert full[0] == "error", text


@budget(80)
@given(yaml_texts() | yaml_texts(base=CHAPTER_TEXT), st.lists(
    st.lists(st.text(max_size=5) | st.integers(-2, 50), max_size=4), max_size=4))
def test_parsing_never_raises_anything_else(text: str, locs: list) -> None:
    try:
        source = parse_yaml(Path("x.yaml"), text)
    except YamlSyntaxError as exc:
        assert exc.code in CODES and exc.line >= 1 and exc.column >= 1
        return
    assert isinstance(source, SourceFile)
    for loc in locs:
        line, column = source.where(tuple(loc))
        assert line >= 1 and column >= 1


@pytest.fixture(scope="module")
def story_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_story(tmp_path_factory.mktemp("fuzz") / "story")


@budget(40)
@given(yaml_texts(base=CHAPTER_TEXT) | yaml_texts())
def test_checking_a_story_of_such_text_never_raises(story_folder: Path, text: str) -> None:
    (story_folder / CHAPTER).write_bytes(text.encode("utf-8", "surrogatepass"))
    story, problems = check_story(story_folder)
    assert story is not None or any(p.severity == "error" for p in problems)
    for problem in problems:
        line = problem.format()
        assert problem.code in CODES
        assert "\n" not in problem.message and len(line) < 2000, line
        assert not CONTROL.search(line), line
