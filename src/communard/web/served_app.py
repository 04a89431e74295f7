"""The game as `communard serve` runs it: the same app, with "Who is playing?" first.

A served game starts in a "player" mode whose only screen asks for a name
(screens/player.py), so nothing of the game, not even the title menu, exists
before the player is known. Once the name is claimed (in a worker: it touches
the disk) the process plays in the player's own folder for the rest of its life
and switches to the game's usual mode, whose title screen then finds that
player's autosave and no one else's.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.screen import Screen

from ..app import CommunardApp
from ..paths import saves_dir, use_data_dir
from ..screens.player import PlayerScreen
from ..settings import EndingsFound, Settings
from .players import Lobby, NameRefused, Player

if TYPE_CHECKING:
    from collections.abc import Callable

    from engine import Session

    from ..classmessages import ClassSummary
    from ..loading import StoryLoader
    from .classplay import ClassRecorder
    from .classstats import StoryLabels


class ServedApp(CommunardApp):
    """The Textual game for one browser tab of a served class."""

    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {"player": PlayerScreen}
    DEFAULT_MODE = "player"  # the game's own "game" mode (the title) comes after
    # The game's stylesheets, found beside app.py rather than beside this module.
    CSS_PATH = [Path(__file__).resolve().parents[1] / path for path in CommunardApp.CSS_PATH]

    def __init__(self, path: Path, lobby: Lobby, recorder: ClassRecorder | None = None,
                 loader: StoryLoader | None = None) -> None:
        super().__init__(None, None, path=path, loader=loader)
        self.lobby = lobby
        self.player: Player | None = None
        self.recorder = recorder  # `serve --class`: every choice goes to the class database
        self._labels: StoryLabels | None = None

    def on_player_screen_name_given(self, event: PlayerScreen.NameGiven) -> None:
        if self.player is None:
            self._enter(event.name)

    @work(thread=True, exclusive=True, group="player")
    def _enter(self, name: str) -> None:
        """Claim the name and read the player's settings, off the UI thread."""
        try:
            player = self.lobby.enter(name)
        except (NameRefused, OSError) as exc:
            self.call_from_thread(self._refused, str(exc))
            return
        settings = Settings.load(player.folder / "settings.json")
        self.call_from_thread(self._entered, player, settings)

    def _refused(self, reason: str) -> None:
        if isinstance(self.screen, PlayerScreen):
            self.screen.refused(reason)

    def _entered(self, player: Player, settings: Settings) -> None:
        """From now on this process plays in the player's own folder."""
        self.player = player
        use_data_dir(player.folder)
        self.exports = player.folder / "transcripts"
        self.settings = settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self._follow_player_folder()
        self.lobby.announce(self, player)
        if self.recorder is not None:
            self.recorder.enter(player.name, player.key)
        self.switch_mode("game")
        self.call_after_refresh(self.refresh_title)  # Continue: this player's autosave

    def story_ready(self) -> None:
        self._follow_player_folder()
        super().story_ready()

    def _follow_player_folder(self) -> None:
        """Point saves and endings at the player's folder, once both story and player are in.

        The story loads in a worker while the player types; whichever comes second
        calls this, on the UI thread, so the store never points at the scratch folder.
        """
        if self.player is None or not self.loaded:
            return
        from engine.saves import SaveStore

        if self.store.folder != saves_dir(self.story.id):
            self.store = SaveStore(saves_dir(self.story.id), self.story)
            self._endings = EndingsFound(self.story.id)

    # -- a class playing individually (`communard serve --class CODE`) ----------------------
    def moved(self) -> None:
        super().moved()
        self._record()

    def new_game(self) -> None:
        if self.recorder is not None:
            self.recorder.new_run()
        super().new_game()
        self._record()

    def _play_session(self, session: Session) -> None:
        super()._play_session(session)
        self._record()

    def _record(self) -> None:
        """Hand the path as it stands to the recorder; at an ending, ask how the class chose."""
        recorder = self.recorder
        if recorder is None or self.player is None:
            return
        from .classplay import path_of
        from .classstats import StoryLabels

        path = path_of(self.session)
        recorder.record(path)
        if not self.session.is_ending:
            return
        if self._labels is None:
            self._labels = StoryLabels.of(self.story)
        recorder.summary(self._labels, path).add_done_callback(self._summary_ready)

    def _summary_ready(self, done: concurrent.futures.Future[list[str]]) -> None:
        """On the recorder's thread: post the lines to the app (post_message is thread-safe)."""
        from ..classmessages import ClassSummary

        if done.exception() is None and done.result():
            self.post_message(ClassSummary(done.result()))

    def on_class_class_summary(self, message: ClassSummary) -> None:
        from ..screens.ending import EndingScreen

        if isinstance(self.screen, EndingScreen):
            self.screen.show_class(message.lines)
