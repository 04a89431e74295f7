"""engine.playtest: random playthroughs, counted."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine.playtest as playtest_module
from engine import load_story
from engine.playtest import cycle_of, playtest, playthroughs


def test_counts_add_up_and_cover_the_mini_story(mini):
    report = playtest(mini, runs=300, seed=1)
    assert report.runs == 300
    assert report.finished + report.loop_count + report.stuck_count == 300
    assert report.scenes[mini.start] == 300          # every run starts there
    assert set(report.scenes) == set(mini.scenes)
    assert set(report.endings) == set(mini.endings)
    assert set(report.choices) == {(s.id, c.id) for s in mini.scenes.values()
                                   for c in s.choices}
    assert report.complete and not report.scenes_never
    assert report.shortest.steps == 3                 # oven -> street -> meeting -> ending
    assert report.shortest.steps <= report.longest.steps
    assert report.total_steps >= 300 * 3


def test_same_seed_same_playthroughs_other_seed_other(mini):
    a = [(p.scenes, p.choices) for p in playthroughs(mini, 50, seed=7)]
    b = [(p.scenes, p.choices) for p in playthroughs(mini, 50, seed=7)]
    c = [(p.scenes, p.choices) for p in playthroughs(mini, 50, seed=8)]
    assert a == b
    assert a != c


def test_one_session_is_reused(mini, monkeypatch):
    made = []
    real = playtest_module.Session

    def counting(story, seed=None):
        made.append(story)
        return real(story, seed)

    monkeypatch.setattr(playtest_module, "Session", counting)
    playtest(mini, runs=40, seed=0)
    assert len(made) == 1


def test_never_reached_scene_choice_and_ending(unreachable: Path):
    story = load_story(unreachable)
    report = playtest(story, runs=200, seed=0)
    assert report.scenes_never == ["evening.window"]
    assert report.choices_never == [("evening.meeting", "window")]
    assert report.endings_never == ["window"]
    assert not report.complete


def test_step_limit_reports_loops_with_their_path(mini):
    report = playtest(mini, runs=20, seed=0, max_steps=2)
    assert report.loop_count == 20 and report.finished == 0
    loop = report.loops[0]
    assert loop.outcome == "loop" and loop.steps == 2
    assert loop.scenes[0] == mini.start and len(loop.scenes) == 3


@pytest.mark.parametrize(("path", "cycle"), [
    (("a", "b", "c", "b", "c", "b", "c", "b", "c"), ("b", "c")),
    (("a",) + ("x",) * 10, ("x",)),
])
def test_cycle_of(path, cycle):
    assert cycle_of(path) == cycle


def test_progress_is_called_up_to_the_total(mini):
    seen = []
    playtest(mini, runs=50, seed=0, progress=seen.append)
    assert seen and seen[-1] == 50 and seen == sorted(seen)
