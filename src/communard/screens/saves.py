"""Load and save: the named slots with their scene, date and time saved.

The app reads the slots in a worker and hands them here. A damaged or outdated
save is listed, greyed, with the reason it cannot be loaded, and never stops
the others from loading.
The screen is dismissed with the chosen slot's name; the app does the rest.
"""

from __future__ import annotations

from typing import Literal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from engine.saves import AUTOSAVE, SaveError, SlotInfo, check_slot_name

from ..i18n import N_, _, ngettext, spec_words
from ..saveerrors import save_error, slot_error
from ..wording import saved_when
from .base import Overlay


def slot_prompt(slot: SlotInfo) -> Table:
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(max_width=36)       # a long name wraps here rather than being cut
    grid.add_column(ratio=1)
    name = _("autosave") if slot.name == AUTOSAVE else slot.name
    if slot.ok:
        where = " · ".join(x for x in (slot.scene_title, spec_words(slot.scene_date)) if x)
        detail = Text(where)
        when = saved_when(slot.saved_at)
        choices = ngettext("{count} choice", "{count} choices", slot.steps).format(
            count=slot.steps)
        detail.append("\n" + (_("{choices} · saved {when}").format(choices=choices, when=when)
                              if when else choices), style="italic")
    else:
        detail = Text(_("CANNOT BE LOADED: "), style="bold")
        detail.append(slot_error(slot))
    grid.add_row(Text(name, style="bold"), detail)
    return grid


class SavesScreen(Overlay[str | None]):
    """mode="load": pick a slot to load. mode="save": name a slot (or pick one to overwrite)."""

    def __init__(self, mode: Literal["load", "save"] = "load") -> None:
        super().__init__()
        self.mode = mode
        self.HEADING = N_("LOAD A GAME") if mode == "load" else N_("SAVE THE GAME")
        self.slots: list[SlotInfo] = []
        self._listed: list[SlotInfo] | None = None
        self._ready = False

    def body(self) -> ComposeResult:
        if self.mode == "save":
            yield Label(_("Name this save (letters, digits, spaces, - _ .), then Enter:"),
                        classes="muted wide")
            yield Input(placeholder=_("e.g. before the barricade"), id="name", max_length=64)
            yield Label(_("Or choose a save to replace:"), classes="section")
        yield Label(_("Reading the saves…"), id="status", classes="muted")
        yield OptionList(id="slots")

    def on_mount(self) -> None:
        self._ready = True
        if self._listed is not None:  # the slots came before the screen was up
            self._fill(self._listed)
        if self.mode == "save":
            self.query_one("#name", Input).focus()
        else:
            self.query_one("#slots", OptionList).focus()

    def show_slots(self, slots: list[SlotInfo]) -> None:
        """The slots the app read (in a worker), newest first."""
        self._listed = slots
        if self._ready:
            self._fill(slots)

    def _fill(self, slots: list[SlotInfo]) -> None:
        self.slots = [s for s in slots if self.mode == "load" or s.name != AUTOSAVE]
        status = self.query_one("#status", Label)
        if not self.slots:
            status.update(_("No saves yet.") if self.mode == "load" else
                          _("No named saves yet."))
        else:
            bad = sum(not s.ok for s in self.slots)
            count = ngettext("{count} save", "{count} saves", len(self.slots)).format(
                count=len(self.slots))
            status.update(_("{saves}, {bad} cannot be loaded").format(saves=count, bad=bad)
                          if bad else count)
        menu = self.query_one("#slots", OptionList)
        options = [Option(slot_prompt(s), id=s.name, disabled=not s.ok and self.mode == "load")
                   for s in self.slots]
        menu.set_options(options)
        if self.mode == "load":
            menu.highlighted = next((i for i, s in enumerate(self.slots) if s.ok), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.mode == "load":
            self.dismiss(event.option.id)
        else:
            self.query_one("#name", Input).value = event.option.id or ""
            self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        try:
            check_slot_name(name)
            if name == AUTOSAVE:
                raise SaveError(_("'autosave' is kept for the automatic save: choose another "
                                  "name"), "reserved-name")
        except SaveError as exc:
            self.notify(save_error(exc), title=_("Choose another name"), severity="warning")
            return
        self.dismiss(name)
