"""A playthrough: the one API every frontend uses.

A Session shows the current scene as plain data (`view`), takes a choice
(`choose`), goes back (`undo`), and turns itself into JSON-able data and back
(`to_dict` / `from_dict`). The undo log stores only what each step changed,
so a long playthrough on a large story costs constant time per choice.
"""

from __future__ import annotations

import secrets
from typing import Any

from . import machine, viewing
from .savedata import SaveError, dump_session, load_session
from .story import Choice, Scene, Story
from .textdelta import TextDelta, delta, undo
from .timeline import playthrough_timeline
from .viewing import codex_view, note_view, source_view
from .views import SceneView, Step, TimelineEntry

#: The choice id that `Session.jump` records in the log.
JUMP = "(jump)"


class ChoiceUnavailable(Exception):
    """The choice does not exist here or its condition is false."""


class Session:
    """One player's way through one story."""

    def __init__(self, story: Story, seed: int | None = None):
        """`seed` fixes what chance() and random() give (the same seed plays the same);
        by default each playthrough draws its own."""
        self.story = story
        self._scope = machine.Scope(story.initial_vars(), {story.start: 1}, set(),
                                    _new_seed() if seed is None else seed)
        self._cursor = machine.new_cursor(story, self._scope, story.start)
        self._log: list[dict[str, Any]] = []   # one entry per step, see savedata
        self._view_cache: SceneView | None = None
        self._frames = viewing.frames(story)

    # -- reading -------------------------------------------------------------
    @property
    def scene_id(self) -> str:
        return self._cursor.state

    @property
    def scene(self) -> Scene:
        return self.story.scenes[self._cursor.state]

    @property
    def vars(self) -> dict[str, Any]:
        """A copy of the variables, for display; changing it changes nothing."""
        return dict(self._scope.vars)

    @property
    def visits(self) -> dict[str, int]:
        return dict(self._scope.visits)

    @property
    def taken(self) -> frozenset[str]:
        """The once-only choices used up, as `scene#choice` keys (see machine.choice_key)."""
        return frozenset(self._scope.taken)

    @property
    def seed(self) -> int:
        """The playthrough's seed: with the moves made, it fixes every chance() and random()."""
        return self._scope.seed

    @property
    def stack(self) -> tuple[str, ...]:
        """The scenes the detours under way will return to, the next one last."""
        return tuple(self._scope.stack)

    @property
    def is_ending(self) -> bool:
        return self.scene.ending is not None

    @property
    def can_undo(self) -> bool:
        return bool(self._log)

    @property
    def history(self) -> tuple[Step, ...]:
        steps = []
        for entry in self._log:
            scene = self.story.scenes[entry["scene"]]
            choice = _find(scene, entry.get("key"), entry["choice"])
            text = choice.text.render(self._scope) if choice else entry["choice"]
            steps.append(Step(entry["scene"], choice.id if choice else entry["choice"], text,
                              entry["to"], choice.history if choice else None))
        return tuple(steps)

    def available(self) -> list[Choice]:
        """The choices a player may take now (cheap: no text is rendered)."""
        allowed = machine.allowed(self._cursor)
        return [c for c, ok in zip(self.scene.choices, allowed, strict=True) if ok]

    def recheck(self) -> None:
        """Ask the guards again (for a tool whose oracle changed what chance() gives)."""
        self._cursor.changed()
        self._view_cache = None

    def use_oracle(self, oracle: Any) -> None:
        """Let `oracle(site, count)` answer every chance() and random() instead of the seed
        (the explorer tries every answer); None gives the draws back to the seed."""
        self._scope.oracle = oracle
        self.recheck()

    def view(self) -> SceneView:
        """The current scene as plain data, with conditional text resolved."""
        if self._view_cache is None:
            self._view_cache = viewing.scene_view(
                self.story, self._frames, self.story.scenes[self._cursor.state], self._scope,
                machine.allowed(self._cursor))
        return self._view_cache

    # -- acting --------------------------------------------------------------
    def choose(self, choice_id: str) -> SceneView:
        """Take the choice with this id (as in `view().choices`); return the new scene."""
        self.step(choice_id)
        return self.view()

    def step(self, choice_id: str) -> None:
        """Take a choice without building the next view (for playtests and tools)."""
        scene_id = self._cursor.state
        position = machine.position(self._cursor, choice_id)
        if position is None:
            raise ChoiceUnavailable(f"there is no choice '{choice_id}' in {scene_id}")
        choice = self.story.scenes[scene_id].choices[position]
        values = self._scope.vars
        before = {effect.target: values.get(effect.target) for effect in choice.effects}
        if not machine.fire(self._cursor, position):
            raise ChoiceUnavailable(f"the choice '{choice_id}' is not available in {scene_id}")
        changed, texts = _changes(before, values)
        arrived = self._cursor.state
        self._log.append({"scene": scene_id, "choice": choice.id, "to": arrived,
                          "before": changed, "texts": texts, "taken": self._cursor.last_taken,
                          "key": choice.key, "pushed": choice.detour,
                          "popped": arrived if choice.returns else None})
        self._view_cache = None

    def undo(self) -> SceneView:
        """Go back one choice, exactly as it was; at the start, do nothing."""
        self.back()
        return self.view()

    def back(self) -> None:
        """Undo without building the view (for tools that search the story, as `step`)."""
        if self._log:
            entry = self._log.pop()
            scope = self._scope
            arrived = self._cursor.state
            count = scope.visits.get(arrived, 0) - 1
            if count > 0:
                scope.visits[arrived] = count
            else:
                scope.visits.pop(arrived, None)
            scope.vars.update(entry["before"])
            for name, change in entry["texts"].items():
                scope.vars[name] = undo(scope.vars[name], change)
            if entry["taken"]:
                scope.taken.discard(entry["taken"])
            if entry.get("pushed"):
                scope.stack.pop()
            if entry.get("popped"):
                scope.stack.append(entry["popped"])
            scope.turn = max(scope.turn - 1, 0)
            machine.move(self._cursor, entry["scene"])
            self._view_cache = None

    def jump(self, scene_id: str) -> SceneView:
        """Go straight to a scene, as teacher mode's jump list does.

        Recorded in the log like a step (choice id "(jump)", variables kept), so it
        can be undone, saved and shown in the transcript like any other move.
        """
        if scene_id not in self.story.scenes:
            raise ChoiceUnavailable(f"there is no scene '{scene_id}' to jump to")
        self._log.append({"scene": self._cursor.state, "choice": JUMP, "to": scene_id,
                          "before": {}, "texts": {}, "taken": None})
        machine.move(self._cursor, scene_id)
        visits = self._scope.visits
        visits[scene_id] = visits.get(scene_id, 0) + 1
        self._scope.turn += 1
        self._view_cache = None
        return self.view()

    def restart(self, seed: int | None = None) -> SceneView:
        """Back to the start with fresh variables and a new seed (keeps this object and its
        machine model)."""
        self._scope.seed = _new_seed() if seed is None else seed
        self._scope.turn = 0
        self._scope.stack.clear()
        self._scope.vars.clear()
        self._scope.vars.update(self.story.initial_vars())
        self._scope.visits.clear()
        self._scope.visits[self.story.start] = 1
        self._scope.taken.clear()
        self._log.clear()
        machine.move(self._cursor, self.story.start)
        self._view_cache = None
        return self.view()

    # -- saving --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole playthrough as JSON-able data, with format and story versions."""
        return dump_session(self.story, self._cursor.state, self._scope, self._log)

    @classmethod
    def from_dict(cls, story: Story, data: Any) -> Session:
        """Restore a playthrough; SaveError (never a crash) if it does not fit this story."""
        state = load_session(story, data)
        session = cls(story, state.seed)
        session._scope.turn = state.turn
        session._scope.stack[:] = state.stack
        session._scope.vars.update(state.vars)
        session._scope.visits.clear()
        session._scope.visits.update(state.visits)
        session._scope.taken.update(state.taken)
        session._log = state.log
        machine.move(session._cursor, state.scene)
        return session

    def timeline(self) -> list[TimelineEntry]:
        """The story's dates, first to last, with the scenes this player passed on each
        (see engine/timeline.py for where a scene dated by its month is placed)."""
        path = [e["scene"] for e in self._log] + [self._cursor.state]
        return playthrough_timeline(self.story, path)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict[str, TextDelta]]:
    """What a step changed, for undo: the old values, and the texts kept as deltas.

    Only the variables a choice's effects name are looked at, and only those that
    changed are kept. A long text that the step added to, at its end, start or
    both (`diary += '...'`), keeps only where it lies in the new one (see
    engine/textdelta.py): a long game must not store every variable, or a growing
    text, at every step (format 1 did, and an 1,100-choice game saved 11 MB).
    """
    changed: dict[str, Any] = {}
    texts: dict[str, TextDelta] = {}
    for name, old in before.items():
        new = after.get(name)
        if new == old:
            continue
        change = delta(old, new) if type(old) is str and type(new) is str else None
        if change is not None:
            texts[name] = change
        else:
            changed[name] = old
    return changed, texts


def _find(scene: Scene, key: str | None, choice_id: str) -> Choice | None:
    """The choice a step of the log took: by its stable key, or (older saves) its id."""
    for choice in scene.choices:
        if choice.key == key:
            return choice
    for choice in scene.choices:
        if key is None and choice.id == choice_id:
            return choice
    return None


def _new_seed() -> int:
    return secrets.randbits(52)  # JSON and JavaScript hold it exactly


__all__ = ["ChoiceUnavailable", "SaveError", "Session", "codex_view", "note_view",
           "source_view"]
