"""What the play and ending screens are shown, built from the Session by the app.

The screens hold no Session: the app builds these plain values after every
move and hands them down, so a screen can only show what it is given and ask
(by message) for something to change.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.session import Session, codex_view
from engine.views import CodexView, SceneView, Step

from .conditionwords import describe_condition
from .widgets.choices import ChoiceRow


@dataclass(frozen=True)
class PlayPage:
    """One scene as the play screen shows it."""

    view: SceneView
    rows: tuple[ChoiceRow, ...]
    can_undo: bool
    steps: int


@dataclass(frozen=True)
class EndingPage:
    """An ending as the ending screen shows it: the path taken and the endings found."""

    view: SceneView
    steps: tuple[Step, ...]
    found: tuple[str, ...]
    endings: dict[str, str]      # ending id -> title, in the story's order
    titles: dict[str, str]       # scene id -> title, for jumps in the path


def play_page(session: Session, teacher: bool) -> PlayPage:
    view = session.view()
    return PlayPage(view, tuple(choice_rows(session, view, teacher)), session.can_undo,
                    len(session.history))


def ending_page(session: Session, found: list[str]) -> EndingPage:
    story = session.story
    return EndingPage(session.view(), session.history, tuple(found),
                      {e: s.ending.title for e, s in story.endings.items() if s.ending},
                      {scene_id: scene.title for scene_id, scene in story.scenes.items()})


def choice_rows(session: Session, view: SceneView, teacher: bool) -> list[ChoiceRow]:
    """The rows to show: the view's choices, or in teacher mode every choice of the scene."""
    if not teacher:
        return [ChoiceRow(n, c.id, c.text, c.enabled, c.locked_reason)
                for n, c in enumerate(view.choices, 1)]
    shown = {c.id: c for c in view.choices}
    rows = []
    for n, choice in enumerate(session.scene.choices, 1):
        condition = describe_condition(choice.condition.source) if choice.condition else None
        seen = shown.get(choice.id)
        if seen is not None:
            rows.append(ChoiceRow(n, seen.id, seen.text, seen.enabled, seen.locked_reason,
                                  condition))
            continue
        if choice.once and choice.condition is None:
            why = "once only, already taken"
        elif choice.once:
            why = "already taken, or its condition is false"
        else:
            why = "its condition is false"
        rows.append(ChoiceRow(n, choice.id, choice.text.source, False, why, condition,
                              hidden=True))
    return rows


def codex_met(session: Session) -> list[CodexView]:
    """Codex entries met so far: those of every scene passed, then the current one's."""
    story = session.story
    seen: dict[str, CodexView] = {}
    for step in session.history:
        for entry_id in story.scenes[step.scene_id].codex_ids:
            if entry_id not in seen:
                seen[entry_id] = codex_view(story, entry_id)
    for entry in session.view().codex:
        seen.setdefault(entry.id, entry)
    return list(seen.values())
