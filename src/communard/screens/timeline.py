"""The timeline: the story's dates, first to last, and where the player stands.

Every row says in words whether the player was there, is there now, or what
is still ahead in history, so it reads on a monochrome projector as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from engine.session import Session

from .base import Overlay

NOW, PASSED, AHEAD, EARLIER = "you are here", "you were there", "ahead", ""


@dataclass(frozen=True)
class TimelineRow:
    date: str
    title: str
    status: str
    scenes: tuple[str, ...] = ()


def _labels(session: Session) -> dict[dt.date, str]:
    """The best label for each date: as precise as the story's own date for it."""
    story = session.story
    labels: dict[dt.date, str] = {}
    for scene in story.scenes.values():
        if scene.date is not None:
            labels.setdefault(scene.date.start, scene.date.label())
    for event in story.timeline:
        labels[event.date.start] = event.date.label()
    return labels


def timeline_rows(session: Session) -> list[TimelineRow]:
    """Session.timeline() as rows with a status word each."""
    story = session.story
    labels = _labels(session)
    path = [s.scene_id for s in session.history] + [session.scene_id]
    dated = [d for s in path if (d := story.scenes[s].date) is not None]
    here = dated[-1].start if dated else None
    current = session.scene_id
    rows = []
    for entry in session.timeline():
        if current in entry.scene_ids or (entry.date == here and here is not None):
            status = NOW
        elif entry.scene_ids:
            status = PASSED
        elif here is None or entry.date > here:
            status = AHEAD
        else:
            status = EARLIER
        titles = tuple(story.scenes[s].title for s in entry.scene_ids)
        rows.append(TimelineRow(labels.get(entry.date, f"{entry.date:%d %B %Y}"),
                                entry.title, status, titles))
    return rows


def timeline_table(rows: list[TimelineRow]) -> Table:
    table = Table(expand=True, box=None, pad_edge=False, show_edge=False, padding=(0, 1, 1, 0))
    table.add_column("Date", style="bold", no_wrap=True, min_width=10, max_width=17)
    table.add_column("What happened", ratio=1)
    table.add_column("You", no_wrap=True, width=16)
    for row in rows:
        what = Text(row.title)
        if row.scenes and row.scenes != (row.title,):
            what.append("\nyou: " + ", ".join(row.scenes), style="italic")
        marker = {NOW: "▶ YOU ARE HERE", PASSED: "✓ you were there", AHEAD: "· ahead"}
        style = {NOW: "bold reverse", PASSED: "", AHEAD: "dim"}.get(row.status, "dim")
        table.add_row(row.date, what, Text(marker.get(row.status, ""), style=style),
                      style="bold" if row.status == NOW else None)
    return table


class TimelineScreen(Overlay[None]):
    """The story's history in order, with the player's own path through it."""

    BINDINGS = [Binding("t", "close", "Close", show=False)]
    HEADING = "TIMELINE"

    def __init__(self, rows: list[TimelineRow]) -> None:
        super().__init__()
        self.rows = rows

    def body(self) -> ComposeResult:
        if self.rows:
            yield Static(timeline_table(self.rows), id="timeline")
        else:
            yield Static("This story has no dates.", classes="muted")

    def on_mount(self) -> None:
        """Bring the player's own row into view on a long timeline."""
        index = next((i for i, r in enumerate(self.rows) if r.status == NOW), 0)
        body = self.query_one("#body")
        self.call_after_refresh(lambda: body.scroll_to(y=max(0, index * 2 - 4), animate=False))
