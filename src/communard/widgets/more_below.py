"""The "more below" cue under a page that scrolls.

A scene or an ending can run past the visible part while the choices (or the
keys) stay on screen, and a one-cell scrollbar is easy to miss: the cue says
that the text goes on and how to read on, and goes away once the player has
read to the end.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.widgets import Label

from ..i18n import N_, _

MORE = N_("▼ more below: PgDn or space to read on")


class MoreBelow(Label):
    """Shown only while the page named by `page` (a selector on this screen) goes on
    below what is visible."""

    def __init__(self, page: str, *, id: str | None = None) -> None:
        super().__init__(_(MORE), id=id)
        self.page = page

    def on_mount(self) -> None:
        page = self.screen.query_one(self.page, ScrollableContainer)
        self.watch(page, "scroll_y", self.update_cue, init=False)
        self.watch(page, "max_scroll_y", self.update_cue, init=False)
        self.call_after_refresh(self.update_cue)

    def update_cue(self, _value: float = 0) -> None:
        """Show or hide the cue for where the page stands now (call after new text)."""
        page = self.screen.query_one(self.page, ScrollableContainer)
        self.display = page.scroll_y < page.max_scroll_y - 0.5
