"""The Textual game: one App that owns the Session, the saves and the settings.

Screens are handed what they show as plain data (attributes down) and ask for
every change by posting a message (`communard.messages`, messages up). Only
the app changes the Session, writes files or reloads the story; anything that
touches the disk runs in a worker so the screen never stalls. The app is built
in layers: LoadsStory (the story, loaded behind the title), KeepsGame (the
Session and its files), WatchesStory (--watch), and this class (the screens
and the messages).

Start-up is the title screen first: given a story's path, the app shows the
title (read without the engine, see storyhead) and imports the engine and
loads the story in a worker while the player reads it. Nothing imported
before that first screen may import the engine at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from . import messages as ask
from .i18n import N_, _, available_languages, language, language_name, ngettext, set_language
from .loading import StoryLoader
from .paths import data_dir, saves_dir
from .saveerrors import save_error, slot_error
from .screens.title import TitleScreen
from .settings import DEFAULT_THEME, EndingsFound, Settings
from .storyhead import StoryHead, read_head
from .watching import WatchesStory
from .widgets.unpin import unpin_styles_caches

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


class CommunardApp(WatchesStory):
    """Play one story: title screen, play screen and the screens around it."""

    TITLE = "Communard"
    CSS_PATH = ["app.tcss", "widgets/widgets.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        Binding("ctrl+t", "change_theme", N_("Theme"), show=False,
                tooltip=N_("light, dark, high contrast... (kept for next time)")),
        Binding("ctrl+l", "change_language", N_("Language"), show=False,
                tooltip=N_("English, français... (kept for next time)")),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]
    # The title screen comes as a mode (added in __init__), not via get_default_screen:
    # only screens installed that way get their CSS_PATH loaded.
    DEFAULT_MODE = "game"

    def __init__(self, story: Story | None, store: SaveStore | None, *, path: Path | None = None,
                 loader: StoryLoader | None = None, teacher: bool = False,
                 watch: bool = False, settings: Settings | None = None,
                 endings: EndingsFound | None = None,
                 exports: Path | None = None) -> None:
        """Play `story` at once, or (story None) show the title and load `path` meanwhile."""
        super().__init__()
        unpin_styles_caches()  # Textual keeps every widget's rendered lines otherwise
        if story is None and path is None:
            raise ValueError("the app needs a story or the path of one")
        self._story = story
        self._store = store
        self._path = path
        self._loader = loader
        self.head = StoryHead.of(story) if story is not None else read_head(path)  # type: ignore[arg-type]
        self._pending: Callable[[], None] | None = None
        self.failure: str | None = None  # why the story did not load, printed after exit
        self.teacher = teacher
        self.watching = watch
        self.settings = settings or Settings.load()
        self._endings = endings or (EndingsFound(story.id) if story is not None else None)
        self.exports = exports or data_dir() / "transcripts"
        self.register_theme(HIGH_CONTRAST)
        self.add_mode("game", lambda: TitleScreen(self.head, teacher=self.teacher,
                                                  loaded=self.loaded))

    def on_mount(self) -> None:
        wanted = self.settings.theme
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        if self.settings.keys:
            self.set_keymap(self.settings.keys)  # keys remapped by binding id
        self.watch(self, "theme", self._theme_changed, init=False)
        if not self.loaded:
            # After the first paint: the worker's imports would otherwise hold the
            # interpreter while the title screen is being laid out.
            self.call_after_refresh(self._start_loading)
            return
        if self.watching:
            self.start_watching()
        self.call_after_refresh(self.refresh_title)

    def story_ready(self) -> None:
        """The story arrived behind the title screen: start watching it, refresh the menu."""
        if self.watching:
            self.start_watching()
        title = self._title()
        if title is not None:
            title.story_loaded(self.head)
        self.refresh_title()

    def _theme_changed(self, theme: str) -> None:
        self.settings.theme = theme
        self.save_settings()

    # -- data down: what the screens show ---------------------------------------------
    def _title(self) -> TitleScreen | None:
        base = self.screen_stack[0] if self.screen_stack else None
        return base if isinstance(base, TitleScreen) else None

    def refresh_title(self) -> None:
        """Look for the autosave (in a worker) and tell the title screen what Continue is."""
        title = self._title()
        if title is not None and self.loaded:
            self.read_autosave(title.show_autosave)

    def show_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.refresh_title()

    def show_play(self) -> None:
        """Show the session: the play screen with its scene, and the ending over it if reached."""
        from .game import ending_page, play_page
        from .screens.ending import EndingScreen
        from .screens.play import PlayScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PlayScreen):
            self.pop_screen()
        page = play_page(self.session, self.teacher)
        if isinstance(self.screen, PlayScreen):
            self.screen.show(page)
        else:
            self.push_screen(PlayScreen(page, teacher=self.teacher,
                                        republican=self.story.calendar == "republican"))
        if page.view.ending is not None:
            self.push_screen(EndingScreen(ending_page(self.session, self.endings.found)))

    def story_reloaded(self) -> None:
        from .screens.play import PlayScreen

        if any(isinstance(s, PlayScreen) for s in self.screen_stack):
            self.show_play()

    # -- messages up: what the player asked for ----------------------------------------
    def _when_loaded(self, action: Callable[[], None]) -> None:
        """Run `action` now, or once the story has loaded (the title says so meanwhile)."""
        if not self.when_loaded(action):
            title = self._title()
            if title is not None:
                title.queued()

    def on_game_choose(self, message: ask.Choose) -> None:
        if message.choice_id in {c.id for c in self.session.view().available}:
            self.session.choose(message.choice_id)
            self.moved()

    def on_game_undo(self, message: ask.Undo) -> None:
        if self.session.can_undo:
            self.session.undo()
            self.moved()

    def on_game_jump(self, message: ask.Jump) -> None:
        if self.teacher and message.scene_id in self.story.scenes:
            self.session.jump(message.scene_id)
            self.moved()

    def moved(self) -> None:
        """After every choice, undo or jump: autosave, remember an ending, show the result."""
        self.autosave()
        self.remember_ending()
        self.show_play()

    def on_game_new_game(self, message: ask.NewGame) -> None:
        self._when_loaded(self._ask_before_new_game)

    def on_game_continue_game(self, message: ask.ContinueGame) -> None:
        from engine.saves import AUTOSAVE

        self._when_loaded(lambda: self.load_game(AUTOSAVE))

    def on_game_load_game(self, message: ask.LoadGame) -> None:
        self.load_game(message.name)

    def on_game_save_game(self, message: ask.SaveGame) -> None:
        self.save_game(message.name)

    def on_game_export_transcript(self, message: ask.ExportTranscript) -> None:
        self.export_transcript()

    def on_game_show_title(self, message: ask.ShowTitle) -> None:
        self.show_title()

    def on_game_open_panel(self, message: ask.OpenPanel) -> None:
        self._when_loaded(lambda: self.open_panel(message.panel))

    # -- starting, continuing, loading ---------------------------------------------------
    def _ask_before_new_game(self) -> None:
        """Start at once when nothing would be lost; else say what would be, and ask."""
        if self.has_session:
            self._confirm_new_game(session_at_stake(self.session))
        else:
            self.read_autosave(lambda info: self._confirm_new_game(slot_at_stake(info)))

    def _confirm_new_game(self, at_stake: str | None) -> None:
        if at_stake is None:
            self.new_game()
            return
        from .screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.new_game()

        self.push_screen(ConfirmScreen(_("Start a new game?"), at_stake, _("Start a new game"),
                                       _("Keep my game")), answered)

    def new_game(self) -> None:
        from engine import Session

        self.session = Session(self.story)
        self.autosave()  # Continue means "where I was last", even before the first choice
        self.show_play()

    def load_game(self, name: str) -> None:
        """Read a slot off the main thread; a bad save is a notification, never a crash."""
        store = self.store

        def read() -> None:
            from engine import SaveError

            try:
                session = store.load(name)
            except SaveError as exc:
                self.call_from_thread(self.notify, save_error(exc),
                                      title=_("Cannot load '{name}'").format(name=name),
                                      severity="error")
                return
            self.call_from_thread(self._play_session, session)

        self.run_worker(read, thread=True, exclusive=True, group="load")

    def _play_session(self, session: Session) -> None:
        self.session = session
        self.autosave()
        self.show_play()

    # -- panels ----------------------------------------------------------------------------
    def open_panel(self, panel: ask.Panel) -> None:
        """Open a panel over the current screen, built from the game's state."""
        from .panels import PANELS

        opened = PANELS[panel](self)
        if opened is not None:
            self.push_screen(opened.screen, opened.answered)

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_rows

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_rows(self.screen, self)))

    def action_change_language(self) -> None:
        """The next language, at once: every screen is built again in it (and it is kept)."""
        from .screens.play import PlayScreen

        languages = available_languages()
        current = language()
        chosen = set_language(languages[(languages.index(current) + 1) % len(languages)]
                              if current in languages else languages[0])
        self.settings.language = chosen
        self.save_settings()
        playing = any(isinstance(s, PlayScreen) for s in self.screen_stack)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        title = self._title()
        if title is not None:
            title.refresh(recompose=True)
        if playing:
            self.show_play()
        self.notify(language_name(chosen), title=_("Language"))
        self.reload_in_language()

    def story_language_changed(self) -> None:
        title = self._title()
        if title is not None:
            title.head = self.head
            title.refresh(recompose=True)
        self.story_reloaded()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers the current screen's actions and the game's own, in its words."""
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)
        yield SystemCommand(_("Help"), _("Every key of this screen"), self.action_help)
        yield SystemCommand(_("Theme"), _("Change the colours: dark, light, high contrast... "
                                          "(kept for next time)"), self.action_change_theme)
        yield SystemCommand(_("Language"), _("English, français... (kept for next time)"),
                            self.action_change_language)
        yield SystemCommand(_("Quit"), _("Leave the game (it is saved after every choice)"),
                            self.exit)


def session_at_stake(session: Session) -> str | None:
    """What a new game would replace, in words; None when nothing would be lost."""
    steps = len(session.history)
    if not steps:
        return None
    view = session.view()
    choices = ngettext("{count} choice", "{count} choices", steps).format(count=steps)
    if view.ending is not None:
        return _("You finished a playthrough: “{ending}”, {choices}. A new game "
                 "replaces it. To keep it, export its transcript first (x on the ending "
                 "screen) or save it (s).").format(ending=view.ending.title, choices=choices)
    return _("Your game is at “{scene}”, {choices} in. A new game replaces it. "
             "To come back to it later, save it first (s).").format(scene=view.title,
                                                                     choices=choices)


def slot_at_stake(info: SlotInfo | None) -> str | None:
    """The same for an autosave on disk (the title screen, before any game is loaded)."""
    if info is None or (info.ok and not info.steps):
        return None
    if not info.ok:
        return _("The autosave cannot be loaded ({error}). A new game replaces it.").format(
            error=slot_error(info))
    choices = ngettext("{count} choice", "{count} choices", info.steps).format(
        count=info.steps)
    return _("Your last game is at “{scene}”, {choices} in. A new game replaces "
             "it. To keep it, choose Continue and save it first (s).").format(
                 scene=info.scene_title, choices=choices)


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
