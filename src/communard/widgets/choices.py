"""The numbered choices: keys 1-9, arrows and Enter, or the mouse.

Built on OptionList, which already gives keyboard navigation, mouse clicks and
greyed, unselectable disabled options. Each row is a two-column grid so a long
choice wraps under its own text, not under its number; a locked row says why
in words (and, in teacher mode, the condition that unlocks it).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..game import ChoiceRow
from ..i18n import _


def _prompt(row: ChoiceRow) -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=3, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    body = Text(row.text)
    if not row.enabled:
        reason = row.reason or _("not available now")
        body.append("\n" + (_("hidden: {reason}") if row.hidden else _("locked: {reason}"))
                    .format(reason=reason), style="italic")
    if row.condition:
        body.append("\n" + _("condition: {condition}").format(condition=row.condition),
                    style="italic")
    grid.add_row(Text(f"{row.number}.", style="bold"), body)
    return grid


class ChoiceList(OptionList):
    """The scene's choices; posts `ChoiceList.Chosen` when one is taken."""

    class Chosen(Message):
        """The player took an available choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: tuple[ChoiceRow, ...] = ()

    def show(self, rows: Sequence[ChoiceRow]) -> None:
        """Replace the rows and put the cursor on the first one that can be taken."""
        self.rows = tuple(rows)
        self.set_options(Option(_prompt(r), id=r.choice_id, disabled=not r.enabled)
                         for r in self.rows)
        first = next((i for i, r in enumerate(self.rows) if r.enabled), None)
        self.highlighted = first
        self.display = bool(self.rows)
        self.scroll_home(animate=False)

    def row(self, number: int) -> ChoiceRow | None:
        return next((r for r in self.rows if r.number == number), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
