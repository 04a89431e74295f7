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

#: The save format written now, and the oldest one that can still be migrated.
SAVE_FORMAT = 2
MIN_SAVE_FORMAT = 1
SAVE_KIND = "communard-save"


class SaveError(Exception):
    """A save that cannot be used with this story or this version of Communard."""


@dataclass
class RestoredState:
    scene: str
    vars: dict[str, Any]
    visits: dict[str, int]
    taken: set[str]
    log: list[dict[str, Any]]


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
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise SaveError(f"the save is damaged: it cannot be brought from save format "
                            f"{version} to {version + 1} ({exc.__class__.__name__}: {exc})"
                            ) from None
        if not isinstance(data, dict) or data.get("format") != version + 1:
            raise SaveError(f"the migration of save format {version} did not give format "
                            f"{version + 1}.")
        version += 1
    return data


def load_session(story: Any, raw: Any) -> RestoredState:
    """Check a save against the story; everything that no longer fits is dropped or refused."""
    _check_story_id(story, raw)  # a save of another story says so, whatever its format
    data = migrate(raw)
    try:
        story_id = data["story"]["id"]
        scene = data["scene"]
        if not isinstance(scene, str):
            raise TypeError(f"the scene is {type(scene).__name__}, not a text")
        values = dict(data.get("vars", {}))
        visits = {str(k): int(v) for k, v in dict(data.get("visits", {})).items()}
        taken = {str(t) for t in data.get("taken", [])}
        log = list(data.get("log", []))
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise SaveError(f"the save is damaged ({exc.__class__.__name__}: {exc})") from None
    if story_id != story.id:
        raise SaveError(f"this save belongs to the story '{story_id}', not '{story.id}'")
    if scene not in story.scenes:
        raise SaveError(f"the scene '{scene}' where this game was saved no longer exists in "
                        f"'{story.title}' version {story.version} (saved with version "
                        f"{data['story'].get('version', '?')}). Start a new game.")
    clean_vars = _clean_vars(story, values)
    # The undo log is only as good as its oldest step that still fits the story.
    kept: list[dict[str, Any]] = []
    for entry in log:
        if not isinstance(entry, dict) or not _is_scene(story, entry.get("scene")) \
                or not _is_scene(story, entry.get("to")) \
                or not isinstance(entry.get("before"), dict):
            kept = []
            continue
        taken_there = entry.get("taken")
        before = {k: v for k, v in _clean_vars(story, entry["before"]).items()
                  if k in entry["before"]}
        grew = entry.get("grew")
        grew = {k: v for k, v in grew.items() if type(v) is int and v >= 0
                and story.variables.get(k) is not None and story.variables[k].type == "str"
                } if isinstance(grew, dict) else {}
        kept.append({"scene": entry["scene"], "choice": str(entry.get("choice")),
                     "to": entry["to"], "before": before, "grew": grew,
                     "taken": taken_there if isinstance(taken_there, str) else None})
    visits = {k: v for k, v in visits.items() if k in story.scenes}
    return RestoredState(scene, clean_vars, visits, taken, kept)


def _check_story_id(story: Any, data: Any) -> None:
    ref = data.get("story") if isinstance(data, dict) else None
    saved_for = ref.get("id") if isinstance(ref, dict) else None
    if isinstance(saved_for, str) and saved_for != story.id and data.get("kind") == SAVE_KIND:
        raise SaveError(f"this save belongs to the story '{saved_for}', not '{story.id}'")


def _is_scene(story: Any, value: Any) -> bool:
    return isinstance(value, str) and value in story.scenes


def _clean_vars(story: Any, values: dict) -> dict[str, Any]:
    """The story's variables, taking from `values` only what has the declared type.

    Undo restores these, so a damaged save must not bring back a variable of the
    wrong type or none at all: conditions rely on every variable being there.
    """
    clean = story.initial_vars()
    for name, value in values.items():
        spec = story.variables.get(name)
        if spec is not None and type(value) is type(spec.default):
            if spec.type == "int":  # a hand-edited save must not break the story's limits
                if spec.min is not None:
                    value = max(spec.min, value)
                if spec.max is not None:
                    value = min(spec.max, value)
            clean[name] = value
    return clean
