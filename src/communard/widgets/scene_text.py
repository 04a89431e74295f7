"""The scene's text: Markdown in one widget, so a choice repaints in milliseconds.

Textual's Markdown widget mounts a widget per block (and more for lists and
quotes), and replacing them on every choice cost 60-100 ms on the bundled
story. A scene's text is prose, so it is rendered here with Rich's Markdown in
a single Static: the same paragraphs, emphasis, lists and quotes, in a few
milliseconds, in the theme's text colour.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual.widgets import Static


class SceneText(Static):
    """Markdown prose that is replaced whole on each scene."""

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.markdown = ""
        if text:
            self.show(text)

    def show(self, text: str) -> None:
        self.markdown = text
        self.update(Markdown(text, hyperlinks=True))
