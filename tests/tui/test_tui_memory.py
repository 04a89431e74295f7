"""A long game does not grow: 500 choices headless, and memory levels off.

The game leaked about 32 KB per choice: Textual's StylesCache.get_inner_outer
(an lru_cache on an instance method) kept the StylesCache of every widget it
had drawn, with all the lines (Strips) the widget rendered, long after the
widget was removed. The play screen mounts new labels for the discussion
questions each time a scene leaves its chapter, as the street does here (back
to the oven, or on to the evening): each of its visits left seven labels of
wrapped text behind. See communard/widgets/unpin.py.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from storykit import MINI, copy_story
from tui_helpers import press, settle

from engine import load_story

QUESTION = ("Why did the bakers of Paris want night work abolished, and who in the "
            "Commune argued against it, and on what grounds? ") * 3


async def test_memory_levels_off_over_500_choices(make_app, tmp_path: Path) -> None:
    questions = "".join(f"\n    - {QUESTION}{n}" for n in range(6))
    story = load_story(copy_story(tmp_path / "s", base=MINI, edits={"chapters/morning.yaml": [
        ("  questions:\n    - Why did the bakers want night work abolished?",
         "  questions:" + questions)]}))
    app = make_app(story)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "n")
        tracemalloc.start()
        try:
            growth = []
            for done in range(1, 501):
                await pilot.press("1")  # the oven's knead, then the street's way back
                await settle(pilot)
                if done in (100, 500):
                    gc.collect()
                    growth.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
        assert app.session.scene_id == "morning.oven"
        assert len(app.session.history) == 500
    assert growth[1] - growth[0] < 2 * 2**20, f"{(growth[1] - growth[0]) / 2**20:.1f} MB"
