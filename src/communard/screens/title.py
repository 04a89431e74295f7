"""The title screen: the story's title and the way into the game.

New game, Continue (the autosave, named by its scene and date so the player
knows what they will get), Load, Sources & credits, Quit. Reading the autosave
happens in a worker so the screen paints at once.

It is the first screen, shown while the story still loads behind it: it reads
only the app's StoryHead, imports nothing of the engine at module level, and
hands what the player picks meanwhile to `when_loaded`, which runs it once the
story is there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from engine.saves import SlotInfo

    from ..app import CommunardApp

LOADING = "Loading the story…"
QUEUED = "Loading the story… the game opens as soon as it is ready."


class TitleScreen(Screen[None]):
    """The first screen: a menu over the story's title and description."""

    CSS_PATH = "title.tcss"
    AUTO_FOCUS = "#menu"
    BINDINGS = [
        Binding("n", "new_game", "New game", tooltip="start the story from the beginning"),
        Binding("c", "continue_game", "Continue", tooltip="go on from the autosave"),
        Binding("l", "load", "Load", tooltip="load a saved game"),
        Binding("s", "credits", "Sources", tooltip="the story's authors and bibliography"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.autosave: SlotInfo | None = None

    @property
    def game(self) -> CommunardApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        story = self.game.head
        with VerticalScroll(id="title-page"), Vertical(id="title-column"):
            yield Label("COMMUNARD · AN INTERACTIVE HISTORY", id="overline")
            yield Static(story.title, id="story-title")
            if story.description:
                yield Static(story.description, id="description")
            if story.authors:
                yield Label("by " + ", ".join(story.authors), id="authors")
            if self.game.teacher:
                yield Label("TEACHER MODE: every choice shown, with its condition",
                            id="teacher-mode")
            yield OptionList(*self._options(), id="menu")
            if not self.game.loaded:
                yield Label(LOADING, id="loading")
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        info = self.autosave
        if not self.game.loaded:
            cont = Option("Continue   (loading…)", id="continue", disabled=True)
        elif info is not None and info.ok:
            where = " · ".join(x for x in (info.scene_title, info.scene_date) if x)
            cont = Option(f"Continue   ({where})", id="continue")
        elif info is not None:
            cont = Option("Continue   (the autosave cannot be loaded)", id="continue",
                          disabled=True)
        else:
            cont = Option("Continue   (no game yet)", id="continue", disabled=True)
        return [Option("New game", id="new"), cont, Option("Load a saved game", id="load"),
                Option("Sources & credits", id="credits"), Option("Quit", id="quit")]

    def on_mount(self) -> None:
        self.refresh_continue()

    def on_screen_resume(self) -> None:
        self.refresh_continue()

    def story_loaded(self) -> None:
        """The app has the story now: drop the loading line, look for the autosave."""
        for label in self.query("#loading"):
            label.remove()
        self._rebuild_menu()
        self.refresh_continue()

    def refresh_continue(self) -> None:
        """Look for the autosave in a worker; the menu updates when it is found."""
        if not self.game.loaded:
            return  # story_loaded() looks once the story is there
        store = self.game.store

        def look() -> None:
            from engine.saves import AUTOSAVE

            info = None
            if store.exists(AUTOSAVE):
                info = next((s for s in store.slots() if s.name == AUTOSAVE), None)
            self.app.call_from_thread(self._found, info)

        self.run_worker(look, thread=True, exclusive=True, group="autosave-info")

    def _found(self, info: SlotInfo | None) -> None:
        if info is None and self.autosave is None:
            return  # nothing to change: spare the start-up a rebuilt menu and footer
        self.autosave = info
        self._rebuild_menu(prefer_continue=info is not None and info.ok)

    def _rebuild_menu(self, prefer_continue: bool = False) -> None:
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.set_options(self._options())
        menu.highlighted = 1 if prefer_continue and highlighted == 0 else highlighted
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":
            return self.game.loaded and self.autosave is not None and self.autosave.ok or None
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = {"new": self.action_new_game, "continue": self.action_continue_game,
                  "load": self.action_load, "credits": self.action_credits,
                  "quit": self.app.exit}.get(event.option.id or "")
        if action is not None:
            action()

    def _when_loaded(self, action: Callable[[], None]) -> None:
        """Run a menu action now, or once the story has loaded (saying so meanwhile)."""
        if not self.game.when_loaded(action):
            for label in self.query("#loading").results(Label):
                label.update(QUEUED)

    def action_new_game(self) -> None:
        self._when_loaded(self.game.new_game)

    def action_continue_game(self) -> None:
        if self.autosave is not None and self.autosave.ok:
            self.game.continue_game()

    def action_load(self) -> None:
        def open_saves() -> None:
            from .saves import SavesScreen

            def chosen(name: str | None) -> None:
                if name:
                    self.game.load_game(name)

            self.app.push_screen(SavesScreen(mode="load"), chosen)

        self._when_loaded(open_saves)

    def action_credits(self) -> None:
        def open_credits() -> None:
            from .credits import CreditsScreen

            self.app.push_screen(CreditsScreen(self.game.story))

        self._when_loaded(open_credits)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        """What the command palette offers on this screen."""
        commands: list[tuple[str, str, object]] = [
            ("New game", "Start the story from the beginning", self.action_new_game)]
        if self.autosave is not None and self.autosave.ok:
            commands.append(("Continue", "Go on from the autosave", self.action_continue_game))
        commands += [("Load", "Load a saved game", self.action_load),
                     ("Sources & credits", "The story's authors and bibliography",
                      self.action_credits)]
        return commands
