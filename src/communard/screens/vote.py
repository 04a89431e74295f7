"""The class vote on the projector: the play screen with the vote panel beside the story.

Everything the play screen does is here (the scene, notes, codex, timeline,
undo); a number key is the teacher taking that choice for the class (an
override); `v` closes the vote. The panel shows what the app hands down from
the server; the keys post messages and the app decides.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from .. import classmessages as klass
from ..game import PlayPage
from ..web.classserver import ClassSnapshot
from ..widgets.vote_panel import VotePanel
from .play import PlayScreen


class VoteScreen(PlayScreen):
    """The scene, its choices, and the class's votes on them."""

    CSS_PATH = ["play.tcss", "vote.tcss"]  # type: ignore[assignment]  # PlayScreen has one
    BINDINGS = [
        Binding("v", "close_vote", "Close the vote",
                tooltip="take the majority's choice (a tie: you pick among the tied)"),
        Binding("a", "admit(True)", "Let in", show=False,
                tooltip="let the first waiting student in, under the name they gave"),
        Binding("r", "admit(False)", "Refuse name", show=False,
                tooltip="refuse the first waiting student's name (they may type another)"),
        Binding("A", "admit_all", "Let all in", show=False,
                tooltip="let every waiting student in"),
        Binding("k", "toggle_qr", "QR code", show=False,
                tooltip="hide or show the QR code (the address stays)"),
    ]

    def __init__(self, page: PlayPage, *, url: str, code: str, qr: Text,
                 republican: bool = False) -> None:
        super().__init__(page, teacher=False, republican=republican)
        self.panel = VotePanel(url, code, qr, id="vote-panel")

    def compose(self) -> ComposeResult:
        yield self.panel
        yield from super().compose()

    def show_class(self, snapshot: ClassSnapshot) -> None:
        self.panel.show(snapshot)

    def action_close_vote(self) -> None:
        self.post_message(klass.CloseVote())

    def action_admit(self, allow: bool) -> None:
        self.post_message(klass.Admit(allow))

    def action_admit_all(self) -> None:
        self.post_message(klass.Admit(True, everyone=True))

    def action_toggle_qr(self) -> None:
        self.panel.toggle_qr()

    def action_menu(self) -> None:
        self.notify("The class is playing: q quits (the class is kept: start it again "
                    "with the same code to go on).", title="No title menu in a class vote")
