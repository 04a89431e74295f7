"""Property tests: no string from a story or a save makes live HTML in an export.

Each export is rendered the way a careless reader would (Markdown with raw
HTML allowed and every link accepted; HTML parsed as a browser would) and must
show story and save strings as text, inside the place they were put:

- plain text (a title, a choice, a name, a saved value) comes back as exactly
  that text, whatever Markdown or HTML it holds, in a paragraph, a heading, a
  table cell, a link or a code span;
- the author's Markdown keeps its formatting but holds no raw HTML, no link
  to another scheme than http(s) or mailto, and cannot swallow what follows;
- whole stories built from such strings give walkthroughs and transcripts,
  Markdown and HTML, without a tag, an event handler or a script link, and a
  Mermaid map whose labels hold no markup.

COMMUNARD_FUZZ_EXAMPLES sets how many examples each property tries (CI keeps
the default small; set it to a few thousand for a long run).
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from storykit import MINI, copy_story

from communard.export.doc import Code, Document, Emph, Heading, Link, Para, Strong, Table, render
from communard.export.graph import render_mermaid
from communard.export.mdsafe import safe_markdown
from communard.export.transcript import render_transcript
from communard.export.walkthrough import render_walkthrough
from engine import Session, StoryError, UnreadableStory, load_story

EXAMPLES = int(os.environ.get("COMMUNARD_FUZZ_EXAMPLES", "80"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

NAIVE = MarkdownIt("commonmark", {"html": True})
NAIVE.validateLink = lambda url: True  # type: ignore[method-assign]

SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
    "<!--", "-->", "<?php", "<![CDATA[", "</p>", "<div>", "<b>", "&lt;", "&amp;", "&#60;",
    "javascript:alert(1)", "jav&#x61;script:", "[x](javascript:alert(1))", "](", "[", "]",
    "![i](x)", "<javascript:alert(1)>", "<https://ok.example>", "```", "~~~", "`", "``",
    "*", "**", "_", "__", "~~", "\\", "\\\\", "#", "# ", "> ", "- ", "1. ", "---", "|",
    "\n", "\n\n", "    ", "\t", "[1]: javascript:x", "[r]: <javascript:x>", "&", "<", ">",
    "\"", "'", "(", ")", "{", "}", "onerror=", "style=", "\u00a0", "é", "–",
]
CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
TEXT = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(CHARS, max_size=8)),
                max_size=12).map("".join)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _inline_text(token) -> str:
    """What an inline token shows as text; fails on anything but text."""
    shown = []
    for child in token.children or []:
        assert child.type in ("text", "softbreak"), (child.type, child.content)
        shown.append(" " if child.type == "softbreak" else child.content)
    return "".join(shown)


def _no_live_html(markdown: str) -> None:
    for token in NAIVE.parse(markdown):
        for t in [token, *(token.children or [])]:
            if t.type in ("html_block", "html_inline"):
                assert t.content.startswith(('<a id="', "</a>")), t.content
            href = t.attrGet("href") if t.attrs else None
            if href is not None:
                assert re.match(r"(https?:|mailto:|#|[^:]*$)", str(href), re.I), href
            assert t.type != "image", t.attrs    # nothing is loaded from anywhere


@FUZZ
@given(TEXT)
def test_plain_text_in_a_paragraph_is_that_text(text: str) -> None:
    assume(_normal(text))
    doc = Document("T")
    doc.add(Para(text), Para(["Before ", text, " after"]))
    tokens = NAIVE.parse(render(doc, "md"))
    inlines = [t for t in tokens if t.type == "inline"]
    assert [t.type for t in tokens if t.level == 0] == [
        "heading_open", "heading_close", "paragraph_open", "paragraph_close",
        "paragraph_open", "paragraph_close"]
    assert _inline_text(inlines[1]) == _normal(text)
    assert _normal(_inline_text(inlines[2])) == _normal(f"Before {text} after")


@FUZZ
@given(TEXT)
def test_plain_text_in_every_context_stays_there(text: str) -> None:
    assume(_normal(text))
    doc = Document(text)
    doc.add(Heading(2, text), Para([Strong(text), " ", Emph(text)]),
            Para([Link(text, "scene-a"), " ", Code(text)]),
            Table(["Date", text], [[text, [Strong(text)]]]))
    md = render(doc, "md")
    _no_live_html(md)
    tokens = NAIVE.parse(md)
    titles = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [_inline_text(t) for t in titles] == [_normal(text)] * 2
    paragraphs = [t for t in tokens if t.type == "inline"][2:]
    kinds = [c.type for c in paragraphs[0].children or []]
    assert kinds.count("strong_open") == 1 and kinds.count("em_open") == 1
    links = paragraphs[1]
    kinds = [c.type for c in links.children or []]
    assert kinds.count("link_open") == 1 and kinds.count("code_inline") == 1
    assert links.children[0].attrGet("href") == "#scene-a"
    code = next(c for c in links.children or [] if c.type == "code_inline")
    assert code.content.strip() == _normal(text).strip()
    cells = [t for t in tokens if t.type in ("th_open", "td_open")]
    if cells:  # GFM tables: commonmark reads the table as a paragraph, still text
        assert len(cells) == 4


@FUZZ
@given(TEXT)
def test_author_markdown_keeps_to_its_block(source: str) -> None:
    md = safe_markdown(source) + "\n\nEND-OF-SCENE\n"
    _no_live_html(md)
    tokens = NAIVE.parse(md)
    assert [t.content for t in tokens[-3:]] == ["", "END-OF-SCENE", ""]
    assert tokens[-3].type == "paragraph_open" and tokens[-3].level == 0


# --- whole stories --------------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    ACTIVE = frozenset({"script", "img", "iframe", "frame", "object", "embed", "svg", "math",
                        "form", "input", "button", "link", "base", "video", "audio"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.ACTIVE or (tag == "meta" and any(k == "http-equiv" for k, _ in attrs)):
            self.bad.append(tag)
        for key, value in attrs:
            if key.startswith("on") or (key in ("href", "src") and value and re.match(
                    r"\s*(javascript|data|vbscript):", value, re.I)):
                self.bad.append(f"{tag} {key}={value}")


def _story(folder: Path, title: str, text: str, choice: str, name: str, note: str,
           source: str, value: str) -> Path | None:
    def q(value: str) -> str:
        return yaml.safe_dump(value, default_style='"', width=10**6).strip()

    path = copy_story(folder, MINI, edits={
        "chapters/morning.yaml": [
            ("title: The Oven", f"title: {q(title)}"),
            ("      The dough has been rising since midnight.\n",
             "      " + text.replace("\n", "\n      ").replace("{", "{{").replace("}", "}}")
             + "\n"),
            ("text: Knead in silence", f"text: {q(choice)}")],
        "codex.yaml": [("name: The bakeries", f"name: {q(name)}")],
        "notes.yaml": [("title: Night work in the bakeries", f"title: {q(note)}")],
        "sources.yaml": [("title: Paris Commune of 1871", f"title: {q(source)}")],
        "story.yaml": [("name: {type: str, default: Louise}",
                        f"name: {{type: str, default: {q(value)}}}")]})
    try:
        load_story(path)
    except (StoryError, UnreadableStory):
        return None  # a string the checker refuses (fine: it never reaches an export)
    return path


@settings(max_examples=max(10, EXAMPLES // 4), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT)
def test_exports_of_a_hostile_story_hold_no_live_html(tmp_path_factory, title, text, choice,
                                                      name, note, source, value) -> None:
    folder = tmp_path_factory.mktemp("story") / "s"
    path = _story(folder, title, text, choice, name, note, source, value)
    assume(path is not None)
    story = load_story(path)
    session = Session(story)
    session.choose(session.view().choices[0].id)
    saved = session.to_dict()
    saved["vars"]["name"] = value + "<img src=x onerror=alert(2)>"
    replayed = Session.from_dict(story, saved)
    mermaid = render_mermaid(story)
    assert "<" not in re.sub(r"<br/>|</?small>", "", mermaid)     # labels hold no markup
    assert json.loads(mermaid.splitlines()[1].removeprefix("title: ")).endswith("story map")
    for fmt in ("md", "html"):
        for page in (render_walkthrough(story, fmt), render_transcript(story, replayed, fmt)):
            if fmt == "md":
                _no_live_html(page)
            else:
                tags = _Tags()
                tags.feed(page)
                assert tags.bad == []
