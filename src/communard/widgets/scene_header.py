"""The band at the top of the play screen: where and when the player is.

Chapter, scene title, date (with the Republican calendar date when the story
asks for it), place, and the kind badge. It takes a SceneView and nothing else.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from engine.views import SceneView

from ..i18n import scene_date_words
from ..republican import republican_date
from .kind_badge import KindBadge


def date_line(view: SceneView, republican: bool) -> str:
    """'20 April 1871 · 1 Floréal an 79 · Rue Mouffetard', as much of it as is known."""
    parts = []
    when = scene_date_words(view.date, view.date_precision)
    if when:
        parts.append(when)
        if republican and view.date is not None and view.date_precision == "day":
            parts.append(republican_date(view.date))
    if view.place:
        parts.append(view.place)
    return " · ".join(parts)


class SceneHeader(Vertical):
    """Chapter, title, date and place on the left; the kind badge on the right."""

    def __init__(self, republican: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.republican = republican

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-row"):
            with Vertical(id="where"):
                yield Label("", id="chapter")
                yield Label("", id="title")
                yield Label("", id="when")
            yield KindBadge(id="kind")

    def show(self, view: SceneView) -> None:
        self.query_one("#chapter", Label).update(view.chapter_title)
        self.query_one("#title", Label).update(view.title)
        when = self.query_one("#when", Label)
        line = date_line(view, self.republican)
        when.update(line)
        when.display = bool(line)
        self.query_one(KindBadge).kind = view.kind
