"""The title screen: the story's title and the way into the game.

New game, Continue (the autosave, named by its scene and date so the player
knows what they will get), Load, Sources & credits, Quit. The app reads the
autosave in a worker and hands it here, so the screen paints at once.

It is the first screen, shown while the story still loads behind it: it is
given the story's StoryHead, imports nothing of the engine at module level,
and posts what the player picks as messages; the app runs them once the story
is there, and tells this screen what it found (`story_loaded`, `show_autosave`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from .. import messages as ask
from ..i18n import N_, _, spec_words
from ..saveerrors import slot_error
from ..storyhead import StoryHead
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from engine.saves import SlotInfo

LOADING = N_("Loading the story…")
QUEUED = N_("Loading the story… the game opens as soon as it is ready.")


class TitleScreen(Screen[None]):
    """The first screen: a menu over the story's title and description."""

    CSS_PATH = "title.tcss"
    AUTO_FOCUS = "#menu"
    BINDINGS = [
        Binding("n", "new_game", N_("New game"),
                tooltip=N_("start the story from the beginning (asks before replacing a game)")),
        Binding("c", "continue_game", N_("Continue"), tooltip=N_("go on from the autosave")),
        Binding("l", "load", N_("Load"), tooltip=N_("load a saved game")),
        Binding("s", "credits", N_("Sources"), tooltip=N_("the story's authors and bibliography")),
        Binding("q", "quit", N_("Quit")),
    ]

    def __init__(self, head: StoryHead, *, teacher: bool = False, loaded: bool = False) -> None:
        super().__init__()
        self.head = head
        self.teacher = teacher
        self.loaded = loaded
        self.autosave: SlotInfo | None = None

    def compose(self) -> ComposeResult:
        story = self.head
        with VerticalScroll(id="title-page"), Vertical(id="title-column"):
            yield Label(_("COMMUNARD · AN INTERACTIVE HISTORY"), id="overline")
            yield Static(story.title, id="story-title")
            if story.description:
                yield Static(story.description, id="description")
            if story.authors:
                yield Label(_("by {authors}").format(authors=", ".join(story.authors)),
                            id="authors")
            if self.teacher:
                yield Label(_("TEACHER MODE: every choice shown, with its condition"),
                            id="teacher-mode")
            yield OptionList(*self._options(), id="menu")
            if not self.loaded:
                yield Label(_(LOADING), id="loading")
        yield KeyBar()

    def _options(self) -> list[Option]:
        info = self.autosave
        if not self.loaded:
            cont = Option(_("Continue   (loading…)"), id="continue", disabled=True)
        elif info is not None and info.ok:
            where = " · ".join(x for x in (info.scene_title, spec_words(info.scene_date)) if x)
            cont = Option(_("Continue   ({where})").format(where=where), id="continue")
        elif info is not None:
            cont = Option(_("Continue   (the autosave cannot be loaded)"), id="continue",
                          disabled=True)
        else:
            cont = Option(_("Continue   (no game yet)"), id="continue", disabled=True)
        return [Option(_("New game"), id="new"), cont,
                Option(_("Load a saved game"), id="load"),
                Option(_("Sources & credits"), id="credits"), Option(_("Quit"), id="quit")]

    # -- what the app tells it ----------------------------------------------------
    def story_loaded(self, head: StoryHead) -> None:
        """The app has the story now: drop the loading line (the app then looks for saves)."""
        self.head = head
        self.loaded = True
        for label in self.query("#loading"):
            label.remove()
        for title in self.query("#story-title").results(Static):
            title.update(head.title)  # translated, when the story is played in translation
        for description in self.query("#description").results(Static):
            description.update(head.description)
        self._rebuild_menu()

    def show_autosave(self, info: SlotInfo | None) -> None:
        """The autosave the app found (None: there is none): Continue says where it is."""
        if info is None and self.autosave is None:
            return  # nothing to change: spare the start-up a rebuilt menu and footer
        self.autosave = info
        self._rebuild_menu(prefer_continue=info is not None and info.ok)

    def queued(self) -> None:
        """What the player picked waits for the story: say that it will come."""
        for label in self.query("#loading").results(Label):
            label.update(_(QUEUED))

    def _rebuild_menu(self, prefer_continue: bool = False) -> None:
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.set_options(self._options())
        menu.highlighted = 1 if prefer_continue and highlighted == 0 else highlighted

    # -- what the player asks for -------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = {"new": self.action_new_game, "continue": self.action_continue_game,
                  "load": self.action_load, "credits": self.action_credits,
                  "quit": self.app.exit}.get(event.option.id or "")
        if action is not None:
            action()

    def action_new_game(self) -> None:
        self.post_message(ask.NewGame())

    def action_continue_game(self) -> None:
        info = self.autosave
        if info is not None and info.ok:
            self.post_message(ask.ContinueGame())
        elif not self.loaded:
            self.notify(_("The story is still loading: Continue comes as soon as it is ready."),
                        title=_("Nothing to continue yet"))
        elif info is not None:
            self.notify(_("The autosave cannot be loaded: {error}").format(
                error=slot_error(info)),
                        title=_("Nothing to continue"), severity="warning")
        else:
            self.notify(_("There is no game to continue yet: choose New game."),
                        title=_("Nothing to continue"), severity="warning")

    def action_load(self) -> None:
        self.post_message(ask.OpenPanel("load"))

    def action_credits(self) -> None:
        self.post_message(ask.OpenPanel("credits"))

    def palette_commands(self) -> list[tuple[str, str, object]]:
        """What the command palette offers on this screen."""
        commands: list[tuple[str, str, object]] = [
            (_("New game"), _("Start the story from the beginning"), self.action_new_game)]
        if self.autosave is not None and self.autosave.ok:
            commands.append((_("Continue"), _("Go on from the autosave"),
                             self.action_continue_game))
        commands += [(_("Load"), _("Load a saved game"), self.action_load),
                     (_("Sources & credits"), _("The story's authors and bibliography"),
                      self.action_credits)]
        return commands
