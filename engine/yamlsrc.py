"""Safe YAML reading that remembers where every value came from.

Story files are untrusted: only the safe loader is used (the C one where
PyYAML has it). We compose the node tree ourselves rather than call
`safe_load`, because an author's error must name a line and a column, and only
the nodes know them. Aliases are memoised, so an "alias bomb" costs linear time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser is several times faster on large stories
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed YAML file: its data and the position of each value and key."""

    path: Path
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc`, or the nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_yaml(path: Path, text: str) -> SourceFile:
    """Parse `text` (the content of `path`) into a SourceFile, or raise YamlSyntaxError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        source = SourceFile(path, None)
        if node is not None:
            source.data = _Builder(loader, source).build(node, ())
        return source
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise YamlSyntaxError(problem, line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from None
    except RecursionError:
        raise YamlSyntaxError("the YAML is nested too deeply", 1, 1) from None
    finally:
        loader.dispose()


class _Builder:
    """Turns nodes into plain Python data while recording positions."""

    def __init__(self, loader: Any, source: SourceFile):
        self.loader = loader
        self.source = source
        self.memo: dict[int, Any] = {}

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        self.source.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        known = self.memo.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            result: Any = {}
            self.memo[id(node)] = result
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if isinstance(key, list | dict):
                    raise YamlSyntaxError(
                        "a key must be a plain word, not a list or mapping",
                        key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if not isinstance(key, str):
                    key = str(key).lower() if isinstance(key, bool) else str(key)
                child = (*loc, key)
                position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in result:
                    self.source.duplicate_keys.append((child, *position))
                self.source.keys.setdefault(child, position)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            result = []
            self.memo[id(node)] = result
            for index, item in enumerate(node.value):
                result.append(self.build(item, (*loc, index)))
            return result
        value = self.loader.construct_object(node, deep=True)
        return value
