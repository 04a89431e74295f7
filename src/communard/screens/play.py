"""The play screen: where the story is read and the choices are taken.

It shows the Session's current SceneView (header, text, choices) and turns
keys into Session calls. After every move it tells the app (`Moved`), which
autosaves and remembers endings; everything else it opens is an overlay that
is handed plain data and closes back here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Label

from engine.session import Session, codex_view
from engine.views import CodexView, SceneView

from ..conditionwords import describe_condition
from ..widgets.choices import ChoiceList, ChoiceRow
from ..widgets.scene_header import SceneHeader
from ..widgets.scene_text import SceneText

if TYPE_CHECKING:
    from ..app import CommunardApp


def choice_rows(session: Session, view: SceneView, teacher: bool) -> list[ChoiceRow]:
    """The rows to show: the view's choices, or in teacher mode every choice of the scene."""
    if not teacher:
        return [ChoiceRow(n, c.id, c.text, c.enabled, c.locked_reason)
                for n, c in enumerate(view.choices, 1)]
    shown = {c.id: c for c in view.choices}
    rows = []
    for n, choice in enumerate(session.scene.choices, 1):
        condition = describe_condition(choice.condition.source) if choice.condition else None
        seen = shown.get(choice.id)
        if seen is not None:
            rows.append(ChoiceRow(n, seen.id, seen.text, seen.enabled, seen.locked_reason,
                                  condition))
            continue
        if choice.once and choice.condition is None:
            why = "once only, already taken"
        elif choice.once:
            why = "already taken, or its condition is false"
        else:
            why = "its condition is false"
        rows.append(ChoiceRow(n, choice.id, choice.text.source, False, why, condition,
                              hidden=True))
    return rows


def codex_met(session: Session) -> list[CodexView]:
    """Codex entries met so far: those of every scene passed, then the current one's."""
    story = session.story
    seen: dict[str, CodexView] = {}
    for step in session.history:
        for entry_id in story.scenes[step.scene_id].codex_ids:
            if entry_id not in seen:
                seen[entry_id] = codex_view(story, entry_id)
    for entry in session.view().codex:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


