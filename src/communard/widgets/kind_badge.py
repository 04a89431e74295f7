"""The scene's kind as a word, not only a colour.

Whether a scene happened, is invented, or is a "what if" matters most in a
history game, and a projector or a colour-blind reader may lose colours: so
the kind is always a capitalised word with a one-line meaning beside it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Label

from ..kinds import kind_words


class KindBadge(Vertical):
    """A labelled badge ("HISTORICAL") over its meaning ("this happened")."""

    kind: reactive[str] = reactive("historical", init=False)

    def __init__(self, kind: str = "historical", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(KindBadge.kind, kind)

    def compose(self) -> ComposeResult:
        word, meaning = kind_words(self.kind)
        yield Label(word, id="kind-word", classes=f"-{self.kind}")
        yield Label(meaning, id="kind-meaning")

    def watch_kind(self, kind: str) -> None:
        word, meaning = kind_words(kind)
        badge = self.query_one("#kind-word", Label)
        badge.update(word)
        badge.set_classes(f"-{kind}")
        self.query_one("#kind-meaning", Label).update(meaning)
