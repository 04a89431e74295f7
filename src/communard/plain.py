"""The line-mode player: for screen readers, pipes, scripts and tests.

It prints the scene as text and reads one command a line, with every feature
of the Textual game: notes, codex, timeline, undo, saves, the autosave and
Continue, and the transcript export. Everything goes through the engine's
Session, as the app does, and the same builders (communard.game).

What it prints is meant to be heard: no Markdown symbols, no rules of `=`,
no brackets or raw timestamps. Scenes begin "Scene 4. The Oven.", times say
"today at 01:38", and a prompt ("> ") follows every answer when the input is a
terminal. Anything that would lose a game asks first.
"""

from __future__ import annotations

import contextlib
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from engine import ChoiceUnavailable, SaveError, Session, Story
from engine.saves import AUTOSAVE, SaveStore, SlotInfo
from engine.views import SceneView

from . import plainpanels
from .i18n import N_, _, ngettext, scene_date_words
from .i18n import _ as gettext
from .keys import AZERTY_CHARACTERS
from .kinds import kind_words
from .plainpanels import sentence
from .plaintext import plain_text
from .saveerrors import save_error
from .settings import EndingsFound
from .wording import saved_when

HELP = N_("""Type a command, then Enter:
  1, 2, 3 and so on: take that choice (& é " ' ( on an AZERTY keyboard work too).
  a: read the scene again.
  n: the historical notes of this scene, with their sources.
  c: the codex, the people, places and terms met so far.
  t: the timeline, the story's dates and where you stand.
  u: undo, take back the last choice.
  s, or s and a name: save. Without a name, the save is called quicksave.
  l, or l and a name: load a save. l alone lists the saves.
  x: export the transcript of this playthrough, to keep or hand in.
     x html writes it as a web page.
  r: start again from the beginning. It asks first.
  h: this help.
  q: quit. The game is kept: it is saved after every choice.""")


#: Yes in the languages of the interface (the French help says "o pour oui").
YES = ("y", "yes", "o", "oui")


