"""`communard play --watch`: reload the story when an author saves one of its files.

Looking at the files' times and reloading both run in a worker; the new story
is swapped in on the UI thread with the player's place, and only when the
player's game fits it: an error in a half-edited file, or a file that lacks the
player's scene for a moment, is a notification, never a crash or a lost game.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from .keeping import KeepsGame

if TYPE_CHECKING:
    from engine.story import Story


class WatchesStory(KeepsGame):
    """The part of the game's App that reloads a story whose files changed."""

    watching: bool

    def __init__(self) -> None:
        super().__init__()
        self._mtimes: dict[Path, int | None] = {}
        self._reloading = False

    def start_watching(self) -> None:
        """Look at the story's files every second from now on (the story must be loaded)."""
        self._mtimes = self._stat_files(self.story)
        self.set_interval(1.0, self._check_story_files)

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

        from .storyarg import story_language

        try:
            story = load_story(self.story.root, language=story_language(self.story.root))
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
        """Swap in the new story if the player's game fits it; else keep playing the old one.

        An author mid-edit may save a chapter that lacks the player's scene for a
        moment: the game is not thrown away for that. It goes on in the version
        it fits, and the next reload that has the scene again takes it over.
        """
        from engine import SaveError, Session
        from engine.saves import SaveStore

        try:
            session = Session.from_dict(story, self.session.to_dict())
        except SaveError as exc:
            scene = self.session.scene_id
            reason = (f"The scene '{scene}' is not in the changed files" if scene not in
                      story.scenes else f"Your game does not fit them: {str(exc).rstrip('.')}")
            self.notify(f"{reason}. You go on in the version you were playing, and the story "
                        "reloads with your place as soon as it fits again (quit and start "
                        "again to play the new version from the beginning).",
                        title="Not reloaded: your game is kept", severity="warning",
                        timeout=15)
            return
        self.story = story
        self.store = SaveStore(self.store.folder, story)
        self.session = session
        self.notify("The story was reloaded; you are where you were.", title="Reloaded")
        self.story_reloaded()

    def story_reloaded(self) -> None:
        """Called on the UI thread after a reload: show the new text."""

    # -- the story in another language ------------------------------------------------
    def reload_in_language(self) -> None:
        """The interface's language changed: play the story in it too, where it is translated.

        The game goes on at the same place (a session is ids and values, not text); a
        translation that does not load leaves the story as it was.
        """
        if not self.loaded:
            return
        from engine.translations import languages

        root = self.story.root
        if not languages(root):
            return

        def load() -> None:
            from engine import load_story

            from .storyarg import story_language

            try:
                story = load_story(root, language=story_language(root))
            except Exception:  # a broken translation is `communard check`'s to report
                return
            self.call_from_thread(self._language_loaded, story)

        self.run_worker(load, thread=True, exclusive=True, group="language")

    def _language_loaded(self, story: Story) -> None:
        from engine import SaveError, Session
        from engine.saves import SaveStore

        from .storyhead import StoryHead

        if self.has_session:
            try:
                self.session = Session.from_dict(story, self.session.to_dict())
            except SaveError:
                return
        self.story = story
        self.store = SaveStore(self.store.folder, story)
        self.head = StoryHead.of(story)
        self.story_language_changed()

    def story_language_changed(self) -> None:
        """Called on the UI thread once the story is in the new language (the app shows it)."""
