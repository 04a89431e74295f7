"""Where the transcript went: its name and folder, shown until the player closes it.

A student exports the transcript to hand it in, often at the end of a lesson:
a message that vanishes after a few seconds, with the path broken over two
lines, is easily lost. This panel stays, gives the file's name and its folder
on lines of their own, and offers to copy the path or open the folder.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Label, Static

from ..i18n import N_, _
from .base import Overlay


class ExportedScreen(Overlay[None]):
    """The transcript's file name and folder, with Copy and Open buttons."""

    HEADING = N_("TRANSCRIPT WRITTEN")
    BINDINGS = [Binding("c", "copy", N_("Copy the path")),
                Binding("o", "open", N_("Open the folder")),
                Binding("x", "close", N_("Close"), show=False)]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def body(self) -> ComposeResult:
        yield Label(_("Your transcript is a Markdown text file: open it in any text editor or "
                      "word processor to read, print or hand it in."), classes="muted wide")
        yield Label(_("File name:"), classes="section")
        yield Static(self.path.name, id="file-name")
        yield Label(_("In the folder:"), classes="section")
        yield Static(str(self.path.parent), id="folder")
        with Horizontal(id="exported-buttons"):
            yield Button(_("Copy the path"), id="copy", variant="primary")
            yield Button(_("Open the folder"), id="open")
            yield Button(_("Close"), id="close")

    def on_mount(self) -> None:
        self.query_one("#copy", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"copy": self.action_copy, "open": self.action_open,
         "close": self.action_close}[event.button.id or "close"]()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(str(self.path))
        self.notify(_("The path is on the clipboard (if your terminal allows it)."),
                    title=_("Copied"))

    def action_open(self) -> None:
        self.app.open_url(self.path.parent.as_uri())
