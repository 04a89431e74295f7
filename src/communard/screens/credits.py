"""Sources & credits: who wrote the story, and every source it cites."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from engine.session import source_view
from engine.story import Story

from ..export.mdsafe import escape_md
from ..i18n import N_, _
from ..widgets.scene_text import SceneText
from .base import Overlay
from .citations import citation_md


def credits_markdown(story: Story) -> str:
    lines = [f"## {escape_md(story.title, start=False)}", ""]
    if story.authors:
        lines += [_("Written by {authors}.").format(
            authors=escape_md(", ".join(story.authors), start=False)), ""]
    if story.description:
        lines += [story.description.strip(), ""]
    lines += [_("Story version {version}. Played with Communard, an interactive-fiction "
                "engine for histories.").format(version=story.version), ""]
    sources = sorted((source_view(story, s) for s in story.sources),
                     key=lambda s: (s.author.casefold(), str(s.year), s.title.casefold()))
    if sources:
        lines += ["### " + _("Bibliography"), ""]
        lines += [f"- {citation_md(s)}" for s in sources]
    return "\n".join(lines)


class CreditsScreen(Overlay[None]):
    """The story's authors, description and full bibliography."""

    BINDINGS = [Binding("s", "close", N_("Close"), show=False)]
    HEADING = N_("SOURCES & CREDITS")

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def body(self) -> ComposeResult:
        yield SceneText(credits_markdown(self.story), id="credits")
