"""The story graph as a `transitions` state machine. The only module that imports it.

Scenes are states, choices are transitions, conditions are guards, effects are
`before` callbacks. One machine is built per Story and shared: each Session
adds its own small model object to it. Built with `auto_transitions=False`,
because the library's default adds a transition from every state to every
other one (quadratic: 1,000 scenes cost seconds and hundreds of MB).

Triggers are named by the choice's position (`choose_0`, `choose_1`, ...), so
a story has only as many triggers as its widest scene has choices, and a
model gets only that many bound methods, however large the story.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from transitions import Machine, MachineError

from .story import Choice, Story

_machines: weakref.WeakKeyDictionary[Story, Machine] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class Scope:
    """What a session's conditions and effects read and write: plain data only."""

    __slots__ = ("vars", "visits", "taken")

    def __init__(self, vars: dict[str, Any], visits: dict[str, int], taken: set[str]):
        self.vars = vars
        self.visits = visits
        self.taken = taken


class Cursor:
    """The model object the machine moves from scene to scene for one session."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.state: str = ""
        self.last_taken: str | None = None


def choice_key(scene_id: str, choice: Choice) -> str:
    """How a once-only choice is remembered as taken, stable across story versions."""
    return f"{scene_id}#{choice.id}"


def _guard(scene_id: str, choice: Choice):
    condition = choice.condition
    key = choice_key(scene_id, choice)
    if choice.once and condition is not None:
        return lambda event: key not in event.model.scope.taken and condition(event.model.scope)
    if choice.once:
        return lambda event: key not in event.model.scope.taken
    assert condition is not None  # a choice without a condition or `once` has no guard
    return lambda event: condition(event.model.scope)


def _effects(scene_id: str, choice: Choice):
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
    visits = event.model.scope.visits
    state = event.model.state
    visits[state] = visits.get(state, 0) + 1


def build_machine(story: Story) -> Machine:
    """The shared machine of a story, built on first use."""
    with _lock:
        machine = _machines.get(story)
        if machine is not None:
            return machine
        transitions = []
        for scene in story.scenes.values():
            for choice in scene.choices:
                spec: dict[str, Any] = {"trigger": choice.trigger, "source": scene.id,
                                        "dest": choice.target}
                if choice.condition is not None or choice.once:
                    spec["conditions"] = [_guard(scene.id, choice)]
                if choice.effects or choice.once:
                    spec["before"] = [_effects(scene.id, choice)]
                transitions.append(spec)
        machine = Machine(model=None, states=list(story.scenes), transitions=transitions,
                          initial=story.start, auto_transitions=False, send_event=True,
                          after_state_change=_entered, ignore_invalid_triggers=False)
        _machines[story] = machine
        return machine


def attach(story: Story, cursor: Cursor, scene_id: str, owner: object) -> None:
    """Put a session's cursor on the story's machine at `scene_id`.

    The cursor leaves the machine when `owner` (the session) is garbage collected,
    so the shared machine does not keep every session ever played alive.
    """
    machine = build_machine(story)
    machine.add_model(cursor, initial=scene_id)
    weakref.finalize(owner, _detach, weakref.ref(machine), cursor)


def _detach(machine_ref: weakref.ref, cursor: Cursor) -> None:
    machine = machine_ref()
    if machine is not None and cursor in machine.models:
        machine.remove_model(cursor)


def fire(cursor: Cursor, choice: Choice) -> bool:
    """Fire a choice's trigger; False when its guard refuses."""
    cursor.last_taken = None
    try:
        return bool(getattr(cursor, choice.trigger)())
    except MachineError:
        return False


def may(cursor: Cursor, choice: Choice) -> bool:
    """Ask the machine whether a choice could fire now (`may_<trigger>`)."""
    return bool(getattr(cursor, f"may_{choice.trigger}")())


def move(story: Story, cursor: Cursor, scene_id: str) -> None:
    """Set the cursor's scene without firing anything (undo, restore)."""
    build_machine(story).set_state(scene_id, model=cursor)
