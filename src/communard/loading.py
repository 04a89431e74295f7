"""The story behind the title screen: loaded in a worker, used once it is there.

`communard play` shows its title screen before the engine is even imported
(pydantic alone takes longer than the first paint). This mixin holds the
story, its saves and its endings, which stay None until the loading worker
hands them over; the properties fail loudly if a screen reaches for them too
early, and `when_loaded` queues what the player asked for meanwhile.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from .paths import saves_dir
from .settings import EndingsFound
from .storyarg import report_problems
from .storyhead import StoryHead

if TYPE_CHECKING:
    from engine import Problem
    from engine.saves import SaveStore
    from engine.story import Story

# What loads a story in the background: engine.check_story, or a stand-in in tests.
StoryLoader = Callable[[Path], "tuple[Story | None, Sequence[Problem]]"]


class LoadsStory(App[None]):
    """The part of the game's App that owns the story and loads it in the background."""

    _story: Story | None
    _store: SaveStore | None
    _endings: EndingsFound | None
    _path: Path | None
    _loader: StoryLoader | None
    _pending: Callable[[], None] | None
    head: StoryHead
    failure: str | None

    @property
    def loaded(self) -> bool:
        """Whether the story is ready; until then only the title screen is shown."""
        return self._story is not None

    @property
    def story(self) -> Story:
        if self._story is None:
            raise RuntimeError("the story is still loading; wait with when_loaded()")
        return self._story

    @story.setter
    def story(self, story: Story) -> None:
        self._story = story

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            raise RuntimeError("the story is still loading; wait with when_loaded()")
        return self._store

    @store.setter
    def store(self, store: SaveStore) -> None:
        self._store = store

    @property
    def endings(self) -> EndingsFound:
        if self._endings is None:
            raise RuntimeError("the story is still loading; wait with when_loaded()")
        return self._endings

    def when_loaded(self, action: Callable[[], None]) -> bool:
        """Run `action` now if the story is ready, else once it is (the newest wins).

        True when it ran now: a player who presses New game while the story loads
        gets the game as soon as it can start, not an error.
        """
        if self.loaded:
            action()
            return True
        self._pending = action
        return False

    def _start_loading(self) -> None:
        if not self.loaded:
            self._load_story()

    @work(thread=True, exclusive=True, group="story")
    def _load_story(self) -> None:
        """Import the engine and check the story off the UI thread, behind the title."""
        from engine import UnreadableStory
        from engine.saves import SaveStore

        from .storyarg import check_in_language

        assert self._path is not None
        path = self._path
        try:
            story, problems = (self._loader or check_in_language)(path)
        except (UnreadableStory, OSError) as exc:
            self.call_from_thread(self._load_failed, 2, f"communard: {exc}\n")
            return
        if story is None:
            report = io.StringIO()
            report_problems(problems, path, report)
            self.call_from_thread(self._load_failed, 1, report.getvalue())
            return
        store = SaveStore(saves_dir(story.id), story)
        endings = self._endings or EndingsFound(story.id)
        self.call_from_thread(self._story_loaded, story, store, endings)

    def story_ready(self) -> None:
        """Called on the UI thread once the story is loaded, before a queued action runs."""

    def _load_failed(self, code: int, report: str) -> None:
        """Leave with the checker's report; `run_game` prints it once the screen is restored."""
        self.failure = report
        self.exit(return_code=code)

    def _story_loaded(self, story: Story, store: SaveStore, endings: EndingsFound) -> None:
        self._story, self._store, self._endings = story, store, endings
        self.head = StoryHead.of(story)
        self.story_ready()
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()
