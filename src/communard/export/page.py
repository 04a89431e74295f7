"""The one HTML page shell and the one set of escaping rules every export uses.

Story files are untrusted input: a title may hold `<script>`, a text may hold
raw HTML or a `javascript:` link. So plain strings always go through
`escape_html` (or mdsafe's `escape_md` for Markdown output), and story Markdown is
rendered by markdown-it with raw HTML turned off (its link check also drops
`javascript:` and similar URLs). The page is one self-contained file: inline
CSS with print rules, no scripts, no outside resources.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..kinds import KINDS

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def escape_html(text: Any) -> str:
    """Plain text for HTML content and attribute values (quotes included)."""
    return html.escape(str(text), quote=True)


def anchor(prefix: str, ident: str) -> str:
    """An id safe in HTML and in a URL fragment, from a story id (which is already tame)."""
    return f"{prefix}-{_ANCHOR_UNSAFE.sub('-', ident)}"


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # No images: the page loads nothing from outside, and a save's value could point one
    # anywhere (`![x](y)` then reads as "!" and a link).
    return MarkdownIt("commonmark", {"html": False, "linkify": False,
                                     "typographer": False}).disable("image")


def markdown_to_html(source: str) -> str:
    """Story Markdown as HTML: raw HTML is shown as text, unsafe links are not links."""
    return _markdown().render(source)


def _kind_css() -> str:
    rules = []
    for kind, style in KINDS.items():
        rules.append(f".kind-{kind} {{ background: {style.fill}; color: {style.border}; "
                     f"border-color: {style.border}; }}")
        rules.append(f"section.scene.kind-{kind} {{ background: none; color: inherit; "
                     f"border-left-color: {style.border}; }}")
    return "\n".join(rules)


CSS = """
:root { --ink: #1d1d1f; --muted: #5b5b66; --rule: #d8d8de; --accent: #8c1c13; }
* { box-sizing: border-box; }
body { font: 16px/1.55 Georgia, 'Times New Roman', serif; color: var(--ink);
       max-width: 46rem; margin: 2rem auto; padding: 0 1.2rem; }
h1, h2, h3, h4 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; margin-bottom: .2rem; color: var(--accent); }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { margin-top: 1.8rem; }
a { color: var(--accent); }
.subtitle, .meta, .small { color: var(--muted); font-size: .92rem; }
.meta { font-family: 'Helvetica Neue', Arial, sans-serif; }
.badge { display: inline-block; font: bold .72rem/1.4 'Helvetica Neue', Arial, sans-serif;
         text-transform: uppercase; letter-spacing: .04em; padding: 0 .45rem;
         border: 1px solid; border-radius: .6rem; vertical-align: middle; }
section.scene { border-left: 4px solid var(--rule); padding: 0 0 0 1rem; margin: 1.5rem 0; }
.choices { list-style: none; padding-left: 0; }
.choices > li { margin: .35rem 0; padding: .3rem .6rem; border: 1px solid var(--rule);
                border-radius: .3rem; }
.condition { color: #6b3fa0; }
blockquote { margin: .8rem 0; padding: .3rem 1rem; border-left: 3px solid var(--rule);
             color: var(--muted); }
.note { background: #f7f5ef; border: 1px solid #e6e1d3; padding: .5rem .9rem; margin: .8rem 0;
        border-radius: .3rem; }
.note p { margin: .4rem 0; }
.ending { border: 3px double var(--accent); padding: .6rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
         border-bottom: 1px solid var(--rule); }
.toc > ul { columns: 2; column-gap: 2.5rem; padding-left: 1.2rem; }
.toc ul ul { font-size: .9rem; padding-left: 1rem; }
.toc li { margin: .1rem 0; }
.toc p { margin: .5rem 0 .2rem; }
code { font-size: .85em; }
.questions li { margin: .4rem 0; }
ol.bibliography li { margin: .3rem 0; word-break: break-word; }
.blank { display: inline-block; min-width: 16rem; border-bottom: 1px solid var(--ink); }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  p, li { orphans: 3; widows: 3; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]:not(.url)::after { content: " <" attr(href) ">"; font-size: .85em;
                                     color: #555; }
  .toc ul ul { display: none; }
  h2, h3, h4 { break-after: avoid; }
  .note, .choices > li, .ending, tr, .questions li { break-inside: avoid; }
  .badge, .kind-historical, .kind-fictional, .kind-counterfactual {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 1.8cm 1.7cm; }
"""


PAPERS = {"a4": "A4", "letter": "letter"}
# Where US Letter is the usual paper; everywhere else it is A4.
_LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR",
                                 "PA", "DO", "SV", "NI", "HN", "BZ"})


def paper_for_locale(env: Mapping[str, str] | None = None) -> str | None:
    """'letter' or 'a4' from the locale (LC_ALL, LC_PAPER, LANG); None if it says nothing."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name)
        if value:
            found = re.match(r"[A-Za-z]{2,3}_([A-Z]{2})", value)
            if found is None:
                return None  # C, POSIX: the browser's own default
            return "letter" if found.group(1) in _LETTER_TERRITORIES else "a4"
    return None


def html_page(title: str, body: str, language: str = "en", paper: str | None = None) -> str:
    """A whole, self-contained HTML document around `body` (already safe HTML).

    Chapters do not start on a new page: a forced break leaves the end of every
    chapter on a page of a few lines. `paper` ('a4', 'letter') sets the page size.
    """
    lang = escape_html(language or "en")
    size = f"\n@page {{ size: {PAPERS[paper]}; }}" if paper in PAPERS else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="communard">\n'
            f"<title>{escape_html(title)}</title>\n<style>{CSS}{_kind_css()}{size}\n</style>\n"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")
