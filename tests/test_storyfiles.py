"""Story files are untrusted: where they may be, how big, what characters, what YAML.

Each test here is a defect found by attacking the loader (issue 9): a story
that names /etc/passwd, an alias bomb, terminal escapes in a title, a number
of 5,000 hex digits, a 6 GB file, a raw control character reported at 1:1,
a 5 MB value echoed whole, a legal merge override taken for a duplicate key.
"""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

import pytest
from storykit import CHAPTER, copy_story, run_communard

from engine import check_story, load_story, yamlcache
from engine.storyfiles import MAX_FILE_BYTES


def problems_of(folder: Path) -> list:
    return check_story(folder)[1]


def codes(folder: Path) -> list[tuple[str, str, int, int]]:
    return [(p.code, p.file.name if p.file else "", p.line, p.column)
            for p in problems_of(folder)]


# -- 1. paths stay inside the story folder ---------------------------------------------

SECRET = "secret: the password is swordfish\n"


@pytest.mark.parametrize("how", ["parent", "absolute", "link", "linked folder"])
def test_a_listed_file_outside_the_folder_is_refused_unread(tmp_path: Path, how: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.yaml").write_text(SECRET)
    story = copy_story(tmp_path / "s")
    name = {"parent": "../outside/notes.yaml", "absolute": str(outside / "notes.yaml"),
            "link": "linked.yaml", "linked folder": "inner/notes.yaml"}[how]
    if how == "link":
        (story / "linked.yaml").symlink_to(outside / "notes.yaml")
    if how == "linked folder":
        (story / "inner").symlink_to(outside)
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text + f"notes: {name}\n")
    problems = problems_of(story)
    [problem] = [p for p in problems if p.code == "E002"]
    assert "outside the story folder" in problem.message
    assert (problem.file.name, problem.line) == ("story.yaml", text.count("\n") + 1)
    assert all("swordfish" not in p.format() for p in problems)


def test_a_link_that_stays_inside_is_fine(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    (story / "chapters" / "alias.yaml").symlink_to(story / CHAPTER)
    text = (story / "story.yaml").read_text().replace("chapters/hill.yaml",
                                                      "chapters/alias.yaml")
    (story / "story.yaml").write_text(text)
    assert load_story(story).scenes


def test_the_cli_never_prints_a_file_outside(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    (tmp_path / "secret.yaml").write_text(SECRET)
    (story / "story.yaml").write_text((story / "story.yaml").read_text()
                                      + "sources: ../secret.yaml\n")
    result = run_communard("check", str(story))
    assert result.returncode == 1 and "swordfish" not in result.stdout + result.stderr


# -- 2. alias bombs ------------------------------------------------------------------------

def bomb(levels: int, width: int = 9, pad_to: int = 0) -> str:
    lines = ["x-base: &l0 [a, b, c, d, e, f, g, h, i]"]
    for level in range(1, levels + 1):
        lines.append(f"x-l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    text = "\n".join(lines) + "\n"
    if len(text) < pad_to:
        text += "x-pad: |\n" + ("  " + "p" * 70 + "\n") * ((pad_to - len(text)) // 73 + 1)
    return text


@pytest.mark.parametrize("levels", [7, 8, 20])
def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          levels: int) -> None:
    """33 KB of 7 levels of 9 aliases took 9-22 s and 1.3 GB, and 8 levels never ended."""
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path / "cache"))
    chapter = (copy_story(tmp_path / "t") / CHAPTER).read_text()
    story = copy_story(tmp_path / "s", files={CHAPTER: chapter + bomb(levels, pad_to=33_000)})
    assert (story / CHAPTER).stat().st_size > yamlcache.MIN_BYTES  # the cache is in play
    start = time.perf_counter()
    for _ in range(2):  # the second run would read the cache
        found = [p for p in problems_of(story) if p.code == "E005"]
        assert len(found) == 1 and "aliases" in found[0].message
    assert time.perf_counter() - start < 10
    cache = tmp_path / "cache"
    assert not cache.exists() or sum(f.stat().st_size for f in cache.iterdir()) < 1_000_000


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [(
        "  title: The Hill\n", "  title: The Hill\n  questions: &q [a, *q]\n")]})
    [problem] = [p for p in problems_of(story) if p.code == "E005"]
    assert "contains it" in problem.message and problem.line == 4


def test_sharing_with_aliases_is_still_allowed(tmp_path: Path) -> None:
    """Anchors and aliases are YAML; only their blowing up is refused."""
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("    kind: historical\n", "    kind: &kind historical\n"),
        ("    kind: fictional\n    text: |", "    kind: *kind\n    text: |")]})
    assert load_story(story).scenes["hill.crowd"].kind == "historical"


