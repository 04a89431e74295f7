"""PyYAML's safe loader, hardened for untrusted story files.

Only the safe loader is ever used (the C parser where PyYAML has it). On top
of it, this loader

- gives keys as text (`2007:` is the id '2007') and remembers duplicate keys
  where they were written, except keys a `<<: *base` merge brings in, which
  the mapping's own keys legally override;
- keeps a merge's keys unique as it goes, so nested merges cost linear time
  (PyYAML's own flattening repeats every merged key at every level: eight
  levels of nine merges make 43 million pairs);
- counts the values of the document as aliases expand them before building
  anything, and refuses a document whose aliases expand too far or into
  themselves (an "alias bomb" of 7 levels of 9 aliases is 4.8 million values
  in 33 KB, and every walk of the data, from validation to the parse cache,
  would pay for all of them);
- refuses whole numbers beyond the engine's limit however they are written
  (`0xfff...`, octal, sexagesimal), and tags that make anything but text,
  numbers, booleans, null, dates, lists and mappings (`!!binary`, `!!set`).
"""

from __future__ import annotations

from typing import Any

import yaml

from .expr_tokens import INT_LIMIT

try:  # the C parser is several times faster on large stories
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
#: How many more values than it writes out a file's aliases may add.
MAX_ALIAS_VALUES = 100_000
_LONGEST_NUMBER = 80  # characters: 10**15 in binary with underscores is shorter
_SPECIAL_KEYS = frozenset({MERGE_TAG, "tag:yaml.org,2002:value"})


class LoadError(yaml.MarkedYAMLError):
    """A value the story format refuses although YAML allows it; `code` says which."""

    def __init__(self, code: str, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


class Loader(_Base):
    """The safe loader, with a shortcut for the common case of plain text scalars.

    PyYAML tries every implicit type (int, bool, date, ...) on every scalar in
    Python. A scalar whose first character starts none of them, or that was
    quoted, can only be a string, so we say so at once (a third of load time
    on large stories).
    """

    starts = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
    # The only plain words (starting with a letter) that YAML 1.1 reads as something
    # other than text: booleans and null. "title", "fictional", "to" are text at once.
    words = frozenset(w for base in ("yes", "no", "true", "false", "on", "off", "null")
                      for w in (base, base.capitalize(), base.upper()))

    def __init__(self, stream: Any):
        super().__init__(stream)
        self.duplicates: list[tuple[tuple[str | int, ...], int, int]] = []
        self.merged: dict[yaml.MappingNode, int] = {}  # node -> pairs a merge put first
        # Without an anchor (&name) there can be no alias, and nothing to count.
        self.may_alias = not isinstance(stream, str) or "&" in stream

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value and (value[0] not in self.starts
                              or (value[0].isalpha() and value not in self.words)):
                    return STR_TAG
            elif implicit[1]:
                return STR_TAG
        return super().resolve(kind, value, implicit)

    def construct_document(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.may_alias:
            check_expansion(node)
        return super().construct_document(node)

    def flatten_mapping(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        """PyYAML's merge, with each merged key kept once (the one that wins)."""
        if node in self.merged or not any(key.tag in _SPECIAL_KEYS for key, _ in node.value):
            return  # flattened already (a mapping that merges it was built first), or plain
        own = [pair for pair in node.value if pair[0].tag != MERGE_TAG]
        super().flatten_mapping(node)
        merged = node.value[:len(node.value) - len(own)]
        seen = {_key_of(key) for key, _ in own}
        unique = []
        for key, value in reversed(merged):  # PyYAML lets the last pair of a key win
            name = _key_of(key)
            if name is None or name not in seen:
                unique.append((key, value))
                if name is not None:
                    seen.add(name)
        unique.reverse()
        node.value = unique + node.value[len(node.value) - len(own):]
        self.merged[node] = len(unique)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201 - PyYAML's signature
        """Keys as text, and duplicate keys remembered (but not merge overrides).

        Keys are made text before they go in the mapping: in Python `1` and `True`
        are one key, so PyYAML's own mapping would lose `1: one` beside `true: yes`.
        """
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # PyYAML's own error
        self.flatten_mapping(node)
        merged = self.merged.get(node, 0)  # the first pairs came from merges
        mapping: dict[str, Any] = {}
        own: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, dict | list):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found unhashable key", key_node.start_mark)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if index >= merged:
                if key in own:
                    mark = key_node.start_mark
                    self.duplicates.append((("?", key), mark.line + 1, mark.column + 1))
                own.add(key)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        """A whole number, refused beyond the engine's limit in any notation."""
        text = node.value
        value = None
        if len(text) <= _LONGEST_NUMBER and text.count(":") < 8:
            value = super().construct_yaml_int(node)
        if value is None or abs(value) > INT_LIMIT:
            shown = text if len(text) <= 24 else f"{text[:20]}… ({len(text)} characters)"
            raise LoadError("E012", f"the number {shown} is too large: a story's numbers are "
                            f"whole numbers from -{INT_LIMIT:,} to {INT_LIMIT:,}. Write a "
                            "smaller number, or put the value in quotes if it is text",
                            node.start_mark)
        return value

    def construct_yaml_timestamp(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        """An impossible date (1871-02-30) stays text: the checker then says what is wrong."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value

    def construct_refused(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        raise yaml.constructor.ConstructorError(
            None, None, f"found the tag {node.tag}, which a story file cannot use",
            node.start_mark)


Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
for _tag in ("binary", "omap", "pairs", "set"):
    Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", Loader.construct_refused)


def _key_of(node: yaml.Node) -> tuple[str, str] | None:
    return (node.tag, node.value) if isinstance(node, yaml.ScalarNode) else None


def check_expansion(root: yaml.Node) -> None:
    """Refuse a node tree whose aliases expand too far, or into themselves.

    Counts, without building anything, how many values the document holds once
    every alias is written out: each distinct node is visited once, and its
    expanded size remembered, so this costs the size of the file, not of the bomb.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            size = 1
            for child in _children(node):
                size += sizes[id(child)]
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise LoadError("E005", "an alias (*name) here stands for a value that contains "
                            "it, so it never ends. Write the value out instead",
                            node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise LoadError("E005", "an alias (*name) here stands for a value that "
                                "contains it, so it never ends. Write the value out instead",
                                child.start_mark)
            if id(child) not in sizes:
                stack.append((child, False))
    expanded, distinct = sizes[id(root)], len(sizes)
    if expanded - distinct > MAX_ALIAS_VALUES:
        where = root  # point at the value that is too big, not at the whole file
        while True:
            big = max(_children(where), key=lambda child: sizes[id(child)], default=None)
            if big is None or sizes[id(big)] <= MAX_ALIAS_VALUES:
                break
            where = big
        raise LoadError("E005", f"the aliases (*name) of this file stand for {expanded:,} "
                        f"values once written out, from {distinct:,} written; at most "
                        f"{MAX_ALIAS_VALUES:,} more are allowed, and this value alone stands "
                        f"for {sizes[id(where)]:,}. Use fewer aliases, or aliases of smaller "
                        "parts", where.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
