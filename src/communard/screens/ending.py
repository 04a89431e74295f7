"""The ending: the epilogue, the path taken beside history, and the endings found.

Reaching an ending is where a class discusses what happened, so the screen
shows the discussion questions, each choice the player made next to what
historically happened at that point (when the author says), and how many of
the story's endings have been found across every playthrough on this machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from engine.session import JUMP
from engine.views import SceneView, Step

from ..widgets.scene_text import SceneText

if TYPE_CHECKING:
    from ..app import CommunardApp


def path_table(steps: Sequence[Step], titles: Mapping[str, str]) -> Table:
    """Each step's choice beside what happened in history, where the author gives it."""
    table = Table(expand=True, box=None, show_edge=False, padding=(0, 1, 1, 0))
    table.add_column("", width=3, justify="right", no_wrap=True)
    table.add_column("You chose", ratio=1)
    with_history = any(step.history for step in steps)
    if with_history:
        table.add_column("What happened in history", ratio=1, style="italic")
    for number, step in enumerate(steps, 1):
        if step.choice_id == JUMP:
            chose = Text(f"(jumped to {titles.get(step.target, step.target)})", style="dim")
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
            table.add_row("▶", Text(f"{title}  (this one)", style="bold"))
        elif ending_id in found:
            table.add_row("✓", Text(title))
        else:
            table.add_row("·", Text("not found yet", style="dim italic"))
    return table


class EndingScreen(Screen[str | None]):
    """Shown over the play screen when the session reaches an ending."""

    CSS_PATH = "ending.tcss"
    BINDINGS = [
        Binding("n", "new_game", "New game"),
        Binding("u", "undo", "Undo last choice"),
        Binding("t", "timeline", "Timeline"),
        Binding("h", "history", "History"),
        Binding("escape", "title", "Title menu"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, view: SceneView, steps: Sequence[Step], found: Sequence[str],
                 endings: Mapping[str, str], titles: Mapping[str, str] | None = None) -> None:
        super().__init__()
        assert view.ending is not None
        self.view = view
        self.steps = tuple(steps)
        self.found = set(found) | {view.ending.id}
        self.endings = dict(endings)
        self.titles = dict(titles or {})

    @property
    def game(self) -> CommunardApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        view = self.view
        ending = view.ending
        assert ending is not None
        with VerticalScroll(id="ending-page"), Vertical(id="ending-column"):
            yield Label(f"THE END · {view.chapter_title}", id="overline")
            yield Static(ending.title, id="ending-title")
            yield SceneText(view.text, classes="scene-text")
            yield Label("EPILOGUE", classes="section")
            yield SceneText(ending.epilogue, id="epilogue")
            if view.questions:
                yield Label("FOR DISCUSSION", classes="section")
                for question in view.questions:
                    yield Label(f"• {question}", classes="question")
            yield Label(f"YOUR PATH: {len(self.steps)} CHOICES", classes="section")
            yield Static(path_table(self.steps, self.titles), id="path")
            count = len(self.found & set(self.endings))
            yield Label(f"ENDINGS FOUND: {count} OF {len(self.endings)}", classes="section")
            yield Static(endings_table(sorted(self.found), self.endings, ending.id),
                         id="endings")
            with Horizontal(id="buttons"):
                yield Button("New game", id="new", variant="primary")
                yield Button("Undo last choice", id="undo")
                yield Button("Title menu", id="title")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Start at the top (the ending's title), with the arrows scrolling the page."""
        self.query_one("#ending-page", VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"new": self.action_new_game, "undo": self.action_undo,
         "title": self.action_title}[event.button.id or "title"]()

    def action_new_game(self) -> None:
        self.game.new_game()

    def action_undo(self) -> None:
        self.dismiss("undo")

    def action_title(self) -> None:
        self.game.show_title()

    def action_timeline(self) -> None:
        from .timeline import TimelineScreen, timeline_rows

        self.app.push_screen(TimelineScreen(timeline_rows(self.game.session)))

    def action_history(self) -> None:
        from .history import HistoryScreen, replay

        self.app.push_screen(HistoryScreen(replay(self.game.session)))

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [("New game", "Start again from the beginning", self.action_new_game),
                ("Undo", "Go back before the last choice", self.action_undo),
                ("Timeline", "The story's dates and your path", self.action_timeline),
                ("History", "Read this playthrough again", self.action_history),
                ("Title menu", "Back to the title screen", self.action_title)]