def test_a_cache_entry_cannot_bring_a_bomb(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """marshal keeps shared parts shared: a tampered entry could hold a bomb in 10 KB."""
    monkeypatch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path))
    raw = b"x" * yamlcache.MIN_BYTES
    level: list = list("abcdefghi")
    for _ in range(7):
        level = [level] * 9
    entry = tmp_path / yamlcache._key(raw)
    entry.write_bytes(marshal.dumps(({"x": level}, [])))
    assert entry.stat().st_size < 10_000
    start = time.perf_counter()
    assert yamlcache.load(raw) is None  # too big once counted: parsed again instead
    assert time.perf_counter() - start < 5


# -- 3. control characters --------------------------------------------------------------

@pytest.mark.parametrize("escape", ["\\e]0;owned\\a", "\\e[2J", "\\x9b2J", "\\0", "\\r",
                                    "\\N", "\\u001b"])
def test_an_escaped_control_character_is_an_error_where_it_is(tmp_path: Path,
                                                              escape: str) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("    title: The Crowd\n", f'    title: "The {escape}Crowd"\n')]})
    problems = problems_of(story)
    [problem] = [p for p in problems if p.code == "E004"]
    assert (problem.file.name, problem.line, problem.column) == ("hill.yaml", 21, 12)
    assert "control character" in problem.message and "Remove the escape" in problem.message


def test_a_control_character_in_a_key_is_an_error(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("  title: The Hill\n", '  title: The Hill\n  "x\\e": 1\n')]})
    assert ("E004", "hill.yaml", 4, 3) in codes(story)


@pytest.mark.parametrize("char, name", [("\x01", "U+0001"), ("\x00", "U+0000 (NUL)"),
                                        ("\x1b", "U+001B (ESC)"), ("\x85", "U+0085 (NEL)"),
                                        ("\x7f", "U+007F (DEL)")])
def test_a_raw_control_character_is_reported_at_its_line_and_column(tmp_path: Path, char: str,
                                                                    name: str) -> None:
    """It was reported at 1:1 with the YAML parser's two-line message."""
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("    text: You close the shutters.", f"    text: You close{char} the shutters.")]})
    [problem] = [p for p in problems_of(story) if p.code == "E004"]
    assert (problem.line, problem.column) == (35, 20)
    assert name in problem.message and "\n" not in problem.message


