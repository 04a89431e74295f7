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
SAVE_FORMAT = 1
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
        "log": [dict(entry, vars=dict(entry["vars"])) for entry in log],
    }


#: MIGRATIONS[n] turns format n into format n + 1.
#: Empty while there has been only one format; when format 2 comes, add
#: `1: upgrade_1_to_2` here and a test that loads a real format-1 save.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


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
                or not _is_scene(story, entry.get("to")) or not isinstance(entry.get("vars"), dict):
            kept = []
            continue
        taken_there = entry.get("taken")
        kept.append({"scene": entry["scene"], "choice": str(entry.get("choice")),
                     "to": entry["to"], "vars": _clean_vars(story, entry["vars"]),
                     "taken": taken_there if isinstance(taken_there, str) else None})
    visits = {k: v for k, v in visits.items() if k in story.scenes}
    return RestoredState(scene, clean_vars, visits, taken, kept)


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
