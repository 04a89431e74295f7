"""The play screen: where the story is read and the choices are taken.

It shows the PlayPage the app hands it (header, text, choices) and turns keys
into messages (`communard.messages`): the app changes the Session, autosaves,
and hands the next page down. Everything else it opens is an overlay the app
builds and that closes back here.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label

from engine.views import SceneView

from .. import messages as ask
from ..game import PlayPage
from ..i18n import N_, _, ngettext
from ..keys import choice_keys
from ..widgets.choices import ChoiceList
from ..widgets.key_bar import KeyBar
from ..widgets.more_below import MoreBelow
from ..widgets.scene_header import SceneHeader
from ..widgets.scene_text import SceneText


class PlayScreen(Screen[None]):
    """The scene being read, and its choices."""

    CSS_PATH = "play.tcss"
    BINDINGS = [
        Binding(choice_keys(1), "choose(1)", N_("Choose"), key_display="1-9", id="choose-1",
                tooltip=N_("take that choice (a locked one says why it is locked)")),
        *(Binding(choice_keys(n), f"choose({n})", N_("Choose"), show=False, id=f"choose-{n}")
          for n in range(2, 10)),
        Binding("n", "panel('notes')", N_("Notes"),
                tooltip=N_("historical notes of this scene, with sources")),
        Binding("c", "panel('codex')", N_("Codex"),
                tooltip=N_("people, places and terms met so far")),
        Binding("t", "panel('timeline')", N_("Timeline"),
                tooltip=N_("the story's dates and where you stand")),
        Binding("h", "panel('history')", N_("History"),
                tooltip=N_("scroll back through this playthrough")),
        Binding("u", "undo", N_("Undo"), tooltip=N_("take back the last choice")),
        Binding("s", "panel('save')", N_("Save"), tooltip=N_("save into a named slot")),
        Binding("l", "panel('load')", N_("Load"), show=False, tooltip=N_("load a saved game")),
        Binding("x", "export", N_("Export transcript"), show=False,
                tooltip=N_("write this playthrough as Markdown in your data folder")),
        Binding("j", "panel('jump')", N_("Jump"),
                tooltip=N_("teacher mode: go to any chapter or scene")),
        Binding("escape", "menu", N_("Menu"), show=False,
                tooltip=N_("back to the title menu (the game is autosaved)")),
        Binding("q", "app.quit", N_("Quit"), show=False,
                tooltip=N_("quit (the game is autosaved)")),
        Binding("pageup", "scroll_text(-1)", N_("Scroll text up"), show=False, priority=True),
        Binding("pagedown", "scroll_text(1)", N_("Scroll text down"), show=False, priority=True,
                tooltip=N_("read on when the text goes on below (so does space)")),
        Binding("space", "scroll_text(1)", N_("Read on"), show=False),
    ]

    def __init__(self, page: PlayPage, teacher: bool = False, republican: bool = False) -> None:
        super().__init__()
        self.teacher = teacher
        self.republican = republican
        self.page = page
        self._shown: SceneView | None = None

    def compose(self) -> ComposeResult:
        yield SceneHeader(republican=self.republican, id="header")
        with VerticalScroll(id="page"), Vertical(id="column"):
            yield SceneText(id="text")
            yield Vertical(id="questions")
            yield Label("", id="hints")
        yield MoreBelow("#page", id="more")
        with Center(id="choices-row"):
            yield ChoiceList(id="choices")
        yield KeyBar()

    def on_mount(self) -> None:
        self._draw(self.page)

    # -- showing -----------------------------------------------------------------
    def show(self, page: PlayPage) -> None:
        """Show this page (the app calls it after every move; cheap when unchanged).

        Before the screen is mounted (a language switch pushes a new screen, and the
        story in the new language may arrive before it is built) the page is kept,
        and mounting draws the newest one.
        """
        self.page = page
        if self.is_mounted:
            self._draw(page)

    def _draw(self, page: PlayPage) -> None:
        view = page.view
        if view is self._shown:
            return
        self._shown = view
        self.query_one(SceneHeader).show(view)
        self.query_one("#text", SceneText).show(view.text)
        self._show_questions(view)
        self._show_hints(view)
        choices = self.query_one(ChoiceList)
        choices.show(page.rows)
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.query_one(MoreBelow).update_cue)
        if page.rows:  # a new scene: the keys go to its choices (Enter takes the first)
            choices.focus()

    def _show_questions(self, view: SceneView) -> None:
        box = self.query_one("#questions", Vertical)
        box.remove_children()
        box.display = bool(view.questions) and view.ending is None
        if box.display:
            box.mount(Label(_("FOR DISCUSSION"), classes="section"),
                      *(Label(f"• {q}", classes="question") for q in view.questions))

    def _show_hints(self, view: SceneView) -> None:
        hints = []
        if view.notes:
            count = len(view.notes)
            hints.append(ngettext("{count} historical note: press n",
                                  "{count} historical notes: press n", count).format(count=count))
        if view.codex:
            hints.append(_("in the codex: {names} (c)").format(
                names=", ".join(c.name for c in view.codex)))
        label = self.query_one("#hints", Label)
        label.update("   ·   ".join(hints))
        label.display = bool(hints)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "panel" and parameters == ("jump",):
            return self.teacher
        return True

    # -- acting: every change is asked of the app ---------------------------------
    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        self.post_message(ask.Choose(event.choice_id))

    def action_choose(self, number: int) -> None:
        row = self.query_one(ChoiceList).row(number)
        if row is None:
            count = len(self.page.rows)
            self.notify(_("Choose a number from 1 to {count}.").format(count=count)
                        if count > 1 else _("There is only choice 1 here.") if count else
                        _("There is nothing to choose here."),
                        title=_("There is no choice {number}").format(number=number),
                        severity="warning")
            return
        if not row.enabled:
            self.notify(row.reason or _("This choice is not available now."),
                        title=_("Choice {number} is locked").format(number=number),
                        severity="warning")
            return
        self.post_message(ask.Choose(row.choice_id))

    def action_undo(self) -> None:
        if self.page.can_undo:
            self.post_message(ask.Undo())
        else:
            self.notify(_("This is the first scene: there is no choice to take back."),
                        title=_("Nothing to undo"), severity="warning")

    def action_scroll_text(self, direction: int) -> None:
        page = self.query_one("#page", VerticalScroll)
        if direction < 0:
            page.scroll_page_up()
        else:
            page.scroll_page_down()

    def action_menu(self) -> None:
        self.post_message(ask.ShowTitle())

    def action_panel(self, panel: ask.Panel) -> None:
        self.post_message(ask.OpenPanel(panel))

    def action_export(self) -> None:
        self.post_message(ask.ExportTranscript())

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """What the command palette offers here: the same actions as the keys."""
        def panel(name: ask.Panel) -> Any:
            return lambda: self.action_panel(name)

        commands = [
            (_("Notes"), _("The historical notes of this scene, with sources"),
             panel("notes")),
            (_("Codex"), _("People, places and terms met so far"), panel("codex")),
            (_("Timeline"), _("The story's dates and where you stand"), panel("timeline")),
            (_("History"), _("Scroll back through this playthrough"), panel("history")),
            (_("Undo"), _("Take back the last choice"), self.action_undo),
            (_("Save"), _("Save into a named slot"), panel("save")),
            (_("Load"), _("Load a saved game"), panel("load")),
            (_("Export transcript"), _("Write this playthrough as Markdown"),
             self.action_export),
            (_("Title menu"), _("Back to the title screen (the game is autosaved)"),
             self.action_menu),
        ]
        if self.teacher:
            commands.append((_("Jump to a scene"), _("Teacher mode: go to any chapter or scene"),
                             panel("jump")))
        return commands
