"""Numbered citations: sources get numbers in the order a reader first meets them.

Used by the walkthrough and the transcript so that a note reads "... [1, 3]"
and the bibliography at the end lists [1], [2], [3] in that order, as in a
printed book, rather than in the arbitrary order of sources.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine import Story
from engine.session import source_view
from engine.views import SourceView

from .doc import Emph, Inline, WebLink


class Citations:
    def __init__(self, story: Story):
        self.story = story
        self.numbers: dict[str, int] = {}

    def cite(self, source_ids: Iterable[str]) -> list[int]:
        """Numbers for these sources, giving new ones to sources not cited before."""
        result = []
        for source_id in source_ids:
            if source_id not in self.story.sources:
                continue
            if source_id not in self.numbers:
                self.numbers[source_id] = len(self.numbers) + 1
            result.append(self.numbers[source_id])
        return result

    def mark(self, source_ids: Iterable[str]) -> str:
        """'[1, 3]', or '' when nothing is cited."""
        numbers = self.cite(source_ids)
        return f"[{', '.join(map(str, numbers))}]" if numbers else ""

    def cited(self) -> list[tuple[int, SourceView]]:
        """(number, source) of every source cited so far, in number order."""
        return [(n, source_view(self.story, sid))
                for sid, n in sorted(self.numbers.items(), key=lambda kv: kv[1])]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def citation_text(source: SourceView) -> str:
    """Author, title, publisher, year and page as one sentence, without the address.

    The year is left out when the publisher already gives it ("New Left Review,
    July-August 2004"), and no second full stop follows "n.d.".
    """
    return _sentence(", ".join(_citation_parts(source)))


def _citation_parts(source: SourceView) -> list[str]:
    parts = [source.author, source.title]
    year = str(source.year).strip()
    if source.publisher:
        parts.append(source.publisher)
    if year and not (source.publisher and re.search(rf"\b{re.escape(year)}\b",
                                                     source.publisher)):
        parts.append(year)
    if source.page:
        parts.append(f"p. {source.page}")
    return [p.strip() for p in parts if p and p.strip()]


def citation_inlines(source: SourceView) -> list[Inline]:
    """A citation for the exports: the title in italics, the note, then the address
    last, as a link of its own with a space before it, so nothing runs into it."""
    author, title, *rest = _citation_parts(source)
    line: list[Inline] = [f"{author}, ", Emph(title)]
    line.append(_sentence(", " + ", ".join(rest)) if rest else ".")
    if source.note:
        line.append(f" {_sentence(source.note)}")
    if source.url:
        line += [" ", WebLink(source.url, source.url)]
    return line
