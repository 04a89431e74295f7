"""The `transitions` machine under a Session: built once per story, each piece of work once.

The story is tests/fixtures/mini (see tests/test_session.py): at the oven, `knead`
(always), `talk` (once) and `bread` (if trust >= 1, shown locked). The wide stories
come from tests/bench/synth.py: one scene with thousands of choices, a third with a
condition and a third once-only.
"""

from __future__ import annotations

import gc
import sys
import weakref
from pathlib import Path

import pytest
from bench.synth import write_synthetic_story, write_wide_story
from storykit import MINI, copy_story

from engine import Session, load_story
from engine import machine as machine_module
from engine.expressions import Condition


@pytest.fixture(scope="module")
def story():
    return load_story(MINI)


@pytest.fixture
def conditions_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every condition evaluated from now on, by its source text."""
    asked: list[str] = []
    call = Condition.__call__

    def counted(self: Condition, scope):  # type: ignore[no-untyped-def]
        asked.append(self.source)
        return call(self, scope)
    monkeypatch.setattr(Condition, "__call__", counted)
    return asked


def test_machine_has_no_auto_transitions(story) -> None:
    machine = machine_module.build_machine(story)
    assert machine.auto_transitions is False
    assert set(machine.states) == set(story.scenes)
    # one trigger per choice position: as many as the widest scene has choices
    assert set(machine.events) == {"choose_0", "choose_1", "choose_2"}
    assert machine_module.build_machine(story) is machine  # built once per story


def test_a_session_binds_nothing_per_scene_or_trigger(story) -> None:
    """`add_model` would bind is_<scene> for every scene (10,000 partials a session on a
    10,000-scene story) and <trigger>, may_<trigger> for every trigger."""
    session = Session(story)
    cursor = session._cursor
    bound = [name for name in dir(cursor)
             if name.startswith(("is_", "may_", "to_", "choose_", "trigger"))]
    assert bound == []
    assert not hasattr(cursor, "__dict__")  # nothing can be bound on it later either
    assert machine_module.build_machine(story).models == []


def test_choices_fire_through_the_machines_transitions(story, monkeypatch) -> None:
    machine = machine_module.build_machine(story)
    fired: list[tuple[str, str, str]] = []
    for name, event in machine.events.items():
        for transition in event.transitions["morning.oven"]:
            monkeypatch.setattr(transition, "execute", lambda data, _e=transition.execute, _n=name:
                                fired.append((_n, data.transition.source, data.transition.dest))
                                or _e(data))
    session = Session(story)
    session.choose("talk")
    assert fired == [("choose_1", "morning.oven", "morning.street")]
    assert session.scene_id == "morning.street" and session.visits["morning.street"] == 1
    assert session.vars["trust"] == 1  # the transition's `before` callback ran the effect


def test_a_view_asks_each_condition_once_and_the_choice_asks_none_again(
        story, conditions_asked: list[str]) -> None:
    session = Session(story)
    session.step("talk")
    session.step("1")  # back at the oven, where `bread` has a condition
    conditions_asked.clear()
    view = session.view()
    assert [c.id for c in view.choices] == ["knead", "bread"]
    assert conditions_asked == ["trust >= 1"]
    session.available()
    assert conditions_asked == ["trust >= 1"]  # known until the scene or the variables change
    session.step("bread")  # the guard reads the answer the view had: no second pass
    assert conditions_asked == ["trust >= 1"]


def test_a_step_without_a_view_asks_only_its_own_guard_once(story, conditions_asked) -> None:
    session = Session(story)
    session.step("talk")
    session.step("1")
    conditions_asked.clear()
    session.step("bread")
    assert conditions_asked == ["trust >= 1"]


def test_the_answer_is_asked_again_after_every_change(story) -> None:
    session = Session(story)
    assert [c.enabled for c in session.view().choices] == [True, True, False]
    session.choose("talk")
    session.choose("1")
    assert [c.id for c in session.view().choices] == ["knead", "bread"]
    assert session.view().choices[1].enabled  # trust 1 now
    session.undo()
    session.undo()
    assert [c.enabled for c in session.view().choices] == [True, True, False]
    session.choose("talk")
    session.restart()
    assert [c.id for c in session.available()] == ["knead", "talk"]
    session.choose("talk")
    restored = Session.from_dict(story, session.to_dict())
    restored.jump("morning.oven")
    assert [c.id for c in restored.available()] == ["knead", "bread"]


def _calls(action) -> int:  # type: ignore[no-untyped-def]
    """How many functions (Python and built-in) `action()` calls: work, without a clock."""
    count = 0

    def profile(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def test_a_wide_scene_costs_linear_work(tmp_path: Path, conditions_asked) -> None:
    """The view of a scene with n choices asked the library's may_<trigger> per choice, which
    scans every trigger: 10,000 choices took 108 s. Twice the choices must cost about twice
    the work, and each condition is evaluated once."""
    calls = {}
    for n in (600, 1200):
        session = Session(load_story(write_wide_story(tmp_path / str(n), n)))
        conditions_asked.clear()
        calls[n] = _calls(session.view)
        assert len(session.view().choices) == n
        assert len(conditions_asked) == n // 3
        calls[n, "step"] = _calls(lambda s=session: s.step("c1"))
        assert len(conditions_asked) == n // 3
    assert calls[1200] < 2.2 * calls[600], calls
    assert calls[1200, "step"] < 2.2 * calls[600, "step"], calls


def test_a_wide_scene_is_first_shown_without_the_collector_running(tmp_path: Path) -> None:
    """The first view of a scene builds two views per choice to share (engine/viewing.py):
    20,000 objects for 10,000 choices. With the collector on, that burst ran it again and
    again over everything the program holds (3 s in the benchmark, 7 ms the second time)."""
    session = Session(load_story(write_wide_story(tmp_path / "w", 3000)))
    runs: list[int] = []
    def count(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])
    enabled = gc.isenabled()
    gc.enable()
    gc.callbacks.append(count)
    try:
        session.view()
    finally:
        gc.callbacks.remove(count)
        if not enabled:
            gc.disable()
    assert len(runs) <= 1, runs


def test_a_session_costs_the_same_on_any_size_of_story(tmp_path: Path) -> None:
    small = load_story(write_synthetic_story(tmp_path / "small", 50))
    large = load_story(write_synthetic_story(tmp_path / "large", 500))
    Session(small), Session(large)  # the machines are built once per story, not counted
    assert _calls(lambda: Session(large)) == _calls(lambda: Session(small))


def test_sessions_do_not_leak(story) -> None:
    sessions = [Session(story) for _ in range(200)]
    for session in sessions[::2]:
        session.choose("talk")
    probe = weakref.ref(sessions[0])
    del sessions, session
    gc.collect()
    assert probe() is None


def test_a_story_and_its_machine_are_freed_together(tmp_path: Path) -> None:
    story = load_story(copy_story(tmp_path / "s", base=MINI))
    session = Session(story)
    session.choose("talk")
    story_ref = weakref.ref(story)
    machine_ref = weakref.ref(machine_module.build_machine(story))
    del story, session
    gc.collect()
    assert story_ref() is None and machine_ref() is None


def test_a_large_machine_is_built_with_the_collector_paused_and_frozen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = load_story(write_synthetic_story(tmp_path / "s", 30))
    monkeypatch.setattr(machine_module, "LARGE_STORY", 30)
    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(gc, "freeze", lambda: seen.append(("freeze", gc.isenabled())))
    enabled = gc.isenabled()
    machine_module.build_machine(story)
    assert seen == [("freeze", False)]
    assert gc.isenabled() == enabled
    machine_module.build_machine(load_story(write_synthetic_story(tmp_path / "t", 29)))
    assert seen == [("freeze", False)]  # a small one is not frozen: it can be freed
