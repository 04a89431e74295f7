"""The panels a screen can ask the app for, each built from the game's state.

A screen posts `OpenPanel("codex")`; the app looks the panel up here and pushes
the screen it returns, handing it plain data (views, rows, slots). Panels that
answer (a save name, a slot to load, a scene to jump to) are dismissed with
that answer, and the app acts on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

from . import messages as ask

if TYPE_CHECKING:
    from .app import CommunardApp


@dataclass(frozen=True)
class Opened:
    """A panel to push, and what to do with its answer (None: it gives none)."""

    screen: Screen[Any]
    answered: Callable[[Any], None] | None = None


def _passed_on(app: CommunardApp, message: Callable[[str], Message]) -> Callable[[Any], None]:
    """A panel's answer handed to the app as a message (nothing when it was cancelled)."""
    def answered(value: str | None) -> None:
        if value:
            app.post_message(message(value))
    return answered


def notes(app: CommunardApp) -> Opened:
    from .screens.notes import NotesScreen

    return Opened(NotesScreen(app.session.view()))


def codex(app: CommunardApp) -> Opened:
    from .game import codex_met
    from .screens.codex import CodexScreen

    return Opened(CodexScreen(codex_met(app.session), app.session.view().codex))


def timeline(app: CommunardApp) -> Opened:
    from .game import timeline_rows
    from .screens.timeline import TimelineScreen

    return Opened(TimelineScreen(timeline_rows(app.session)))


def history(app: CommunardApp) -> Opened:
    from .screens.history import HistoryScreen, replay

    return Opened(HistoryScreen(replay(app.session)))


def save(app: CommunardApp) -> Opened:
    from .screens.saves import SavesScreen

    screen = SavesScreen(mode="save")
    app.read_slots(screen.show_slots)
    return Opened(screen, _passed_on(app, ask.SaveGame))


def load(app: CommunardApp) -> Opened:
    from .screens.saves import SavesScreen

    screen = SavesScreen(mode="load")
    app.read_slots(screen.show_slots)
    return Opened(screen, _passed_on(app, ask.LoadGame))


def jump(app: CommunardApp) -> Opened | None:
    if not app.teacher:
        return None
    from .screens.jump import JumpScreen

    return Opened(JumpScreen(app.story, app.session.scene_id), _passed_on(app, ask.Jump))


def credits(app: CommunardApp) -> Opened:
    from .screens.credits import CreditsScreen

    return Opened(CreditsScreen(app.story))


PANELS: dict[ask.Panel, Callable[[CommunardApp], Opened | None]] = {
    "notes": notes, "codex": codex, "timeline": timeline, "history": history,
    "save": save, "load": load, "jump": jump, "credits": credits,
}
