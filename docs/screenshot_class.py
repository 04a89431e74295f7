"""Redraw docs/class-vote-phone.png: the class vote's page for students on a phone (390x844).

A class vote on the bundled story (the real server on 127.0.0.1, the teacher
played by test code), a student who has joined, before and after voting. Needs
Debian's chromium and Playwright (the test extras). Run from the repository
root: python docs/screenshot_class.py
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ["COMMUNARD_DATA_DIR"] = tempfile.mkdtemp()  # never touch real saves or caches
os.environ["COMMUNARD_CACHE_DIR"] = tempfile.mkdtemp()

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
from classkit import Classroom, Student  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from serving import CHROMIUM, CHROMIUM_FLAGS, wait_for  # noqa: E402

STORY = HERE.parent / "story" / "commune-1871"


def main() -> None:
    room = Classroom(Path(tempfile.mkdtemp()) / "classes.sqlite", code="4B", story=STORY)
    try:
        room.decide("2")  # the bookbinder: a scene with a choice to argue about
        others = [Student(room.url) for _ in range(5)]
        for phone in others:
            phone.join()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_FLAGS)
            context = browser.new_context(viewport={"width": 390, "height": 844},
                                          device_scale_factor=1, is_mobile=True,
                                          has_touch=True)
            page = context.new_page()
            page.goto(room.url)
            page.get_by_role("button", name="Join the class").click()
            wait_for("the scene", lambda: page.locator("form.vote").count() > 0)
            page.screenshot(path=str(HERE / "class-vote-phone.png"), full_page=True)
            browser.close()
        print("wrote docs/class-vote-phone.png")
    finally:
        room.stop()


if __name__ == "__main__":
    main()
