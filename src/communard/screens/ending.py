"""The ending: the epilogue, the path taken beside history, and the endings found.

Reaching an ending is where a class discusses what happened, so the screen
shows the discussion questions, each choice the player made next to what
historically happened at that point (when the author says), and how many of
the story's endings have been found across every playthrough on this machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from engine.session import JUMP
from engine.views import Step

from .. import messages as ask
from ..game import EndingPage
from ..i18n import N_, _, ngettext
from ..widgets.key_bar import KeyBar
from ..widgets.more_below import MoreBelow
from ..widgets.scene_text import SceneText


def path_table(steps: Sequence[Step], titles: Mapping[str, str]) -> Table:
    """Each step's choice beside what happened in history, where the author gives it."""
    table = Table(expand=True, box=None, show_edge=False, padding=(0, 1, 1, 0))
    table.add_column("", width=3, justify="right", no_wrap=True)
    table.add_column(_("You chose"), ratio=1)
    with_history = any(step.history for step in steps)
    if with_history:
        table.add_column(_("What happened in history"), ratio=1, style="italic")
    for number, step in enumerate(steps, 1):
        if step.choice_id == JUMP:
            chose = Text(_("(jumped to {scene})").format(
                scene=titles.get(step.target, step.target)), style="dim")
        else:
            chose = Text(step.choice_text)
        cells: list[str | Text] = [f"{number}.", chose]
        if with_history:
            cells.append(step.history or "")
        table.add_row(*cells)
    return table


def endings_table(found: Sequence[str], endings: Mapping[str, str], current: str) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for ending_id, title in endings.items():
        if ending_id == current:
            table.add_row("▶", Text(_("{title}  (this one)").format(title=title), style="bold"))
        elif ending_id in found:
            table.add_row("✓", Text(title))
        else:
            table.add_row("·", Text(_("not found yet"), style="dim italic"))
    return table


