"""`communard walkthrough`: the whole story for teachers, safe and complete."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from storykit import MINI, edited_copy

from communard.export.walkthrough import render_walkthrough
from engine import load_story


class Anchors(HTMLParser):
    """Collects ids, internal links and script tags of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "script":
            self.scripts += 1


def test_markdown_has_every_scene_choice_note_and_question(mini):
    md = render_walkthrough(mini, "md")
    for scene in mini.scenes.values():
        assert f"`{scene.id}`" in md
        assert f'<a id="scene-{scene.id}"></a>\n### {scene.title}' in md
        for choice in scene.choices:
            target = mini.scenes[choice.target]
            assert f"**{choice.text.source}** → [{target.title}](#scene-{target.id})" in md
    assert "*Only if* trust is at least 1; otherwise shown locked: “The others must trust " \
           "you first”" in md
    assert "*Only if* you have visited morning.oven and trust is more than 0" in md
    assert "**Note: Night work in the bakeries** [1]" in md
    assert "Why did the bakers want night work abolished?" in md
    assert "> Bread was rationed during the siege." in md            # history
    assert "Can be taken once only." in md
    assert "**Ending:** A Voice" in md
    # conditional text with its condition in plain words
    assert "*[if trust is at least 2]* The others nod to you. *[otherwise]* Nobody " \
           "looks up. *[end]*" in md


def test_sections_come_in_order(mini):
    md = render_walkthrough(mini, "md")
    order = ["## Contents", "## Chapter 1: Before Dawn", "## Chapter 2: The Evening",
             "## Timeline", "## People, places and terms", "## Bibliography"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)
    assert re.search(r"## Bibliography\n\n1\. Wikipedia contributors, \*Paris Commune of "
                     r"1871\*, 2007\.", md)
    timeline = md[md.index("## Timeline"):md.index("## People")]
    assert "| April 1871 |" in timeline and "| 20 April 1871 |" in timeline


def test_html_contents_links_all_lead_somewhere(mini):
    page = render_walkthrough(mini, "html")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    parser = Anchors()
    parser.feed(page)
    assert parser.scripts == 0
    assert set(parser.links) <= parser.ids
    for scene_id in mini.scenes:
        assert f"scene-{scene_id}" in parser.ids
        assert f"scene-{scene_id}" in parser.links
    assert "<link" not in page and "src=" not in page          # self-contained


def test_html_escapes_story_strings(tmp_path):
    path = edited_copy(tmp_path / "evil", {
        "chapters/morning.yaml": [
            ("title: The Oven", "title: The <script>alert(1)</script> Oven"),
            ("The dough has been rising since midnight.",
             "The dough <img src=x onerror=alert(2)> [rises](javascript:alert(3))."),
            ("place: Rue Mouffetard", 'place: Rue "Mouffetard" & <b>co</b>'),
        ],
        "chapters/evening.yaml": [("text: Speak", "text: Speak <iframe>")]})
    story = load_story(path)
    page = render_walkthrough(story, "html")
    parser = Anchors()
    parser.feed(page)
    assert parser.scripts == 0
    assert "<script>" not in page and "<img" not in page and "<iframe>" not in page
    assert "<b>co</b>" not in page and 'href="javascript' not in page
    assert "The &lt;script&gt;alert(1)&lt;/script&gt; Oven" in page
    assert "Rue &quot;Mouffetard&quot; &amp; &lt;b&gt;co&lt;/b&gt;" in page
    md = render_walkthrough(story, "md")
    assert "The \\<script>alert(1)\\</script> Oven" in md     # shown as text, not run
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    assert "<script>" not in rendered and "<img" not in rendered and "<iframe" not in rendered
    assert "<b>co</b>" not in rendered and 'href="javascript' not in rendered


def test_cli_writes_html_by_suffix(cli, tmp_path):
    out = tmp_path / "guide.html"
    result = cli("walkthrough", MINI, "-o", out)
    assert result.code == 0 and "5 scenes" in result.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("walkthrough", MINI).out.startswith("# The Bakers' Night")


