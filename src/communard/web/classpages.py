"""The students' page of the class vote, rendered on the server (Jinja, autoescaped).

Everything on it that a person typed (a name, an answer) or a story holds (titles,
text) is escaped by Jinja; the story's Markdown goes through the exports'
renderer, which keeps raw HTML as text. The page is a few kilobytes with one
stylesheet and one small script, both from this server, and works without the
script (forms post and the page reloads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..export.page import markdown_to_html
from .classvote import Decided, VoteScene

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
MAX_ANSWER = 2000

# Scripts and styles from this server only; nothing inline, nothing from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "connect-src 'self'; img-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


@dataclass
class StudentView:
    """What one student's page shows now."""

    state: str  # join, waiting, vote, full, closed
    code: str
    story_title: str
    language: str
    ask_names: bool
    version: str
    scene: VoteScene | None = None
    round_open: bool = False
    my_vote: str | None = None
    decided: Decided | None = None
    player_name: str | None = None
    message: str | None = None
    message_kind: str | None = None  # "error" is announced at once (role=alert)
    typed: str = ""
    summary: tuple[str, ...] = ()
    answers: dict[str, str] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        if self.state == "vote" and self.scene is not None:
            return self.scene.ending_title or self.scene.title
        return {"join": "Join the class", "waiting": "Waiting for your teacher",
                "full": "The class is full"}.get(self.state, "The class vote")

    def context(self) -> dict[str, Any]:
        scene = self.scene
        return {
            **self.__dict__, "heading": self.heading, "max_answer": MAX_ANSWER,
            "scene_key": f"{self.state}:{scene.id if scene else ''}:{self.version}",
            "text_html": Markup(scene_html(scene.text)) if scene else "",
            "epilogue_html": Markup(scene_html(scene.epilogue or "")) if scene else "",
        }


@lru_cache(maxsize=64)
def scene_html(markdown: str) -> str:
    """A scene's text as HTML, made once: every student's page and every vote's answer
    shows the same scene (rendering its Markdown was most of a vote's cost)."""
    return markdown_to_html(markdown)


def render_page(view: StudentView) -> str:
    return _environment().get_template("class_page.html").render(view.context())


def render_main(view: StudentView) -> str:
    return _environment().get_template("class_main.html").render(view.context())
