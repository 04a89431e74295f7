"""Who is playing? The first screen of a served game (`communard serve`).

Every browser tab is its own player with its own saves, so before the title
menu the player gives a name, or continues as the name this browser played
under last. The screen only asks: it posts NameGiven, the app claims the name
in a worker (see web/players.py) and either dismisses this screen or hands
back the reason the name cannot be used, shown here. It is the base screen of
the served app's "player" mode (web/served_app.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from ..web.players import MAX_NAME

if TYPE_CHECKING:
    from ..web.served_app import ServedApp


class PlayerScreen(Screen[None]):
    """A name field (and "Continue as …" when this browser has played before)."""

    CSS_PATH = "player.tcss"

    class NameGiven(Message):
        """The player asked to play under `name` (not yet checked)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    remembered: str | None = None


    @property
    def game(self) -> ServedApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        self.remembered = self.game.lobby.remembered()
        with VerticalScroll(id="player-page"), Vertical(id="player-column"):
            yield Label("COMMUNARD · AN INTERACTIVE HISTORY", id="overline")
            yield Static(self.game.head.title, id="story-title")
            if self.remembered:
                yield Button(f"Continue as {self.remembered}", id="continue-as",
                             variant="primary")
                yield Label("or play under another name:", id="name-prompt")
            else:
                yield Label("Who is playing? Type your name, then Enter.", id="name-prompt")
            with Horizontal(id="name-row"):
                yield Input(placeholder="your name", max_length=MAX_NAME, id="name")
                yield Button("Play", id="play")
            yield Label("", id="refusal")
            yield Label("Your games are kept on this server under your name, "
                        "for this browser only.", id="privacy")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#continue-as" if self.remembered else "#name").focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#play")
    def _typed(self) -> None:
        self._give(self.query_one("#name", Input).value)

    @on(Button.Pressed, "#continue-as")
    def _continue_as(self) -> None:
        if self.remembered:
            self._give(self.remembered)

    def _give(self, name: str) -> None:
        self.query_one("#refusal", Label).update("")
        self.post_message(self.NameGiven(name))

    def refused(self, reason: str) -> None:
        """The app could not use the name: say why, and let the player type again."""
        self.query_one("#refusal", Label).update(reason)
        self.query_one("#name", Input).focus()
