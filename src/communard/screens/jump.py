"""Teacher mode's jump list: go straight to any chapter or scene.

A teacher preparing a lesson wants the barricades of May without replaying
March; the jump is taken through `Session.jump`, so it is logged, undoable
and saved like any other move.
"""

from __future__ import annotations

from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine.story import Story

from ..i18n import N_, _, spec_words
from ..kinds import kind_words
from .base import Overlay


def jump_options(story: Story) -> list[Option]:
    options: list[Option] = []
    for number, chapter in enumerate(story.chapters, 1):
        options.append(Option(Text(f"{number}. {chapter.title.upper()}", style="bold"),
                              id=f"chapter:{chapter.id}", disabled=True))
        for scene_id in chapter.scene_ids:
            scene = story.scenes[scene_id]
            line = Text(scene.title)
            facts = [f for f in (spec_words(scene.date),
                                 kind_words(scene.kind)[0].lower()) if f]
            if scene.ending is not None:
                facts.append(_("ending"))
            line.append(f"  ({', '.join(facts)})", style="italic")
            options.append(Option(Padding(line, (0, 0, 0, 3)), id=scene_id))
    return options


class JumpScreen(Overlay[str | None]):
    """Chapters and their scenes; Enter jumps to the highlighted scene."""

    BINDINGS = [Binding("j", "close", N_("Close"), show=False)]
    HEADING = N_("TEACHER MODE: JUMP TO A SCENE")

    def __init__(self, story: Story, current: str) -> None:
        super().__init__()
        self.story = story
        self.current = current

    def body(self) -> ComposeResult:
        yield OptionList(*jump_options(self.story), id="scenes")

    def on_mount(self) -> None:
        scenes = self.query_one("#scenes", OptionList)
        scenes.focus()
        try:
            scenes.highlighted = scenes.get_option_index(self.current)
        except Exception:  # OptionDoesNotExist: a scene removed by a reload
            scenes.highlighted = 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
