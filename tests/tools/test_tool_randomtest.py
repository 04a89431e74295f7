"""`communard randomtest`: the report a person reads and the JSON a machine reads."""

from __future__ import annotations

import json

from storykit import MINI


def test_json_counts_add_up(cli, mini):
    result = cli("randomtest", MINI, "--runs", "200", "--seed", "3", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["runs"] == 200 and data["seed"] == 3
    endings = data["endings"]["counts"]
    assert sum(endings.values()) + data["loops"]["count"] + data["stuck"]["count"] == 200
    assert sum(endings.values()) == data["finished"]
    for part in ("scenes", "choices", "endings"):
        section = data[part]
        assert section["reached"] + len(section["never"]) == section["total"]
    assert data["scenes"]["total"] == len(mini.scenes)
    assert data["scenes"]["counts"][mini.start] == 200
    choices = data["choices"]["counts"]
    assert len(choices) == sum(len(s.choices) for s in mini.scenes.values())
    assert sum(c["count"] for c in choices) == data["total_steps"]
    assert data["complete"] is True
    shortest, longest = data["shortest"], data["longest"]
    assert shortest["steps"] <= longest["steps"]
    assert len(shortest["scenes"]) == shortest["steps"] + 1
    assert shortest["ending"] in mini.endings


def test_same_seed_same_report(cli):
    a = cli("randomtest", MINI, "--runs", "50", "--seed", "11", "--json").out
    b = cli("randomtest", MINI, "--runs", "50", "--seed", "11", "--json").out
    assert a == b


def test_never_reached_is_listed_and_strict_fails(cli, unreachable):
    result = cli("randomtest", unreachable, "--runs", "200", "--json")
    data = json.loads(result.out)
    assert result.code == 0
    assert data["scenes"]["never"] == ["evening.window"]
    assert data["choices"]["never"] == [{"scene": "evening.meeting", "choice": "window"}]
    assert data["endings"]["never"] == ["window"]
    assert data["scenes"]["percent"] < 100

    text = cli("randomtest", unreachable, "--runs", "200")
    assert text.code == 0
    assert "Scenes never reached (1)" in text.out
    assert "evening.window" in text.out
    assert "visits('evening.meeting') > 5" in text.out   # the condition to look at
    assert "5 / 6" in text.out and "83%" in text.out

    assert cli("randomtest", unreachable, "--runs", "200", "--strict").code == 1
    assert cli("randomtest", MINI, "--runs", "200", "--strict").code == 0


def test_text_report_shows_shares_paths_and_loops(cli):
    result = cli("randomtest", MINI, "--runs", "100", "--max-steps", "3")
    assert result.code == 0
    out = result.out
    assert "100 random playthroughs" in out
    assert "Shortest playthrough: 3 choices" in out
    assert "morning.oven → morning.street → evening.meeting" in out
    assert "Loops:" in out and "keeps going round" in out
    assert "%" in out


def test_bad_arguments_and_missing_story(cli, tmp_path):
    import pytest

    with pytest.raises(SystemExit) as exc:
        cli("randomtest", MINI, "--runs", "0")
    assert exc.value.code == 2
    assert cli("randomtest", tmp_path / "nowhere").code == 2


def test_no_progress_bar_when_stderr_is_not_a_terminal(cli):
    result = cli("randomtest", MINI, "--runs", "20")
    assert "█" not in result.err and "\r" not in result.err


def test_on_the_bundled_story(cli, bundled):
    data = json.loads(cli("randomtest", "--runs", "200", "--json").out)
    assert data["story"] == bundled.id
    assert data["scenes"]["total"] == len(bundled.scenes)
    assert data["finished"] + data["loops"]["count"] + data["stuck"]["count"] == 200
