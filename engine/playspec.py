"""Playthrough specs: tests an author writes in YAML, played against the story.

A spec (a file in the story's `tests/` folder) lists the choices to take, by
id or by their text, and what must be true along the way: the scene, a text
that appears (or does not), a choice offered, locked or hidden, a variable's
value, the ending. It is played with an ordinary `Session`, as a player
would, and stops at the first step that does not hold; that step is reported
at the spec's own file, line and column with what was expected and what the
story did instead, as a golden transcript would show the difference.

Specs are untrusted input like the rest of a story folder: read bounded, by
the safe YAML reader, validated strictly. Problems in a spec itself (a scene
that does not exist, a key misspelt) are found before anything is played.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from .files import UnsuitableFile, read_bounded
from .problems import Problem, ProblemList
from .safetext import CONTROL, controls_in, cut, visible
from .session import Session
from .story import Story
from .validation import validate
from .views import ChoiceView, SceneView
from .yamlsrc import SourceFile, YamlSyntaxError, parse_yaml

SPEC_FOLDER = "tests"
MAX_SPEC_BYTES = 2 * 1024 * 1024
MAX_SPECS = 1_000

#: Codes of what `communard test` reports (`communard codes` lists them with the checker's).
SPEC_CODES: dict[str, str] = {
    "S101": "A test spec names a scene, ending or variable that the story does not have.",
    "S102": "A test spec expects a variable to hold a value of another type.",
    "S201": "A playthrough is not at the scene (or ending) the spec expects.",
    "S202": "A text the spec expects to see is not there (or one it must not see is).",
    "S203": "A choice is not offered, locked or hidden as the spec expects.",
    "S204": "A variable does not hold the value the spec expects.",
    "S205": "A choice the spec takes is not there, or cannot be taken.",
}

Texts = Annotated[StrictStr, Field(max_length=10_000)] | list[
    Annotated[StrictStr, Field(max_length=10_000)]]
ChoiceRef = StrictStr | StrictInt


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SpecStep(_Model):
    """One step: expectations about the scene shown now, then (optionally) choices to take."""

    scene: StrictStr | None = None
    ending: StrictStr | None = None
    see: Texts | None = None
    unseen: Texts | None = None
    offered: ChoiceRef | list[ChoiceRef] | None = None
    locked: ChoiceRef | list[ChoiceRef] | None = None
    hidden: ChoiceRef | list[ChoiceRef] | None = None
    vars: dict[StrictStr, StrictBool | StrictInt | StrictStr] | None = None
    choose: ChoiceRef | list[ChoiceRef] | None = None


class SpecFile(_Model):
    """A spec file: a name for reports, and its steps in order."""

    name: StrictStr | None = None
    seed: Annotated[StrictInt, Field(ge=0, lt=1 << 53)] = 0
    """What chance() and random() draw from: a spec plays the same every time."""
    steps: list[SpecStep] = Field(min_length=1, max_length=100_000)


#: The order the keys of one step are checked in: where first, then what is shown, then act.
STEP_KEYS = ("scene", "ending", "see", "unseen", "offered", "locked", "hidden", "vars", "choose")


@dataclass
class SpecResult:
    """What one spec did: passed, or the problems (of the spec, or the first failure)."""

    file: Path
    name: str
    problems: list[Problem] = field(default_factory=list)
    choices_taken: int = 0
    path: tuple[str, ...] = ()
    """The scenes passed, start first, up to where the spec stopped."""
    shown: SceneView | None = None
    """The scene shown where a failure happened, for the report."""

    @property
    def passed(self) -> bool:
        return not self.problems


def spec_files(story: Story) -> list[Path]:
    """The spec files of a story: `tests/*.yaml` (and `.yml`) inside its folder, sorted."""
    folder = story.root / SPEC_FOLDER
    if not folder.is_dir():
        return []
    root = story.root.resolve()
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".yaml", ".yml") and _inside(root, path):
            found.append(path)
    return found[:MAX_SPECS]


def _inside(root: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root) and path.is_file()
    except (OSError, RuntimeError, ValueError):
        return False


def run_spec(story: Story, path: Path) -> SpecResult:
    """Read, check and play one spec file."""
    result = SpecResult(path, path.stem)
    problems = ProblemList()
    source = _read(path, problems)
    spec = validate(SpecFile, source, problems) if source is not None else None
    result.problems.extend(problems.sorted())
    if spec is None or source is None:
        return result
    result.name = spec.name or path.stem
    result.problems.extend(_static_problems(story, spec, source))
    if result.problems:
        return result
    _play(story, spec, source, result)
    return result


def _read(path: Path, problems: ProblemList) -> SourceFile | None:
    try:
        text = read_bounded(path, MAX_SPEC_BYTES).decode("utf-8")
    except (OSError, UnsuitableFile, UnicodeDecodeError) as exc:
        problems.add("E002", f"cannot read the spec: {quoted(str(exc), 120)}. Save it as UTF-8 "
                     "text, smaller than 2 MB.", path)
        return None
    found = CONTROL.search(text.replace("\r", ""))
    if found:
        index = found.start()
        problems.add("E012", "the spec holds a control character, which is not text. Remove it.",
                     path, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))
        return None
    try:
        source = parse_yaml(path, text)
    except YamlSyntaxError as exc:
        problems.add("E001", f"YAML syntax error: {quoted(exc.message, 200)}. Check the "
                     "indentation and the quotes on this line or the one before.",
                     path, exc.line, exc.column)
        return None
    if source.data is None:
        source.data = {}
    for loc, _char, _key in controls_in(source.data, limit=1):  # "\e" in double quotes
        line, column = source.where(loc)
        problems.add("E012", "this text holds a control character (made by an escape such as "
                     "\\e or \\x1b in double quotes), which is not text. Remove it.",
                     path, line, column)
        return None
    return source



def quoted(text: str, limit: int = 60) -> str:
    """A text from the spec or the story as a one-line message quotes it."""
    return cut(visible(text).replace("\n", "\\n"), limit)


def _at(source: SourceFile, code: str, message: str, *loc: Any, key: bool = False) -> Problem:
    line, column = source.where(("steps", *loc), key=key)
    return Problem(code, message, source.path, line, column)


def _items(value: Any) -> list[tuple[tuple, Any]]:
    """A one-or-many value as (location suffix, item) pairs."""
    if isinstance(value, list):
        return [((n,), item) for n, item in enumerate(value)]
    return [((), value)]


def resolve_scene(story: Story, ref: str) -> str | None:
    """'chapter.scene', or a scene id used by one chapter only."""
    if ref in story.scenes:
        return ref
    found = [s.id for s in story.scenes.values() if s.local_id == ref]
    return found[0] if len(found) == 1 else None


def _static_problems(story: Story, spec: SpecFile, source: SourceFile) -> list[Problem]:
    """Names the story does not have, found before playing (so a rename says so at once)."""
    problems = []
    endings = story.endings
    for index, step in enumerate(spec.steps):
        if step.scene is not None and resolve_scene(story, step.scene) is None:
            hint = _close(step.scene, list(story.scenes))
            problems.append(_at(source, "S101", f"the story has no scene '{quoted(step.scene)}'"
                                f"{hint} Write it as chapter.scene.", index, "scene"))
        if step.ending is not None and step.ending not in endings:
            hint = _close(step.ending, list(endings))
            problems.append(_at(source, "S101", f"the story has no ending "
                                f"'{quoted(step.ending)}'{hint} Use an ending's id.",
                                index, "ending"))
        for name, value in (step.vars or {}).items():
            spec_of = story.variables.get(name)
            if spec_of is None:
                hint = _close(name, list(story.variables))
                problems.append(_at(source, "S101", f"the story has no variable "
                                    f"'{quoted(name)}'{hint} Use a variable of story.yaml.",
                                    index, "vars", name, key=True))
            elif type(value).__name__ != spec_of.type:
                kind = _KINDS[spec_of.type]
                problems.append(_at(source, "S102", f"'{name}' holds {kind}, so it can never "
                                    f"be {_yaml(value)}. Expect {kind}.",
                                    index, "vars", name))
    return sorted(problems, key=Problem.sort_key)


_KINDS = {"bool": "true or false", "int": "a whole number", "str": "a text"}


def _close(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else "."


def find_choice(choices: tuple[ChoiceView, ...], ref: str | int) -> ChoiceView | str:
    """The choice `ref` names (its id, its text, or a part of its text found in one
    choice only), or a sentence saying why there is none."""
    wanted = str(ref)
    for choice in choices:
        if choice.id == wanted:
            return choice
    for choice in choices:
        if _plain(choice.text) == _plain(wanted):
            return choice
    needle = _plain(wanted).casefold()
    parts = [c for c in choices if needle and needle in _plain(c.text).casefold()]
    if len(parts) == 1:
        return parts[0]
    if parts:
        return f"'{quoted(wanted)}' is part of {len(parts)} choices here; write more of it"
    return f"no choice here has the id or text '{quoted(wanted)}'"


def _plain(text: str) -> str:
    """Text with its white space made single spaces, as YAML may fold it."""
    return " ".join(text.split())


def listing(view: SceneView) -> str:
    """The choices shown, as a failure lists them: `[id] text (locked: reason)`."""
    parts = []
    for choice in view.choices:
        lock = "" if choice.enabled else f" (locked: {quoted(choice.locked_reason or '', 50)})"
        parts.append(f"[{quoted(choice.id, 40)}] {quoted(_plain(choice.text), 70)}{lock}")
    return "; ".join(parts) or "none"


def _play(story: Story, spec: SpecFile, source: SourceFile, result: SpecResult) -> None:
    session = Session(story, seed=spec.seed)
    path = [session.scene_id]
    for index, step in enumerate(spec.steps):
        view = session.view()
        for failure in _check_step(story, session, view, step):
            code, message, loc = failure
            result.problems.append(_at(source, code, message, index, *loc))
            result.path, result.shown = tuple(path), view
            return
        for loc, ref in _items(step.choose) if step.choose is not None else []:
            view = session.view()
            found = find_choice(view.choices, ref)
            if isinstance(found, str) or not found.enabled:
                why = found if isinstance(found, str) else (
                    f"the choice [{found.id}] is locked here: "
                    f"{quoted(found.locked_reason or 'its condition is false', 100)}")
                result.problems.append(_at(source, "S205", f"cannot choose at "
                                           f"{view.id}: {why}.",
                                           index, "choose", *loc))
                result.path, result.shown = tuple(path), view
                return
            session.step(found.id)
            result.choices_taken += 1
            path.append(session.scene_id)
    result.path = tuple(path)


def _check_step(story: Story, session: Session, view: SceneView,
                step: SpecStep) -> Iterator[tuple[str, str, tuple]]:
    """The first expectation of `step` that does not hold, as (code, message, location)."""
    if step.scene is not None:
        wanted = resolve_scene(story, step.scene)
        if view.id != wanted:
            yield "S201", f"expected the scene {wanted}, but the story is at {view.id}.", \
                ("scene",)
    if step.ending is not None:
        got = view.ending.id if view.ending else None
        if got != step.ending:
            now = f"the ending '{got}'" if got else f"{view.id}, which is not an ending"
            yield "S201", f"expected the ending '{step.ending}', but the story is at {now}.", \
                ("ending",)
    shown = _plain(view.text + (" " + view.ending.epilogue if view.ending else ""))
    for key, present in (("see", True), ("unseen", False)):
        for loc, text in _items(getattr(step, key)) if getattr(step, key) is not None else []:
            if (_plain(text) in shown) != present:
                what = "is not in" if present else "is in"
                yield "S202", f"'{quoted(_plain(text))}' {what} the text of {view.id}: " \
                    f"\"{quoted(shown, 160)}\".", (key, *loc)
    for key in ("offered", "locked", "hidden"):
        for loc, ref in _items(getattr(step, key)) if getattr(step, key) is not None else []:
            found = find_choice(view.choices, ref)
            state = "hidden" if isinstance(found, str) else (
                "offered" if found.enabled else "locked")
            if state != key:
                yield "S203", f"expected '{quoted(str(ref))}' to be {key} at {view.id}, but " \
                    f"it is {state}.", (key, *loc)
    values = session.vars
    for name, value in (step.vars or {}).items():
        if values.get(name) != value or type(values.get(name)) is not type(value):
            yield "S204", f"expected {name} to be {_yaml(value)} at {view.id}, but it is " \
                f"{_yaml(values.get(name))}.", ("vars", name)


def _yaml(value: Any) -> str:
    """A value as the spec would write it: true, 3, 'text'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return quoted(repr(value))
