"""Start-up: the title screen first, the story loaded behind it, its errors on exit."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from textual.widgets import Label, OptionList, Static
from tui_helpers import settle

from communard.app import create_app
from communard.commands.play import run_game
from communard.screens.play import PlayScreen
from communard.screens.title import QUEUED, TitleScreen
from communard.storyhead import StoryHead, read_head
from engine import Problem, Story, check_story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = FIXTURES / "mini"
BROKEN = next((FIXTURES / "broken").glob("E101-*"))


class SlowLoader:
    """check_story that waits for the test to let it go, as a slow disk would."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, path: Path) -> tuple[Story | None, Sequence[Problem]]:
        self.started.set()
        assert self.release.wait(10), "the test never released the loader"
        return check_story(path)


@pytest.fixture
def slow() -> Iterator[SlowLoader]:
    loader = SlowLoader()
    yield loader
    loader.release.set()  # never leave a worker thread waiting after a failed test


def test_modules_before_the_first_screen_do_not_import_the_engine() -> None:
    code = ("import sys, communard.app, communard.commands.play, communard.storyhead; "
            "bad = [m for m in ('engine', 'pydantic') if m in sys.modules]; "
            "sys.exit(f'imported at start-up: {bad}' if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_story_head_is_read_without_the_engine_and_never_raises(tmp_path: Path) -> None:
    story = check_story(MINI)[0]
    assert story is not None
    assert read_head(MINI) == StoryHead.of(story)
    assert read_head(MINI / "story.yaml") == StoryHead.of(story)
    assert read_head(tmp_path / "nowhere") == StoryHead("nowhere")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "story.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert read_head(bad) == StoryHead("bad")
    (bad / "story.yaml").write_text("- just a list\n", encoding="utf-8")
    assert read_head(bad) == StoryHead("bad")


async def test_title_appears_before_the_story_has_loaded(data_dir: Path,
                                                        slow: SlowLoader) -> None:
    app = create_app(MINI, loader=slow)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert not app.loaded
        assert str(app.screen.query_one("#story-title", Static).content) == read_head(MINI).title
        assert app.screen.query("#loading")
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.get_option("continue").disabled
        slow.release.set()
        await settle(pilot)
        assert app.loaded
        assert not app.screen.query("#loading")
        assert "no game yet" in str(menu.get_option("continue").prompt)


@pytest.mark.parametrize("key", ["n", "enter"])
async def test_new_game_pressed_while_loading_starts_once_loaded(data_dir: Path,
                                                                 slow: SlowLoader,
                                                                 key: str) -> None:
    app = create_app(MINI, loader=slow)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)   # still loading: nothing to play yet
        assert str(app.screen.query_one("#loading", Label).content) == QUEUED
        slow.release.set()
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.session.scene_id == app.story.start
        assert app.store.exists("autosave")


async def test_broken_story_exits_1_with_its_problems(data_dir: Path) -> None:
    app = create_app(BROKEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    story, problems = check_story(BROKEN)
    assert story is None and problems
    assert app.failure is not None
    for problem in problems:
        assert problem.format(Path.cwd()) in app.failure
    errors = sum(p.severity == "error" for p in problems)
    assert f"communard: the story has {errors} error(s)" in app.failure


def test_play_prints_the_problems_of_a_broken_story(data_dir: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run_game(BROKEN, headless=True, size=(80, 24)) == 1
    err = capsys.readouterr().err
    _, problems = check_story(BROKEN)
    assert err.splitlines()[:len(problems)] == [p.format(Path.cwd()) for p in problems]
    assert "error(s); run `communard check" in err
    assert "Traceback" not in err


def test_play_of_an_unreadable_path_exits_2(data_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run_game(tmp_path / "nowhere", headless=True, size=(80, 24)) == 2
    err = capsys.readouterr().err
    assert err.startswith("communard: ") and "no story here" in err
    assert "Traceback" not in err
