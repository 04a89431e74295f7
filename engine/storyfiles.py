"""Reading one file of a story: where it may be, how big, what characters, what YAML.

Every file a story lists must be inside the story's folder once links are
followed (`notes: ../../../../etc/passwd` is refused before anything is read,
so no message can show its content). The size is checked before the file is
read. Control characters are refused where they are: raw ones in the text
(NUL, ESC, a file saved as UTF-16), at their real line and column, before the
YAML parser sees them; escaped ones (`"\\e[2J"`) in the parsed values, at the
value that holds them. Nothing a story holds can then reach a terminal raw.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from . import yamlcache
from .files import UnsuitableFile, read_bounded
from .problems import Problem, ProblemList
from .safetext import RAW_CONTROL, char_name, controls_in, quoted
from .yamlsrc import SourceFile, YamlSyntaxError, parse_yaml

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_REMEMBERED = 256
_last_read: dict[Path, tuple[bytes, SourceFile | None, list[Problem]]] = {}
"""Each file's last bytes and what reading them gave: checking a story again (the language
server at each keystroke, `play --watch`) reads only the files that changed."""
_unsaved: ContextVar[Mapping[Path, bytes] | None] = ContextVar("unsaved", default=None)


@contextmanager
def unsaved_texts(texts: Mapping[Path, str]) -> Iterator[None]:
    """Read these texts instead of the files at these paths (an editor's unsaved buffers,
    for the language server); every other file is read from the disk as usual."""
    token = _unsaved.set({path.resolve(): text.encode("utf-8") for path, text in texts.items()})
    try:
        yield
    finally:
        _unsaved.reset(token)


def read_listed(root: Path, name: str, loc: tuple, listed_in: SourceFile,
                problems: ProblemList) -> SourceFile | None:
    """Read a file that story.yaml lists under `loc`; problems are reported where it is listed."""
    path = root / name
    shown = quoted(name, 80)
    if not _inside(root, path):
        line, column = listed_in.where(loc)
        problems.add("E002", f"'{shown}' is outside the story folder: every file a story lists "
                     "must be inside the folder that holds story.yaml (a link may not lead out "
                     "of it either). Move the file into the folder and list it by its path "
                     "from there.", listed_in.path, line, column)
        return None
    if not _exists(path):  # what exists but is no file (a FIFO, a folder) is said on reading
        line, column = listed_in.where(loc)
        problems.add("E002", f"cannot find '{shown}' (looked for {quoted(str(path), 200)}). "
                     "Create the file or "
                     "correct the name in story.yaml.", listed_in.path, line, column)
        return None
    return read_story_file(path, problems)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, a NUL in it: it is not there
        return False


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return False


def read_story_file(path: Path, problems: ProblemList) -> SourceFile | None:
    """The parsed file, or None when it cannot be read at all (the reason is reported)."""
    unsaved = _unsaved.get()
    try:
        raw = unsaved.get(path.resolve()) if unsaved else None
        if raw is None:
            raw = read_bounded(path, MAX_FILE_BYTES)
        elif len(raw) > MAX_FILE_BYTES:
            raise UnsuitableFile(f"it is larger than {MAX_FILE_BYTES // 2**20} MB")
    except UnsuitableFile as exc:
        fix = " Split it into several chapter files." if "larger" in str(exc) else ""
        problems.add("E002", f"cannot read the file: {exc}.{fix}", path)
        return None
    except OSError as exc:
        problems.add("E002", f"cannot read the file: {exc.strerror or exc}.", path)
        return None
    key = path.resolve()
    known = _last_read.get(key)
    if known is not None and known[0] == raw:  # unchanged since the last check: as it was
        problems.items.extend(known[2])
        return known[1]
    found = ProblemList()
    source = _parse(path, raw, found)
    problems.items.extend(found.items)
    if len(_last_read) >= MAX_REMEMBERED:
        del _last_read[next(iter(_last_read))]
    _last_read[key] = (raw, source, list(found.items))
    return source


def _parse(path: Path, raw: bytes, problems: ProblemList) -> SourceFile | None:
    """The file's bytes as parsed YAML, checked for what no story file may hold."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add("E002", f"the file is not UTF-8 text (byte {exc.start}). Save it as UTF-8.",
                     path)
        return None
    if not _raw_text_is_clean(path, text, problems):
        return None
    cached = yamlcache.load(raw)
    if cached is not None:
        data, duplicates = cached
        source = SourceFile(path, data, duplicate_keys=duplicates, text=text)
    else:
        try:
            source = parse_yaml(path, text)
        except YamlSyntaxError as exc:
            _report_yaml_error(path, exc, problems)
            return None
        yamlcache.store(raw, source.data, source.duplicate_keys)
    if "\\" in text:  # only an escape in a double-quoted text can make a control character
        _report_escaped_controls(source, problems)
    return source


def _raw_text_is_clean(path: Path, text: str, problems: ProblemList) -> bool:
    found = RAW_CONTROL.search(text)
    if found is None:
        return True
    index = found.start()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    count = len(RAW_CONTROL.findall(text))
    more = f" (and {count - 1} more in this file)" if count > 1 else ""
    if text.count("\x00") * 4 > len(text):
        problems.add("E004", "the file is full of NUL characters: it looks like UTF-16 text. "
                     "Save it as UTF-8.", path, line, column)
    else:
        problems.add("E004", f"the file holds the control character {char_name(found.group())}"
                     f" here{more}, which is not text and could disturb a player's terminal. "
                     "Remove it.", path, line, column)
    return False


def _report_escaped_controls(source: SourceFile, problems: ProblemList) -> None:
    for loc, char, is_key in controls_in(source.data):
        line, column = source.where(loc, key=is_key)
        problems.add("E004", f"this {'key' if is_key else 'text'} holds the control character "
                     f"{char_name(char)}, made by an escape such as \\e, \\x1b or \\a in double "
                     "quotes; it could disturb a player's terminal. Remove the escape.",
                     source.path, line, column)


def _report_yaml_error(path: Path, exc: YamlSyntaxError, problems: ProblemList) -> None:
    message = quoted(exc.message, 300)
    if exc.code != "E001":
        problems.add(exc.code, f"{message}.", path, exc.line, exc.column)
        return
    fix = ("Check the indentation and the quotes on this line or the one before."
           if "tag" not in exc.message else "Remove the `!` tag: a story file holds only "
           "text, numbers, true/false, dates, lists and mappings.")
    problems.add("E001", f"YAML syntax error: {message}. {fix}", path, exc.line, exc.column)
