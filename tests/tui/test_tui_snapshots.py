"""Snapshots of the main screens on the mini story, at 100x30 and at 80x24.

Nothing on these screens reads the clock, and every test has an empty data
folder, so the pictures are stable. Regenerate with `--snapshot-update` and
look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from tui_helpers import press, settle

SIZES = [(100, 30), (80, 24)]

SCREENS = {
    "title": (),
    "play": ("n",),
    "play_counterfactual": ("n", "1", "2"),
    "notes": ("n", "n"),
    "timeline": ("n", "2", "2", "t"),
    "ending": ("n", "2", "2", "1"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_snapshot(snap_compare, make_app, name, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, *SCREENS[name])
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