class PlainPlayer:
    """Plays one story line by line on `out`; `run` reads the commands."""

    def __init__(self, story: Story, store: SaveStore, out: TextIO,
                 width: int | None = None, *, exports: Path | None = None) -> None:
        self.story = story
        self.session = Session(story)
        self.store = store
        self.out = out
        self.width = width or min(shutil.get_terminal_size((80, 24)).columns, 88)
        self.exports = exports
        self.endings = EndingsFound(story.id)
        self._answer: Callable[[str], bool] | None = None  # set while a question waits

    # -- output -----------------------------------------------------------------
    def say(self, text: str = "") -> None:
        """Print, wrapping at a space any line longer than the terminal: a terminal cut
        "The Last Barricade" into "The Last Barr" and "icade". A long path or address
        is never split (it is copied whole)."""
        print("\n".join(line if len(line) <= self.width else
                        textwrap.fill(line, self.width, break_long_words=False,
                                      break_on_hyphens=False,
                                      subsequent_indent=line[:len(line) - len(line.lstrip())])
                        for line in text.split("\n")), file=self.out)

    def para(self, text: str, indent: str = "") -> None:
        """Markdown prose as wrapped plain paragraphs (lines joined before Markdown goes)."""
        for block in text.strip().split("\n\n"):
            joined = " ".join(line.strip() for line in block.splitlines())
            self.say(textwrap.fill(plain_text(joined), self.width, initial_indent=indent,
                                   subsequent_indent=indent))
            self.say()

    def line(self, text: str, indent: str = "  ", hanging: str = "    ") -> None:
        self.say(textwrap.fill(text, self.width, initial_indent=indent,
                               subsequent_indent=hanging))

    def show(self, view: SceneView) -> None:
        self.say()
        self.say(_("Scene {number}. {title}").format(number=len(self.session.history) + 1,
                                                     title=sentence(view.title)))
        word, meaning = kind_words(view.kind)
        facts = [view.chapter_title, scene_date_words(view.date, view.date_precision), view.place,
                 _("{kind}: {meaning}").format(kind=word.capitalize(), meaning=meaning)
                 if meaning else word.capitalize()]
        self.line(" ".join(sentence(f) for f in facts if f), indent="", hanging="")
        self.say()
        self.para(view.text)
        if view.ending is not None:
            self.say(_("The end: {title}").format(title=sentence(view.ending.title)))
            self.say()
            self.para(view.ending.epilogue)
            plainpanels.path(self, view.ending.id)
        if view.questions:
            self.say(_("For discussion:"))
            for question in view.questions:
                self.line(f"- {plain_text(question)}")
            self.say()
        if view.choices:
            self.say(_("Choices:"))
        for number, choice in enumerate(view.choices, 1):
            text = plain_text(choice.text)
            if choice.enabled:
                self.line(f"{number}. {text}")
            else:
                self.line(_("{number}. {text} Locked: {reason}").format(
                    number=number, text=sentence(text), reason=choice.locked_reason))
        self.line(self.keys(view), indent="", hanging="  ")

    def keys(self, view: SceneView) -> str:
        """One line of the keys that do something here, said as words."""
        keys = []
        if view.notes:
            count = len(view.notes)
            keys.append(ngettext("n for the historical note", "n for the {count} historical notes",
                                 count).format(count=count))
        if view.codex:
            keys.append(_("c for the codex"))
        if view.ending is not None:
            keys += [_("x to export the transcript"), _("r to play again")]
        if self.session.can_undo:
            keys.append(_("u to undo"))
        keys.append(_("h for help"))
        return _("Keys: {keys}.").format(keys=", ".join(keys))

    # -- input ------------------------------------------------------------------
    def run(self, lines: Iterator[str], prompt: Callable[[], None] | None = None) -> int:
        """Play from `lines` until q or the end of input; `prompt` is shown before each."""
        self.start()
        if prompt:
            prompt()
        for raw in lines:
            if not self.handle(raw.strip()):
                return 0
            if prompt:
                prompt()
        self.say()
        self.say(_("End of input: goodbye."))
        return 0

    def start(self) -> None:
        """Offer to continue a game in progress, or show the first scene."""
        info = self._autosave()
        if info is not None and info.ok and info.steps:
            when = saved_when(info.saved_at)
            choices = ngettext("{count} choice", "{count} choices", info.steps).format(
                count=info.steps)
            self.say((_("You have a game in progress: {scene}, {choices} in, saved {when}.")
                      if when else _("You have a game in progress: {scene}, {choices} in."))
                     .format(scene=info.scene_title, choices=choices, when=when))
            self.say(_("Type c to continue it, or n to start a new game (it replaces that one)."))
            self._answer = self._continue_or_new
            return
        self.show(self.session.view())

    def _autosave(self) -> SlotInfo | None:
        if not self.store.exists(AUTOSAVE):
            return None
        return next((s for s in self.store.slots() if s.name == AUTOSAVE), None)

    def _continue_or_new(self, line: str) -> bool:
        """The answer to start()'s question: c, n, l NAME or q; anything else asks again."""
        command, _sep, name = line.lower().partition(" ")
        if command in ("c", "continue", *YES):
            self.load(AUTOSAVE)
        elif command in ("n", "new"):
            self.moved()
            self.show(self.session.view())
        elif command in ("q", "quit", "exit"):
            return self.handle(line)
        elif command == "l" and name.strip() and self.load(line[2:].strip()):
            pass
        else:
            self.say(_("Type c to continue your game, n to start a new one, or q to quit."))
            self._answer = self._continue_or_new
        return True

    def ask(self, question: str, then: Callable[[], None]) -> None:
        """Ask a yes/no question; the next line answers it (y runs `then`).

        Any other command is a no, and is then carried out: "x" answers "Start again?
        To keep it, type x first" by exporting the transcript.
        """
        self.say(question + " " + _("Type y for yes, or n to keep playing."))

        def answer(line: str) -> bool:
            if line.lower() in YES:
                then()
                return True
            self.say(_("Kept: you are still at {scene}").format(
                scene=sentence(self.session.view().title)))
            return line.lower() in ("", "n", "no") or self.handle(line)
        self._answer = answer

    def handle(self, line: str) -> bool:
        """Act on one command (or answer the question asked); False means quit."""
        if self._answer is not None:
            answer, self._answer = self._answer, None
            return answer(line)
        view = self.session.view()
        command, _sep, rest = line.partition(" ")
        command = command.lower()
        rest = rest.strip()
        if not command:
            return True
        if command.isdecimal():  # not isdigit(): int('²') fails
            self.choose(view, int(command) if len(command) < 10 else 0)
        elif not rest and command in AZERTY_CHARACTERS:  # "&" typed for 1 on AZERTY
            self.choose(view, AZERTY_CHARACTERS[command])
        elif command in ("q", "quit", "exit"):
            self.say(_("Goodbye. Your game is kept: next time, type c to continue it."))
            return False
        else:
            action = self.commands().get(command)
            if action is None:
                self.say(_("Unknown command '{command}'. Type h for help.").format(command=line))
            else:
                action(rest)
        return True

    def commands(self) -> dict[str, Callable[[str], None]]:
        view = self.session.view
        return {
            "a": lambda _: self.show(view()),
            "n": lambda _: plainpanels.notes(self, view()),
            "c": lambda _: plainpanels.codex(self),
            "t": lambda _: plainpanels.timeline(self),
            "u": lambda _: self.undo(),
            "r": lambda _: self.restart(),
            "s": lambda name: self.save(name or "quicksave"),
            "l": self.load_or_list,
            "x": lambda fmt: plainpanels.export(self, fmt),
            "h": lambda _: self.say(gettext(HELP)), "?": lambda _: self.say(gettext(HELP)),
            "help": lambda _: self.say(gettext(HELP)), "aide": lambda _: self.say(gettext(HELP)),
        }

    # -- moves ------------------------------------------------------------------
    def moved(self) -> None:
        """After every move: the autosave (so quitting never loses the game), and an
        ending reached is counted among those found on this machine."""
        try:
            self.store.save(AUTOSAVE, self.session)
        except (SaveError, OSError) as exc:
            self.say(_("The autosave failed: {error}").format(error=save_error(exc)))
        ending = self.session.view().ending
        if ending is not None and self.endings.add(ending.id):
            with contextlib.suppress(OSError):  # a count for curiosity: never stop the game
                self.endings.save()

    def choose(self, view: SceneView, number: int) -> None:
        if not 1 <= number <= len(view.choices):
            self.say(_("Choose a number from 1 to {count}.").format(count=len(view.choices))
                     if view.choices else
                     _("The story has ended: x to export the transcript, r to play again, "
                       "q to quit."))
            return
        choice = view.choices[number - 1]
        if not choice.enabled:
            self.say(_("Choice {number} is locked: {reason}").format(
                number=number, reason=choice.locked_reason))
            return
        try:
            self.session.choose(choice.id)
        except ChoiceUnavailable as exc:
            self.say(_("Not possible: {error}").format(error=exc))
            return
        self.moved()
        self.show(self.session.view())

    def undo(self) -> None:
        if not self.session.can_undo:
            self.say(_("Nothing to undo: this is the first scene."))
            return
        self.session.undo()
        self.moved()
        self.show(self.session.view())

    def restart(self) -> None:
        def again() -> None:
            self.session.restart()
            self.moved()
            self.show(self.session.view())

        steps = len(self.session.history)
        if not steps:
            again()
            return
        view = self.session.view()
        choices = ngettext("{count} choice", "{count} choices", steps).format(count=steps)
        if view.ending is not None:
            lost = _("This playthrough, which ended with {ending} after {choices}, is replaced. "
                     "To keep it, type x first to export its transcript.").format(
                         ending=view.ending.title, choices=choices)
        else:
            lost = _("Your game, {choices} in, is replaced. To keep it, save it first "
                     "with s.").format(choices=choices)
        self.ask(_("Start again from the beginning?") + " " + lost, again)

    # -- saves ------------------------------------------------------------------
    def save(self, name: str) -> None:
        try:
            if name == AUTOSAVE:
                raise SaveError(_("'autosave' is kept for the automatic save: choose another "
                                  "name"), "reserved-name")
            path = self.store.save(name, self.session)
        except (SaveError, OSError) as exc:
            self.say(_("Could not save: {error}").format(error=save_error(exc)))
            return
        self.say(_("Saved as '{name}', in {folder}.").format(name=name, folder=path.parent))

    def load_or_list(self, name: str) -> None:
        """`l NAME` loads that save; `l` alone (or `l ?`) lists them."""
        if name in ("", "?"):
            plainpanels.saves(self)
        else:
            self.load(name)

    def load(self, name: str) -> bool:
        try:
            self.session = self.store.load(name)
        except SaveError as exc:
            self.say(_("Could not load '{name}': {error}").format(name=name,
                                                                  error=save_error(exc)))
            return False
        self.say(_("Continuing your game.") if name == AUTOSAVE else
                 _("Loaded '{name}'.").format(name=name))
        self.moved()
        self.show(self.session.view())
        return True

