"""What the game's screens ask of the app: messages up, data down.

A screen never changes the playthrough itself. It posts one of these, the
message bubbles up to the app, the app (which owns the Session, the saves and
the settings) acts, and hands the screens plain data to show (`PlayPage`,
views, rows). Handlers are named `on_game_<message>` in the app.

Kept free of the engine, so the title screen can import it before the story
has loaded.
"""

from __future__ import annotations

from typing import Literal

from textual.message import Message

Panel = Literal["notes", "codex", "timeline", "history", "save", "load", "jump", "credits"]
"""The panels a screen can ask for; the app builds each from the game's state."""


class Choose(Message, namespace="game"):
    """Take this choice (one the screen showed as available)."""

    def __init__(self, choice_id: str) -> None:
        super().__init__()
        self.choice_id = choice_id


class Undo(Message, namespace="game"):
    """Take back the last move."""


class Jump(Message, namespace="game"):
    """Teacher mode: go straight to this scene."""

    def __init__(self, scene_id: str) -> None:
        super().__init__()
        self.scene_id = scene_id


class NewGame(Message, namespace="game"):
    """Start from the beginning (the app asks first when a game would be replaced)."""


class ContinueGame(Message, namespace="game"):
    """Go on from the autosave."""


class LoadGame(Message, namespace="game"):
    """Load this save slot."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class SaveGame(Message, namespace="game"):
    """Save the playthrough into this slot."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ExportTranscript(Message, namespace="game"):
    """Write the playthrough's transcript for the player to keep or hand in."""


class ShowTitle(Message, namespace="game"):
    """Back to the title menu (the game is autosaved)."""


class OpenPanel(Message, namespace="game"):
    """Open one of the panels (notes, codex, timeline...) over the current screen."""

    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel: Panel = panel
