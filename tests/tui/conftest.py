"""Shared fixtures of the TUI tests: the mini story, a private data folder, the app."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

from communard.app import CommunardApp, create_app
from communard.paths import saves_dir
from engine import Story, load_story
from engine.saves import SaveStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = FIXTURES / "mini"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests here with asyncio.run: no async plugin is a dependency."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


@pytest.fixture(scope="session")
def mini() -> Story:
    return load_story(MINI)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own saves, settings and endings (COMMUNARD_DATA_DIR)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COMMUNARD_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_app(data_dir: Path, mini: Story) -> Callable[..., CommunardApp]:
    """Build the app exactly as `communard play` does, on the mini story by default."""
    def make(story: Story | None = None, **options) -> CommunardApp:
        story = story or mini
        return create_app(story, SaveStore(saves_dir(story.id), story), **options)
    return make
