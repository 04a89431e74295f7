"""A tie at the close of a vote: the teacher picks among the tied choices.

One button per tied choice (with its votes), and the number keys of the play
screen pick the same choices; Escape leaves the vote open.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ..web.classvote import VoteChoice
from ..wording import plural


class TiePickScreen(ModalScreen[str | None]):
    """Dismissed with the picked choice's id, or None (the vote stays open)."""

    CSS_PATH = "tiepick.tcss"
    BINDINGS = [
        Binding("escape", "keep_open", "Keep the vote open"),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, tied: list[tuple[int, VoteChoice]], votes: int) -> None:
        super().__init__()
        self.tied = tied  # (the choice's number on the play screen, the choice)
        self.votes = votes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("A tie: you decide", id="question")
            yield Label(f"These choices have {plural(self.votes, 'vote')} each. Pick one for "
                        "the class, or press Escape to keep the vote open.", id="detail")
            for number, choice in self.tied:
                yield Button(f"{number}. {choice.text}", id=f"tie-{number}",
                             variant="primary")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_pick(int((event.button.id or "tie-0").removeprefix("tie-")))

    def action_pick(self, number: int) -> None:
        for shown, choice in self.tied:
            if shown == number:
                self.dismiss(choice.id)
                return
        self.notify(f"Choice {number} is not one of the tied choices.", severity="warning")

    def action_keep_open(self) -> None:
        self.dismiss(None)
