"""The save format: a playthrough as versioned plain data, and its migrations.

A save records the format version, the story's id and version, the scene,
the variables, visit counts, once-only choices taken and the step log (which
is also the undo log and the transcript). Saves older than the current
format are brought forward by tested migration functions, one version at a
time; newer ones are refused with a message that says what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .safetext import cut, quoted
from .savemodel import SAVE_KIND, parse_save

#: The save format written now, and the oldest one that can still be migrated.
SAVE_FORMAT = 2
MIN_SAVE_FORMAT = 1


class SaveError(Exception):
    """A save that cannot be used with this story or this version of Communard."""


@dataclass
class RestoredState:
    scene: str
    vars: dict[str, Any]
    visits: dict[str, int]
    taken: set[str]
    log: list[dict[str, Any]]
    saved_at: str | None = None


def dump_session(story: Any, scene: str, scope: Any, log: list[dict[str, Any]]) -> dict:
    return {
        "kind": SAVE_KIND,
        "format": SAVE_FORMAT,
        "story": {"id": story.id, "version": story.version},
        "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scene": scene,
        "vars": dict(scope.vars),
        "visits": dict(scope.visits),
        "taken": sorted(scope.taken),
        "log": [dict(entry, before=dict(entry["before"]), grew=dict(entry["grew"]))
                for entry in log],
    }


def upgrade_1_to_2(data: dict) -> dict:
    """Format 1 kept a full copy of the variables before each step; format 2 keeps,
    under `before`, only those the step changed, with the value they had before it
    (and `grew`, texts that grew at their end with their old length: none here).

    The value after step n is the copy kept before step n + 1 (or, for the last
    step, the save's own variables), so the change can be worked out exactly.
    """
    log = data["log"]
    after = data["vars"]
    if not isinstance(log, list) or not isinstance(after, dict):
        raise TypeError("the log or the variables are not what format 1 wrote")
    upgraded = []
    for entry in reversed(log):
        values = entry["vars"]
        if not isinstance(values, dict):
            raise TypeError("a step of the log has no variables")
        changed = {name: value for name, value in values.items()
                   if name not in after or type(after[name]) is not type(value)
                   or after[name] != value}
        upgraded.append({**{k: v for k, v in entry.items() if k != "vars"}, "before": changed,
                         "grew": {}})
        after = values
    upgraded.reverse()
    return {**data, "format": 2, "log": upgraded}


#: MIGRATIONS[n] turns format n into format n + 1; each has a test that loads a
#: real save of format n (tests/fixtures/saves/).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: upgrade_1_to_2}


def migrate(data: Any) -> dict:
    """Bring a save up to SAVE_FORMAT, or raise SaveError saying why it cannot be."""
    if not isinstance(data, dict) or data.get("kind") != SAVE_KIND:
        raise SaveError("this is not a Communard save file")
    version = data.get("format")
    if not isinstance(version, int):
        raise SaveError("the save has no format version")
    if version > SAVE_FORMAT:
        raise SaveError(f"the save was written by a newer Communard (save format {version}; "
                        f"this one reads up to {SAVE_FORMAT}). Update Communard to load it.")
    if version < MIN_SAVE_FORMAT:
        raise SaveError(f"the save format {version} is too old to load (the oldest supported "
                        f"is {MIN_SAVE_FORMAT}).")
    while version < SAVE_FORMAT:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"the save format {version} cannot be brought up to date (no "
                            "migration for it).")
        try:
            data = step(data)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                RecursionError) as exc:
            raise SaveError(f"the save is damaged: it cannot be brought from save format "
                            f"{version} to {version + 1} ({exc.__class__.__name__}: "
                            f"{quoted(str(exc), 80)})") from None
        if not isinstance(data, dict) or data.get("format") != version + 1:
            raise SaveError(f"the migration of save format {version} did not give format "
                            f"{version + 1}.")
        version += 1
    return data


def load_session(story: Any, raw: Any) -> RestoredState:
    """Check a save strictly, then against the story; SaveError says what does not fit.

    Damage (a value of the wrong type or out of range, a field missing or
    unknown) is refused, never mended. What the story has changed since is
    treated as the story's right: variables and scenes it no longer has are
    dropped, and the undo log keeps only the steps after the last one that
    passes through a scene that is gone.
    """
    _check_story_id(story, raw)  # a save of another story says so, whatever its format
    save = parse_save(migrate(raw))
    if isinstance(save, str):
        raise SaveError(f"the save is damaged: {save}")
    if save.story.id != story.id:
        raise SaveError(f"this save belongs to the story '{save.story.id}', not '{story.id}'")
    if save.scene not in story.scenes:
        raise SaveError(f"the scene '{save.scene}' where this game was saved no longer exists "
                        f"in '{story.title}' version {story.version} (saved with version "
                        f"{cut(save.story.version, 40)}). Start a new game.")
    values = story.initial_vars()
    values.update(_fitting(story, save.vars, "the variable"))
    kept: list[dict[str, Any]] = []
    for step in save.log:
        if step.scene not in story.scenes or step.to not in story.scenes:
            kept = []  # undo cannot go back through a scene that is gone
            continue
        before = _fitting(story, step.before, "before a step, the variable")
        grew = {}
        for name, length in step.grew.items():
            spec = story.variables.get(name)
            if spec is not None and spec.type != "str":
                raise SaveError(f"the save is damaged: the undo log shortens '{name}', which "
                                "is not a text")
            if spec is not None:
                grew[name] = length
        kept.append({"scene": step.scene, "choice": step.choice, "to": step.to,
                     "before": before, "grew": grew, "taken": step.taken})
    visits = {k: v for k, v in save.visits.items() if k in story.scenes}
    return RestoredState(save.scene, values, visits, set(save.taken), kept, save.saved_at)


def _check_story_id(story: Any, data: Any) -> None:
    ref = data.get("story") if isinstance(data, dict) else None
    saved_for = ref.get("id") if isinstance(ref, dict) else None
    if isinstance(saved_for, str) and saved_for != story.id and data.get("kind") == SAVE_KIND:
        raise SaveError(f"this save belongs to the story '{quoted(saved_for, 80)}', "
                        f"not '{story.id}'")


_KINDS = {bool: "bool", int: "int", str: "str"}
_WORDS = {"bool": "true or false", "int": "a whole number", "str": "a text"}


def _fitting(story: Any, values: dict[str, Any], what: str) -> dict[str, Any]:
    """The values of variables the story declares, each checked against its declaration."""
    fitting = {}
    for name, value in values.items():
        spec = story.variables.get(name)
        if spec is None:
            continue  # the story no longer has it
        if _KINDS[type(value)] != spec.type:
            raise SaveError(f"the save is damaged: {what} '{name}' is {_WORDS[_KINDS[type(value)]]}"
                            f", but the story says it is {_WORDS[spec.type]}")
        if spec.type == "int" and ((spec.min is not None and value < spec.min)
                                   or (spec.max is not None and value > spec.max)):
            raise SaveError(f"the save is damaged: {what} '{name}' is {value}, outside the "
                            f"{spec.min} to {spec.max} that the story allows")
        fitting[name] = value
    return fitting
