"""Line mode as a screen-reader user hears it: real processes, piped and in a terminal.

Every feature of the game is here (notes, codex, timeline, undo, saves, the
autosave, the transcript), and what is printed reads aloud well: no Markdown
symbols, no rules of `=`, no brackets or raw timestamps, a prompt after every
answer in a terminal, and a question before a game is thrown away.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

import pytest
from storykit import MINI, communard_command, copy_story, run_communard

from communard.plaintext import plain_text


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, COMMUNARD_DATA_DIR=str(tmp_path / "data"), COLUMNS="80")


def play(lines: str, env: dict[str, str], story: Path = MINI) -> str:
    run = run_communard("play", "--plain", str(story), input=lines, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and "Traceback" not in run.stdout
    return run.stdout


@pytest.fixture
def emphatic(tmp_path: Path) -> Path:
    """mini, with emphasis over a line break, bold, a link and an escaped star."""
    return copy_story(tmp_path / "story", MINI, edits={"chapters/morning.yaml": [(
        "      The dough has been rising since midnight.\n",
        "      *The person you play is invented,\n      but the bakeries were real.* "
        "**Night work** was [abolished](https://example.org/decree) on 20 April; 2 \\* 3.\n")]})


def test_no_markdown_symbols_are_read_aloud(env, emphatic):
    out = play("q\n", env, emphatic)
    assert ("The person you play is invented, but the bakeries were real. Night work was "
            "abolished (https://example.org/decree) on 20 April; 2 * 3.") in " ".join(out.split())
    assert "*The" not in out and "**" not in out and "](" not in out


def test_scenes_begin_with_their_number_in_words_not_a_rule(env):
    out = play("2\nq\n", env)
    assert "=" not in out and "·" not in out and "[" not in out and "—" not in out
    assert out.startswith("\nScene 1. The Oven.\n"
                          "Before Dawn. 20 April 1871. Rue Mouffetard. Historical: this happened.")
    assert "\nScene 2. The Street.\n" in out


def test_codex_timeline_and_notes(env):
    out = play("c\nt\n1\n2\nt\nn\nq\n", env)
    assert "Codex: 1 entry met so far.\n\nPlaces:\n\nThe bakeries, in this scene.\n" in out
    assert "Timeline: 1 date, first to last.\n  20 April 1871: Your scenes: The Oven. " \
           "You are here." in out
    # The meeting, dated only "April 1871", was read after 20 April: it comes after it.
    assert "  20 April 1871: Your scenes: The Oven, The Street. You were there.\n" \
           "  April 1871: Your scenes: The Meeting. You are here.\n" in out
    assert "This scene has no historical notes." in out


def test_transcript_export_says_where_it_is(env, tmp_path):
    out = play("2\nx\nx html\nx pdf\nq\n", env)
    folder = tmp_path / "data" / "transcripts"
    names = sorted(p.suffix for p in folder.iterdir())
    assert names == [".html", ".md"]
    assert re.search(r"Transcript written, as a text file in Markdown\.\nIts name: "
                     r"mini-[\d-]+\.md\nIn the folder:\s" + re.escape(str(folder)) + "\n", out)
    assert "Transcript written, as a web page." in out
    assert "Type x for the transcript as text (Markdown), or x html for a web page." in out
    md = next(folder.glob("*.md")).read_text(encoding="utf-8")
    assert "Talk about the decree" in md


def test_saves_are_listed_in_words(env):
    out = play("2\ns first\nl\nq\n", env)
    assert re.search(r"  first: The Street, 20 April 1871, 1 choice, saved today at "
                     r"\d\d:\d\d\.\n", out)
    assert "T0" not in out and "+00:00" not in out and "no date" not in out


def test_autosave_and_continue_next_time(env):
    play("2\n2\nq\n", env)
    out = play("c\nq\n", env)
    assert out.startswith("You have a game in progress: The Meeting, 2 choices in, saved "
                          "today at ")
    assert "Continuing your game.\n\nScene 3. The Meeting." in out
    out = play("x\nn\nq\n", env)     # anything but c or n asks again; n starts afresh
    assert "Type c to continue your game, n to start a new one, or q to quit." in out
    assert "Scene 1. The Oven." in out
    assert not play("q\n", env).startswith("You have a game in progress")


def test_starting_again_asks_first(env):
    out = play("2\nr\nn\nr\ny\nq\n", env)
    assert " ".join(out.split()).count(
        "Start again from the beginning? Your game, 1 choice in, is replaced. To keep it, "
        "save it first with s. Type y for yes, or n to keep playing.") == 2
    assert "Kept: you are still at The Street." in out
    assert re.findall(r"^Scene \d+\. (.+)$", out, flags=re.M) == [
        "The Oven.", "The Street.", "The Oven."]


def test_every_line_fits_the_terminal_and_no_word_is_cut(env):
    env["COLUMNS"] = "60"
    out = play("2\nr\nn\n2\n1\nr\nh\nq\n", env)
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "Start again from the beginning? This playthrough, which\nended with " \
           "A Voice after 3 choices, is replaced. To keep it,\ntype x first to export" in out


def test_an_ending_shows_the_path_and_keeps_the_playthrough(env):
    out = play("2\n2\n1\nr\nx\nq\n", env)
    assert "The end: A Voice.\n\nYou spoke, Louise.\n\nYour path: 3 choices.\n" \
           "  1. Talk about the decree.\n  2. Go to the meeting.\n  3. Speak.\n" \
           "Endings found: 1 of 2." in out
    assert "To keep it, type x first to export its transcript." in " ".join(out.split())
    assert "Kept: you are still at You Spoke.\nTranscript written" in out  # x answered it


def test_a_terminal_gets_a_prompt_after_the_scene_and_after_each_answer(env):
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*communard_command(), "play", "--plain", str(MINI)],
                            stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while marker not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break
        assert marker in seen, seen.decode(errors="replace")

    try:
        read_until(b"h for help.\r\n> ")
        assert not seen.lstrip().startswith(b">")      # no prompt before the first scene
        os.write(leader, b"n\n")
        read_until(b"bakeries.\r\n")
        read_until(b"\r\n> ")
        os.write(leader, b"q\n")
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        os.close(leader)


def test_plain_text_is_linear_on_hostile_input():
    """The old regular expressions took 51 s on this; one pass takes well under a second."""
    start = time.perf_counter()
    for hostile in ("*a " * 33_334, "_a " * 33_334, "[a](" * 25_000, "**a*" * 25_000):
        assert "a" in plain_text(hostile)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(("markdown", "plain"), [
    ("*a*", "a"), ("**a**", "a"), ("***a***", "a"), ("_a_ b", "a b"), ("snake_case", "snake_case"),
    ("5 * 3 * 2", "5 * 3 * 2"), ("*a", "*a"), ("a *b **c** d* e", "a b c d e"),
    ("\\*a\\*", "*a*"), ("[t](https://x.org/a_b)", "t (https://x.org/a_b)"),
    ("*line one\nline two*", "line one\nline two"),
])
def test_plain_text(markdown: str, plain: str):
    assert plain_text(markdown) == plain
