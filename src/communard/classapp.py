"""The teacher's game in a class vote: the story on the projector, decided by the class.

The app owns the Session, as in every game; the class server (on its own thread)
owns the students and their votes. After each move the app tells the server
where the class stands (`arrive`, `back`, `restart`), and the server tells the
app, by message, who joined and how the votes stand. Closing the vote asks the
server for the majority; a tie is the teacher's to pick; a number key is the
teacher's own choice (an override). Undo takes the class back one decision and
opens that vote again.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from . import classmessages as klass
from . import messages as ask
from .app import CommunardApp
from .web.classvote import VoteScene, take

if TYPE_CHECKING:
    from engine import Session
    from engine.saves import SaveStore
    from engine.story import Story

    from .screens.vote import VoteScreen
    from .web.classserver import ClassServer, ClassSnapshot, TeacherAsk


class ClassVoteApp(CommunardApp):
    """The teacher's screen of a class vote."""

    DEFAULT_MODE = "class"

    def __init__(self, story: Story, store: SaveStore, server: ClassServer, *,
                 join_url: str, session: Session | None = None, resumed: bool = False,
                 on_ready: Callable[[], None] | None = None, **options: Any) -> None:
        super().__init__(story, store, **options)
        self.server = server
        self.join_url = join_url
        self.resumed = resumed
        self.on_ready = on_ready  # called (on the server's thread) once the class is open
        if session is not None:
            self.session = session
        self.snapshot: ClassSnapshot | None = None
        self.tied: tuple[str, ...] = ()  # the choices tied at the last close, if any
        self.add_mode("class", self._vote_screen)

    def _vote_screen(self) -> VoteScreen:
        from .game import play_page
        from .screens.vote import VoteScreen
        from .web.network import qr_text

        return VoteScreen(play_page(self.session, False), url=self.join_url,
                          code=self.server.info.code,
                          qr=Text.from_ansi(qr_text(self.join_url, colour=True)),
                          republican=self.story.calendar == "republican")

    def on_mount(self) -> None:
        super().on_mount()
        server = self.server
        server.on_change = self._class_changed
        server.on_teacher = self._teacher_asked
        opened = server.start_class(VoteScene.of(self.session.view()), self.resumed)
        self._sent(opened)
        if self.on_ready is not None:
            ready = self.on_ready
            opened.add_done_callback(lambda done: ready() if done.exception() is None else None)
        if self.session.view().ending is not None:
            self.show_play()
            self._ask_summary()

    def on_unmount(self) -> None:
        self.server.on_change = None
        self.server.on_teacher = None
        super().on_unmount()

    # -- the server's news (these two are called on the server's thread) ---------------
    def _class_changed(self, snapshot: ClassSnapshot) -> None:
        self.post_message(klass.ClassChanged(snapshot))

    def _teacher_asked(self, request: TeacherAsk) -> None:
        self.post_message(klass.TeacherAsked(request))

    def _sent(self, future: concurrent.futures.Future[Any]) -> None:
        """Tell the teacher if the server could not record a move (it says why)."""
        def done(finished: concurrent.futures.Future[Any]) -> None:
            error = finished.exception()
            if error is not None:
                self.post_message(klass.ClassProblem(f"The class server failed: {error}"))
        future.add_done_callback(done)

    def on_class_class_changed(self, message: klass.ClassChanged) -> None:
        from .screens.vote import VoteScreen

        self.snapshot = message.snapshot
        for screen in self.screen_stack:
            if isinstance(screen, VoteScreen):
                screen.show_class(message.snapshot)

    def on_class_class_problem(self, message: klass.ClassProblem) -> None:
        self.notify(message.text, title="The class vote", severity="error", timeout=15)

    def on_class_teacher_asked(self, message: klass.TeacherAsked) -> None:
        request = message.ask
        if request.action == "close":
            self.close_vote()
        elif request.action == "choose" and request.choice_id:
            self.on_game_choose(ask.Choose(request.choice_id))
        elif request.action == "undo":
            self.on_game_undo(ask.Undo())

    def on_class_class_summary(self, message: klass.ClassSummary) -> None:
        from .screens.ending import EndingScreen

        if isinstance(self.screen, EndingScreen):
            self.screen.show_class(message.lines)

    def _ask_summary(self) -> None:
        future = self.server.summary()
        future.add_done_callback(
            lambda done: self.post_message(klass.ClassSummary(done.result()))
            if done.exception() is None else None)

    # -- the teacher's keys --------------------------------------------------------------
    def on_class_close_vote(self, message: klass.CloseVote) -> None:
        self.close_vote()

    def close_vote(self) -> None:
        self.run_worker(self._close_vote(), exclusive=True, group="close-vote")

    async def _close_vote(self) -> None:
        from .screens.tiepick import TiePickScreen

        view = self.session.view()
        if view.ending is not None:
            self.notify("The class has reached an ending: there is no vote to close.")
            return
        closing = await asyncio.wrap_future(self.server.closing())
        if closing.winner is not None:
            self.decide(closing.winner, "majority")
        elif closing.tied:
            self.tied = closing.tied
            numbered = [(n, VoteScene.of(view).choices[n - 1])
                        for n, c in enumerate(view.choices, 1) if c.id in closing.tied]
            each = closing.votes // len(closing.tied)
            self.push_screen(TiePickScreen(numbered, each), self._tie_picked)
        else:
            self.notify("No votes yet. Wait for the class, or take a choice for them with "
                        "its number.", title="Nothing to count", severity="warning")

    def _tie_picked(self, choice_id: str | None) -> None:
        if choice_id is not None:
            self.decide(choice_id, "tie")

    def on_class_admit(self, message: klass.Admit) -> None:
        snapshot = self.snapshot
        if not snapshot or not snapshot.waiting:
            self.notify("No student is waiting to be let in.")
            return
        first = None if message.everyone else snapshot.waiting[0][0]
        self._sent(self.server.admit(first, message.allow))

    def on_game_choose(self, message: ask.Choose) -> None:
        """A number key (or a control over HTTP): the teacher's choice for the class."""
        how = "tie" if message.choice_id in self.tied else "override"
        self.decide(message.choice_id, how)

    def decide(self, choice_id: str, how: str) -> None:
        from engine import ChoiceUnavailable

        view = self.session.view()
        if choice_id not in {c.id for c in view.available}:
            self.notify("That choice cannot be taken here.", severity="warning")
            return
        try:
            scene, move = take(self.session, choice_id, how)
        except ChoiceUnavailable as exc:
            self.notify(str(exc), severity="warning")
            return
        self.tied = ()
        self._sent(self.server.arrive(scene, move))
        self.show_play()
        if scene.ending_title is not None:
            self._ask_summary()

    def on_game_undo(self, message: ask.Undo) -> None:
        if not self.session.can_undo:
            return
        self.tied = ()
        view = self.session.undo()
        self._sent(self.server.back(VoteScene.of(view)))
        self.show_play()

    def new_game(self) -> None:
        """Play again: a new playthrough for the class, from the start."""
        from engine import Session

        self.session = Session(self.story)
        self.tied = ()
        self._sent(self.server.restart(VoteScene.of(self.session.view())))
        self.show_play()

    def on_game_load_game(self, message: ask.LoadGame) -> None:
        self.notify("A class vote goes on from where the class is; load games in "
                    "`communard play`.", title="Not in a class vote", severity="warning")

    def on_game_show_title(self, message: ask.ShowTitle) -> None:
        self.notify("The class is playing: q quits (start the vote again with the same "
                    "--code to go on).", title="No title menu in a class vote")

    def show_play(self) -> None:
        super().show_play()
        if self.snapshot is not None:
            self.on_class_class_changed(klass.ClassChanged(self.snapshot))

    def autosave(self) -> None:
        """The class database is the class's record; nothing is written to the teacher's
        own autosave."""
