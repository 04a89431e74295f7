"""Problems an author can cause, with stable codes.

Every problem names a file, a line and a column, a code that never changes
meaning (so that people can search for it and tools can filter it) and a
message that says how to fix it. The loader collects all of them before it
gives up, so an author sees every mistake in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .safetext import one_line

Severity = Literal["error", "warning"]
#: Longest message kept: quoted values are cut where they are quoted, this is the net.
MAX_MESSAGE = 1000

#: Every code the checker can emit, with a one-line explanation for `communard codes`.
CODES: dict[str, str] = {
    "E001": "The file is not valid YAML (a syntax error).",
    "E002": "A file the story lists cannot be found or read.",
    "E003": "The story format version is newer or older than this engine supports.",
    "E004": "A file or a text holds a control character (NUL, ESC, ...), not text.",
    "E005": "Aliases (*name) expand to too many values, or to a value that contains itself.",
    "E010": "A key that the format does not know (often a typo).",
    "E011": "A required key is missing.",
    "E012": "A value has the wrong type or form.",
    "E020": "Two things share an id that must be unique.",
    "E101": "A choice leads to a scene that does not exist.",
    "E102": "A scene names a note that does not exist.",
    "E103": "A note or codex entry names a source that does not exist.",
    "E104": "A condition, effect or text uses a variable that is not declared.",
    "E105": "A scene names a codex entry that does not exist.",
    "E106": "visited() or visits() names a scene that does not exist.",
    "E107": "The start scene does not exist.",
    "E108": "A variable's default does not fit its type or limits.",
    "E110": "A condition, effect or text has a syntax error.",
    "E111": "A condition or effect mixes types (a number with true/false, ...).",
    "E112": "A condition uses something the language does not allow.",
    "E113": "Conditional text is malformed ({if} without {end}, ...).",
    "E114": "A set's name is not among the names the set may hold (`of:`).",
    "E120": "A scene can never be reached from the start.",
    "E121": "A scene that is not an ending has no way out.",
    "E122": "An ending can never be reached from the start.",
    "E123": "A scene has choices and an ending at once.",
    "E124": "A `to: (return)` choice that no detour leads to, or a choice that is both.",
    "E130": "A note has no source.",
    "E140": "A translation file or entry is not shaped as translations are.",
    "E141": "A translated text breaks or changes the English's {if}/{= } markup.",
    "W201": "A note is never shown by any scene.",
    "W202": "A source is never cited.",
    "W203": "A choice leads back in time (the dates are out of order).",
    "W204": "A variable is declared but never used.",
    "W205": "A codex entry is never met in any scene.",
    "W206": "Every way out of a scene depends on a condition: a player could be stuck.",
    "W207": "A historical scene has no note.",
    "W208": "A once-only choice has no id: saves remember it by where it leads.",
    "W209": "A detour never reaches a `to: (return)` (nor an ending): it cannot come back.",
    "W210": "A text of the story has no translation in a language that has a folder.",
    "W211": "A translation was made from English that has changed since (stale).",
    "W212": "A translation names a string the story no longer has.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a story, located in a file."""

    code: str
    message: str
    file: Path | None = None
    line: int = 0
    column: int = 0

    @property
    def severity(self) -> Severity:
        return "warning" if self.code.startswith("W") else "error"

    def format(self, base: Path | None = None) -> str:
        """The `path:line:col: error E101: message` line compilers made familiar.

        Control characters and line breaks are made visible: a file name or a
        message that quotes a file can carry them, and this one line goes to a terminal.
        """
        where = "<story>"
        if self.file is not None:
            where = _display_path(self.file, base)
            if self.line:
                where += f":{self.line}:{self.column or 1}"
        return one_line(f"{where}: {self.severity} {self.code}: {self.message}")

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.file or ""), self.line, self.column, self.code)


def _display_path(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


@dataclass
class ProblemList:
    """Collects problems while a story loads, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, file: Path | None = None,
            line: int = 0, column: int = 0) -> None:
        if code not in CODES:  # a bug in the engine, not the story
            raise ValueError(f"unknown problem code {code}")
        if len(message) > MAX_MESSAGE:  # a value quoted whole would flood the terminal
            message = message[:MAX_MESSAGE - 1] + "…"
        self.items.append(Problem(code, message, file, line, column))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)


class StoryError(Exception):
    """Raised by load_story when a story has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0].format() if errors else "no details"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class UnreadableStory(Exception):
    """The path given is not a story folder at all (exit code 2, not 1)."""
