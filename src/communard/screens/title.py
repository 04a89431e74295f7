"""The title screen: the story's title and the way into the game.

New game, Continue (the autosave, named by its scene and date so the player
knows what they will get), Load, Sources & credits, Quit. Reading the autosave
happens in a worker so the screen paints at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from engine.saves import AUTOSAVE, SlotInfo

if TYPE_CHECKING:
    from ..app import CommunardApp


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
        story = self.game.story
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
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        info = self.autosave
        if info is not None and info.ok:
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

    def refresh_continue(self) -> None:
        """Look for the autosave in a worker; the menu updates when it is found."""
        store = self.game.store

        def look() -> None:
            info = None
            if store.exists(AUTOSAVE):
                info = next((s for s in store.slots() if s.name == AUTOSAVE), None)
            self.app.call_from_thread(self._found, info)

        self.run_worker(look, thread=True, exclusive=True, group="autosave-info")

    def _found(self, info: SlotInfo | None) -> None:
        if info is None and self.autosave is None:
            return  # nothing to change: spare the start-up a rebuilt menu and footer
        self.autosave = info
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.set_options(self._options())
        menu.highlighted = 1 if info is not None and info.ok and highlighted == 0 \
            else highlighted
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":
            return self.autosave is not None and self.autosave.ok or None
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = {"new": self.action_new_game, "continue": self.action_continue_game,
                  "load": self.action_load, "credits": self.action_credits,
                  "quit": self.app.exit}.get(event.option.id or "")
        if action is not None:
            action()

    def action_new_game(self) -> None:
        self.game.new_game()

    def action_continue_game(self) -> None:
        if self.autosave is not None and self.autosave.ok:
            self.game.continue_game()

    def action_load(self) -> None:
        from .saves import SavesScreen

        def chosen(name: str | None) -> None:
            if name:
                self.game.load_game(name)

        self.app.push_screen(SavesScreen(mode="load"), chosen)

    def action_credits(self) -> None:
        from .credits import CreditsScreen

        self.app.push_screen(CreditsScreen(self.game.story))

    def palette_commands(self) -> list[tuple[str, str, object]]:
        """What the command palette offers on this screen."""
        commands = [("New game", "Start the story from the beginning", self.action_new_game)]
        if self.autosave is not None and self.autosave.ok:
            commands.append(("Continue", "Go on from the autosave", self.action_continue_game))
        commands += [("Load", "Load a saved game", self.action_load),
                     ("Sources & credits", "The story's authors and bibliography",
                      self.action_credits)]
        return commands
