"""`communard test`: playthrough specs authors write in the story's tests/ folder.

A spec that holds passes; one that does not stops at its first failing step,
reported at the spec's file:line:col with a caret and what the story did
instead; a spec that names something the story lacks is reported before any
play; every failure kind has its code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from storykit import MINI, copy_story

from engine import load_story
from engine.playspec import SPEC_CODES, find_choice, run_spec

PASSING = """\
name: Louise speaks at the meeting
steps:
  - scene: morning.oven
    see: The dough has been rising
    unseen: The others nod to you
    offered: [knead, Talk about the decree]
    locked: Take a loaf
    choose: talk
  - scene: street
    choose: back to the oven
  - vars: {trust: 1, has_bread: false, name: Louise}
    hidden: talk
    choose: [bread, meeting]
  - offered: Speak
    choose: Speak
  - ending: spoke
    see: "You spoke,
      Louise."
"""


def story_with(tmp_path: Path, **specs: str) -> Path:
    return copy_story(tmp_path / "mini", MINI,
                      files={f"tests/{name}.yaml": text for name, text in specs.items()})


def failure(tmp_path: Path, spec: str) -> tuple[str, int, int, str]:
    """(code, line, column, message) of the one problem a spec has."""
    folder = story_with(tmp_path, one=spec)
    result = run_spec(load_story(folder), folder / "tests/one.yaml")
    assert not result.passed
    assert len(result.problems) == 1, result.problems
    p = result.problems[0]
    return p.code, p.line, p.column, p.message


def test_a_spec_that_holds_passes(tmp_path: Path, cli) -> None:
    folder = story_with(tmp_path, spoke=PASSING)
    result = run_spec(load_story(folder), folder / "tests/spoke.yaml")
    assert result.passed, result.problems
    assert result.choices_taken == 5
    assert result.path[-1] == "evening.spoke"
    run = cli("test", folder)
    assert run.code == 0
    assert "ok: Louise speaks at the meeting (5 choice(s), ends at evening.spoke)" in run.out
    assert run.out.rstrip().endswith("ok: 1 spec(s), 1 passed, 0 failed")


@pytest.mark.parametrize(("step", "code", "column", "words"), [
    ("  - scene: evening.meeting", "S201", 12, "expected the scene evening.meeting, but the "
     "story is at morning.oven"),
    ("  - ending: spoke", "S201", 13, "which is not an ending"),
    ("  - see: The others nod to you", "S202", 10, "is not in the text of morning.oven"),
    ("  - unseen: rising since", "S202", 13, "is in the text"),
    ("  - offered: Take a loaf", "S203", 14, "to be offered at morning.oven, but it is locked"),
    ("  - locked: knead", "S203", 13, "to be locked at morning.oven, but it is offered"),
    ("  - hidden: [Speak, Take a loaf]", "S203", 21, "to be hidden at morning.oven, but it is "
     "locked"),
    ("  - vars: {trust: 2}", "S204", 19, "expected trust to be 2 at morning.oven, but it is 0"),
    ("  - choose: bread", "S205", 13, "the choice [bread] is locked here: The others must "
     "trust you first"),
    ("  - choose: [knead, Fly away]", "S205", 21, "at morning.street: no choice here has the "
     "id or text 'Fly away'"),
    ("  - choose: t", "S205", 13, "'t' is part of 2 choices here; write more of it"),
])
def test_each_kind_of_failure_is_located(tmp_path: Path, step: str, code: str, column: int,
                                         words: str) -> None:
    spec = "steps:\n  - choose: knead\n  - choose: Go back\n" + step + "\n  - scene: street\n"
    assert failure(tmp_path, spec) == (code, 4, column, failure(tmp_path / "again", spec)[3])
    assert words in failure(tmp_path / "words", spec)[3]


def test_the_report_shows_the_line_the_caret_and_the_path(tmp_path: Path, cli) -> None:
    folder = story_with(tmp_path, good=PASSING,
                        bad="steps:\n  - choose: knead\n  - choose: meeting\n  - offered: Speak\n")
    run = cli("test", folder)
    assert run.code == 1
    lines = run.out.splitlines()
    at = next(n for n, line in enumerate(lines) if "tests/bad.yaml:4:14: error S203: " in line)
    assert lines[at + 1] == "   4 |   - offered: Speak"
    assert lines[at + 2] == "     |              ^"
    assert "morning.oven → morning.street → evening.meeting" in run.out
    assert "shown at evening.meeting: [2] Stay quiet" in run.out
    assert lines[-1] == "FAILED: 2 spec(s), 1 passed, 1 failed"
    report = json.loads(cli("test", folder, "--format", "json").out)
    assert [s["passed"] for s in report["specs"]] == [False, True]
    bad = report["specs"][0]["problems"][0]
    assert (bad["code"], bad["line"], bad["column"], bad["caret"]) == ("S203", 4, 14,
                                                                      " " * 13 + "^")
    assert report["specs"][0]["shown"]["scene"] == "evening.meeting"


def test_names_the_story_lacks_are_found_before_playing(tmp_path: Path, cli) -> None:
    folder = story_with(tmp_path, names="steps:\n  - scene: morning.ovne\n"
                        "  - vars: {trust: yes, nmae: x}\n    ending: spokn\n")
    result = run_spec(load_story(folder), folder / "tests/names.yaml")
    found = [(p.code, p.line, p.column) for p in result.problems]
    assert found == [("S101", 2, 12), ("S102", 3, 19), ("S101", 3, 24), ("S101", 4, 13)]
    assert "did you mean 'morning.oven'?" in result.problems[0].message
    assert "can never be true" in result.problems[1].message
    assert result.choices_taken == 0


@pytest.mark.parametrize(("text", "code", "line"), [
    ("steps:\n  - chose: knead\n", "E010", 2),
    ("steps: []\n", "E012", 1),
    ("name: x\n", "E011", 1),
    ("steps:\n  - choose: [a\n", "E001", 3),
    ("steps:\n  - see: \"\\e[2J\"\n", "E012", 2),
    ("steps:\n  - see: x\x1b[2J\n", "E012", 2),
])
def test_a_malformed_spec_is_reported_not_played(tmp_path: Path, text: str, code: str,
                                                  line: int, cli) -> None:
    folder = story_with(tmp_path, bad=text)
    result = run_spec(load_story(folder), folder / "tests/bad.yaml")
    assert [(p.code, p.line) for p in result.problems][:1] == [(code, line)]
    run = cli("test", folder)
    assert run.code == 1 and "Traceback" not in run.out + run.err
    assert "\x1b" not in run.out


def test_no_specs_is_fine_and_says_where_they_go(tmp_path: Path, cli) -> None:
    run = cli("test", copy_story(tmp_path / "mini", MINI))
    assert run.code == 0
    assert "no specs in" in run.out and "tests" in run.out


def test_one_spec_by_name_and_a_missing_one(tmp_path: Path, cli) -> None:
    folder = story_with(tmp_path, good=PASSING, bad="steps:\n  - scene: street\n")
    assert cli("test", folder, "--spec", folder / "tests/good.yaml").code == 0
    assert cli("test", folder, "--spec", folder / "tests/nope.yaml").code == 2


def test_a_link_out_of_the_story_folder_is_not_read(tmp_path: Path, cli) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("steps:\n  - scene: street\n", encoding="utf-8")
    folder = story_with(tmp_path)
    (folder / "tests").mkdir(exist_ok=True)
    (folder / "tests/linked.yaml").symlink_to(outside)
    run = cli("test", folder)
    assert run.code == 0 and "no specs" in run.out


def test_a_spec_file_name_reaches_the_terminal_without_its_control_characters(
        tmp_path: Path, cli) -> None:
    """A story's files are untrusted: a spec named with an escape sequence once cleared
    the author's screen when `communard test` said it passed."""
    folder = story_with(tmp_path, **{"a\x1b[2Jb": PASSING, "c\x1b]0;title\x07d": PASSING})
    run = cli("test", folder)
    assert run.code == 0, run.out
    assert "\x1b" not in run.out and "\x07" not in run.out, run.out
    assert "a\\x1b[2Jb.yaml: ok" in run.out and "c\\x1b]0;title\\x07d.yaml: ok" in run.out


