"""The story graph as a `transitions` state machine. The only module that imports it.

Scenes are states, choices are transitions, conditions are guards, effects are
`before` callbacks, visit counts an `after_state_change` callback. One machine
is built per Story and shared by every session. Built with
`auto_transitions=False`, because the library's default adds a transition from
every state to every other one (quadratic: 1,000 scenes cost seconds and
hundreds of MB).

Triggers are named by the choice's position (`choose_0`, `choose_1`, ...), so
a story has only as many triggers as its widest scene has choices.

Each piece of work is done once per choice:

- A session's model object (its `Cursor`) is never added to the machine with
  `add_model`, which would bind `is_<scene>` for every scene and `<trigger>`
  and `may_<trigger>` for every trigger on each new session (276 ms per session
  on 10,000 scenes). The engine fires the machine's events by name instead:
  the machine still owns the scenes, the transitions and the guards.
- The library's `may_<trigger>` scans every trigger of the machine on each
  call, so asking it once per choice made a wide scene quadratic. Instead the
  conditions of the current scene are evaluated once (`allowed`) and kept on
  the cursor until its scene or variables change; the guards read that answer
  when it is there, so firing a choice the view has shown evaluates nothing
  twice.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from typing import Any

from transitions import Machine, MachineError

from .collector import LARGE_STORY, collector_paused
from .story import Choice, Story

_Checks = dict[str, tuple[Callable[["Scope"], bool], ...]]  # scene id -> a check per choice

_machines: weakref.WeakKeyDictionary[Story, tuple[Machine, _Checks]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


class Scope:
    """What a session's conditions and effects read and write: plain data only."""

    __slots__ = ("vars", "visits", "taken")

    def __init__(self, vars: dict[str, Any], visits: dict[str, int], taken: set[str]):
        self.vars = vars
        self.visits = visits
        self.taken = taken


class Cursor:
    """The model object the machine moves from scene to scene for one session.

    `allowed` is the answer of the current scene's guards, by choice position, or
    None until someone asks; `changed` forgets it.
    """

    __slots__ = ("scope", "state", "last_taken", "allowed", "machine", "checks")

    def __init__(self, scope: Scope, scene_id: str, machine: Machine, checks: _Checks):
        self.scope = scope
        self.state = scene_id
        self.last_taken: str | None = None
        self.allowed: list[bool] | None = None
        self.machine = machine
        self.checks = checks

    def changed(self) -> None:
        """The scene or the variables changed: the guards must be asked again."""
        self.allowed = None


def choice_key(scene_id: str, choice: Choice) -> str:
    """How a once-only choice is remembered as taken, stable across story versions."""
    return f"{scene_id}#{choice.id}"


def _check(scene_id: str, choice: Choice) -> Callable[[Scope], bool]:
    """The guard of one choice as a plain function of the scope (None-free: always callable)."""
    condition = choice.condition
    key = choice_key(scene_id, choice)
    if choice.once and condition is not None:
        return lambda scope: key not in scope.taken and condition(scope)
    if choice.once:
        return lambda scope: key not in scope.taken
    if condition is not None:
        return condition
    return lambda scope: True


def _guard(index: int, check: Callable[[Scope], bool]) -> Callable[[Any], bool]:
    """The machine's condition: the answer `allowed` already has, or the check, run once."""
    def guard(event: Any) -> bool:
        cursor = event.model
        allowed = cursor.allowed
        if allowed is not None:
            return allowed[index]
        return check(cursor.scope)
    return guard


def _effects(scene_id: str, choice: Choice) -> Callable[[Any], None]:
    effects = choice.effects
    key = choice_key(scene_id, choice)
    once = choice.once

    def apply(event: Any) -> None:
        model = event.model
        scope = model.scope
        if once:
            scope.taken.add(key)
            model.last_taken = key
        for effect in effects:
            effect(scope)
    return apply


def _entered(event: Any) -> None:
    cursor = event.model
    cursor.allowed = None
    visits = cursor.scope.visits
    state = cursor.state
    visits[state] = visits.get(state, 0) + 1


def build_machine(story: Story) -> Machine:
    """The shared machine of a story, built on first use."""
    return _built(story)[0]


def _built(story: Story) -> tuple[Machine, _Checks]:
    with _lock:
        built = _machines.get(story)
        if built is None:
            with collector_paused():
                built = _machines[story] = _build(story)
                if len(story.scenes) >= LARGE_STORY:  # out of the collector's way, as the story
                    gc.freeze()
        return built


def _build(story: Story) -> tuple[Machine, _Checks]:
    transitions = []
    checks: _Checks = {}
    for scene in story.scenes.values():
        scene_checks = []
        for position, choice in enumerate(scene.choices):
            check = _check(scene.id, choice)
            scene_checks.append(check)
            spec: dict[str, Any] = {"trigger": choice.trigger, "source": scene.id,
                                    "dest": choice.target}
            if choice.condition is not None or choice.once:
                spec["conditions"] = [_guard(position, check)]
            if choice.effects or choice.once:
                spec["before"] = [_effects(scene.id, choice)]
            transitions.append(spec)
        checks[scene.id] = tuple(scene_checks)
    machine = Machine(model=None, states=list(story.scenes), transitions=transitions,
                      initial=story.start, auto_transitions=False, send_event=True,
                      after_state_change=_entered, ignore_invalid_triggers=False)
    return machine, checks


def new_cursor(story: Story, scope: Scope, scene_id: str) -> Cursor:
    """A session's model object, standing on `scene_id` of the story's machine."""
    machine, checks = _built(story)
    return Cursor(scope, scene_id, machine, checks)


def allowed(cursor: Cursor) -> list[bool]:
    """Whether each choice of the cursor's scene may be taken now: every guard asked once."""
    answer = cursor.allowed
    if answer is None:
        scope = cursor.scope
        answer = cursor.allowed = [check(scope) for check in cursor.checks[cursor.state]]
    return answer


def fire(cursor: Cursor, choice: Choice) -> bool:
    """Fire a choice's trigger on the story's machine; False when its guard refuses."""
    cursor.last_taken = None
    try:
        return bool(cursor.machine.events[choice.trigger].trigger(cursor))
    except MachineError:
        return False


def move(cursor: Cursor, scene_id: str) -> None:
    """Set the cursor's scene without firing anything (undo, restore)."""
    cursor.machine.set_state(scene_id, model=cursor)
    cursor.changed()
