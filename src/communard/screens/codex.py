"""The codex: people, places and terms the player has met so far."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Markdown

from engine.views import CodexView

from .base import Overlay
from .citations import entries_markdown


def codex_markdown(entries: Sequence[CodexView], here: Sequence[CodexView]) -> str:
    current = {e.id for e in here}
    items = []
    for entry in sorted(entries, key=lambda e: e.name.casefold()):
        about = [entry.kind] if entry.kind else []
        if entry.id in current:
            about.append("in this scene")
        title = f"{entry.name} ({', '.join(about)})" if about else entry.name
        items.append((title, entry.text, entry.sources))
    return entries_markdown(items, "Nothing yet: the codex fills as you meet people, "
                                   "places and terms.")


class CodexScreen(Overlay[None]):
    """Everything met so far, alphabetical, with the current scene's marked."""

    BINDINGS = [Binding("c", "close", "Close", show=False)]
    HEADING = "CODEX: PEOPLE, PLACES AND TERMS"

    def __init__(self, entries: Sequence[CodexView], here: Sequence[CodexView] = ()) -> None:
        super().__init__()
        self.entries = tuple(entries)
        self.here = tuple(here)

    def body(self) -> ComposeResult:
        yield Markdown(codex_markdown(self.entries, self.here), id="codex", open_links=False)
