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
from textual.widgets import Label

from engine import ChoiceUnavailable, Session
from engine.session import JUMP
from engine.views import SceneView

from ..export.mdsafe import escape_md
from ..i18n import N_, _, scene_date_words
from ..kinds import kind_words
from ..widgets.scene_text import SceneText
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
                said = _("(jumped to {scene})").format(
                    scene=session.story.scenes[step.target].title)
            else:
                said = next((c.text for c in view.choices if c.id == step.choice_id),
                            step.choice_text)
                again.step(step.choice_id)
        except (ChoiceUnavailable, KeyError):
            break  # the story changed under a --watch reload: show what still replays
        pages.append(Page(view, said))
    pages.append(Page(session.view(), None))
    return pages


def transcript_markdown(pages: list[Page], first: int = 1) -> str:
    """The pages as Markdown, numbered from `first`."""
    parts = []
    for number, page in enumerate(pages, first):
        view = page.view
        facts = [f for f in (scene_date_words(view.date, view.date_precision), view.place) if f]
        facts.append(kind_words(view.kind)[0])
        about = escape_md(f"{view.chapter_title} · {' · '.join(facts)}", start=False,
                          before="*", after="*")
        block = [f"## {number}. {escape_md(view.title, start=False)}", f"*{about}*",
                 "", view.text.strip()]
        if view.ending is not None:
            title = escape_md(view.ending.title, start=False, before=" ", after=".")
            block += ["", f"**The end: {title}.** {view.ending.epilogue.strip()}"]
        if page.choice is not None:
            chose = escape_md(page.choice, start=False, before="*", after="*")
            block += ["", f"> You chose: *{chose}*"]
        else:
            block += ["", "*You are here.*"]
        parts.append("\n".join(block))
    return "\n\n---\n\n".join(parts)


CHUNK = 10
"""Pages shown at a time: opening the history costs the same at any length of game."""


class HistoryScreen(Overlay[None]):
    """The playthrough so far, at the page being read; earlier pages come on request.

    Each chunk of pages is one Static of Rich Markdown (a Markdown widget per block
    took seconds on a long game), and only the last chunk is drawn at first.
    """

    BINDINGS = [Binding("h", "close", N_("Close"), show=False),
                Binding("e", "earlier", N_("Earlier pages")),
                Binding("home", "top", N_("First page"), priority=True),
                Binding("end", "bottom", N_("Last page"), priority=True)]
    HEADING = N_("YOUR STORY SO FAR")

    def __init__(self, pages: list[Page]) -> None:
        super().__init__()
        self.pages = pages
        self.shown_from = max(0, len(pages) - CHUNK)

    def body(self) -> ComposeResult:
        yield Label(self._earlier_hint(), id="earlier", classes="muted")
        yield SceneText(transcript_markdown(self.pages[self.shown_from:], self.shown_from + 1),
                        classes="pages")

    def _earlier_hint(self) -> str:
        if not self.shown_from:
            return _("This is the beginning of your story.")
        return _("Pages 1 to {last} are not shown: press e for earlier pages, "
                 "Home for the first.").format(last=self.shown_from)

    def on_mount(self) -> None:
        self.call_after_refresh(self.action_bottom)

    def action_earlier(self, everything: bool = False) -> None:
        """Show the chunk before the first page shown (or every page), keeping the view."""
        if not self.shown_from:
            return
        start = 0 if everything else max(0, self.shown_from - CHUNK)
        chunk = SceneText(transcript_markdown(self.pages[start:self.shown_from], start + 1),
                          classes="pages")
        self.shown_from = start
        hint = self.query_one("#earlier", Label)
        hint.update(self._earlier_hint())
        self.query_one("#body").mount(chunk, after=hint)
        body = self.query_one("#body")
        self.call_after_refresh(lambda: body.scroll_to(
            y=0 if everything else body.scroll_y + chunk.outer_size.height, animate=False))

    def action_top(self) -> None:
        if self.shown_from:
            self.action_earlier(everything=True)
        else:
            self.query_one("#body").scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#body").scroll_end(animate=False)
