"""A tiny document model with two renderers: Markdown and HTML.

The walkthrough and the transcript are each written once, as a list of
blocks, and rendered to either format here. That keeps their content from
drifting between formats and puts all escaping in one place: plain strings
(`str` inlines, headings, table cells) are escaped for the target format,
and only `Markdown` blocks (story text the author wrote in Markdown) are
passed on as Markdown, which the HTML side renders with raw HTML disabled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from .mdsafe import UNKNOWN, code_span, escape_heading, escape_md, safe_markdown
from .page import escape_html, html_page, markdown_to_html


# --- inlines -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Strong:
    text: str


@dataclass(frozen=True, slots=True)
class Emph:
    text: str


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    anchor: str
    """An id in the same document (without '#')."""


@dataclass(frozen=True, slots=True)
class WebLink:
    """A link out of the document; only http(s) addresses become links, others stay text."""

    text: str
    url: str

    @property
    def safe(self) -> bool:
        url = self.url.strip()
        return url.lower().startswith(("http://", "https://")) and not any(
            c.isspace() or c in "<>\"'`" for c in url)


@dataclass(frozen=True, slots=True)
class Badge:
    """A small label such as a scene's kind; `cls` is a CSS class."""

    text: str
    cls: str = ""


Inline = str | Strong | Emph | Code | Link | WebLink | Badge
Inlines = Sequence[Inline] | str


# --- blocks --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    content: Inlines
    anchor: str | None = None
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Para:
    content: Inlines
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Markdown:
    """Markdown written by the story's author (rendered safely, never as raw HTML)."""

    source: str


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: Sequence[Sequence[Block] | Inlines]
    ordered: bool = False
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: Sequence[Block]
    cls: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[Inlines]]


@dataclass(frozen=True, slots=True)
class Section:
    """A group of blocks: an HTML <section> (for styling and page breaks); nothing in Markdown."""

    blocks: Sequence[Block]
    cls: str = ""
    anchor: str | None = None


Block = Heading | Para | Markdown | ListBlock | Quote | Table | Section


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    language: str = "en"
    paper: str | None = None
    """'a4' or 'letter' for printing the HTML; None lets the browser choose."""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# --- Markdown -------------------------------------------------------------------
_URL_SAFE = "-._~:/?#[]@!$&'*+,;=%"
"""Characters kept as they are in a link's address; the rest are %-encoded."""


def _md_inline(item: Inline, start: bool = False, before: str = UNKNOWN,
               after: str = UNKNOWN, table: bool = False) -> str:
    """One inline; `start`: it opens a block; `before`/`after`: the characters around it."""
    if isinstance(item, str):
        return escape_md(item, start=start, table=table, before=before, after=after)
    if isinstance(item, Strong | Emph | Badge):
        mark = "*" if isinstance(item, Emph) else "**"
        inner = escape_md(item.text.strip(), start=False, table=table, before="*", after="*")
        return f"{mark}{inner}{mark}"
    if isinstance(item, Code):
        return code_span(item.text).replace("|", "\\|") if table else code_span(item.text)
    if isinstance(item, WebLink) and not item.safe:
        return escape_md(f"{item.text} {item.url}".strip(), start=start, table=table,
                         before=before, after=after)
    if isinstance(item, WebLink) and item.text.strip() in ("", item.url.strip()):
        return f"<{item.url.strip()}>"   # an autolink: the address shown as it is written
    text = escape_md(item.text or getattr(item, "url", ""), start=False, link=True,
                     table=table, before="[", after="]")
    if isinstance(item, Link):
        return f"[{text}](#{item.anchor})"
    return f"[{text}]({quote(item.url.strip(), safe=_URL_SAFE)})"


def _edge(item: Inline, first: bool) -> str:
    """The character an inline begins (`first`) or ends with, once written."""
    if isinstance(item, str):
        return (item[:1] if first else item[-1:]) or UNKNOWN
    if isinstance(item, Strong | Emph | Badge):
        return "*"
    if isinstance(item, Code):
        return "`"
    if isinstance(item, WebLink) and not item.safe:
        return _edge(f"{item.text} {item.url}".strip(), first)
    return "[" if first else ")"


