"""Browser tests: a real `communard serve` and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium
(installed by .ci/run). Without it, or without Playwright, these tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import CHROMIUM, CHROMIUM_FLAGS, Served

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One Chromium per test module: Playwright's sync API holds an event loop while it
    runs, and the Pilot tests that follow need asyncio.run, so it must not outlive it."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium: Any) -> Iterator[Any]:
    """Make browser contexts (separate cookies: separate browsers), closed after the test."""
    made: list[Any] = []

    def make(width: int = 1280, height: int = 800, **options: Any) -> Any:
        context = chromium.new_context(viewport={"width": width, "height": height},
                                       accept_downloads=True, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    """Start `communard serve` with options; every server is stopped with Ctrl+C after."""
    started: list[Served] = []

    def start(*args: str, **options: Any) -> Served:
        server = Served(tmp_path / f"served-{len(started)}", *args, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
