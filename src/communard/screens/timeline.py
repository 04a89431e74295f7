"""The timeline: the story's dates, first to last, and where the player stands.

Every row says in words whether the player was there, is there now, or what
is still ahead in history, so it reads on a monochrome projector as well.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..game import AHEAD, NOW, PASSED, TimelineRow
from ..i18n import N_, _
from .base import Overlay


def timeline_table(rows: list[TimelineRow]) -> Table:
    table = Table(expand=True, box=None, pad_edge=False, show_edge=False, padding=(0, 1, 1, 0))
    table.add_column(_("Date"), style="bold", no_wrap=True, min_width=10, max_width=17)
    table.add_column(_("What happened"), ratio=1)
    table.add_column(_("You"), no_wrap=True, width=16)
    for row in rows:
        what = Text(row.event or "")
        if row.scenes:
            what.append(("\n" if row.event else "") + _("you: {scenes}").format(
                scenes=", ".join(row.scenes)),
                        style="italic")
        marker = {NOW: _("▶ YOU ARE HERE"), PASSED: _("✓ you were there"), AHEAD: _("· ahead")}
        style = {NOW: "bold reverse", PASSED: "", AHEAD: "dim"}.get(row.status, "dim")
        table.add_row(row.date, what, Text(marker.get(row.status, ""), style=style),
                      style="bold" if row.status == NOW else None)
    return table


class TimelineScreen(Overlay[None]):
    """The story's history in order, with the player's own path through it."""

    BINDINGS = [Binding("t", "close", N_("Close"), show=False)]
    HEADING = N_("TIMELINE")

    def __init__(self, rows: list[TimelineRow]) -> None:
        super().__init__()
        self.rows = rows

    def body(self) -> ComposeResult:
        if self.rows:
            yield Static(timeline_table(self.rows), id="timeline")
        else:
            yield Static("This story has no dates.", classes="muted")

    def on_mount(self) -> None:
        if any(r.status == NOW for r in self.rows):
            self.call_after_refresh(self._scroll_to_here)

    def _scroll_to_here(self) -> None:
        """Open where the player stands: the line of their row, found by laying the table
        out at the panel's width (rows wrap to any height: counting two lines a row
        opened the bundled story's timeline in March on February)."""
        table = self.query_one("#timeline", Static)
        console = self.app.console
        lines = console.render_lines(timeline_table(self.rows),
                                     console.options.update_width(table.content_size.width),
                                     pad=False)
        marker = _("▶ YOU ARE HERE")
        line = next((i for i, segments in enumerate(lines)
                     if marker in "".join(s.text for s in segments)), 0)
        self.query_one("#body").scroll_to(y=max(0, line - 4), animate=False)
