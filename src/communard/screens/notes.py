"""The historical notes of the current scene, with numbered sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from engine.views import SceneView

from ..export.mdsafe import escape_md
from ..i18n import N_, _
from ..widgets.scene_text import SceneText
from .base import Overlay
from .citations import entries_markdown


def notes_markdown(view: SceneView) -> str:
    items = [(escape_md(n.title, start=False), n.text, n.sources) for n in view.notes]
    return entries_markdown(items, _("This scene has no historical notes."))


class NotesScreen(Overlay[None]):
    """What really happened around this scene, and where it is written."""

    BINDINGS = [Binding("n", "close", N_("Close"), show=False)]
    HEADING = N_("HISTORICAL NOTES")

    def __init__(self, view: SceneView) -> None:
        super().__init__()
        self.view = view

    def body(self) -> ComposeResult:
        yield SceneText(notes_markdown(self.view), id="notes")
