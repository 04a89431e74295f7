"""The part of the game's App that owns the playthrough and keeps it on disk.

The Session lives here and nowhere else: screens ask for changes by message
(see app.py) and are handed plain data. Everything written to disk (the
autosave after every move, named saves, the endings found, the settings, an
exported transcript) is snapshotted on the UI thread, where it is cheap, and
written in a worker, so a slow disk never stalls the screen.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from .exportsink import BrowserSink, ExportSink, FolderSink
from .i18n import _
from .loading import LoadsStory
from .saveerrors import save_error
from .settings import Settings

if TYPE_CHECKING:
    from engine import Session
    from engine.saves import SlotInfo


class KeepsGame(LoadsStory):
    """The Session being played, its autosave, saves, endings, settings and transcripts."""

    _session: Session | None
    settings: Settings
    exports: Path

    def __init__(self) -> None:
        super().__init__()
        self._session = None
        self._autosave_lock = threading.Lock()
        self._settings_lock = threading.Lock()
        self._autosave_seq = 0
        self._autosave_written = 0
        self._pending_autosave: tuple[int, dict[str, Any]] | None = None

    @property
    def session(self) -> Session:
        """The playthrough; made on first use, so building it is not paid at start-up."""
        if self._session is None:
            from engine import Session

            self._session = Session(self.story)
        return self._session

    @session.setter
    def session(self, session: Session) -> None:
        self._session = session

    @property
    def has_session(self) -> bool:
        """Whether a playthrough is in memory (one was started, continued or loaded)."""
        return self._session is not None

    # -- the autosave: after every move ----------------------------------------------
    def autosave(self) -> None:
        """Snapshot the session now (cheap) and write it in a worker (slow)."""
        self._autosave_seq += 1
        self._pending_autosave = (self._autosave_seq, self.session.to_dict())
        self._write_autosave()

    @work(thread=True, group="autosave")
    def _write_autosave(self) -> None:
        error = self.flush_autosave()
        if error:
            self.call_from_thread(self.notify, error, title=_("The autosave failed"),
                                  severity="error")

    def flush_autosave(self) -> str | None:
        """Write the newest snapshot if it is newer than the one on disk (any thread).

        Snapshots are numbered on the main thread, so writers racing each other can
        never put an older playthrough over a newer one.
        """
        with self._autosave_lock:
            pending = self._pending_autosave
            if pending is None or pending[0] <= self._autosave_written:
                return None
            from engine import SaveError
            from engine.saves import AUTOSAVE

            try:  # a save the reader would refuse is not written: the previous one stays
                self.store.write(AUTOSAVE, pending[1])
            except (SaveError, OSError) as exc:
                return save_error(exc)
            self._autosave_written = pending[0]
            return None

    def on_unmount(self) -> None:
        self.flush_autosave()

    def read_autosave(self, done: Callable[[SlotInfo | None], None]) -> None:
        """Look for the autosave in a worker; `done` gets it (or None) on the UI thread."""
        store = self.store

        def look() -> None:
            from engine.saves import AUTOSAVE

            info = None
            if store.exists(AUTOSAVE):
                info = next((s for s in store.slots() if s.name == AUTOSAVE), None)
            self.call_from_thread(done, info)

        self.run_worker(look, thread=True, exclusive=True, group="autosave-info")

    # -- endings and settings --------------------------------------------------------
    def remember_ending(self) -> None:
        """Count the ending the session stands on among those found on this machine."""
        view = self.session.view()
        if view.ending is not None and self.endings.add(view.ending.id):
            self._save_endings()

    @work(thread=True, group="endings")
    def _save_endings(self) -> None:
        with self._settings_lock:
            self.endings.save()

    @work(thread=True, group="settings")
    def save_settings(self) -> None:
        # The theme picker previews themes as the player moves through it, so writes
        # can overlap: each one writes the theme current when it gets the lock.
        with self._settings_lock:
            self.settings.save()

    # -- named saves -----------------------------------------------------------------
    def save_game(self, name: str) -> None:
        """Save into a named slot: the snapshot is taken now, the writing in a worker."""
        self._write_save(name, self.session.to_dict())

    @work(thread=True, group="save")
    def _write_save(self, name: str, data: dict[str, Any]) -> None:
        from engine import SaveError

        try:
            self.store.write(name, data)
        except (SaveError, OSError) as exc:
            self.call_from_thread(self.notify, save_error(exc), title=_("Not saved"),
                                  severity="error")
            return
        self.call_from_thread(self.notify, _("Saved as '{name}'.").format(name=name),
                              title=_("Saved"))

    def read_slots(self, done: Callable[[list[SlotInfo]], None]) -> None:
        """List the save slots in a worker and hand them to `done` on the main thread."""
        def run() -> None:
            slots = self.store.slots()
            self.call_from_thread(done, slots)
        self.run_worker(run, thread=True, group="slots")

    # -- the transcript --------------------------------------------------------------
    def export_transcript(self) -> None:
        """Render the playthrough and hand it to the export sink (a file, or the browser)."""
        from .export.transcript import render_transcript, transcript_path

        sink = self.export_sink()
        text = render_transcript(self.story, self.session, fmt=sink.fmt)
        path = transcript_path(self.exports, self.story.id, sink.fmt, dt.datetime.now())
        sink.send(self, path.name, text)

    def export_sink(self) -> ExportSink:
        """Served (`communard serve`): the player's browser; in a terminal: the data folder."""
        return BrowserSink() if self.is_web else FolderSink(self.exports)

    def transcript_written(self, path: Path) -> None:
        """Show where the transcript is, in a panel that stays until it is closed."""
        from .screens.exported import ExportedScreen

        self.push_screen(ExportedScreen(path))
