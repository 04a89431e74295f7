"""engine.load_story: an immutable Story, or a StoryError carrying every problem.

Also what an author meets first: did-you-mean hints, dates as precise as the
sources allow (a day, a month, a year), and YAML that is read safely whatever
is in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import tracemalloc
from pathlib import Path
from types import MappingProxyType

import pytest
from storykit import CHAPTER, MINI, copy_story

from communard.i18n import scene_date_words, spec_words
from engine import (
    Session,
    Story,
    StoryError,
    UnreadableStory,
    check_story,
    find_story_file,
    load_story,
)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def problems_of(folder: Path):
    story, problems = check_story(folder)
    return problems


# -- a loaded story ---------------------------------------------------------------

def test_load_story_returns_the_whole_story() -> None:
    story = load_story(MINI)
    assert isinstance(story, Story)
    assert (story.id, story.title, story.version, story.format) == (
        "mini", "The Bakers' Night", "1.0.0", 1)  # format 1 is still read as it is
    assert story.start == "morning.oven"
    assert [c.id for c in story.chapters] == ["morning", "evening"]
    assert list(story.scenes) == ["morning.oven", "morning.street", "evening.meeting",
                                  "evening.spoke", "evening.quiet"]
    assert list(story.endings) == ["spoke", "quiet"]
    assert story.authors == ("Test Author",)
    assert story.chapter("morning").questions == (
        "Why did the bakers want night work abolished?",)
    assert story.initial_vars() == {"trust": 0, "has_bread": False, "name": "Louise"}
    assert story.warnings == ()
    assert {p.name for p in story.files} == {"story.yaml", "morning.yaml", "evening.yaml",
                                             "notes.yaml", "sources.yaml", "codex.yaml"}
    oven = story.scenes["morning.oven"]
    assert (oven.local_id, oven.chapter_id, oven.kind, oven.place) == (
        "oven", "morning", "historical", "Rue Mouffetard")
    assert [c.id for c in oven.choices] == ["knead", "talk", "bread"]
    assert [c.target for c in oven.choices] == ["morning.street"] * 3
    assert oven.choices[2].locked == "The others must trust you first"
    assert oven.choices[1].once and not oven.choices[0].once
    # ids default to the position, references resolve to chapter.scene
    street = story.scenes["morning.street"]
    assert [c.id for c in street.choices] == ["1", "2"]
    assert [c.target for c in street.choices] == ["morning.oven", "evening.meeting"]
    assert street.where is not None and street.where.line == 34


def test_load_story_accepts_the_story_file_itself() -> None:
    assert load_story(MINI / "story.yaml").id == "mini"
    assert find_story_file(MINI) == MINI / "story.yaml"


def test_a_folder_without_story_yaml_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableStory, match="no story here"):
        load_story(tmp_path)
    with pytest.raises(UnreadableStory):
        check_story(tmp_path / "missing")


def _mutations(story: Story):
    oven = story.scenes["morning.oven"]
    note = story.notes["night-work"]
    yield "title", lambda: setattr(story, "title", "x")
    yield "scenes[]=", lambda: story.scenes.__setitem__("x", oven)
    yield "del scenes[]", lambda: story.scenes.__delitem__("morning.oven")
    yield "scene.title", lambda: setattr(oven, "title", "x")
    yield "scene.choices", lambda: oven.choices.append(oven.choices[0])  # type: ignore[attr-defined]
    yield "choice.target", lambda: setattr(oven.choices[0], "target", "evening.spoke")
    yield "scene.notes", lambda: oven.note_ids.append("x")  # type: ignore[attr-defined]
    yield "variables[]=", lambda: story.variables.__setitem__("x", story.variables["trust"])
    yield "variable.default", lambda: setattr(story.variables["trust"], "default", 3)
    yield "note.title", lambda: setattr(note, "title", "x")
    yield "note.sources", lambda: note.sources.append("x")  # type: ignore[attr-defined]
    yield "source.year", lambda: setattr(story.sources["wp"], "year", 1)
    yield "codex.sources", lambda: story.codex["bakeries"].sources.append("x")  # type: ignore
    yield "notes[]=", lambda: story.notes.__setitem__("x", note)
    yield "chapters", lambda: story.chapters.append(story.chapters[0])  # type: ignore
    yield "questions", lambda: story.chapters[0].questions.append("x")  # type: ignore
    yield "ending", lambda: setattr(story.scenes["evening.spoke"].ending, "id", "x")
    yield "date", lambda: setattr(story.scenes["evening.meeting"].date, "precision", "day")


@pytest.mark.parametrize("what", [name for name, _ in _mutations(load_story(MINI))])
def test_story_is_immutable(what: str) -> None:
    story = load_story(MINI)
    mutate = dict(_mutations(story))[what]
    with pytest.raises((AttributeError, TypeError, ValueError)):
        mutate()
    assert story.title == "The Bakers' Night"
    assert len(story.scenes) == 5 and story.notes["night-work"].sources == ("wp",)


def test_story_tables_are_read_only_views() -> None:
    story = load_story(MINI)
    for table in (story.scenes, story.notes, story.sources, story.codex, story.variables):
        assert isinstance(table, MappingProxyType)
    assert dataclasses.is_dataclass(story) and story.__dataclass_params__.frozen
    fresh = story.initial_vars()
    fresh["trust"] = 3
    assert story.initial_vars()["trust"] == 0


def test_one_story_is_shared_by_sessions_without_change() -> None:
    story = load_story(MINI)
    first, second = Session(story), Session(story)
    first.choose("talk")
    assert second.vars == story.initial_vars()
    assert second.scene_id == "morning.oven"


# -- every problem, not just the first -----------------------------------------------

def test_story_error_carries_every_problem(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", edits={
        CHAPTER: [("        to: crowd", "        to: crowds")],
        "notes.yaml": [("sources: [lissagaray]", "sources: [lisagaray]")],
        "story.yaml": [("default: 0, min", "default: 9, min")],
    })
    with pytest.raises(StoryError) as caught:
        load_story(folder)
    error = caught.value
    found = {(p.code, p.file.name, p.line) for p in error.problems}
    assert {("E101", "hill.yaml", 15), ("E103", "notes.yaml", 4),
            ("E108", "story.yaml", 9)} <= found
    assert len(error.errors) == 3
    assert "(and 2 more)" in str(error)
    assert str(error).startswith(str(folder / CHAPTER))  # the first in file order
    ordered = [p.sort_key() for p in error.problems]
    assert ordered == sorted(ordered)


def test_problems_in_many_files_and_kinds_all_reported(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", edits={
        CHAPTER: [("    kind: historical", "    kind: legend"),
                  ("  - id: home", "  - id: home\n    colour: red")],
        "codex.yaml": [("kind: person", "kind: persona")],
        "sources.yaml": [("  year: 1876\n", "")],
    })
    found = codes(problems_of(folder))
    assert found.count("E012") == 2 and "E010" in found and "E011" in found


def test_error_message_format() -> None:
    from engine import Problem

    problem = Problem("E101", "unknown target 'x'.", MINI / "story.yaml", 3, 7)
    assert problem.format(MINI) == "story.yaml:3:7: error E101: unknown target 'x'."
    assert Problem("W201", "m", None).format() == "<story>: warning W201: m"
    assert Problem("E002", "m", Path("a.yaml")).format() == "a.yaml: error E002: m"


# -- did you mean ---------------------------------------------------------------------

@pytest.mark.parametrize(("file", "old", "new", "code", "hint"), [
    (CHAPTER, "    title: Dawn on the Butte", "    tittle: Dawn on the Butte", "E010", "'title'"),
    (CHAPTER, "    place: Montmartre", "    plaec: Montmartre", "E010", "'place'"),
    ("story.yaml", "chapters:\n", "chapter:\n", "E010", "'chapters'"),
    ("notes.yaml", "  text: The", "  txt: The", "E010", "'text'"),
    (CHAPTER, "        to: crowd", "        to: crowds", "E101", "'crowd'"),
    (CHAPTER, "        to: crowd", "        to: hill.crwd", "E101", "'hill.crowd'"),
    (CHAPTER, "    notes: [cannons]", "    notes: [cannon]", "E102", "'cannons'"),
    (CHAPTER, "    codex: [thiers]", "    codex: [thier]", "E105", "'thiers'"),
    ("notes.yaml", "[lissagaray]", "[lissagary]", "E103", "'lissagaray'"),
    ("story.yaml", "start: hill.dawn", "start: hill.dwn", "E107", "'hill.dawn'"),
    (CHAPTER, "        if: courage < 3", "        if: courag < 3", "E104", "`courage`"),
])
def test_did_you_mean(tmp_path: Path, file: str, old: str, new: str, code: str,
                      hint: str) -> None:
    folder = copy_story(tmp_path / "s", edits={file: [(old, new)]})
    problems = [p for p in problems_of(folder) if p.code == code]
    assert problems, problems_of(folder)
    assert f"id you mean {hint}?" in problems[0].message
    assert "?." not in problems[0].message


def test_no_hint_when_nothing_is_close(tmp_path: Path) -> None:
    target = copy_story(tmp_path / "a", edits={CHAPTER: [("to: crowd", "to: zzzzzz")]})
    key = copy_story(tmp_path / "b", edits={CHAPTER: [("    place: Montmartre", "    qqqq: M")]})
    [unknown_target] = problems_of(target)
    [unknown_key] = problems_of(key)
    assert unknown_target.message.startswith("unknown target 'zzzzzz'. Point")
    assert unknown_key.message.startswith("unknown key 'qqqq'. Allowed here: ")
    assert "did you mean" not in unknown_target.message + unknown_key.message


def test_a_misspelt_key_is_not_also_reported_missing() -> None:
    from storykit import BROKEN

    assert codes(problems_of(BROKEN / "E010-misspelt-key")) == ["E010"]


# -- dates ---------------------------------------------------------------------------

def test_month_only_date() -> None:
    meeting = load_story(MINI).scenes["evening.meeting"]
    date = meeting.date
    assert date is not None
    assert (date.start, date.end, date.precision) == (
        dt.date(1871, 4, 1), dt.date(1871, 4, 30), "month")
    assert spec_words(date) == "April 1871" and date.iso() == "1871-04"


@pytest.mark.parametrize(("written", "start", "end", "precision", "label"), [
    ("1871-03-18", dt.date(1871, 3, 18), dt.date(1871, 3, 18), "day", "18 March 1871"),
    ('"1871-03-18"', dt.date(1871, 3, 18), dt.date(1871, 3, 18), "day", "18 March 1871"),
    ('"1871-02"', dt.date(1871, 2, 1), dt.date(1871, 2, 28), "month", "February 1871"),
    ("1871-12", dt.date(1871, 12, 1), dt.date(1871, 12, 31), "month", "December 1871"),
    ("1871", dt.date(1871, 1, 1), dt.date(1871, 12, 31), "year", "1871"),
    ('"1871"', dt.date(1871, 1, 1), dt.date(1871, 12, 31), "year", "1871"),
])
def test_dates_as_precise_as_the_sources(tmp_path: Path, written: str, start: dt.date,
                                         end: dt.date, precision: str, label: str) -> None:
    folder = copy_story(tmp_path / "s", edits={
        CHAPTER: [("    date: 1871-03-18\n    place", f"    date: {written}\n    place")]})
    story, problems = check_story(folder)
    assert story is not None, problems
    date = story.scenes["hill.dawn"].date
    assert (date.start, date.end, date.precision, spec_words(date)) == (
        start, end, precision, label)
    view = Session(story).view()
    assert (view.date, view.date_precision) == (start, precision)
    assert scene_date_words(view.date, view.date_precision) == label


@pytest.mark.parametrize("written", ["1871-13", "1871-02-30", "18 March 1871", "71-03-18",
                                     "1871/03/18", "[1871]", "true"])
def test_impossible_dates_are_reported(tmp_path: Path, written: str) -> None:
    folder = copy_story(tmp_path / "s", edits={
        CHAPTER: [("    date: 1871-03-18\n    place", f"    date: {written}\n    place")]})
    problems = problems_of(folder)
    assert [(p.code, p.line, p.column) for p in problems] == [("E012", 7, 11)]
    assert "YYYY-MM-DD" in problems[0].message


def test_a_month_overlapping_a_day_is_not_back_in_time(tmp_path: Path) -> None:
    """1871-04-20 -> '1871-04' is fine (the month contains the day); '1871-05' -> 04-20 is not."""
    assert "W203" not in codes(problems_of(MINI))
    folder = copy_story(tmp_path / "s", base=MINI, edits={
        "chapters/morning.yaml": [("    date: 1871-04-20\n    place", '    date: "1871-05"\n'
                                   "    place")]})
    back = [p for p in problems_of(folder) if p.code == "W203"]
    assert len(back) == 3  # oven (May) -> street (20 April): each of its three choices
    assert [p.line for p in back] == [19, 22, 27]
    assert "from 1871-05 (morning.oven) to 1871-04-20 (morning.street)" in back[0].message


# -- YAML safety ---------------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/object:engine.story.Where {{file: {marker}}}",
    '!!python/object/new:builtins.open ["{marker}", "w"]',
])
def test_python_tags_are_errors_and_never_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    folder = copy_story(tmp_path / "s", edits={
        "story.yaml": [("title: The Cannons", "title: " + tag.format(marker=marker))]})
    story, problems = check_story(folder)
    assert story is None
    assert [(p.code, p.file.name, p.line) for p in problems] == [("E001", "story.yaml", 3)]
    assert "tag" in problems[0].message
    assert not marker.exists()


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""  # nine levels of nine: 387 million strings if expanded


@pytest.mark.parametrize("where", ["unknown keys", "authors", "chapters", "variables",
                                   "scene text", "choices", "notes"])
def test_alias_bomb_loads_quickly_in_little_memory(tmp_path: Path, where: str) -> None:
    folder = copy_story(tmp_path / "s")
    story_yaml, chapter = folder / "story.yaml", folder / CHAPTER
    nested = "bomb:\n  " + BOMB.replace("\n", "\n  ").rstrip() + "\n"
    if where == "unknown keys":
        story_yaml.write_text(story_yaml.read_text() + BOMB)
    elif where in ("authors", "chapters", "variables"):
        text = story_yaml.read_text()
        if where != "authors":  # replace the real value by the bomb
            text = text[:text.index(where + ":")] + text[text.index(where + ":"):].split(
                "\n", 1)[1].split("\n", 1)[1]
        story_yaml.write_text(text + nested + f"{where}: *i\n")
    elif where == "scene text":
        chapter.write_text(nested + chapter.read_text().replace(
            "    text: The soldiers have come for the cannons.\n", "    text: *i\n"))
    elif where == "choices":
        chapter.write_text(nested + chapter.read_text().replace(
            "    choices:\n      - text: Stand", "    choices: *i\n    old:\n      - text: Stand"))
    elif where == "notes":
        (folder / "notes.yaml").write_text(BOMB + "cannons: *i\n")
    tracemalloc.start()
    began = time.perf_counter()
    try:
        story, problems = check_story(folder)
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 5
    assert peak < 50 * 2**20
    assert story is None and problems  # a bomb is never a valid story
    assert len(problems) < 200


@pytest.mark.parametrize("content", [
    "x: " + "[" * 5000 + "]" * 5000,               # nested too deeply
    "x: " + "{a: " * 3000 + "1" + "}" * 3000,
    "cannons: " + "9" * 5000,                      # beyond Python's int() digit limit
    "cannons: 1871-03-18 25:61:00",                # an impossible time
])
def test_extreme_values_are_errors_not_crashes(tmp_path: Path, content: str) -> None:
    folder = copy_story(tmp_path / "s", files={"notes.yaml": content})
    found = problems_of(folder)
    assert found and {p.code for p in found} <= {"E001", "E012"}, found


@pytest.mark.parametrize(("content", "code"), [
    (b"cannons: caf\xe9\n", "E002"),          # not UTF-8
    (b"", "E012"),                           # an empty chapter file
    (b"- 1\n- 2\n", "E012"),                 # a list where a mapping belongs
    (b"chapter: {id: hill, title: Hill}\nscenes: []\n", "E012"),
    (b"a: 1\n---\nb: 2\n", "E001"),          # two documents
    (b"chapter:\n\tid: hill\n", "E001"),     # a tab
    (b"? [a, b]\n: 1\n", "E001"),            # a list as a key
])
def test_unusual_files_give_problems_not_exceptions(tmp_path: Path, content: bytes,
                                                    code: str) -> None:
    folder = copy_story(tmp_path / "s")
    (folder / CHAPTER).write_bytes(content)
    found = problems_of(folder)
    assert code in codes(found), found
    assert all(p.file is not None for p in found)


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s")
    story_yaml = folder / "story.yaml"
    story_yaml.write_text("\ufeff" + story_yaml.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_story(folder).id == "tiny"


def test_duplicate_yaml_keys_are_reported_at_the_second(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", edits={"notes.yaml": [(
        "  sources: [lissagaray]\n", "  sources: [lissagaray]\n  title: Again\n")]})
    assert [(p.code, p.line, p.column) for p in problems_of(folder)] == [("E020", 5, 3)]


def test_start_may_be_a_plain_scene_id_when_unambiguous(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", edits={"story.yaml": [("start: hill.dawn",
                                                                "start: dawn")]})
    assert load_story(folder).start == "hill.dawn"


def test_format_too_old(tmp_path: Path) -> None:
    folder = copy_story(tmp_path / "s", edits={"story.yaml": [("format: 1", "format: 0")]})
    problems = problems_of(folder)
    assert codes(problems) == ["E003"]
    assert "Update the story files" in problems[0].message


# -- the bundled story ----------------------------------------------------------------

def test_the_bundled_story_checks_and_plays() -> None:
    from communard.paths import default_story

    story, problems = check_story(default_story())
    if story is None:
        pytest.skip("the bundled story has errors: it is still being written")
    assert story.id == "commune-1871"
    assert len(story.scenes) >= 10
    assert len(story.endings) >= 2
    assert "W207" not in codes(problems), "every historical scene carries a note"
    for note in story.notes.values():
        assert note.sources and all(s in story.sources for s in note.sources)
    import random

    rng = random.Random(1871)
    session = Session(story)
    for _ in range(30):
        session.restart()
        for _ in range(500):
            view = session.view()
            if view.is_ending or not view.available:
                break
            session.choose(rng.choice(view.available).id)
        assert session.to_dict()["story"]["id"] == "commune-1871"
