"""Redraw docs/screenshot.svg: the bundled story, ten keys in, at 100x32.

Run from the repository root: python docs/screenshot.py
"""

import asyncio
import os
import tempfile

os.environ["COMMUNARD_DATA_DIR"] = tempfile.mkdtemp()  # never touch real saves
from communard.app import create_app
from engine import load_story


async def main():
    story = load_story("story/commune-1871")
    app = create_app(story)
    async with app.run_test(size=(100, 32)) as pilot:
        for key in ["n", "1", "1", "1", "1", "1", "1", "1", "1", "1"]:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot("docs/screenshot.svg")
asyncio.run(main())
