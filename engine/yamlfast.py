"""Build a story file's data straight from the C parser's events: the fast path.

Most of a cold load was PyYAML turning text into Python objects: the C parser
is quick, but composing a node for every value and then constructing the data
from the nodes runs in Python, through general machinery (tags, anchors,
recursive structures, deep/shallow construction) that a story file almost
never uses. This builder reads the same events the composer reads and builds
lists, dicts and scalars directly, resolving each plain scalar exactly as the
safe loader does (it calls the loader's own resolver and constructors).

It covers the plain subset: no anchors or aliases, no explicit tags, no
merge keys, no complex keys. At the first event outside it, it gives up
(`Fallback`) and the file is loaded again by the full safe loader, so those
features keep PyYAML's semantics and the loader's hardening exactly. Syntax
errors are raised by the parser here as they would be there.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .yamlload import STR_TAG, Loader

#: Tags of plain scalars this path builds with the loader's own constructors.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}"
                         for t in ("null", "bool", "int", "float", "timestamp"))


class Fallback(Exception):
    """The file uses something only the full loader handles."""


def build(text: str) -> tuple[Any, list[tuple[tuple[str | int, ...], int, int]]]:
    """The file's data and its duplicate keys (`(('?', key), line, column)`), or Fallback."""
    loader = Loader(text)
    try:
        return _build(loader), loader.duplicates
    finally:
        loader.dispose()


def _build(loader: Loader) -> Any:
    get = loader.get_event
    starts, words = Loader.starts, Loader.words
    resolve = loader.resolve
    constructors = loader.yaml_constructors
    duplicates = loader.duplicates
    get()  # StreamStart
    event = get()
    if type(event) is StreamEndEvent:
        return None
    if type(event) is not DocumentStartEvent:
        raise Fallback
    stack: list[Any] = []          # the open lists and dicts, innermost last
    keys: list[Any] = []           # for each open dict: its pending key (None: expecting one)
    marks: list[Any] = []          # for each open dict: where the pending key was written
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise Fallback
            value: Any = event.value
            tag = event.tag
            if tag is not None and tag != "!":
                raise Fallback
            implicit = event.implicit
            if implicit[0] and not (value and (value[0] not in starts or (
                    value[0].isalpha() and value not in words))):
                tag = resolve(yaml.ScalarNode, value, implicit)
                if tag != STR_TAG:
                    if tag not in _SCALAR_TAGS:
                        raise Fallback  # merge keys, '=' and anything unusual
                    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark,
                                           event.style)
                    value = constructors[tag](loader, node)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise Fallback
            if kind is MappingStartEvent:
                stack.append({})
                keys.append(None)
                marks.append(None)
            else:
                stack.append([])
            continue
        elif kind is MappingEndEvent:
            keys.pop()
            marks.pop()
            value = stack.pop()
        elif kind is SequenceEndEvent:
            value = stack.pop()
        elif kind is DocumentEndEvent:
            if type(get()) is not StreamEndEvent:
                raise Fallback  # several documents: the full loader says so
            return root
        elif kind is AliasEvent:
            raise Fallback
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise Fallback
        if not stack:
            root = value
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif keys[-1] is None:
            if type(value) is not str:
                if type(value) in (dict, list):
                    raise Fallback  # a complex key
                value = str(value).lower() if type(value) is bool else str(value)
            keys[-1] = value
            marks[-1] = event.start_mark
        else:
            mapping, key = stack[-1], keys[-1]
            if key in mapping:
                mark = marks[-1]
                duplicates.append((("?", key), mark.line + 1, mark.column + 1))
            mapping[key] = value
            keys[-1] = None
