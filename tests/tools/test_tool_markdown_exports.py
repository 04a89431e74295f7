"""The Markdown exports: no live HTML from a story or a save, and clean to read as text.

A Markdown file is opened by whatever the student has, often a renderer that
allows raw HTML; so these render the exports with raw HTML on (markdown-it,
`html=True`) and look for what must not be there. They also read the file as
text: a backslash only where CommonMark would otherwise read syntax.
"""

from __future__ import annotations

import datetime as dt

from markdown_it import MarkdownIt
from storykit import edited_copy

from communard.export.citations import citation_inlines, citation_text
from communard.export.doc import Document, Para, render
from communard.export.mdsafe import code_span, escape_md, safe_markdown
from communard.export.transcript import render_transcript
from communard.export.walkthrough import render_walkthrough
from engine import Session, load_story
from engine.views import SourceView

RENDER = MarkdownIt("commonmark", {"html": True})
RENDER.validateLink = lambda url: True  # type: ignore[method-assign]  # as naive as can be
EVIL = "<img src=x onerror=alert(1)>"


def live_html(markdown: str) -> list[str]:
    """Raw HTML a permissive renderer would pass through, but for our own anchors."""
    found = []
    for token in RENDER.parse(markdown):
        inline = token.children or []
        for t in [token, *inline]:
            if t.type in ("html_block", "html_inline") and not t.content.startswith(
                    ('<a id="', "</a>")):
                found.append(t.content)
    return found


def test_a_saved_value_in_the_transcript_is_text(mini):
    session = Session(mini)
    data = session.to_dict()
    data["vars"]["name"] = EVIL + " `x` *y* [z](javascript:alert(2))"
    loaded = Session.from_dict(mini, data)
    md = render_transcript(mini, loaded, "md", played_at=dt.datetime(2026, 3, 18))
    assert live_html(md) == []
    html = RENDER.render(md)
    assert "<img" not in html and 'href="javascript' not in html


def test_backticks_in_an_effect_cannot_close_its_code_span(tmp_path):
    path = edited_copy(tmp_path / "s", {"chapters/morning.yaml": [
        ("do: [trust += 1]", "do: [trust += 1, \"name = '``" + EVIL + "``'\"]")]})
    md = render_walkthrough(load_story(path), "md")
    assert live_html(md) == []
    assert code_span("a``b") == "```a``b```" and code_span("`x") == "`` `x ``"


def test_raw_html_and_script_links_in_story_text_are_shown_as_text(tmp_path):
    path = edited_copy(tmp_path / "s", {"chapters/morning.yaml": [
        ("The dough has been rising since midnight.",
         "The dough <!-- hidden --> <script>alert(1)</script> [x](jav&#x61;script:alert(1))"
         " <javascript:alert(2)> [ok](https://example.org).\\n\\n      ```\\n      open"),
        ("title: The Oven", "title: The <b>Oven</b>")]})
    for md in (render_walkthrough(load_story(path), "md"),
               render_transcript(load_story(path), Session(load_story(path)), "md")):
        assert live_html(md) == []
        html = RENDER.render(md)
        assert 'href="https://example.org"' in html
        assert 'href="javascript' not in html and 'href="jav' not in html
        assert "The <b>Oven</b>" not in html


def test_an_open_code_fence_stays_inside_its_scene():
    assert safe_markdown("text\n```\ncode") == "text\n```\ncode\n```"
    assert safe_markdown("~~~~\na\n~~~~\nb") == "~~~~\na\n~~~~\nb"


def test_plain_text_reads_cleanly():
    for text in ["Rue d'Allemagne", "5 * 3", "snake_case", "a < b", "Tom & Jerry",
                 "Note [1, 3].", "C'est la vie (1871)", "50% of #3", "Name: ________"]:
        assert escape_md(text, start=False, before=" ", after="\n") == text
    assert escape_md("*word*") == "\\*word\\*"
    assert escape_md("1. First") == "1\\. First"
    assert escape_md("# title") == "\\# title"
    assert escape_md("[a](b)") == "\\[a\\](b)"                 # a link definition too, at the start
    assert escape_md("[a](b)", start=False) == "[a\\](b)"
    assert escape_md("&amp;") == "\\&amp;"
    assert escape_md("a|b", table=True) == "a\\|b"
    doc = Document("A <b>guide</b> #")
    doc.add(Para("Montmartre, 18 March 1871 [2]"))
    assert render(doc, "md") == "# A \\<b>guide\\</b> \\#\n\nMontmartre, 18 March 1871 [2]\n"


def test_the_bundled_walkthrough_has_no_needless_backslashes(bundled):
    md = render_walkthrough(bundled, "md")
    assert live_html(md) == []
    assert md.count("\\") < 50, [line for line in md.splitlines() if "\\" in line][:10]


def test_citations_read_as_sentences():
    nd = SourceView("a", "Anon", "A pamphlet", "n.d.", url="https://x.org/p")
    assert citation_text(nd) == "Anon, A pamphlet, n.d."                # one full stop
    review = SourceView("b", "Benedict Anderson", "In the World-Shadow of Bismarck and "
                        "Nobel", 2004, publisher="New Left Review, July-August 2004")
    assert citation_text(review).count("2004") == 1                        # not twice
    noted = SourceView("c", "Jules Vallès", "L'Insurgé", 1886, note="A novel",
                       url="https://gallica.bnf.fr/x")
    doc = Document("Sources")
    doc.add(Para(citation_inlines(noted)))
    assert render(doc, "md").endswith(
        "Jules Vallès, *L'Insurgé*, 1886. A novel. <https://gallica.bnf.fr/x>\n")  # last
    assert 'class="url">https://gallica.bnf.fr/x</a>' in render(doc, "html")


def test_scene_titles_are_not_events_in_the_transcript_timeline(mini):
    session = Session(mini)
    session.choose("talk")
    md = render_transcript(mini, session, "md")
    assert "| Date | What happened | You |" in md
    assert "| 20 April 1871 | — | you were there: The Oven, The Street |" in md
