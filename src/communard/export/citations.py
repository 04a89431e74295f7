"""Numbered citations: sources get numbers in the order a reader first meets them.

Used by the walkthrough and the transcript so that a note reads "... [1, 3]"
and the bibliography at the end lists [1], [2], [3] in that order, as in a
printed book, rather than in the arbitrary order of sources.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine import Story
from engine.session import source_view


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

    def cited(self) -> list[tuple[int, str]]:
        """(number, citation line) of every source cited so far, in number order."""
        return [(n, source_view(self.story, sid).citation())
                for sid, n in sorted(self.numbers.items(), key=lambda kv: kv[1])]
