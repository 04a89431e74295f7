
"""Numbered citations and a bibliography, as Markdown.

Notes and codex entries cite sources; a reader needs to follow them. Each
source gets one number the first time it is cited on a screen, the text says
"[1]", and the bibliography below gives author, title, publisher, year, page
and URL, the way a footnoted book would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engine.views import SourceView

from ..export.citations import citation_text
from ..export.mdsafe import escape_md, safe_url
from ..i18n import _


class Bibliography:
    """Numbers sources in the order they are first cited."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[int, SourceView]] = {}

    def cite(self, sources: Iterable[SourceView]) -> str:
        """'[1] [2]' for these sources, numbering new ones."""
        marks = []
        for source in sources:
            if source.id not in self.sources:
                self.sources[source.id] = (len(self.sources) + 1, source)
            marks.append(f"[{self.sources[source.id][0]}]")
        return " ".join(marks)

    def markdown(self, heading: str | None = None) -> str:
        if not self.sources:
            return ""
        lines = [f"### {heading or _('Bibliography')}", ""]
        for number, source in sorted(self.sources.values(), key=lambda x: x[0]):
            lines.append(f"{number}. {citation_md(source)}")
        return "\n".join(lines)


def citation_md(source: SourceView) -> str:
    """A citation with its URL as a visible link (a projector cannot hover)."""
    text = escape_md(citation_text(source), start=False)
    if source.note:
        text += f" *{escape_md(source.note, start=False, before='*', after='*')}*"
    if source.url:
        text += f" <{source.url}>" if safe_url(source.url) and " " not in source.url \
            else " " + escape_md(source.url, start=False)
    return text


def entry_markdown(bib: Bibliography, title: str, text: str,
                   sources: Sequence[SourceView]) -> str:
    """One titled entry followed by its citation marks (numbered in `bib`)."""
    marks = bib.cite(sources)
    block = f"### {title}\n\n{text.strip()}"
    return block + f"\n\nSources: {marks}" if marks else block


def entries_markdown(items: Sequence[tuple[str, str, Sequence[SourceView]]],
                     empty: str) -> str:
    """Titled entries, each followed by its citation marks, then the bibliography."""
    if not items:
        return f"*{empty}*"
    bib = Bibliography()
    parts = [entry_markdown(bib, title, text, sources) for title, text, sources in items]
    parts.append(bib.markdown())
    return "\n\n".join(p for p in parts if p)
