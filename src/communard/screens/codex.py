"""The codex: people, places and terms the player has met so far."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding

from engine.views import CodexView

from ..export.mdsafe import escape_md
from ..game import CODEX_GROUPS, codex_key
from ..i18n import N_, _
from ..widgets.scene_text import SceneText
from .base import Overlay
from .citations import Bibliography, entry_markdown


def codex_markdown(entries: Sequence[CodexView], here: Sequence[CodexView]) -> str:
    """The entries by kind (people by surname, the rest by name), then the bibliography."""
    if not entries:
        return "*Nothing yet: the codex fills as you meet people, places and terms.*"
    current = {e.id for e in here}
    bib = Bibliography()
    parts: list[str] = []
    group = None
    for entry in sorted(entries, key=lambda e: codex_key(e.name, e.kind)):
        heading = _(CODEX_GROUPS.get(entry.kind, N_("Other")))
        if heading != group:
            parts.append(f"## {heading}")
            group = heading
        title = escape_md(entry.name) + (" (in this scene)" if entry.id in current else "")
        parts.append(entry_markdown(bib, title, entry.text, entry.sources))
    parts.append(bib.markdown())
    return "\n\n".join(p for p in parts if p)


class CodexScreen(Overlay[None]):
    """Everything met so far, by kind and name, with the current scene's marked."""

    BINDINGS = [Binding("c", "close", N_("Close"), show=False)]
    HEADING = N_("CODEX: PEOPLE, PLACES AND TERMS")

    def __init__(self, entries: Sequence[CodexView], here: Sequence[CodexView] = ()) -> None:
        super().__init__()
        self.entries = tuple(entries)
        self.here = tuple(here)

    def body(self) -> ComposeResult:
        yield SceneText(codex_markdown(self.entries, self.here), id="codex")