class PlayScreen(Screen[None]):
    """The scene being read, and its choices."""

    CSS_PATH = "play.tcss"
    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-9",
                tooltip="take that choice (a locked one says why it is locked)"),
        *(Binding(str(n), f"choose({n})", "Choose", show=False) for n in range(2, 10)),
        Binding("n", "notes", "Notes", tooltip="historical notes of this scene, with sources"),
        Binding("c", "codex", "Codex", tooltip="people, places and terms met so far"),
        Binding("t", "timeline", "Timeline", tooltip="the story's dates and where you stand"),
        Binding("h", "history", "History", tooltip="scroll back through this playthrough"),
        Binding("u", "undo", "Undo", tooltip="take back the last choice"),
        Binding("s", "save", "Save", tooltip="save into a named slot"),
        Binding("l", "load", "Load", show=False, tooltip="load a saved game"),
        Binding("x", "export", "Export transcript", show=False,
                tooltip="write this playthrough as Markdown in your data folder"),
        Binding("j", "jump", "Jump", tooltip="teacher mode: go to any chapter or scene"),
        Binding("escape", "menu", "Menu", show=False,
                tooltip="back to the title menu (the game is autosaved)"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="quit (the game is autosaved)"),
        Binding("pageup", "scroll_text(-1)", "Scroll text up", show=False, priority=True),
        Binding("pagedown", "scroll_text(1)", "Scroll text down", show=False, priority=True),
    ]

    class Moved(Message):
        """The session moved (a choice, an undo or a jump): time to autosave."""

    def __init__(self, teacher: bool = False, republican: bool = False) -> None:
        super().__init__()
        self.teacher = teacher
        self.republican = republican
        self._shown: SceneView | None = None
        self._could_undo: bool | None = None

    @property
    def game(self) -> CommunardApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        return self.game.session

    def compose(self) -> ComposeResult:
        yield SceneHeader(republican=self.republican, id="header")
        with VerticalScroll(id="page"), Vertical(id="column"):
            yield SceneText(id="text")
            yield Vertical(id="questions")
            yield Label("", id="hints")
        with Center(id="choices-row"):
            yield ChoiceList(id="choices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(ChoiceList).focus()

    def on_screen_resume(self) -> None:
        """Shown first, and again after every overlay, load or new game (cheap if unchanged)."""
        self.show_scene()

    # -- showing -----------------------------------------------------------------
    def show_scene(self) -> None:
        """Show the session's current scene (cheap when it is already shown)."""
        view = self.session.view()
        if view is not self._shown:
            self._shown = view
            self.query_one(SceneHeader).show(view)
            self.query_one("#text", SceneText).show(view.text)
            self._show_questions(view)
            self._show_hints(view)
            self.query_one(ChoiceList).show(choice_rows(self.session, view, self.teacher))
            self.query_one("#page", VerticalScroll).scroll_home(animate=False)
            if self.session.can_undo != self._could_undo:  # the footer is rebuilt on refresh:
                self._could_undo = self.session.can_undo   # only when Undo's state changes
                self.refresh_bindings()
        if view.ending is not None and self.is_current and not self._ending_open():
            self._open_ending()

    def _ending_open(self) -> bool:
        from .ending import EndingScreen

        return any(isinstance(screen, EndingScreen) for screen in self.app.screen_stack)

    def _show_questions(self, view: SceneView) -> None:
        box = self.query_one("#questions", Vertical)
        box.remove_children()
        box.display = bool(view.questions) and view.ending is None
        if box.display:
            box.mount(Label("FOR DISCUSSION", classes="section"),
                      *(Label(f"• {q}", classes="question") for q in view.questions))

    def _show_hints(self, view: SceneView) -> None:
        hints = []
        if view.notes:
            count = len(view.notes)
            hints.append(f"{count} historical note{'s' if count > 1 else ''}: press n")
        if view.codex:
            hints.append("in the codex: " + ", ".join(c.name for c in view.codex) + " (c)")
        label = self.query_one("#hints", Label)
        label.update("   ·   ".join(hints))
        label.display = bool(hints)

    def _open_ending(self) -> None:
        from .ending import EndingScreen

        game = self.game
        story = game.story
        all_endings = {e: s.ending.title for e, s in story.endings.items() if s.ending}
        titles = {scene_id: scene.title for scene_id, scene in story.scenes.items()}

        def closed(result: str | None) -> None:
            if result == "undo":
                self.action_undo()

        self.app.push_screen(EndingScreen(self.session.view(), self.session.history,
                                          list(game.endings.found), all_endings, titles),
                             closed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump":
            return self.teacher
        if action == "undo":
            return self.session.can_undo or None
        return True

    # -- acting ------------------------------------------------------------------
    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        self.take(event.choice_id)

    def take(self, choice_id: str) -> None:
        if choice_id not in {c.id for c in self.session.view().available}:
            return
        self.session.choose(choice_id)
        self.post_message(self.Moved())
        self.show_scene()

    def action_choose(self, number: int) -> None:
        row = self.query_one(ChoiceList).row(number)
        if row is None:
            return
        if not row.enabled:
            self.notify(row.reason or "This choice is not available now.",
                        title=f"Choice {number} is locked", severity="warning")
            return
        self.take(row.choice_id)

    def action_undo(self) -> None:
        if self.session.can_undo:
            self.session.undo()
            self.post_message(self.Moved())
            self.show_scene()

    def action_scroll_text(self, direction: int) -> None:
        page = self.query_one("#page", VerticalScroll)
        if direction < 0:
            page.scroll_page_up()
        else:
            page.scroll_page_down()

    def action_menu(self) -> None:
        self.game.show_title()

    def action_notes(self) -> None:
        from .notes import NotesScreen

        self.app.push_screen(NotesScreen(self.session.view()))

    def action_codex(self) -> None:
        from .codex import CodexScreen

        self.app.push_screen(CodexScreen(codex_met(self.session), self.session.view().codex))

    def action_timeline(self) -> None:
        from .timeline import TimelineScreen, timeline_rows

        self.app.push_screen(TimelineScreen(timeline_rows(self.session)))

    def action_history(self) -> None:
        from .history import HistoryScreen, replay

        self.app.push_screen(HistoryScreen(replay(self.session)))

    def action_save(self) -> None:
        from .saves import SavesScreen

        def chosen(name: str | None) -> None:
            if name:
                self.game.save_game(name)

        self.app.push_screen(SavesScreen(mode="save"), chosen)

    def action_load(self) -> None:
        from .saves import SavesScreen

        def chosen(name: str | None) -> None:
            if name:
                self.game.load_game(name)

        self.app.push_screen(SavesScreen(mode="load"), chosen)

    def action_export(self) -> None:
        self.game.export_transcript()

    def action_jump(self) -> None:
        if not self.teacher:
            return
        from .jump import JumpScreen

        def chosen(scene_id: str | None) -> None:
            if scene_id:
                self.session.jump(scene_id)
                self.post_message(self.Moved())
                self.show_scene()

        self.app.push_screen(JumpScreen(self.game.story, self.session.scene_id), chosen)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """What the command palette offers here: the same actions as the keys."""
        commands = [
            ("Notes", "The historical notes of this scene, with sources", self.action_notes),
            ("Codex", "People, places and terms met so far", self.action_codex),
            ("Timeline", "The story's dates and where you stand", self.action_timeline),
            ("History", "Scroll back through this playthrough", self.action_history),
            ("Undo", "Take back the last choice", self.action_undo),
            ("Save", "Save into a named slot", self.action_save),
            ("Load", "Load a saved game", self.action_load),
            ("Export transcript", "Write this playthrough as Markdown",
             self.action_export),
            ("Title menu", "Back to the title screen (the game is autosaved)",
             self.action_menu),
        ]
        if self.teacher:
            commands.append(("Jump to a scene", "Teacher mode: go to any chapter or scene",
                             self.action_jump))
        return commands
