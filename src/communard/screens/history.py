"""The transcript: scroll back through everything read in this playthrough.

The Session keeps only the steps taken, so the pages are rebuilt by replaying
those steps on a fresh Session of the same story: the texts come back exactly
as the player read them (conditions resolved with the variables of the time),
and nothing needs to be stored while playing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Markdown

from engine import ChoiceUnavailable, Session
from engine.session import JUMP
from engine.views import SceneView

from ..kinds import kind_words
from .base import Overlay


@dataclass(frozen=True)
class Page:
    view: SceneView
    choice: str | None  # what the player did next, or None on the page being read now


def replay(session: Session) -> list[Page]:
    """Every scene of the playthrough with the choice taken there, oldest first."""
    again = Session(session.story)
    pages = []
    for step in session.history:
        view = again.view()
        try:
            if step.choice_id == JUMP:
                again.jump(step.target)
                said = f"(jumped to {session.story.scenes[step.target].title})"
            else:
                said = next((c.text for c in view.choices if c.id == step.choice_id),
                            step.choice_text)
                again.step(step.choice_id)
        except (ChoiceUnavailable, KeyError):
            break  # the story changed under a --watch reload: show what still replays
        pages.append(Page(view, said))
    pages.append(Page(session.view(), None))
    return pages


def transcript_markdown(pages: list[Page]) -> str:
    parts = []
    for number, page in enumerate(pages, 1):
        view = page.view
        facts = [f for f in (view.date_label, view.place) if f]
        facts.append(kind_words(view.kind)[0])
        block = [f"## {number}. {view.title}", f"*{view.chapter_title} · {' · '.join(facts)}*",
                 "", view.text.strip()]
        if view.ending is not None:
            block += ["", f"**The end: {view.ending.title}.** {view.ending.epilogue.strip()}"]
        if page.choice is not None:
            block += ["", f"> You chose: *{page.choice}*"]
        else:
            block += ["", "*You are here.*"]
        parts.append("\n".join(block))
    return "\n\n---\n\n".join(parts)


class HistoryScreen(Overlay[None]):
    """The whole playthrough so far, scrolled to the page being read."""

    BINDINGS = [Binding("h", "close", "Close", show=False),
                Binding("home", "top", "First page"), Binding("end", "bottom", "Last page")]
    HEADING = "YOUR STORY SO FAR"

    def __init__(self, pages: list[Page]) -> None:
        super().__init__()
        self.pages = pages

    def body(self) -> ComposeResult:
        yield Markdown(transcript_markdown(self.pages), id="transcript", open_links=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.action_bottom)

    def action_top(self) -> None:
        self.query_one("#body").scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#body").scroll_end(animate=False)
