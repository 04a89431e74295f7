"""Messages in an author's words, limits kept on restore, and the pipe exit status."""

from __future__ import annotations

import subprocess
import sys

import pytest
from storykit import CHAPTER, MINI, copy_story

from engine import SaveError, Session, check_story, load_story


def test_a_list_where_a_mapping_belongs_is_explained_in_plain_words(tmp_path):
    story = copy_story(tmp_path / "s", files={CHAPTER: "- just\n- a list\n"})
    _, problems = check_story(story)
    messages = [p.message for p in problems if p.code == "E012"]
    assert messages and "key: value" in messages[0]
    assert "instance of" not in messages[0] and "Input should" not in messages[0]


def test_locations_count_from_one(tmp_path):
    old = "        to: street\n        do: [trust += 1]"
    new = "        to: street\n        history: [1, 2]\n        do: [trust += 1]"
    story = copy_story(tmp_path / "s", base=MINI, edits={"chapters/morning.yaml": [(old, new)]})
    _, problems = check_story(story)
    assert any("scene 1 › choice 2 › history" in p.message for p in problems), \
        [p.message for p in problems]


def test_restored_numbers_outside_their_limits_are_refused_with_the_limits():
    story = load_story(MINI)
    data = Session(story).to_dict()
    for value in (99, -5):
        data["vars"]["trust"] = value
        with pytest.raises(SaveError, match=f"'trust' is {value}, outside the 0 to 3"):
            Session.from_dict(story, data)


def test_a_closed_pipe_is_not_reported_as_success():
    code = ("import sys, communard.cli as c; sys.stdout.close = lambda: None; "
            "sys.exit(c.main(['codes']))")
    reader = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.close()  # nobody reads: the first write breaks the pipe
    _, err = reader.communicate(timeout=60)
    assert reader.returncode == 141
    assert b"Traceback" not in err
