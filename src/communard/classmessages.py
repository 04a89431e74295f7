"""What the class vote's screens and its server ask of the app (messages up).

The teacher's keys (close the vote, let a student in) are posted by the vote
screen; the server's news (the tally, who joined, a teacher's control used over
HTTP, a write that failed) arrives from the server's thread, where `post_message`
is the one safe way into the app. The app owns the Session and decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from .web.classserver import ClassSnapshot, TeacherAsk


class CloseVote(Message, namespace="class"):
    """Close the vote on this scene: the majority is taken (a tie: the teacher picks)."""


class Admit(Message, namespace="class"):
    """Let the first waiting student in (or refuse the name); `everyone`: all who wait."""

    def __init__(self, allow: bool, everyone: bool = False) -> None:
        super().__init__()
        self.allow = allow
        self.everyone = everyone


class ClassChanged(Message, namespace="class"):
    """From the server: who is in, who waits, the tally of the open vote."""

    def __init__(self, snapshot: ClassSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


class TeacherAsked(Message, namespace="class"):
    """From the server: the teacher's token was used to close, choose or undo."""

    def __init__(self, ask: TeacherAsk) -> None:
        super().__init__()
        self.ask = ask


class ClassProblem(Message, namespace="class"):
    """From the server: something the teacher must know (a write to the database failed)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ClassSummary(Message, namespace="class"):
    """How the class chose at its key choices, for the ending screen."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines
