"""Redraw docs/serve-*.png: the bundled story served to Chromium, at 1280x800 and 390x844.

For each size: the served title screen ("Who is playing?"), then the play
screen a few choices in. Needs Debian's chromium and Playwright (the test
extras). Run from the repository root: python docs/screenshot_serve.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["COMMUNARD_DATA_DIR"] = tempfile.mkdtemp()  # never touch real saves or caches
os.environ["COMMUNARD_CACHE_DIR"] = tempfile.mkdtemp()

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from playwright.sync_api import sync_playwright  # noqa: E402
from serving import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    Served,
    enter_name,
    new_game,
    open_game,
    stable_screenshot,
    wait_painted,
)

STORY = Path("story/commune-1871")
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def main() -> None:
    server = Served(Path(tempfile.mkdtemp()), story=STORY)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_FLAGS)
            for label, (width, height) in SIZES.items():
                phone = label == "phone"
                context = browser.new_context(viewport={"width": width, "height": height},
                                              has_touch=phone, is_mobile=phone)
                page = open_game(context, server.url)
                wait_painted(page)
                page.keyboard.type("Louise", delay=60)
                time.sleep(0.5)
                Path(f"docs/serve-name-{label}.png").write_bytes(stable_screenshot(page))
                page.keyboard.press("Backspace")
                for _ in range(len("Louise") - 1):
                    page.keyboard.press("Backspace")
                name = "Louise" if not phone else "Nathalie"
                enter_name(page, server, name)
                new_game(page, server.player(name.lower()), "2", "1", "1",
                         story_id=STORY.name)
                time.sleep(1)
                Path(f"docs/serve-play-{label}.png").write_bytes(stable_screenshot(page))
                context.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
