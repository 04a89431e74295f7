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

from .expr_runtime import MAX_TEXT
from .safetext import cut, quoted
from .savemodel import SAVE_KIND, parse_save
from .textdelta import TextDelta

#: The save format written now, and the oldest one that can still be migrated.
SAVE_FORMAT = 4
MIN_SAVE_FORMAT = 1


class SaveError(Exception):
    """A save that cannot be used with this story or this version of Communard.

    The message is English detail for logs and English players; `code` (not-a-save,
    newer, too-old, damaged, other-story, scene-gone, bad-name, cannot-save,
    no-such-save) and `params` are what a frontend words in the player's language.
    """

    def __init__(self, message: str, code: str = "damaged", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass
class RestoredState:
    scene: str
    vars: dict[str, Any]
    visits: dict[str, int]
    taken: set[str]
    log: list[dict[str, Any]]
    saved_at: str | None = None
    seed: int = 0
    turn: int = 0
    stack: tuple[str, ...] = ()


def dump_session(story: Any, scene: str, scope: Any, log: list[dict[str, Any]]) -> dict:
    return {
        "kind": SAVE_KIND,
        "format": SAVE_FORMAT,
        "story": {"id": story.id, "version": story.version},
        "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scene": scene,
        "vars": _plain(scope.vars),
        "visits": dict(scope.visits),
        "taken": sorted(scope.taken),
        "log": [dict(entry, before=_plain(entry["before"]),
                     texts={name: change._asdict() for name, change in entry["texts"].items()})
                for entry in log],
        "seed": scope.seed,
        "turn": scope.turn,
        "stack": list(scope.stack),
    }


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Variables as JSON has them: a set as its names, sorted."""
    return {name: sorted(value) if isinstance(value, frozenset) else value
            for name, value in values.items()}


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
def upgrade_2_to_3(data: dict) -> dict:
    """Format 3 adds the seed of chance() and random(), the moves made (`turn`) and the
    return stack of detours; a format-2 game had none of them. Its once-only choices were
    remembered as `scene#id`, where a choice without an id had its position as id: those
    keys are turned into stable ones when the save meets its story (load_session)."""
    log = data["log"]
    if not isinstance(log, list):
        raise TypeError("the log is not a list")
    seed = sum(ord(c) * 31 ** i for i, c in enumerate(str(data.get("saved_at"))[:20])) % (1 << 52)
    return {**data, "format": 3, "seed": seed, "turn": len(log), "stack": [],
            "legacy_taken": True}


def upgrade_3_to_4(data: dict) -> dict:
    """Format 3 kept, under `grew`, the old length of a text that grew at its end; format 4
    keeps, under `texts`, any long text a step changed as a piece of its new value
    (engine/textdelta.py): a text that grew at its end is the piece from 0 of that length."""
    log = data["log"]
    if not isinstance(log, list):
        raise TypeError("the log is not a list")
    upgraded = []
    for entry in log:
        grew = entry["grew"]
        if not isinstance(grew, dict):
            raise TypeError("a step's grown texts are not a mapping")
        texts = {name: {"at": 0, "kept": length, "lost": ""} for name, length in grew.items()}
        upgraded.append({**{k: v for k, v in entry.items() if k != "grew"}, "texts": texts})
    return {**data, "format": 4, "log": upgraded}


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: upgrade_1_to_2, 2: upgrade_2_to_3,
                                                  3: upgrade_3_to_4}


def migrate(data: Any) -> dict:
    """Bring a save up to SAVE_FORMAT, or raise SaveError saying why it cannot be."""
    if not isinstance(data, dict) or data.get("kind") != SAVE_KIND:
        raise SaveError("this is not a Communard save file", "not-a-save")
    version = data.get("format")
    if not isinstance(version, int):
        raise SaveError("the save has no format version", "not-a-save")
    if version > SAVE_FORMAT:
        raise SaveError(f"the save was written by a newer Communard (save format {version}; "
                        f"this one reads up to {SAVE_FORMAT}). Update Communard to load it.",
                        "newer", version=version, supported=SAVE_FORMAT)
    if version < MIN_SAVE_FORMAT:
        raise SaveError(f"the save format {version} is too old to load (the oldest supported "
                        f"is {MIN_SAVE_FORMAT}).", "too-old", version=version)
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
    migrated = migrate(raw)
    legacy = bool(migrated.pop("legacy_taken", False))
    save = parse_save(migrated)
    if isinstance(save, str):
        raise SaveError(f"the save is damaged: {save}")
    if save.story.id != story.id:
        raise SaveError(f"this save belongs to the story '{save.story.id}', not '{story.id}'",
                        "other-story", story=save.story.id)
    if save.scene not in story.scenes:
        raise SaveError(f"the scene '{save.scene}' where this game was saved no longer exists "
                        f"in '{story.title}' version {story.version} (saved with version "
                        f"{cut(save.story.version, 40)}). Start a new game.", "scene-gone")
    values = story.initial_vars()
    values.update(_fitting(story, save.vars, "the variable"))
    kept: list[dict[str, Any]] = []
    for step in save.log:
        if step.scene not in story.scenes or step.to not in story.scenes:
            kept = []  # undo cannot go back through a scene that is gone
            continue
        before = _fitting(story, step.before, "before a step, the variable")
        texts = {}
        for name, change in step.texts.items():
            spec = story.variables.get(name)
            if spec is not None and spec.type != "str":
                raise SaveError(f"the save is damaged: the undo log changes '{name}' as a "
                                "text, but it is not one")
            if change.at + change.kept > MAX_TEXT or change.kept + len(change.lost) > MAX_TEXT:
                raise SaveError(f"the save is damaged: the undo log makes '{name}' longer "
                                "than a text can be")
            if spec is not None:
                texts[name] = TextDelta(change.at, change.kept, change.lost)
        kept.append({"scene": step.scene, "choice": step.choice, "to": step.to,
                     "before": before, "texts": texts, "taken": step.taken})
        kept[-1].update(key=step.key, pushed=step.pushed, popped=step.popped)
    visits = {k: v for k, v in save.visits.items() if k in story.scenes}
    taken = {_stable(story, k) for k in save.taken} if legacy else set(save.taken)
    stack = tuple(s for s in save.stack if s in story.scenes)
    return RestoredState(save.scene, values, visits, taken, kept, save.saved_at, save.seed,
                         save.turn, stack)


def _stable(story: Any, key: str) -> str:
    """A once-only key of save format 2 (`scene#id`, the id a position when the choice had
    none) as format 3 keeps it (`scene#key`)."""
    scene_id, _, choice_id = key.rpartition("#")
    scene = story.scenes.get(scene_id)
    for choice in scene.choices if scene is not None else ():
        if choice.id == choice_id:
            return f"{scene_id}#{choice.key}"
    return key


def _check_story_id(story: Any, data: Any) -> None:
    ref = data.get("story") if isinstance(data, dict) else None
    saved_for = ref.get("id") if isinstance(ref, dict) else None
    if isinstance(saved_for, str) and saved_for != story.id and data.get("kind") == SAVE_KIND:
        raise SaveError(f"this save belongs to the story '{quoted(saved_for, 80)}', "
                        f"not '{story.id}'", "other-story", story=quoted(saved_for, 80))


_KINDS = {bool: "bool", int: "int", str: "str", list: "set"}
_WORDS = {"bool": "true or false", "int": "a whole number", "str": "a text",
          "set": "a list of names"}


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
        if spec.type == "set":  # names the story no longer has are its right to drop
            value = frozenset(n for n in value if n in spec.of)
        fitting[name] = value
    return fitting