def test_choices_are_found_by_id_then_text_then_a_unique_part() -> None:
    from engine.views import ChoiceView
    choices = (ChoiceView("1", "Go home", "a"), ChoiceView("home", "Stay", "b"),
               ChoiceView("3", "Go to the  meeting", "c"))
    assert find_choice(choices, "home").target == "b"
    assert find_choice(choices, "Go home").target == "a"
    assert find_choice(choices, "go to the meeting").target == "c"
    assert find_choice(choices, 3).target == "c"
    assert "part of 2 choices" in find_choice(choices, "Go")


def test_every_spec_code_is_documented() -> None:
    readme = (Path(__file__).parents[2] / "story" / "README.md").read_text(encoding="utf-8")
    for code in SPEC_CODES:
        assert code in readme, code


def test_a_story_folder_named_with_control_characters_is_printed_visibly(
        tmp_path: Path, cli) -> None:
    """The folder's name is shown in the verdict and in the advice to run check."""
    folder = copy_story(tmp_path / "s\x1b[2J", MINI, files={"story.yaml": "format: x\n"})
    for run in (cli("check", folder), cli("stats", folder), cli("check", folder / "none")):
        assert run.code in (1, 2)
        assert "\x1b" not in run.out + run.err and "s\\x1b[2J" in run.out + run.err
