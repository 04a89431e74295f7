"""Screens ask, the app acts: each screen, alone in a bare App, only posts messages.

A screen is given plain data and never touches a Session; these tests mount
the play, ending and title screens in an App that has no game at all and
record what they ask for. Then the real app: confirmations before a game is
thrown away, and keys that do nothing say so.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.message import Message
from tui_helpers import press, settle

from communard import messages as ask
from communard.game import ending_page, play_page
from communard.screens.confirm import ConfirmScreen
from communard.screens.ending import EndingScreen
from communard.screens.notes import NotesScreen
from communard.screens.play import PlayScreen
from communard.screens.title import TitleScreen
from communard.storyhead import StoryHead
from engine import Session, Story


class Recorder(App[None]):
    """An app with no game: it shows one screen and writes down what it is asked."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.asked: list[Message] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())

    def on_game_choose(self, m: ask.Choose) -> None: self.asked.append(m)
    def on_game_undo(self, m: ask.Undo) -> None: self.asked.append(m)
    def on_game_new_game(self, m: ask.NewGame) -> None: self.asked.append(m)
    def on_game_continue_game(self, m: ask.ContinueGame) -> None: self.asked.append(m)
    def on_game_export_transcript(self, m: ask.ExportTranscript) -> None: self.asked.append(m)
    def on_game_show_title(self, m: ask.ShowTitle) -> None: self.asked.append(m)
    def on_game_open_panel(self, m: ask.OpenPanel) -> None: self.asked.append(m)


def _said(app: App) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def _names(asked: list[Message]) -> list[str]:
    out = []
    for m in asked:
        name = type(m).__name__
        out.append(f"{name}({m.choice_id})" if isinstance(m, ask.Choose) else
                   f"{name}({m.panel})" if isinstance(m, ask.OpenPanel) else name)
    return out


async def test_play_screen_only_asks(mini: Story, data_dir: Path) -> None:
    session = Session(mini)
    app = Recorder(lambda: PlayScreen(play_page(session, teacher=False)))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "1", "u", "9", "3", "n", "c", "t", "h", "s", "l", "x", "escape")
        assert _names(app.asked) == [
            "Choose(knead)", "OpenPanel(notes)", "OpenPanel(codex)", "OpenPanel(timeline)",
            "OpenPanel(history)", "OpenPanel(save)", "OpenPanel(load)", "ExportTranscript",
            "ShowTitle"]
        said = _said(app)
        assert any(s.startswith("Nothing to undo:") for s in said)        # u on the first scene
        assert "There is no choice 9: Choose a number from 1 to 3." in said
        assert any(s.startswith("Choice 3 is locked:") for s in said)
    assert session.scene_id == "morning.oven" and not session.history   # never touched


async def test_ending_screen_has_the_panels_and_n_means_notes(mini: Story,
                                                               data_dir: Path) -> None:
    session = Session(mini)
    for choice in ("knead", "2", "2"):
        session.choose(choice)
    assert session.view().ending is not None
    app = Recorder(lambda: EndingScreen(ending_page(session, [])))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "c", "t", "h", "s", "l", "x", "u", "r", "escape")
        assert _names(app.asked) == [
            "OpenPanel(notes)", "OpenPanel(codex)", "OpenPanel(timeline)",
            "OpenPanel(history)", "OpenPanel(save)", "OpenPanel(load)", "ExportTranscript",
            "Undo", "NewGame", "ShowTitle"]


async def test_title_says_when_there_is_nothing_to_continue(data_dir: Path) -> None:
    app = Recorder(lambda: TitleScreen(StoryHead("A story"), loaded=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "c", "n")
        assert _names(app.asked) == ["NewGame"]
        assert any(s.startswith("Nothing to continue: There is no game to continue yet")
                   for s in _said(app))


async def test_new_game_on_the_title_asks_before_replacing_a_game(make_app, data_dir):
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "2", "2")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        assert isinstance(app.screen, ConfirmScreen)
        assert "“The Meeting”, 2 choices in" in app.screen.detail
        await press(pilot, "enter")                 # the focus is on "Keep my game"
        assert isinstance(app.screen, TitleScreen)
        await press(pilot, "c")
        assert app.session.scene_id == "evening.meeting"


async def test_new_game_is_not_asked_when_nothing_would_be_lost(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "escape", "n")      # a game with no choice yet
        assert isinstance(app.screen, PlayScreen)


async def test_a_finished_game_is_kept_until_another_is_started(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "2", "1")
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "n")                     # notes, not a new game
        assert isinstance(app.screen, NotesScreen)
        await press(pilot, "escape", "r")
        assert isinstance(app.screen, ConfirmScreen)
        assert "You finished a playthrough: “Silence”, 3 choices" in app.screen.detail
        await press(pilot, "escape")                # keep it
        assert isinstance(app.screen, EndingScreen)
        await press(pilot, "escape")                # to the title: Continue is the ending
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, EndingScreen)
        assert len(app.session.history) == 3
        await press(pilot, "r", "right", "enter")   # now really start again
        assert isinstance(app.screen, PlayScreen) and not app.session.history
        await press(pilot, "enter")                 # and Enter takes the first choice
        assert app.session.history[0].choice_id == "knead"


async def test_export_from_the_ending_screen(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n", "1", "2", "1", "x")
        files = list((data_dir / "transcripts").glob("mini-*.md"))
        assert len(files) == 1
        assert "Silence" in files[0].read_text(encoding="utf-8")
