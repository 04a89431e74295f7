"""The save file, format 4, as strict pydantic models: what a save may hold at all.

A save is untrusted input (a player may edit it, a disk may damage it), so it
is validated as strictly as a story: every field there and of its type, no
field unknown, numbers whole and within the engine's limits, texts no longer
than the engine ever makes them and free of control characters. Nothing is
coerced: a visit count of "2" or 1.5 is damage, not a 2 or a 1. Whether the
save fits the story it is loaded into is checked afterwards, by savedata.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .expr_runtime import MAX_TEXT
from .expr_tokens import INT_LIMIT
from .safetext import CONTROL, char_name, quoted, shown

SAVE_KIND = "communard-save"


def _printable(text: str) -> str:
    found = CONTROL.search(text)
    if found:
        raise ValueError(f"holds the control character {char_name(found.group())}")
    return text


def _saved_at(text: str) -> str:
    """An ISO date and time with its time zone, given back in UTC."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("is not a date and time") from None
    if when.tzinfo is None:
        raise ValueError("has no time zone")
    if not 1970 <= when.year <= 9998:  # so that showing it in local time cannot overflow
        raise ValueError("is not a plausible date")
    return when.astimezone(dt.UTC).isoformat(timespec="seconds")


Name = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_printable)]
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_printable)]
Number = Annotated[int, Field(strict=True, ge=-INT_LIMIT, le=INT_LIMIT)]
Count = Annotated[int, Field(strict=True, ge=0, le=INT_LIMIT)]
Members = Annotated[list[Name], Field(max_length=500)]  # a set variable: its names, sorted
Value = Annotated[bool, Field(strict=True)] | Number | Text | Members
Seed = Annotated[int, Field(strict=True, ge=0, lt=1 << 53)]
When = Annotated[str, Field(max_length=64), AfterValidator(_saved_at)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StoryRef(_Strict):
    id: Name
    version: Text


class TextChange(_Strict):
    """A text a step changed, as a piece of its new value: old == new[at:at + kept] + lost."""

    at: Count
    kept: Count
    lost: Text


class Step(_Strict):
    """One move of the log: where from, which choice, where to, and how to undo it."""

    scene: Name
    choice: Name
    to: Name
    before: dict[Name, Value]   # variables the step changed, as they were before it
    texts: dict[Name, TextChange]  # long texts it changed, as deltas (engine/textdelta.py)
    taken: Name | None          # the once-only choice it used up
    key: Name | None = None     # the choice's stable key (format 3): its id, or '>' + where to
    pushed: bool = False        # it started a detour (undo takes it off the return stack)
    popped: Name | None = None  # it returned from a detour to this scene (undo puts it back)


class SaveFile(_Strict):
    kind: Literal["communard-save"]
    format: int
    story: StoryRef
    saved_at: When
    scene: Name
    vars: dict[Name, Value]
    visits: dict[Name, Count]
    taken: list[Name]
    log: list[Step]
    seed: Seed                  # with the turn, fixes what chance() and random() give
    turn: Count                 # moves made (undo counts back)
    stack: Annotated[list[Name], Field(max_length=64)]  # scenes detours will return to


def parse_save(data: Any) -> SaveFile | str:
    """The validated save, or why it is not one (a sentence for the player)."""
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        groups: dict[tuple, list[Any]] = {}  # a union's members each report: one place, one list
        for error in exc.errors(include_url=False):
            loc = tuple(p for p in error["loc"] if not _is_union_member(p))
            groups.setdefault(loc, []).append(error)
        loc, errors = next(iter(groups.items()))
        more = f" (and {len(groups) - 1} more problems)" if len(groups) > 1 else ""
        return f"{_problem(loc, _closest(errors))}{more}"


def _closest(errors: list[Any]) -> Any:
    """Of a union's errors, the one about the member the value was meant to be."""
    if len(errors) == 1:
        return errors[0]
    value = errors[0].get("input")
    wanted = {str: ("string", "value_error"), int: ("greater", "less")}.get(type(value), ())
    for error in errors:
        if error["type"].startswith(wanted):
            return error
    return dict(errors[0], type="value_type")


_WHAT = {
    "missing": "is missing",
    "extra_forbidden": "is not part of a save",
    "int_type": "should be a whole number",
    "bool_type": "should be true or false",
    "string_type": "should be a text",
    "dict_type": "should be a set of named values",
    "list_type": "should be a list",
    "string_too_long": "is too long",
    "string_too_short": "is empty",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
    "literal_error": "is not 'communard-save'",
    "value_type": "should be true or false, a whole number or a text",
}


def _problem(loc: tuple, error: Any) -> str:
    where = " › ".join(quoted(str(part), 40) for part in loc) or "the file"
    kind = error["type"]
    if kind == "value_error":
        what = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        what = _WHAT.get(kind, "has the wrong type")
    value = error.get("input")
    got = "" if kind in ("missing", "extra_forbidden") or isinstance(value, dict | list) \
        else f" (got {shown(value, 40)})"
    return f"{where} {what}{got}"


def _is_union_member(part: Any) -> bool:
    """pydantic adds the member of a union it tried ('bool', 'str', 'function-after[...]')."""
    return isinstance(part, str) and (part in ("bool", "int", "str", "constrained-int")
                                      or "[" in part or part.startswith("function-"))
