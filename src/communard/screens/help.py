"""Help: every key of the screen it was opened from, and the ones that work everywhere.

Built from the screens' own bindings, so a key added to a screen can never be
missing here.
"""

from __future__ import annotations

from rich.table import Table
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ..i18n import N_, _
from .base import Overlay

ALWAYS = [
    ("& é \" ' (", N_("on an AZERTY keyboard the top row chooses too, without Shift")),
    ("↑ ↓", N_("move through a list (choices, menu, saves)")),
    (N_("Enter"), N_("take the highlighted choice or menu item")),
    (N_("mouse"), N_("click a choice or a menu item; the wheel scrolls")),
    (N_("Esc"), N_("close this panel, or go back")),
    ("ctrl+p", N_("command palette: every action by name, and the theme")),
    ("ctrl+t", N_("Theme: light, dark, high contrast... (kept for next time)")),
    ("ctrl+l", N_("Language: English, français... (kept for next time)")),
    ("ctrl+q", N_("quit (the game is autosaved after every choice)")),
]


_KEY_NAMES = {"question_mark": "?", "escape": N_("Esc"), "pageup": N_("PgUp"),
              "pagedown": N_("PgDn"), "space": N_("Space")}


def _key(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return _(_KEY_NAMES.get(binding.key, binding.key))


def help_rows(screen: Screen, app: App) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's bindings, then those that work everywhere."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in [*getattr(type(screen), "BINDINGS", []), *getattr(type(app), "BINDINGS", [])]:
        if not isinstance(binding, Binding) or binding.description in seen:
            continue
        _name, action, parameters = parse_action(binding.action)
        if not screen.check_action(action, parameters):
            continue  # not offered here (teacher mode's jump for a player)
        seen.add(binding.description)
        what = _("{key}: {what}").format(key=_(binding.description), what=_(binding.tooltip)) \
            if binding.tooltip else _(binding.description)
        rows.append((_key(binding), what))
    known = {keys for keys, _what in rows}
    rows += [(_(keys), _(what)) for keys, what in ALWAYS if keys not in known]
    return rows


class HelpScreen(Overlay[None]):
    """A two-column list of keys."""

    BINDINGS = [Binding("question_mark", "close", N_("Close"), show=False)]
    HEADING = N_("KEYS")

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def body(self) -> ComposeResult:
        table = Table(box=None, show_header=False, expand=True, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True, min_width=8)
        table.add_column(ratio=1)
        for keys, what in self.rows:
            table.add_row(keys, what)
        yield Static(table, id="keys")