def test_on_the_bundled_story(bundled):
    page = render_walkthrough(bundled, "html")
    parser = Anchors()
    parser.feed(page)
    assert set(parser.links) <= parser.ids
    assert all(f"scene-{s}" in parser.ids for s in bundled.scenes)
    assert parser.scripts == 0


def test_conditional_paragraphs_get_a_paragraph_per_branch():
    from communard.export.textsource import all_branches_markdown

    md = all_branches_markdown("Intro.\n\n{if a}One.{else}Two.{end}\n\nOutro.")
    assert md == "Intro.\n\n*[if a]* One.\n\n*[otherwise]* Two. *[end]*\n\nOutro."
    inline = all_branches_markdown("You are {if a}brave{else}afraid{end}.")
    assert inline == "You are *[if a]* brave *[otherwise]* afraid *[end]*."
    assert all_branches_markdown("{if broken") == "{if broken"     # given back as written


def test_choice_wording_by_condition():
    from communard.export.textsource import all_branches_plain

    source = "{if trust >= 2}Speak up{else}Whisper{end}"
    assert all_branches_plain(source) == "Speak up / Whisper"
    assert all_branches_plain(source, labelled=True) == \
        "[if trust is at least 2] Speak up [otherwise] Whisper [end]"


def test_one_chapter_for_a_lesson(cli, tmp_path):
    out = tmp_path / "evening.md"
    result = cli("walkthrough", MINI, "--chapter", "2", "-o", out)
    assert result.code == 0 and "walkthrough of 3 scenes in chapter 2" in result.err
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# The Bakers' Night: chapter 2, The Evening\n")
    assert "### The Meeting" in md and "### The Oven" not in md
    assert "chapter 2 of 2, 3 scenes" in md and "## Contents" not in md
    assert cli("walkthrough", MINI, "--chapter", "evening").out.strip() == md.strip()
    result = cli("walkthrough", MINI, "--chapter", "9")
    assert result.code == 2
    assert "no chapter '9'" in result.err and "1 (morning), 2 (evening)" in result.err


def test_paper_size_by_option_or_locale(cli, monkeypatch):
    from communard.export.page import paper_for_locale

    assert "@page { size: A4; }" in cli("walkthrough", MINI, "-f", "html", "--paper", "a4").out
    assert "@page { size: letter; }" in cli("walkthrough", MINI, "-f", "html",
                                            "--paper", "letter").out
    assert paper_for_locale({"LANG": "en_US.UTF-8"}) == "letter"
    assert paper_for_locale({"LANG": "fr_FR.UTF-8", "LC_PAPER": "en_CA.UTF-8"}) == "letter"
    assert paper_for_locale({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US"}) == "a4"
    assert paper_for_locale({"LANG": "C.UTF-8"}) is None and paper_for_locale({}) is None
    for name in ("LC_ALL", "LC_PAPER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    page = cli("walkthrough", MINI, "-f", "html").out
    assert "@page { size: A4; }" in page and "break-before: page" not in page


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")),
                    reason="printing needs Debian's chromium and poppler-utils (.ci/run "
                           "installs them)")
@pytest.mark.parametrize(("paper", "points"), [("a4", "59[45]"), ("letter", "612")])
def test_printed_chapter_has_no_near_empty_page(bundled, tmp_path, paper, points):
    """Chromium prints the guide to one chapter; every page but the last is well filled."""
    from communard.export.walkthrough import render_walkthrough

    page = tmp_path / "guide.html"
    page.write_text(render_walkthrough(bundled, "html", chapter=(2, bundled.chapters[1]),
                                       paper=paper), encoding="utf-8")
    pdf = tmp_path / "guide.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=240, check=False)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(rf"Page size:\s+{points}", info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    lines = [sum(1 for line in p.splitlines() if line.strip()) for p in pages]
    assert len(pages) > 3
    assert all(n > max(lines) * 0.35 for n in lines[:-1]), lines
