"""Safe YAML reading that can say where every value came from.

Story files are untrusted: only the safe loader is used (the C one where
PyYAML has it), hardened by engine.yamlload. A file is built the fast way
(engine.yamlfast, straight from the parser's events) when it uses only plain
YAML, and by the full safe loader otherwise. Positions are needed only when
something is reported, so a file's node tree is composed again, to find lines
and columns, only when a problem in it must be located.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yamlfast
from .yamlload import Loader, LoadError

Path_ = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed YAML file: its data, and the position of each value and key on demand."""

    path: Path
    data: Any
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)
    text: str = ""
    _values: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)
    _keys: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        if self._values is None:
            self._index()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        if self._keys is None:
            self._index()
        assert self._keys is not None
        return self._keys

    def _index(self) -> None:
        """Compose the file again, this time recording where each path starts."""
        self._values, self._keys = {}, {}
        loader = Loader(self.text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _Indexer(self._values, self._keys).visit(node, ())
        except (yaml.YAMLError, RecursionError):
            pass
        finally:
            loader.dispose()

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc`, or the nearest parent.

        With `key`, the position of the key that holds it; a list item has no key,
        so it is located by where the item starts.
        """
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            if key and isinstance(probe[-1], int) and probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def locate(self, loc: Path_, offset: int) -> tuple[int, int]:
        """Line and column of character `offset` of the text value at `loc`.

        Follows the value's YAML style: plain or quoted on the key's line, or a
        block (`|`, `>`) whose lines start below it. Folded lines are joined with
        one character, as YAML does, so a position in them is exact in the usual
        cases and close otherwise.
        """
        line, column = self.where(loc)
        lines = self.__dict__.get("_lines")
        if lines is None:
            lines = self.__dict__["_lines"] = self.text.splitlines()
        if not 1 <= line <= len(lines):
            return line, column + offset
        first = lines[line - 1]
        style = first[column - 1:column]
        rows: list[tuple[int, int, str]] = []  # (line, column where the text starts, text)
        if style in ("|", ">"):
            body = lines[line:]
            indent = next((len(r) - len(r.lstrip(" ")) for r in body if r.strip()), 0)
            for number, row in enumerate(body, line + 1):
                if row.strip() and len(row) - len(row.lstrip(" ")) < indent:
                    break
                rows.append((number, indent + 1, row[indent:]))
        else:
            start = column + (style in ("'", '"'))
            rows.append((line, start, first[start - 1:]))
            for number, row in enumerate(lines[line:], line + 1):
                stripped = row.lstrip()
                rows.append((number, len(row) - len(stripped) + 1, stripped))
        literal = style == "|"
        position = 0
        for index, (number, start, row) in enumerate(rows):
            if offset <= position + len(row) or index == len(rows) - 1:
                return number, start + max(offset - position, 0)
            position += len(row)
            following = rows[index + 1][2]
            if literal or not row.strip() or following.strip():
                position += 1  # the line break (a folded break before a blank line vanishes)
        return line, column + offset


class YamlSyntaxError(Exception):
    """The file cannot be read as a story's YAML: E001 (syntax), or the code LoadError gave."""

    def __init__(self, message: str, line: int, column: int, code: str = "E001"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


def parse_yaml(path: Path, text: str) -> SourceFile:
    """Parse `text` (the content of `path`) into a SourceFile, or raise YamlSyntaxError."""
    try:
        try:
            data, duplicates = yamlfast.build(text)
        except yamlfast.Fallback:
            data, duplicates = _load_fully(text)
        return SourceFile(path, data, duplicate_keys=duplicates, text=text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        code = exc.code if isinstance(exc, LoadError) else "E001"
        raise YamlSyntaxError(problem, line, column, code) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from None
    except (ValueError, OverflowError) as exc:  # a value PyYAML cannot build: never a crash
        raise YamlSyntaxError(f"a value cannot be read ({exc})", 1, 1) from None
    except RecursionError:
        raise YamlSyntaxError("the YAML is nested too deeply", 1, 1) from None


def _load_fully(text: str) -> tuple[Any, list]:
    loader = Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


class _Indexer:
    """Walks a node tree and records the line and column where each path starts."""

    def __init__(self, values: dict, keys: dict):
        self.values = values
        self.keys = keys
        self.seen: set[int] = set()

    def visit(self, node: yaml.Node, loc: Path_) -> None:
        self.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self.seen:  # an alias: its insides are indexed where it was defined
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if key_node.tag == "tag:yaml.org,2002:bool":  # `yes:` is the key 'true'
                    key = str(yaml.constructor.SafeConstructor.bool_values.get(
                        key.lower(), key)).lower()
                child = (*loc, key)
                self.keys.setdefault(child, (key_node.start_mark.line + 1,
                                             key_node.start_mark.column + 1))
                self.visit(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.visit(item, (*loc, index))
