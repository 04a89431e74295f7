"""The bundled Commune story, played from the title screen to an ending with keys only.

Skipped while the story does not pass `communard check` (it is being written).
"""

from __future__ import annotations

import pytest
from tui_helpers import press, settle

from communard.paths import default_story
from communard.screens.confirm import ConfirmScreen
from communard.screens.ending import EndingScreen
from communard.screens.notes import NotesScreen
from communard.screens.play import PlayScreen
from communard.widgets.choices import ChoiceList
from engine import check_story

MAX_CHOICES = 400


@pytest.fixture(scope="module")
def bundled():
    story, problems = check_story(default_story())
    if story is None:
        errors = [p for p in problems if p.severity == "error"]
        pytest.skip(f"the bundled story does not check yet ({len(errors)} error(s))")
    return story


async def test_bundled_story_title_to_ending_by_keys(make_app, bundled):
    app = make_app(bundled)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        for _ in range(MAX_CHOICES):
            if isinstance(app.screen, EndingScreen):
                break
            assert isinstance(app.screen, PlayScreen)
            rows = app.screen.query_one(ChoiceList).rows
            first = next(r for r in rows if r.enabled)
            if first.number <= 9:
                await press(pilot, str(first.number))
            else:  # more than nine choices: Home, arrows and Enter
                downs = sum(r.enabled for r in rows[:rows.index(first)])
                await press(pilot, "home", *["down"] * downs, "enter")
        assert isinstance(app.screen, EndingScreen)
        assert app.session.is_ending
        await press(pilot, "t")                      # the timeline opens on an ending too
        await press(pilot, "escape", "n")            # n is notes, as everywhere
        assert isinstance(app.screen, NotesScreen)
        await press(pilot, "escape", "r")            # play again: asked first
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "right", "enter")         # "Start a new game"
        assert isinstance(app.screen, PlayScreen)
        assert not app.session.history
        await press(pilot, "enter")                  # the choices have the focus
        assert len(app.session.history) == 1
