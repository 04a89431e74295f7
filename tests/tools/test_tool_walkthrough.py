"""`communard walkthrough`: the whole story for teachers, safe and complete."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    assert "**Note: Night work in the bakeries** \\[1\\]" in md
    assert "Why did the bakers want night work abolished?" in md
    assert "> Bread was rationed during the siege." in md            # history
    assert "Can be taken once only." in md
    assert "**Ending:** A Voice" in md
    # conditional text with its condition in plain words
    assert "*\\[if trust is at least 2\\]* The others nod to you. *\\[otherwise\\]* Nobody " \
           "looks up. *\\[end\\]*" in md


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
    assert "<script>" not in md and "The \\<script\\>alert(1)\\</script\\> Oven" in md


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
    assert md == "Intro.\n\n*\\[if a\\]* One.\n\n*\\[otherwise\\]* Two. *\\[end\\]*\n\nOutro."
    inline = all_branches_markdown("You are {if a}brave{else}afraid{end}.")
    assert inline == "You are *\\[if a\\]* brave *\\[otherwise\\]* afraid *\\[end\\]*."
    assert all_branches_markdown("{if broken") == "{if broken"     # given back as written


def test_choice_wording_by_condition():
    from communard.export.textsource import all_branches_plain

    source = "{if trust >= 2}Speak up{else}Whisper{end}"
    assert all_branches_plain(source) == "Speak up / Whisper"
    assert all_branches_plain(source, labelled=True) == \
        "[if trust is at least 2] Speak up [otherwise] Whisper [end]"
