"""The fast YAML path builds exactly what PyYAML's safe loader builds, or hands over.

tests/fuzz/test_fuzz_yaml.py checks the same on random text; this checks it on
every YAML file of the repository and on each feature that makes it hand over.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import yamlfast
from engine.yamlsrc import _load_fully

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p for folder in ("tests/fixtures", "story") for p in (ROOT / folder).rglob("*.yaml")
               if not p.is_symlink())


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_of_the_repository_builds_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        fast = yamlfast.build(text)
    except yamlfast.Fallback:
        assert "&" in text or "!" in text or "<<" in text
        return
    except Exception as exc:  # noqa: BLE001 - a broken fixture: both must refuse it
        with pytest.raises(type(exc)):
            _load_fully(text)
        return
    assert fast == _load_fully(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "base: &b {x: 1}\nc: {<<: *b, y: 2}\n",
    "? [1, 2]\n: pair\n", "a: =\n", "--- 1\n--- 2\n", "!!set {a, b}\n",
])
def test_what_the_fast_path_hands_over(text: str) -> None:
    with pytest.raises(yamlfast.Fallback):
        yamlfast.build(text)


@pytest.mark.parametrize("text", [
    "", "# only a comment\n", "a: 1\nb: yes\nc: ~\nd: 2026-03-18\ne: 1871-02-30\nf: .inf\n",
    "1: one\ntrue: yes\nnull: x\n", "a: 1\na: 2\n", "- [a, {b: c}]\n- 'q'\n- \"d\\te\"\n",
    "x: |\n  block\n  text\ny: >\n  folded\n  text\n", "2007: year\n0x10: hex\n",
])
def test_plain_files_build_the_same(text: str) -> None:
    assert yamlfast.build(text) == _load_fully(text)
