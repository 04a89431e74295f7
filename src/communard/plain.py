"""The line-mode player: for screen readers, pipes, scripts and tests.

It prints the scene as text and reads one command a line. Everything goes
through the engine's Session, exactly as the Textual app does.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from typing import TextIO

from engine import ChoiceUnavailable, SaveError, Session, Story
from engine.saves import SaveStore
from engine.views import SceneView

from .kinds import kind_words

HELP = """Commands:
  1, 2, ...   take that choice
  n           the historical notes of this scene, with their sources
  u           undo the last choice
  s [NAME]    save (default name: quicksave)
  l [NAME]    load (default name: quicksave); `l ?` lists the saves
  r           restart from the beginning
  h or ?      this help
  q           quit (so does end of input)"""


_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain_text(markdown: str) -> str:
    """Markdown emphasis and links as plain words: a screen reader should not say 'star'."""
    text = _LINK.sub(r"\1 (\2)", markdown)
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), text)


class PlainPlayer:
    def __init__(self, story: Story, store: SaveStore, out: TextIO,
                 width: int | None = None):
        self.story = story
        self.session = Session(story)
        self.store = store
        self.out = out
        self.width = width or min(shutil.get_terminal_size((80, 24)).columns, 88)

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def para(self, text: str, indent: str = "") -> None:
        for block in plain_text(text).strip().split("\n\n"):
            joined = " ".join(line.strip() for line in block.splitlines())
            self.say(textwrap.fill(joined, self.width, initial_indent=indent,
                                   subsequent_indent=indent))
            self.say()

    def show(self, view: SceneView) -> None:
        self.say("=" * min(self.width, 60))
        self.say(f"{view.chapter_title} — {view.title}")
        facts = [f for f in (view.date_label, view.place) if f]
        word, meaning = kind_words(view.kind)
        facts.append(f"[{word}: {meaning}]" if meaning else f"[{word}]")
        self.say(" · ".join(facts))
        self.say()
        self.para(view.text)
        if view.ending is not None:
            self.say(f"THE END: {view.ending.title}")
            self.say()
            self.para(view.ending.epilogue)
        if view.questions:
            self.say("For discussion:")
            for question in view.questions:
                self.say(textwrap.fill(question, self.width, initial_indent="  - ",
                                       subsequent_indent="    "))
            self.say()
        for number, choice in enumerate(view.choices, 1):
            if choice.enabled:
                self.say(f"  {number}. {choice.text}")
            else:
                self.say(f"  {number}. ({choice.text}) — locked: {choice.locked_reason}")
        extras = []
        if view.notes:
            extras.append(f"n: {len(view.notes)} historical note(s)")
        extras.append("u: undo" if self.session.can_undo else "")
        extras.append("h: help")
        if view.ending is not None:
            extras.append("r: play again")
        self.say("  " + "   ".join(e for e in extras if e))

    def notes(self, view: SceneView) -> None:
        if not view.notes:
            self.say("This scene has no historical notes.")
            return
        for note in view.notes:
            self.say(f"* {note.title}")
            self.para(note.text, indent="  ")
            for number, source in enumerate(note.sources, 1):
                self.say(textwrap.fill(f"[{number}] {source.citation()}", self.width,
                                       initial_indent="  ", subsequent_indent="      "))
            self.say()

    def run(self, lines: Iterator[str], prompt: Callable[[], None] | None = None) -> int:
        self.show(self.session.view())
        for raw in lines:
            if not self.handle(raw.strip()):
                return 0
            if prompt:
                prompt()
        self.say()
        self.say("End of input: goodbye.")
        return 0

    def handle(self, line: str) -> bool:
        """Act on one command; False means quit."""
        view = self.session.view()
        command, _, rest = line.partition(" ")
        command = command.lower()
        rest = rest.strip()
        if not command:
            return True
        if command.isdecimal():  # not isdigit(): int('²') fails
            number = int(command) if len(command) < 10 else 0
            if not 1 <= number <= len(view.choices):
                self.say(f"Choose a number from 1 to {len(view.choices)}."
                         if view.choices else "The story has ended: r to play again, q to quit.")
                return True
            choice = view.choices[number - 1]
            if not choice.enabled:
                self.say(f"That way is locked: {choice.locked_reason}")
                return True
            try:
                self.show(self.session.choose(choice.id))
            except ChoiceUnavailable as exc:
                self.say(f"Not possible: {exc}")
        elif command == "n":
            self.notes(view)
        elif command == "u":
            if self.session.can_undo:
                self.show(self.session.undo())
            else:
                self.say("Nothing to undo: this is the beginning.")
        elif command == "r":
            self.show(self.session.restart())
        elif command == "s":
            self.save(rest or "quicksave")
        elif command == "l":
            self.load(rest or "quicksave")
        elif command in ("h", "?", "help"):
            self.say(HELP)
        elif command in ("q", "quit", "exit"):
            self.say("Goodbye.")
            return False
        else:
            self.say(f"Unknown command '{line}'. Type h for help.")
        return True

    def save(self, name: str) -> None:
        try:
            path = self.store.save(name, self.session)
        except (SaveError, OSError) as exc:
            self.say(f"Could not save: {exc}")
            return
        self.say(f"Saved as '{name}' ({path}).")

    def load(self, name: str) -> None:
        if name == "?":
            slots = self.store.slots()
            if not slots:
                self.say("No saves yet.")
            for slot in slots:
                state = (f"{slot.scene_title} ({slot.scene_date or 'no date'}), saved "
                         f"{slot.saved_at}") if slot.ok else f"cannot be loaded: {slot.error}"
                self.say(f"  {slot.name}: {state}")
            return
        try:
            self.session = self.store.load(name)
        except SaveError as exc:
            self.say(f"Could not load '{name}': {exc}")
            return
        self.say(f"Loaded '{name}'.")
        self.show(self.session.view())
