"""The Textual game: one App that owns the Session, the saves and the settings.

Screens are handed what they show as plain data (attributes down) and report
what the player did as messages or dismiss results (messages up). Only this
class changes which Session is played, writes files or reloads the story, and
anything that touches the disk runs in a worker so the screen never stalls.

Start-up is the title screen first: given a story's path, the app shows the
title (read without the engine, see storyhead) and imports the engine and
loads the story in a worker while the player reads it. Nothing imported
before that first screen may import the engine at module level.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from .loading import LoadsStory, StoryLoader
from .paths import data_dir, saves_dir
from .screens.title import TitleScreen
from .settings import DEFAULT_THEME, EndingsFound, Settings
from .storyhead import StoryHead, read_head

if TYPE_CHECKING:
    from engine import Session
    from engine.saves import SaveStore, SlotInfo
    from engine.story import Story

HIGH_CONTRAST = Theme(
    name="high-contrast", dark=True,
    primary="#ffff00", secondary="#00ffff", accent="#ffff00",
    warning="#ffaf00", error="#ff8787", success="#5fff5f",
    foreground="#ffffff", background="#000000", surface="#000000",
    panel="#1c1c1c", boost="#262626",
    variables={"text-muted": "#ffffff", "text-disabled": "#b2b2b2",
               "footer-key-foreground": "#ffff00", "block-cursor-background": "#ffff00",
               "block-cursor-foreground": "#000000"},
)


class CommunardApp(LoadsStory):
    """Play one story: title screen, play screen and the screens around it."""

    TITLE = "Communard"
    CSS_PATH = ["app.tcss", "widgets/widgets.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "change_theme", "Theme", show=False,
                tooltip="light, dark, high contrast... (kept for next time)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, story: Story | None, store: SaveStore | None, *, path: Path | None = None,
                 loader: StoryLoader | None = None, teacher: bool = False,
                 watch: bool = False, settings: Settings | None = None,
                 endings: EndingsFound | None = None,
                 exports: Path | None = None) -> None:
        """Play `story` at once, or (story None) show the title and load `path` meanwhile."""
        super().__init__()
        if story is None and path is None:
            raise ValueError("the app needs a story or the path of one")
        self._story = story
        self._store = store
        self._path = path
        self._loader = loader
        self.head = StoryHead.of(story) if story is not None else read_head(path)  # type: ignore[arg-type]
        self._pending: Callable[[], None] | None = None
        self.failure: str | None = None  # why the story did not load, printed after exit
        self._session: Session | None = None
        self.teacher = teacher
        self.watching = watch
        self.settings = settings or Settings.load()
        self._endings = endings or (EndingsFound(story.id) if story is not None else None)
        self.exports = exports or data_dir() / "transcripts"
        self._autosave_lock = threading.Lock()
        self._settings_lock = threading.Lock()
        self._autosave_seq = 0
        self._autosave_written = 0
        self._pending_autosave: tuple[int, dict[str, Any]] | None = None
        self._mtimes: dict[Path, int | None] = {}
        self._reloading = False
        self.register_theme(HIGH_CONTRAST)

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

    # The title screen comes as a mode, not via get_default_screen: only screens
    # installed that way get their CSS_PATH loaded.
    MODES = {"game": TitleScreen}
    DEFAULT_MODE = "game"

    def on_mount(self) -> None:
        wanted = self.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self.watch(self, "theme", self._theme_changed, init=False)
        if not self.loaded:
            # After the first paint: the worker's imports would otherwise hold the
            # interpreter while the title screen is being laid out.
            self.call_after_refresh(self._start_loading)
        elif self.watching:
            self._mtimes = self._stat_files(self.story)
            self.set_interval(1.0, self._check_story_files)

    def story_ready(self) -> None:
        """The story arrived behind the title screen: start watching it, refresh the menu."""
        if self.watching:
            self._mtimes = self._stat_files(self.story)
            self.set_interval(1.0, self._check_story_files)
        for screen in self.screen_stack:
            if isinstance(screen, TitleScreen):
                screen.story_loaded()

    def _theme_changed(self, theme: str) -> None:
        self.settings.theme = theme
        self._save_settings()

    @work(thread=True, group="settings")
    def _save_settings(self) -> None:
        # The theme picker previews themes as the player moves through it, so writes
        # can overlap: each one writes the theme current when it gets the lock.
        with self._settings_lock:
            self.settings.save()

    # -- moving between screens --------------------------------------------------
    def show_play(self) -> None:
        """Make the play screen current (under nothing but itself) and show the session."""
        from .screens.play import PlayScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PlayScreen):
            self.pop_screen()
        if isinstance(self.screen, PlayScreen):
            self.screen.show_scene()
        else:
            self.push_screen(PlayScreen(teacher=self.teacher,
                                        republican=self.story.calendar == "republican"))

    def show_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, TitleScreen):
            self.screen.refresh_continue()

    def new_game(self) -> None:
        from engine import Session

        self.session = Session(self.story)
        self.autosave()  # Continue means "where I was last", even before the first choice
        self.show_play()

    def continue_game(self) -> None:
        from engine.saves import AUTOSAVE

        self.load_game(AUTOSAVE)

    @work(thread=True, exclusive=True, group="load")
    def load_game(self, name: str) -> None:
        """Read a slot off the main thread; a bad save is a notification, never a crash."""
        from engine import SaveError

        try:
            session = self.store.load(name)
        except SaveError as exc:
            self.call_from_thread(self.notify, str(exc), title=f"Cannot load '{name}'",
                                  severity="error")
            return
        self.call_from_thread(self._play_session, session)

    def _play_session(self, session: Session) -> None:
        self.session = session
        self.autosave()
        self.show_play()

    # -- after each move ---------------------------------------------------------
    def on_play_screen_moved(self, event: Any) -> None:
        self.moved()

    def moved(self) -> None:
        """After every choice, undo or jump: autosave, and remember an ending reached."""
        self.autosave()
        view = self.session.view()
        if view.ending is not None and self.endings.add(view.ending.id):
            self._save_endings()

    def autosave(self) -> None:
        """Snapshot the session now (cheap) and write it in a worker (slow)."""
        self._autosave_seq += 1
        self._pending_autosave = (self._autosave_seq, self.session.to_dict())
        self._write_autosave()

    @work(thread=True, group="autosave")
    def _write_autosave(self) -> None:
        error = self.flush_autosave()
        if error:
            self.call_from_thread(self.notify, error, title="The autosave failed",
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
            from engine.saves import AUTOSAVE, write_json_atomic

            try:
                write_json_atomic(self.store.path(AUTOSAVE), pending[1])
            except OSError as exc:
                return str(exc)
            self._autosave_written = pending[0]
            return None

    def on_unmount(self) -> None:
        self.flush_autosave()

    @work(thread=True, group="endings")
    def _save_endings(self) -> None:
        with self._settings_lock:
            self.endings.save()

    def save_game(self, name: str) -> None:
        """Save into a named slot: the snapshot is taken now, the writing in a worker."""
        self._write_save(name, self.session.to_dict())

    @work(thread=True, group="save")
    def _write_save(self, name: str, data: dict[str, Any]) -> None:
        from engine import SaveError
        from engine.saves import write_json_atomic

        try:
            write_json_atomic(self.store.path(name), data)
        except (SaveError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title="Not saved", severity="error")
            return
        self.call_from_thread(self.notify, f"Saved as '{name}'.", title="Saved")

    def read_slots(self, done: Callable[[list[SlotInfo]], None]) -> None:
        """List the save slots in a worker and hand them to `done` on the main thread."""
        def run() -> None:
            slots = self.store.slots()
            self.call_from_thread(done, slots)
        self.run_worker(run, thread=True, group="slots")

    def export_transcript(self) -> None:
        """Write the playthrough as Markdown into the data folder and say where."""
        from .export.transcript import render_transcript

        text = render_transcript(self.story, self.session, fmt="md")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        self._write_transcript(self.exports / f"{self.story.id}-{stamp}.md", text)

    @work(thread=True, group="export")
    def _write_transcript(self, path: Path, text: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self.call_from_thread(self.notify, str(exc), title="Not exported", severity="error")
            return
        self.call_from_thread(self.notify, str(path), title="Transcript written", timeout=8)

    # -- the command palette -----------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers the current screen's actions, then Textual's own."""
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand("Help", "Every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_rows

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.screen, self)))

    # -- --watch: reload the story when its files change ------------------------
    @staticmethod
    def _stat_files(story: Story) -> dict[Path, int | None]:
        found: dict[Path, int | None] = {}
        for path in story.files:
            try:
                found[path] = path.stat().st_mtime_ns
            except OSError:
                found[path] = None
        return found

    def _check_story_files(self) -> None:
        if not self._reloading:  # one look at a time; a slow reload is not piled on
            self._reloading = True
            self._check_story_files_worker()

    @work(thread=True, group="watch")
    def _check_story_files_worker(self) -> None:
        try:
            self._reload_if_changed()
        finally:
            self._reloading = False

    def _reload_if_changed(self) -> None:
        """In a worker thread: compare mtimes, and reload the story when one changed."""
        now = self._stat_files(self.story)
        if now == self._mtimes:
            return
        self._mtimes = now
        from engine import StoryError, load_story

        try:
            story = load_story(self.story.root)
        except StoryError as exc:
            first = exc.errors[0].format(self.story.root) if exc.errors else str(exc)
            self.call_from_thread(self.notify, first, title="The story has errors; not reloaded",
                                  severity="error", timeout=10)
            return
        except Exception as exc:  # an author mid-edit must never crash the game
            self.call_from_thread(self.notify, str(exc), title="Not reloaded", severity="error")
            return
        self._mtimes = self._stat_files(story)
        self.call_from_thread(self._reloaded, story)

    def _reloaded(self, story: Story) -> None:
        """Swap in the new story, keeping the player's place when the save still fits."""
        from engine import SaveError, Session
        from engine.saves import SaveStore

        data = self.session.to_dict()
        self.story = story
        self.store = SaveStore(self.store.folder, story)
        try:
            self.session = Session.from_dict(story, data)
            self.notify("The story was reloaded; you are where you were.", title="Reloaded")
        except SaveError as exc:
            self.session = Session(story)
            self.notify(f"Started again from the beginning: {exc}", title="Reloaded",
                        severity="warning", timeout=10)
        from .screens.play import PlayScreen

        if any(isinstance(s, PlayScreen) for s in self.screen_stack):
            self.show_play()


def create_app(story: Story | str | Path, store: SaveStore | None = None, *,
               teacher: bool = False, watch: bool = False, **options: Any) -> CommunardApp:
    """The one factory used by `communard play` and by the tests.

    Given a loaded Story it plays that; given a path it shows the title screen at
    once and loads the story behind it (how `communard play` starts).
    """
    if isinstance(story, (str, Path)):
        return CommunardApp(None, None, path=Path(story), teacher=teacher, watch=watch,
                            **options)
    if store is None:
        from engine.saves import SaveStore

        store = SaveStore(saves_dir(story.id), story)
    return CommunardApp(story, store, teacher=teacher, watch=watch, **options)