def _md_inlines(content: Inlines, start: bool = True, table: bool = False) -> str:
    items: Sequence[Inline] = [content] if isinstance(content, str) else content
    edge = " " if table else "\n"
    out = []
    for n, item in enumerate(items):
        before = _edge(items[n - 1], first=False) if n else edge
        after = _edge(items[n + 1], first=True) if n + 1 < len(items) else edge
        out.append(_md_inline(item, start and n == 0, before, after, table))
    return "".join(out)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        target = f'<a id="{block.anchor}"></a>\n' if block.anchor else ""
        text = escape_heading(_md_inlines(block.content, start=False))
        return f"{target}{'#' * block.level} {text}"
    if isinstance(block, Para):
        return _md_inlines(block.content)
    if isinstance(block, Markdown):
        return safe_markdown(block.source)
    if isinstance(block, ListBlock):
        lines = []
        for n, item in enumerate(block.items, 1):
            marker = f"{n}. " if block.ordered else "- "
            body = _md_item(item)
            first, _, rest = body.partition("\n")
            lines.append(marker + first + ("\n" + _indent(rest, " " * len(marker))
                                           if rest else ""))
        return "\n".join(lines)
    if isinstance(block, Quote):
        inner = "\n\n".join(_md_block(b) for b in block.blocks)
        return "\n".join("> " + line if line else ">" for line in inner.splitlines())
    if isinstance(block, Table):
        head = "| " + " | ".join(_md_inlines(h, start=False, table=True)
                                 for h in block.header) + " |"
        rule = "|" + "|".join(" --- " for _ in block.header) + "|"
        rows = ["| " + " | ".join(_md_inlines(c, start=False, table=True) or " "
                                  for c in row) + " |" for row in block.rows]
        return "\n".join([head, rule, *rows])
    return "\n\n".join(_md_block(b) for b in block.blocks)


def _md_item(item: Sequence[Block] | Inlines) -> str:
    if _is_blocks(item):
        return "\n\n".join(_md_block(b) for b in item)  # type: ignore[arg-type]
    return _md_inlines(item)  # type: ignore[arg-type]


def _is_blocks(item: Sequence[Block] | Inlines) -> bool:
    return not isinstance(item, str) and bool(item) and all(
        isinstance(x, Heading | Para | Markdown | ListBlock | Quote | Table | Section)
        for x in item)


def to_markdown(doc: Document) -> str:
    title = escape_heading(escape_md(doc.title, start=False, before=" ", after="\n"))
    return f"# {title}\n\n" + "\n\n".join(_md_block(b) for b in doc.blocks) + "\n"


# --- HTML -----------------------------------------------------------------------
def _cls(cls: str) -> str:
    return f' class="{escape_html(cls)}"' if cls else ""


def _html_inline(item: Inline) -> str:
    if isinstance(item, str):
        return escape_html(item)
    if isinstance(item, Strong):
        return f"<strong>{escape_html(item.text)}</strong>"
    if isinstance(item, Emph):
        return f"<em>{escape_html(item.text)}</em>"
    if isinstance(item, Code):
        return f"<code>{escape_html(item.text)}</code>"
    if isinstance(item, Link):
        return f'<a href="#{escape_html(item.anchor)}">{escape_html(item.text)}</a>'
    if isinstance(item, WebLink):
        if not item.safe:
            return escape_html(f"{item.text} {item.url}".strip())
        shown = item.text or item.url
        cls = ' class="url"' if shown.strip() == item.url.strip() else ""  # printed once
        return f'<a href="{escape_html(item.url.strip())}"{cls}>{escape_html(shown)}</a>'
    return f'<span class="badge {escape_html(item.cls)}">{escape_html(item.text)}</span>'


def _html_inlines(content: Inlines) -> str:
    if isinstance(content, str):
        return escape_html(content)
    return "".join(_html_inline(i) for i in content)


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        ident = f' id="{escape_html(block.anchor)}"' if block.anchor else ""
        return f"<h{block.level}{ident}{_cls(block.cls)}>{_html_inlines(block.content)}" \
               f"</h{block.level}>"
    if isinstance(block, Para):
        return f"<p{_cls(block.cls)}>{_html_inlines(block.content)}</p>"
    if isinstance(block, Markdown):
        return markdown_to_html(block.source)
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_html_item(i)}</li>\n" for i in block.items)
        return f"<{tag}{_cls(block.cls)}>\n{items}</{tag}>"
    if isinstance(block, Quote):
        return f"<blockquote{_cls(block.cls)}>{''.join(_html_block(b) for b in block.blocks)}" \
               "</blockquote>"
    if isinstance(block, Table):
        head = "".join(f"<th>{escape_html(h)}</th>" for h in block.header)
        rows = "".join("<tr>" + "".join(f"<td>{_html_inlines(c)}</td>" for c in row) + "</tr>\n"
                       for row in block.rows)
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>"
    ident = f' id="{escape_html(block.anchor)}"' if block.anchor else ""
    inner = "\n".join(_html_block(b) for b in block.blocks)
    return f"<section{ident}{_cls(block.cls)}>\n{inner}\n</section>"


def _html_item(item: Sequence[Block] | Inlines) -> str:
    if _is_blocks(item):
        return "\n".join(_html_block(b) for b in item)  # type: ignore[arg-type]
    return _html_inlines(item)  # type: ignore[arg-type]


def to_html(doc: Document) -> str:
    body = f"<h1>{escape_html(doc.title)}</h1>\n" + "\n".join(_html_block(b) for b in doc.blocks)
    return html_page(doc.title, body, doc.language, doc.paper)


def render(doc: Document, fmt: str) -> str:
    """`fmt` is 'md' or 'html'."""
    if fmt == "html":
        return to_html(doc)
    if fmt == "md":
        return to_markdown(doc)
    raise ValueError(f"unknown format {fmt!r}: use 'md' or 'html'")
