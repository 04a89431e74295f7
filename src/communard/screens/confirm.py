"""Asking before something is lost: a question, what would be lost, and two buttons.

The safe answer has the focus, so a player who presses Enter (or Escape, or
the key that opened it, twice) keeps their game.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ..i18n import N_


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True only when the player picks the action button."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("escape", "answer(False)", N_("Keep"), show=False),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, detail: str, action: str, keep: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.action_label = action
        self.keep_label = keep

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question")
            yield Static(self.detail, id="detail")
            with Horizontal(id="answers"):
                yield Button(self.keep_label, id="keep", variant="primary")
                yield Button(self.action_label, id="go", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "go")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
