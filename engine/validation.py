"""Turn pydantic's validation errors into problems an author can act on.

pydantic reports a location as a tuple of keys and indexes; the YAML source
knows the line of each such path. This module joins the two and rewrites the
message into the format's own words, with a did-you-mean for misspelt keys.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from .problems import ProblemList
from .safetext import quoted, shown
from .yamlsrc import SourceFile

_validated: dict[tuple[type, int], tuple[SourceFile, Any, list]] = {}
_MAX_VALIDATED = 256


def validate(model: type[BaseModel], source: SourceFile, problems: ProblemList) -> Any | None:
    """Validate `source.data` with `model`; record every problem; return the model or None.

    A file read again unchanged is the same SourceFile (storyfiles remembers it), and its
    models are immutable, so its result is remembered too: a story checked again after an
    edit validates only the files that changed."""
    key = (model, id(source))
    known = _validated.get(key)
    if known is not None and known[0] is source:
        problems.items.extend(known[2])
        return known[1]
    found = ProblemList()
    result = _validate(model, source, found)
    problems.items.extend(found.items)
    if len(_validated) >= _MAX_VALIDATED:
        del _validated[next(iter(_validated))]
    _validated[key] = (source, result, list(found.items))
    return result


def _validate(model: type[BaseModel], source: SourceFile, problems: ProblemList) -> Any | None:
    for loc, line, column in source.duplicate_keys:
        problems.add("E020", f"the key '{loc[-1]}' appears twice here; YAML keeps only the last "
                     "one. Remove or rename one of them.", source.path, line, column)
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        seen: set[tuple[int, int, str]] = set()
        errors = exc.errors(include_url=False)
        # `tittle:` is reported as unknown with a did-you-mean 'title'; 'title' missing is no news.
        misspelt = set()
        for error in errors:
            loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
            if error["type"] == "extra_forbidden" and loc:
                for close in difflib.get_close_matches(str(loc[-1]), _allowed_keys(
                        model, loc[:-1]), n=1, cutoff=0.6):
                    misspelt.add((*loc[:-1], close))
        for error in errors:
            if error["type"] == "missing" and tuple(
                    p for p in error["loc"] if not _is_union_tag(p)) in misspelt:
                continue
            code, message, loc, on_key = _describe(model, error)
            line, column = source.where(loc, key=on_key)
            if (line, column, code) in seen:
                continue
            seen.add((line, column, code))
            problems.add(code, message, source.path, line, column)
        return None


def _describe(model: type[BaseModel], error: Any) -> tuple[str, str, tuple, bool]:
    loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
    kind = error["type"]
    where = _readable(loc)
    if kind == "extra_forbidden":
        key = quoted(str(loc[-1])) if loc else "?"
        allowed = sorted(_allowed_keys(model, loc[:-1]))
        hint = ""
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            hint = f" — did you mean '{close[0]}'?"
        listing = f" Allowed here: {', '.join(allowed)}." if allowed else ""
        return ("E010", f"unknown key '{key}'{hint or '.'}{listing}", loc, True)
    if kind == "missing":
        key = str(loc[-1]) if loc else "?"
        if key == "sources" and _allowed_keys(model, loc[:-1]) >= {"title", "text", "sources"}:
            return ("E130", f"{_readable(loc[:-1])} has no sources: every note must cite at least "
                    "one source. Add `sources: [id]` with an id from sources.yaml.", loc[:-1], True)
        return ("E011", f"missing required key '{key}' in {_readable(loc[:-1]) or 'this file'}. "
                f"Add `{key}: ...`.", loc[:-1], bool(loc[:-1]))
    if kind == "too_short" and loc and loc[-1] == "sources":
        return ("E130", f"{where} is empty: cite at least one source id from sources.yaml.",
                loc, False)
    message = str(error.get("msg", "invalid value"))
    value = error.get("input")
    got = "" if isinstance(value, dict | list) else f" (got {shown(value)})"
    if kind == "string_pattern_mismatch":
        message = "an id may hold only letters, digits, '-' and '_', and must start with a " \
                  "letter or digit"
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"must be one of {expected}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = "should be a set of `key: value` lines here, not a single value or a list"
    elif kind == "list_type":
        message = "should be a list here: `[a, b]`, or one `- item` per line"
    return ("E012", f"{where or 'the file'}: {message}{got}.", loc, False)


def _is_union_tag(part: Any) -> bool:
    """pydantic adds the union member it tried ('str', 'list[str]', ...) to a location."""
    return isinstance(part, str) and (
        any(c in part for c in "[(<") or part in {"str", "int", "bool", "float", "none"}
        or part.startswith("function-"))


def _readable(loc: tuple) -> str:
    """Counted as an author counts: ('scenes', 1, 'choices', 0) -> 'scene 2 › choice 1'."""
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            label = words.pop() if words else "item"
            singular = {"scenes": "scene", "choices": "choice", "chapters": "chapter",
                        "notes": "note", "sources": "source", "codex": "codex entry",
                        "do": "effect", "variables": "variable"}.get(label, label)
            words.append(f"{singular} {part + 1}")
        else:
            words.append(quoted(str(part)))
    return " › ".join(words)


def _allowed_keys(model: Any, loc: tuple) -> set[str]:
    """The keys a mapping at `loc` may hold, by walking the model's annotations."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    current = _unwrap_model(current)
    if isinstance(current, type) and issubclass(current, BaseModel) \
            and not issubclass(current, RootModel):
        return {f.alias or name for name, f in current.model_fields.items()}
    return set()


def _step(current: Any, part: Any) -> Any:
    current = _unwrap_model(current)
    if isinstance(current, type) and issubclass(current, RootModel):
        current = current.model_fields["root"].annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        for name, info in current.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(current)
    args = typing.get_args(current)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    return None


def _unwrap_model(annotation: Any) -> Any:
    """Optional[Model] or Model | None -> Model; Annotated[X, ...] -> X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation
