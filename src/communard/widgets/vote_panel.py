"""The class vote's panel beside the story on the projector: how to join, who is in, the tally.

It shows what the app hands it (a ClassSnapshot from the server, attributes
down) and asks for nothing. Names are typed by students, so they are drawn as
plain Text (never markup), with control and direction characters dropped.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..web.classserver import ClassSnapshot
from ..web.classstats import printable
from ..web.classvote import Tally

BAR_WIDTH = 22
NAMES_SHOWN = 6


def tally_text(tally: Tally | None, joined: int, width: int = BAR_WIDTH) -> Text:
    """One bar per choice, longest for the most votes; locked choices say so."""
    out = Text()
    if tally is None:
        return out
    if not tally.open:
        out.append("No vote on this scene.\n", style="dim italic")
        return out
    out.append(f"VOTES  {tally.votes} of {joined}\n", style="bold")
    top = max((n for _, n in tally.counts), default=0)
    for number, (choice, count) in enumerate(tally.counts, 1):
        out.append(f"{number} ", style="bold")
        out.append(printable(choice.text, width + 8) + "\n",
                   style="" if choice.enabled else "dim strike")
        if not choice.enabled:
            out.append("  locked: no votes\n", style="dim italic")
            continue
        filled = round(width * count / max(top, 1)) if count else 0
        out.append("  " + "█" * filled, style="bold green" if count == top else "")
        out.append("·" * (width - filled), style="dim")
        out.append(f" {count}\n", style="bold")
    return out


class VotePanel(VerticalScroll):
    """The join address and its QR code, the students in and waiting, and the live tally."""

    def __init__(self, url: str, code: str, qr: Text, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.url = url
        self.code = code
        self.qr = qr
        self.snapshot: ClassSnapshot | None = None
        self._shown: dict[str, Text] = {}  # what each part shows now

    def compose(self) -> ComposeResult:
        yield Static("JOIN ON A PHONE OR A LAPTOP", classes="panel-section")
        yield Static(Text(self.url), id="join-url")
        yield Static(self.qr, id="qr")
        yield Static(Text.assemble("class code ", (self.code, "bold")), id="join-code")
        yield Static(id="joined")
        yield Static(id="waiting")
        yield Static(id="tally")
        yield Static(Text("v close the vote · 1-9 the teacher's choice · u undo · "
                          "k hide the QR code", style="dim"), id="vote-keys")

    def on_mount(self) -> None:
        if self.snapshot is not None:
            self.show(self.snapshot)

    def toggle_qr(self) -> None:
        qr = self.query_one("#qr", Static)
        qr.display = not qr.display

    def show(self, snapshot: ClassSnapshot) -> None:
        self.snapshot = snapshot
        if not self.is_mounted:
            return
        count = snapshot.joined
        joined = Text.assemble((str(count), "bold"),
                               f" student{'s' if count != 1 else ''} in")
        if snapshot.waiting:
            joined.append(f" · {len(snapshot.waiting)} waiting", style="bold yellow")
        self._update("#joined", joined)
        waiting = self.query_one("#waiting", Static)
        waiting.display = bool(snapshot.waiting)
        if snapshot.waiting:
            names = Text("Waiting: ", style="bold")
            shown = [printable(name, 24) for _, name in snapshot.waiting[:NAMES_SHOWN]]
            names.append(", ".join(shown))
            if len(snapshot.waiting) > NAMES_SHOWN:
                names.append(f" and {len(snapshot.waiting) - NAMES_SHOWN} more")
            names.append("\na let the first in · r refuse the name · A let everyone in",
                         style="dim")
            self._update("#waiting", names)
        self._update("#tally", tally_text(snapshot.tally, count))

    def _update(self, selector: str, text: Text) -> None:
        """Redraw a part only if it changed, and lay the panel out again only if its number
        of lines did: while a class votes, only the counts change, many times a second."""
        shown = self._shown.get(selector)
        if shown == text:
            return
        lines = text.plain.count("\n")
        self._shown[selector] = text
        self.query_one(selector, Static).update(
            text, layout=shown is None or shown.plain.count("\n") != lines)
