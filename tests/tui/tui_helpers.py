"""Small helpers for driving the app with a Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from communard.app import CommunardApp

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and the next paint finish."""
    app: CommunardApp = pilot.app  # type: ignore[assignment]
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys as a player would: each after the screen has settled from the last.

    Settling first too matters on a busy machine: the title screen finds the
    autosave in a worker, and a player sees Continue only once it has.
    """
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
