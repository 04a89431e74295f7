"""`communard graph`: the story map's structure in DOT, Mermaid and SVG."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from storykit import MINI, edited_copy

from communard.export.graph import render_dot, render_mermaid


def clusters(dot: str) -> dict[str, str]:
    """Chapter id -> the text of its cluster."""
    return dict(re.findall(r'subgraph "cluster_([^"]+)" \{(.*?)\n  \}', dot, re.S))


def test_dot_has_a_cluster_per_chapter_holding_its_scenes(mini):
    dot = render_dot(mini)
    found = clusters(dot)
    assert set(found) == {c.id for c in mini.chapters}
    for chapter in mini.chapters:
        assert chapter.title in found[chapter.id]
        for scene_id in chapter.scene_ids:
            assert f'"{scene_id}" [label=' in found[chapter.id]


def test_dot_colours_kinds_marks_endings_and_start(mini):
    dot = render_dot(mini)
    assert "cluster_legend" in dot
    for label in ("Historical", "Fictional", "Counterfactual", "Ending"):
        assert label in dot
    for scene in mini.scenes.values():
        line = next(ln for ln in dot.splitlines() if ln.strip().startswith(f'"{scene.id}" ['))
        assert ("peripheries=2" in line) == scene.is_ending
        assert ("penwidth=3" in line) == (scene.id == mini.start)
    fills = {s.kind: re.search(rf'"{re.escape(s.id)}" \[.*?fillcolor="([^"]+)"', dot)[1]
             for s in mini.scenes.values()}
    assert len(set(fills.values())) == 3             # one colour per kind


def test_dot_conditional_choices_are_dashed_and_labelled(mini):
    dot = render_dot(mini)
    edges = [ln for ln in dot.splitlines() if " -> " in ln and "legend" not in ln]
    dashed = [ln for ln in edges if 'style="dashed"' in ln]
    conditional = [(s.id, c) for s in mini.scenes.values() for c in s.choices if c.condition]
    assert len(dashed) == len(conditional)
    assert any('"morning.oven" -> "morning.street"' in ln and 'label="trust >= 1"' in ln
               for ln in dashed)
    # the two unconditional oven -> street choices are one solid arrow
    solid = [ln for ln in edges if '"morning.oven" -> "morning.street"' in ln
             and "dashed" not in ln]
    assert len(solid) == 1 and "Knead in silence / Talk about the decree" in solid[0]
    # arrows between chapters do not stack the chapters into one tall column
    across = [ln for ln in edges if '"morning.street" -> "evening.meeting"' in ln]
    assert len(across) == 1 and "constraint=false" in across[0]
    assert all("constraint" not in ln for ln in edges if '"morning.oven" -> ' in ln)


def test_dot_escapes_quotes_and_backslashes(tmp_path):
    from engine import load_story

    path = edited_copy(tmp_path / "odd", {"chapters/morning.yaml": [
        ("title: The Oven", 'title: The "Oven" \\N'),   # one backslash in the file
    ]})
    dot = render_dot(load_story(path))
    assert 'label="The \\"Oven\\" \\\\N' in dot


def test_mermaid_has_subgraphs_dotted_conditions_and_classes(mini):
    text = render_mermaid(mini)
    assert text.splitlines()[1] == 'title: "The Bakers\' Night — story map"'   # no #34; codes
    assert text.splitlines()[3] == "flowchart LR"                  # chapters side by side,
    assert text.count("    direction TB") == len(mini.chapters) + 1  # each one a column
    assert text.count("  subgraph ch") == len(mini.chapters)
    assert '    x0>"on to 2. The Meeting"]:::exit\n    n1 --> x0' in text  # no arrow leaves
    assert "  ch1 ~~~ ch2" in text
    dotted = [ln for ln in text.splitlines() if "-.->" in ln and "legend" not in ln]
    assert len(dotted) == sum(1 for s in mini.scenes.values() for c in s.choices if c.condition)
    assert any("trust #62;= 1" in ln for ln in dotted)
    for kind in ("historical", "fictional", "counterfactual"):
        assert f"classDef {kind} " in text
    assert "class n3,n4 ending" in text


def test_cli_writes_the_format_of_the_suffix(cli, tmp_path):
    out = tmp_path / "map.mmd"
    result = cli("graph", MINI, "-o", out)
    assert result.code == 0 and "wrote" in result.err
    assert out.read_text().splitlines()[3] == "flowchart LR"
    result = cli("graph", MINI, "--format", "dot")
    assert result.out.startswith('digraph "mini" {')


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_svg_through_graphviz(cli, tmp_path):
    out = tmp_path / "map.svg"
    assert cli("graph", MINI, "--format", "svg", "-o", out).code == 0
    svg = out.read_text()
    assert "<svg" in svg and "Before Dawn" in svg and "The Evening" in svg
    assert 'class="cluster"' in svg and "stroke-dasharray" in svg


def test_svg_without_graphviz_says_how_to_install(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = cli("graph", MINI, "--format", "svg", "-o", tmp_path / "map.svg")
    assert result.code == 2
    assert "apt install graphviz" in result.err and "brew install graphviz" in result.err
    assert not (tmp_path / "map.svg").exists()


def test_on_the_bundled_story(cli, bundled):
    dot = cli("graph", "--format", "dot").out
    assert set(clusters(dot)) == {c.id for c in bundled.chapters}


MERMAID = Path(__file__).resolve().parents[1] / "mermaid"
MMDC = MERMAID / "node_modules" / ".bin" / "mmdc"


@pytest.mark.skipif(shutil.which("node") is None,
                    reason="Node.js is not installed: checking the Mermaid map with Mermaid's "
                           "own parser needs it (.ci/run installs it)")
def test_mermaid_is_read_and_drawn_by_mermaid_itself(tmp_path):
    """mermaid-cli (the real parser and renderer, in the system's Chromium) draws the map."""
    if not MMDC.exists():
        pytest.skip("Mermaid is not installed: run `npm ci` in tests/mermaid (.ci/run does)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("mermaid-cli draws in a browser: install Debian's chromium (.ci/run does)")
    from engine import load_story

    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium,
                                  "args": ["--no-sandbox", "--disable-gpu"]}))
    odd = edited_copy(tmp_path / "odd", {"chapters/morning.yaml": [
        ("title: The Oven", 'title: The "Oven" #1 <b>hot</b> & [dry] {x} (y) | ; `z`')]})
    for name, story in (("mini", load_story(MINI)), ("odd", load_story(odd))):
        source, drawn = tmp_path / f"{name}.mmd", tmp_path / f"{name}.svg"
        source.write_text(render_mermaid(story), encoding="utf-8")
        done = subprocess.run([str(MMDC), "-p", str(config), "-i", str(source), "-o",
                               str(drawn)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        svg = drawn.read_text(encoding="utf-8")
        assert "Syntax error" not in svg and "The Meeting" in svg
        width, height = map(float, re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"',
                                             svg).groups())
        assert width > height                    # chapters left to right, not a tall column
        assert "<b>hot</b>" not in svg and "#34;" not in svg
    assert "The Bakers' Night — story map" in (tmp_path / "mini.svg").read_text()
