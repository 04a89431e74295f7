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
from dataclasses import replace
from typing import Any

from transitions import EventData, Machine, Transition

from .collector import LARGE_STORY, collector_paused
from .story import Choice, Story

_machines: weakref.WeakKeyDictionary[Story, tuple[Machine, dict[str, _Ways]]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


MAX_DETOURS = 16
"""Deepest nesting of detours: past it a detour choice is closed (a story that detours
into itself forever would otherwise grow the return stack without end)."""


class Scope:
    """What a session's conditions and effects read and write: plain data only.

    `seed` and `turn` (the moves made) fix what chance() and random() give (see
    expr_runtime.draw); `stack` holds the scenes detours will return to; `oracle`,
    when set, answers the draws instead (the explorer tries every answer).
    """

    __slots__ = ("vars", "visits", "taken", "seed", "turn", "stack", "oracle")

    def __init__(self, vars: dict[str, Any], visits: dict[str, int], taken: set[str],
                 seed: int = 0):
        self.vars = vars
        self.visits = visits
        self.taken = taken
        self.seed = seed
        self.turn = 0
        self.stack: list[str] = []
        self.oracle: Callable[[int, int], int] | None = None


class Cursor:
    """The model object the machine moves from scene to scene for one session.

    `allowed` is the answer of the current scene's guards, by choice position, or
    None until someone asks; `changed` forgets it.
    """

    __slots__ = ("scope", "state", "last_taken", "allowed", "machine", "ways")

    def __init__(self, scope: Scope, scene_id: str, machine: Machine,
                 ways: dict[str, _Ways]):
        self.scope = scope
        self.state = scene_id
        self.last_taken: str | None = None
        self.allowed: list[bool] | None = None
        self.machine = machine
        self.ways = ways

    def changed(self) -> None:
        """The scene or the variables changed: the guards must be asked again."""
        self.allowed = None


def choice_key(scene_id: str, choice: Choice) -> str:
    """How a once-only choice is remembered as taken, stable across story versions: by its
    id, or where it leads when it has none (never by its position)."""
    return f"{scene_id}#{choice.key}"


def _check(scene_id: str, choice: Choice) -> Callable[[Scope], bool]:
    """The guard of one choice as a plain function of the scope (None-free: always callable)."""
    condition = choice.condition
    key = choice_key(scene_id, choice)
    if choice.returns or choice.detour:
        inner = _check(scene_id, _plain(choice))
        if choice.returns:
            return lambda scope: bool(scope.stack) and inner(scope)
        return lambda scope: len(scope.stack) < MAX_DETOURS and inner(scope)
    if choice.once and condition is not None:
        return lambda scope: key not in scope.taken and condition(scope)
    if choice.once:
        return lambda scope: key not in scope.taken
    if condition is not None:
        return condition
    return lambda scope: True


def _plain(choice: Choice) -> Choice:
    """The same choice without its detour or return (whose checks wrap the plain one)."""
    return replace(choice, detour=False, returns=False)


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
    detour = choice.detour

    def apply(event: Any) -> None:
        model = event.model
        scope = model.scope
        if detour:
            scope.stack.append(scene_id)
        if once:
            scope.taken.add(key)
            model.last_taken = key
        for effect in effects:
            effect(scope)
    return apply


def _entered(event: Any) -> None:
    cursor = event.model
    cursor.allowed = None
    scope = cursor.scope
    scope.turn += 1
    visits = scope.visits
    state = cursor.state
    visits[state] = visits.get(state, 0) + 1


class _Ways:
    """A scene's choices as the machine knows them, by position: each guard as a plain
    check, and each Transition with what it needs to execute."""

    __slots__ = ("checks", "transitions", "events", "source", "positions")

    def __init__(self, checks: list[Callable[[Scope], bool]], transitions: list[Any],
                 events: list[Any], source: Any, ids: list[str]):
        self.checks = tuple(checks)
        self.transitions = tuple(transitions)
        self.events = tuple(events)
        self.source = source
        self.positions = {choice_id: n for n, choice_id in enumerate(ids)}


class _ChoiceTransition(Transition):
    """transitions' Transition for a choice: the library's steps, without what a story's
    machine never has.

    The library's `execute` serves every feature it offers: `prepare` callbacks, callbacks
    named by strings and resolved on every call, state enter/exit callbacks, final states,
    and a log call at each step; it also looks the same two states up four times. That was
    half the time of a choice (11 logging calls, 60 of a choice's 116 function calls). A
    story's machine has callables only and none of the rest, so this runs the same steps
    in the same order: the guards, `before` (the effects), the state change, `after` (the
    visit count). Plugged in through the library's own extension point, `transition_cls`.
    A `to: (return)` choice's transition (`returns`) goes where the return stack says; its
    `dest` in the machine is its own scene.
    """

    returns = False

    def execute(self, event_data: Any) -> bool:
        for condition in self.conditions:
            if not condition.check(event_data):
                return False
        for callback in self.before:  # _build gives callables only, never names
            callback(event_data)  # type: ignore[operator]
        model = event_data.model
        model.state = model.scope.stack.pop() if self.returns else self.dest
        for callback in self.after:
            callback(event_data)  # type: ignore[operator]
        return True


class _StoryMachine(Machine):
    """A Machine whose transitions are `_ChoiceTransition`s."""

    transition_cls = _ChoiceTransition


def build_machine(story: Story) -> Machine:
    """The shared machine of a story, built on first use."""
    return _built(story)[0]


def _built(story: Story) -> tuple[Machine, dict[str, _Ways]]:
    with _lock:
        built = _machines.get(story)
        if built is None:
            with collector_paused():
                built = _machines[story] = _build(story)
                if len(story.scenes) >= LARGE_STORY:  # out of the collector's way, as the story
                    gc.freeze()
        return built


def _build(story: Story) -> tuple[Machine, dict[str, _Ways]]:
    transitions = []
    checks = {}
    for scene in story.scenes.values():
        scene_checks = []
        for position, choice in enumerate(scene.choices):
            check = _check(scene.id, choice)
            scene_checks.append(check)
            spec: dict[str, Any] = {"trigger": choice.trigger, "source": scene.id,
                                    "dest": choice.target}
            if choice.condition is not None or choice.once or choice.detour or choice.returns:
                spec["conditions"] = [_guard(position, check)]
            if choice.effects or choice.once or choice.detour:
                spec["before"] = [_effects(scene.id, choice)]
            spec["after"] = [_entered]
            transitions.append(spec)
        checks[scene.id] = scene_checks
    machine = _StoryMachine(model=None, states=list(story.scenes), transitions=transitions,
                            initial=story.start, auto_transitions=False, send_event=True,
                            ignore_invalid_triggers=False)
    ways = {}
    for scene in story.scenes.values():
        events = [machine.events[c.trigger] for c in scene.choices]
        ways[scene.id] = _Ways(checks[scene.id], [e.transitions[scene.id][0] for e in events],
                               events, machine.get_state(scene.id),
                               [c.id for c in scene.choices])
        for choice, transition in zip(scene.choices, ways[scene.id].transitions, strict=True):
            if choice.returns:
                transition.returns = True
    return machine, ways


def new_cursor(story: Story, scope: Scope, scene_id: str) -> Cursor:
    """A session's model object, standing on `scene_id` of the story's machine."""
    machine, ways = _built(story)
    return Cursor(scope, scene_id, machine, ways)


def allowed(cursor: Cursor) -> list[bool]:
    """Whether each choice of the cursor's scene may be taken now: every guard asked once."""
    answer = cursor.allowed
    if answer is None:
        scope = cursor.scope
        answer = cursor.allowed = [check(scope) for check in cursor.ways[cursor.state].checks]
    return answer


def position(cursor: Cursor, choice_id: str) -> int | None:
    """Where the choice with this id is in the cursor's scene, or None if it has none."""
    return cursor.ways[cursor.state].positions.get(choice_id)


def fire(cursor: Cursor, position: int) -> bool:
    """Take the choice at `position` of the cursor's scene; False when its guard refuses.

    The machine's Transition for that choice is executed: guard, effects, the move and the
    visit count, all the machine's. The engine knows which transition a choice is, so it
    does not ask the trigger's Event to find it by the cursor's state, nor go through the
    event queue, which a session (one player, one thread) never uses.
    """
    cursor.last_taken = None
    ways = cursor.ways[cursor.state]
    transition = ways.transitions[position]
    event = EventData(ways.source, ways.events[position], cursor.machine, cursor, (), {})
    event.transition = transition
    return bool(transition.execute(event))


def move(cursor: Cursor, scene_id: str) -> None:
    """Set the cursor's scene without firing anything (undo, restore)."""
    cursor.machine.set_state(scene_id, model=cursor)
    cursor.changed()