class EndingScreen(Screen[None]):
    """Shown over the play screen when the session reaches an ending.

    It is where a class discusses the playthrough and a student exports it to
    hand in, so every panel of the play screen opens here too; starting again
    asks first, and `n` means notes, as everywhere else.
    """

    CSS_PATH = "ending.tcss"
    BINDINGS = [
        Binding("n", "panel('notes')", N_("Notes"), tooltip=N_("historical notes of this scene")),
        Binding("c", "panel('codex')", N_("Codex"), tooltip=N_("people, places and terms met")),
        Binding("t", "panel('timeline')", N_("Timeline"),
                tooltip=N_("the story's dates and your path")),
        Binding("h", "panel('history')", N_("History"), tooltip=N_("read this playthrough again")),
        Binding("x", "export", N_("Export transcript"),
                tooltip=N_("write this playthrough as Markdown, to keep or hand in")),
        Binding("s", "panel('save')", N_("Save"), show=False, tooltip=N_("save into a named slot")),
        Binding("l", "panel('load')", N_("Load"), show=False, tooltip=N_("load a saved game")),
        Binding("u", "undo", N_("Undo"), tooltip=N_("take back the last choice")),
        Binding("r", "new_game", N_("Play again"),
                tooltip=N_("start a new game (asks first: this playthrough is replaced)")),
        Binding("pagedown", "read_on", N_("Scroll text down"), show=False,
                tooltip=N_("read on when the text goes on below (so does space)")),
        Binding("space", "read_on", N_("Read on"), show=False),
        Binding("escape", "title", N_("Title menu"), show=False,
                tooltip=N_("back to the title menu (this playthrough is kept)")),
        Binding("q", "app.quit", N_("Quit"), show=False,
                tooltip=N_("quit (this playthrough is kept for Continue)")),
    ]

    def __init__(self, page: EndingPage) -> None:
        super().__init__()
        assert page.view.ending is not None
        self.page = page
        self.found = set(page.found) | {page.view.ending.id}
        self.class_lines: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        page = self.page
        view = page.view
        ending = view.ending
        assert ending is not None
        with VerticalScroll(id="ending-page"), Vertical(id="ending-column"):
            yield Label(_("THE END · {chapter}").format(chapter=view.chapter_title),
                        id="overline")
            yield Static(ending.title, id="ending-title")
            yield SceneText(view.text, classes="scene-text")
            yield Label(_("EPILOGUE"), classes="section")
            yield SceneText(ending.epilogue, id="epilogue")
            if view.questions:
                yield Label(_("FOR DISCUSSION"), classes="section")
                for question in view.questions:
                    yield Label(f"• {question}", classes="question")
            yield Label(ngettext("YOUR PATH: {count} CHOICE", "YOUR PATH: {count} CHOICES",
                                 len(page.steps)).format(count=len(page.steps)),
                        classes="section")
            yield Static(path_table(page.steps, page.titles), id="path")
            yield Label(_("YOUR CLASS"), classes="section", id="class-heading")
            yield Vertical(id="class-lines")
            count = len(self.found & set(page.endings))
            yield Label(_("ENDINGS FOUND: {count} OF {total}").format(
                count=count, total=len(page.endings)), classes="section")
            yield Static(endings_table(sorted(self.found), page.endings, ending.id),
                         id="endings")
            with Horizontal(id="buttons"):
                yield Button(_("Export transcript"), id="export", variant="primary")
                yield Button(_("Undo last choice"), id="undo")
                yield Button(_("Play again"), id="new")
                yield Button(_("Title menu"), id="title")
        yield MoreBelow("#ending-page")
        yield KeyBar()

    def on_mount(self) -> None:
        """Start at the top (the ending's title), with the arrows scrolling the page."""
        self.query_one("#ending-page", VerticalScroll).focus()
        if self.class_lines:
            self.show_class(self.class_lines)

    def show_class(self, lines: Sequence[str]) -> None:
        """How the player's class chose at the key choices (a class game hands these down)."""
        self.class_lines = tuple(lines)
        if not self.is_mounted:
            return  # on_mount shows them
        box = self.query_one("#class-lines", Vertical)
        box.remove_children()
        box.mount_all(Label(Text(line), classes="class-line") for line in lines)
        box.display = bool(lines)
        self.query_one("#class-heading", Label).display = bool(lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"new": self.action_new_game, "undo": self.action_undo, "export": self.action_export,
         "title": self.action_title}[event.button.id or "title"]()

    def action_read_on(self) -> None:
        self.query_one("#ending-page", VerticalScroll).scroll_page_down()

    def action_new_game(self) -> None:
        self.post_message(ask.NewGame())

    def action_undo(self) -> None:
        self.post_message(ask.Undo())

    def action_title(self) -> None:
        self.post_message(ask.ShowTitle())

    def action_export(self) -> None:
        self.post_message(ask.ExportTranscript())

    def action_panel(self, panel: ask.Panel) -> None:
        self.post_message(ask.OpenPanel(panel))

    def palette_commands(self) -> list[tuple[str, str, object]]:
        def panel(name: ask.Panel) -> object:
            return lambda: self.action_panel(name)

        return [(_("Export transcript"),
                 _("Write this playthrough as Markdown, to keep or hand in"),
                 self.action_export),
                (_("Notes"), _("The historical notes of this scene, with sources"),
                 panel("notes")),
                (_("Codex"), _("People, places and terms met"), panel("codex")),
                (_("Timeline"), _("The story's dates and your path"), panel("timeline")),
                (_("History"), _("Read this playthrough again"), panel("history")),
                (_("Save"), _("Save into a named slot"), panel("save")),
                (_("Load"), _("Load a saved game"), panel("load")),
                (_("Undo"), _("Go back before the last choice"), self.action_undo),
                (_("Play again"), _("Start a new game (asks first)"), self.action_new_game),
                (_("Title menu"), _("Back to the title screen"), self.action_title)]
