"""The keys of the current screen along the bottom, wrapped rather than cut.

Textual's Footer is one line that scrolls sideways: on a 60-column terminal it
dropped the last keys (Undo, Save, Help) and left a stray letter beside the
palette's key. This bar says the same things (the screen's bindings marked
`show`, then the command palette), keeps each key next to its word, and
wraps onto a second line when the terminal is narrow. Each key can be clicked.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..i18n import _

NBSP = "\u00a0"


class KeyBar(Static):
    """A wrapping line of "key word" pairs, kept in step with the screen's bindings."""

    _owner: Screen | None = None

    def on_mount(self) -> None:
        self._owner = self.screen  # kept: a closing screen may be gone before we unmount
        self._owner.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        if self._owner is not None:
            self._owner.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self._owner:
            self.call_after_refresh(self.show_keys)

    def pairs(self) -> list[tuple[str, str, str]]:
        """(key to press, key as shown, word) for every key shown, palette last."""
        app = self.app
        seen: set[tuple[str, str]] = set()
        found: list[tuple[str, str, str]] = []
        if self._owner is None:
            return found
        for _node, binding, enabled, _tooltip in self._owner.active_bindings.values():
            if not binding.show or not enabled or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            found.append((binding.key, app.get_key_display(binding), _(binding.description)))
        if app.ENABLE_COMMAND_PALETTE:
            found.append(("ctrl+p", "^p", _("palette")))
        return found

    def show_keys(self) -> None:
        if not self.is_attached:
            return  # the screen closed before this refresh came round
        pieces = []
        for key, shown, word in self.pairs():
            pieces.append(Content.from_markup(
                f"[@key={key!r}][bold $footer-key-foreground]$shown[/]{NBSP}$word[/]",
                shown=shown.replace(" ", NBSP), word=word.replace(" ", NBSP)))
        self.update(Content(" ").join(pieces))

    def on_click(self, event: events.Click) -> None:
        """A click on a key (or its word) presses that key."""
        key = event.style.meta.get("@key")
        if key:
            event.stop()
            self.app.simulate_key(key)
