"""What every overlay screen shares: a centred panel, a title, Escape to close.

Notes, codex, timeline, history, help, saves, jump list and credits all open
over the play or title screen and close back to it, so they share one shape
(and one stylesheet) and differ only in what they put in the body.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from ..i18n import N_, _
from ..widgets.key_bar import KeyBar

R = TypeVar("R")


class Overlay(ModalScreen[R]):
    """A modal panel: a heading over a scrolling body, closed with Escape or its own key."""

    CSS_PATH = "overlay.tcss"
    BINDINGS = [Binding("escape", "close", N_("Close"), id="close")]
    HEADING = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Label(_(self.HEADING), id="heading")
            with VerticalScroll(id="body"):
                yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        yield from ()

    def action_close(self) -> None:
        self.dismiss(None)