def test_a_file_saved_as_utf_16_without_a_byte_order_mark(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    text = (story / CHAPTER).read_text()
    (story / CHAPTER).write_bytes(text.encode("utf-16-le"))
    [problem] = [p for p in problems_of(story) if p.code == "E004"]
    assert "UTF-16" in problem.message


def test_carriage_returns_and_tabs_are_text(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    text = (story / CHAPTER).read_text().replace("You close the", "You close\tthe")
    (story / CHAPTER).write_bytes(text.replace("\n", "\r\n").encode())
    assert load_story(story).scenes["hill.home"].text.source == "You close\tthe shutters."


def test_what_is_printed_from_a_file_is_made_visible(tmp_path: Path) -> None:
    """A file's name, or a parser message quoting it, never reaches the terminal raw."""
    story = copy_story(tmp_path / "s")
    text = (story / "story.yaml").read_text()
    (story / "story.yaml").write_text(text + 'notes: "x\\e]0;owned\\a.yaml"\n')
    result = run_communard("check", str(story))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "\\x1b" in result.stdout


# -- 5. numbers -------------------------------------------------------------------------------

NUMBERS = {"hex": "0x" + "f" * 5000, "octal": "0" + "7" * 5000, "sexagesimal": "1" + ":59" * 3000,
           "decimal": "9" * 5000, "binary": "0b" + "1" * 60, "negative": "-0x" + "f" * 20,
           "one too many": "1_000_000_000_000_001"}


@pytest.mark.parametrize("number", list(NUMBERS.values()), ids=list(NUMBERS))
def test_a_number_beyond_the_engines_limit_is_refused_at_load(tmp_path: Path,
                                                               number: str) -> None:
    story = copy_story(tmp_path / "s", edits={"story.yaml": [
        ("default: 0,", f"default: {number},")]})
    [problem] = [p for p in problems_of(story) if p.code == "E012"]
    assert "too large" in problem.message and len(problem.message) < 300
    assert (problem.file.name, problem.line) == ("story.yaml", 9)
    result = run_communard("play", "--plain", str(story))  # it crashed on printing
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_the_largest_number_still_loads(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={"story.yaml": [
        ("default: 0, min: 0, max: 3}", "default: 0x38d7ea4c68000}")]})
    assert load_story(story).variables["courage"].default == 10**15


# -- 11. sizes ------------------------------------------------------------------------------

def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    with open(story / CHAPTER, "r+b") as handle:
        handle.truncate(6 * 2**30)  # sparse: 6 GB that take no disk
    start = time.perf_counter()
    [problem] = [p for p in problems_of(story) if p.code == "E002"]
    assert "larger than 20 MB" in problem.message
    assert time.perf_counter() - start < 5


def test_a_file_just_too_large_is_refused(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    with open(story / CHAPTER, "ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert any(p.code == "E002" and "larger" in p.message for p in problems_of(story))


def test_a_fifo_is_no_story_file(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s")
    os.unlink(story / CHAPTER)
    os.mkfifo(story / CHAPTER)  # opening it to read would wait for ever
    [problem] = [p for p in problems_of(story) if p.code == "E002"]
    assert "not a regular file" in problem.message


# -- 12. messages an author reads ------------------------------------------------------------

def test_a_long_wrong_value_is_cut_in_the_message(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("    kind: historical\n", "    kind: " + "historical " * 500_000 + "\n")]})
    [problem] = [p for p in problems_of(story) if p.code == "E012"]
    assert len(problem.message) < 300 and "…" in problem.message


def test_a_merge_override_is_not_a_duplicate_key(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("  - id: home\n    title: Home\n", "  - &ending\n    id: home\n    title: Home\n"),
        ("        to: home\n", "        to: home\n      - text: Or again\n        to: again\n")],
    })
    with open(story / CHAPTER, "a") as handle:
        handle.write("  - <<: *ending\n    id: again\n    title: Home again\n"
                     "    ending: {id: again, title: Again, epilogue: Later.}\n")
    loaded = load_story(story)
    again = loaded.scenes["hill.again"]
    assert (again.title, again.kind, again.ending.id) == ("Home again", "fictional", "again")


def test_a_real_duplicate_beside_a_merge_is_still_reported(tmp_path: Path) -> None:
    story = copy_story(tmp_path / "s", edits={CHAPTER: [
        ("  - id: home\n    title: Home\n", "  - &ending\n    id: home\n    title: Home\n")]})
    with open(story / CHAPTER, "a") as handle:
        handle.write("  - <<: *ending\n    id: again\n    id: again2\n")
    keys = [p.line for p in problems_of(story) if p.code == "E020" and "key 'id'" in p.message]
    assert keys == [43]


def test_nested_merges_cost_linear_time(tmp_path: Path) -> None:
    """PyYAML repeats merged keys at every level: 8 levels of 9 merges were 43M pairs."""
    lines = ["x-m0: &m0 {a: 1, b: 2, c: 3}"]
    for level in range(1, 12):
        merges = ", ".join([f"*m{level - 1}"] * 9)
        lines.append(f"x-m{level}: &m{level} {{<<: [{merges}], k{level}: 1}}")
    chapter = (copy_story(tmp_path / "t") / CHAPTER).read_text()
    story = copy_story(tmp_path / "s", files={CHAPTER: chapter + "\n".join(lines) + "\n"})
    start = time.perf_counter()
    problems = problems_of(story)
    assert time.perf_counter() - start < 10
    assert any(p.code in ("E005", "E010") for p in problems)


def test_the_title_screen_does_not_build_a_merge_bomb(tmp_path: Path) -> None:
    """The title is read before the engine loads; nested merges there hung the game."""
    from communard.storyhead import read_head

    lines = ["x-m0: &m0 {a: 1, b: 2, c: 3}"]
    for level in range(1, 12):
        lines.append(f"x-m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * 9)}]}}")
    story = copy_story(tmp_path / "s")
    (story / "story.yaml").write_text((story / "story.yaml").read_text() + "\n".join(lines))
    start = time.perf_counter()
    assert read_head(story).title == "s"  # the folder's name until the engine has loaded it
    assert any(p.code in ("E005", "E010") for p in problems_of(story))
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("edit", [
    ("story.yaml", "start: hill.dawn", "start: " + "x" * 200_000),
    ("story.yaml", "default: 0,", "default: '" + "x" * 200_000 + "',"),
    (CHAPTER, "        to: crowd\n", "        to: " + "crowd" * 40_000 + "\n"),
], ids=["E107", "E108", "E101"])
def test_a_long_value_is_cut_wherever_a_message_quotes_it(tmp_path: Path, edit) -> None:
    name, old, new = edit
    story = copy_story(tmp_path / "s", edits={name: [(old, new)]})
    start = time.perf_counter()
    problems = problems_of(story)
    assert problems and all(len(p.message) < 400 for p in problems), problems
    assert time.perf_counter() - start < 20
