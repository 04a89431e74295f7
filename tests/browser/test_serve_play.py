"""A class in Chromium: names, own games, choices, notes, a transcript download, reloads."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from serving import (
    autosave,
    highlight,
    highlighted,
    join,
    keys,
    new_game,
    open_game,
    stable_screenshot,
    steps,
    wait_for,
    wait_painted,
)


def test_a_player_names_themselves_plays_and_downloads_the_transcript(serve, new_context):
    server = serve()
    context = new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page, marie = join(context, server, "Marie")
    new_game(page, marie, "2", "2")  # Talk about the decree, Go to the meeting
    assert autosave(marie)["scene"] == "evening.meeting"

    playing = stable_screenshot(page)
    keys(page, "n")  # the scene's notes open over the play screen...
    wait_for("the notes", lambda: stable_screenshot(page) != playing)
    keys(page, "Escape")  # ...and close back to it, exactly as it was
    wait_for("the play screen again", lambda: stable_screenshot(page) == playing)

    with page.expect_download(timeout=30_000) as download_info:
        keys(page, "x")
    download = download_info.value
    assert download.suggested_filename.startswith("mini-")
    assert download.suggested_filename.endswith(".html")
    transcript = download.path().read_text(encoding="utf-8")
    for title in ("The Oven", "The Street", "The Meeting", "Talk about the decree"):
        assert title in transcript
    assert not (marie / "transcripts").exists()  # nothing was written on the server

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server.url))
    outside = [url for url in requests if not url.startswith((origin, "ws://", "data:"))]
    assert outside == []  # no font service, nothing from the internet
    assert any(url.endswith("RobotoMono-VariableFont_wght.ttf") for url in requests)
    assert page.evaluate("document.fonts.check(\"16px 'Roboto Mono'\")")


def test_each_browser_has_its_own_game_and_a_reload_continues_it(serve, new_context):
    server = serve()
    page, marie = join(new_context(), server, "Marie")
    new_game(page, marie, "2")
    marie_save = (marie / "saves" / "mini" / "autosave.json").read_bytes()

    other, louise = join(new_context(), server, "Louise")  # another browser: other cookies
    time.sleep(3)  # the story loads behind the title; then the menu knows about Continue
    new_game_row = highlighted(other)[1]  # the menu's highlight stays on New game...
    keys(other, "c")  # ...and Continue does nothing: there is no game for Louise...
    time.sleep(2)
    assert steps(louise) == -1  # ...so nothing was loaded, and Marie's game is untouched
    assert (marie / "saves" / "mini" / "autosave.json").read_bytes() == marie_save
    assert sorted(p.name for p in server.root.joinpath("players").iterdir()) == [
        "louise", "marie"]

    # Marie reloads her page: the browser remembers her, Continue takes her back.
    page.reload()
    page.wait_for_selector("body.-first-byte", timeout=60_000)
    server.wait_line(r"Marie left")
    wait_painted(page)
    before = (marie / "saves" / "mini" / "autosave.json").stat().st_mtime_ns
    keys(page, "Enter")  # "Continue as Marie" has the focus
    wait_for("Marie back", lambda: len([x for x in server.lines if "Marie is playing" in x]) == 2)
    # Marie's menu has her game: the highlight moves down to Continue.
    try:
        wait_for("Continue offered", lambda: (highlight(page) or (0, 0))[1] > new_game_row + 5)
    except AssertionError:
        page.screenshot(path=str(server.root / "no-continue.png"))
        raise
    keys(page, "c")
    wait_for("the game continued (autosaved again)", lambda: (
        marie / "saves" / "mini" / "autosave.json").stat().st_mtime_ns != before)
    assert steps(marie) == 1 and autosave(marie)["scene"] == "morning.street"
    keys(page, "2")  # the next choice goes on from where she was
    wait_for("Marie's next choice", lambda: steps(marie) == 2)
    assert autosave(marie)["scene"] == "evening.meeting"


def test_max_players_refuses_the_next_one_with_a_page(serve, new_context):
    server = serve("--max-players", "2")
    pages = []
    for _ in range(2):
        pages.append(open_game(new_context(), server.url))
    wait_for("two games", lambda: len(server.game_pids()) == 2)
    third = new_context().new_page()
    response = third.goto(server.url)
    assert response.status == 503
    assert "The class is full" in third.inner_text("h1")
    assert "2 players are playing" in third.inner_text("main")
    server.wait_line("refused a player: the class is full")
    pages[0].close()  # one leaves: the next one gets in
    wait_for("a free place", lambda: len(server.game_pids()) == 1)
    fourth = open_game(new_context(), server.url)
    assert fourth.evaluate("document.title") == "The Bakers' Night"


def test_the_teachers_guide_is_served(serve, new_context):
    server = serve()
    page = new_context().new_page()
    response = page.goto(server.url + "guide")
    assert response.status == 200
    assert "The Bakers' Night" in page.inner_text("h1")
    body = page.inner_text("body")
    assert "The Oven" in body and "Talk about the decree" in body
