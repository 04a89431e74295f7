"""Where an exported file goes: a folder on this computer, or the player's browser.

In a terminal the player and the game share a disk, so a transcript is written
into the data folder (in a worker) and the game says where. Served by
`communard serve`, the game runs on the teacher's machine: the file must reach
the student's browser as a download instead (Textual's deliver_text), in a
format a school computer opens without tools (HTML). The app picks the sink
(KeepsGame.export_sink) and hands it every export, so screens never need to
know which it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Protocol

from textual.app import App

from .i18n import _

MIME_TYPES = {"md": "text/markdown", "html": "text/html"}


class ExportSink(Protocol):
    """Something that takes a finished export and gets it to the player."""

    fmt: str  # the format this sink prefers: "md" or "html"

    def send(self, app: App[None], filename: str, text: str) -> None:
        """Deliver `text` as `filename`, telling the player how it went (no exceptions)."""


class FolderSink:
    """Write into a folder (in a worker), then let the app say where the file is."""

    fmt = "md"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, app: App[None], filename: str, text: str) -> None:
        path = self.folder / filename

        def write() -> None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                app.call_from_thread(app.notify, str(exc), title=_("Not exported"),
                                     severity="error")
                return
            written = getattr(app, "transcript_written", None)
            if written is not None:
                app.call_from_thread(written, path)

        app.run_worker(write, thread=True, group="export")


class BrowserSink:
    """Hand the file to the browser playing this game, which downloads it."""

    fmt = "html"

    def send(self, app: App[None], filename: str, text: str) -> None:
        suffix = filename.rsplit(".", 1)[-1]
        app.deliver_text(io.StringIO(text), save_filename=filename, open_method="download",
                         encoding="utf-8", mime_type=MIME_TYPES.get(suffix, "text/plain"))
        app.notify(_("Your browser is downloading {name}.").format(name=filename),
                   title=_("Transcript"), timeout=8)
