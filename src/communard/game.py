"""What the play and ending screens are shown, built from the Session by the app.

The screens hold no Session: the app builds these plain values after every
move and hands them down, so a screen can only show what it is given and ask
(by message) for something to change.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from engine.session import Session, codex_view
from engine.views import CodexView, SceneView, Step

from .conditionwords import describe_condition
from .i18n import N_, _, date_words


@dataclass(frozen=True)
class ChoiceRow:
    """One row as shown: what the screen decided from the SceneView (and teacher data)."""

    number: int
    choice_id: str
    text: str
    enabled: bool = True
    reason: str | None = None      # why it is locked, in the author's words
    condition: str | None = None   # teacher mode: the condition, in plain words
    hidden: bool = False           # teacher mode: a player would not see this row at all


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
            why = _("once only, already taken")
        elif choice.once:
            why = _("already taken, or its condition is false")
        else:
            why = _("its condition is false")
        rows.append(ChoiceRow(n, choice.id, choice.text.source, False, why, condition,
                              hidden=True))
    return rows


def codex_met(session: Session) -> list[CodexView]:
    """Codex entries the player has met (scenes passed and the current one), in codex order."""
    story = session.story
    seen: dict[str, CodexView] = {}
    for step in session.history:
        for entry_id in story.scenes[step.scene_id].codex_ids:
            if entry_id not in seen:
                seen[entry_id] = codex_view(story, entry_id)
    for entry in session.view().codex:
        seen.setdefault(entry.id, entry)
    return sorted(seen.values(), key=lambda e: codex_key(e.name, e.kind))


#: Headings of the codex by kind of entry (marked here, translated where shown).
CODEX_GROUPS = {"person": N_("People"), "place": N_("Places"), "group": N_("Groups"),
                "term": N_("Terms")}
"""The codex's kinds in the order they are listed, with their headings."""


def _folded(text: str) -> str:
    """Text for sorting: accents off and case folded, so Élisabeth sorts under E."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def codex_key(name: str, kind: str) -> tuple[int, str, str]:
    """Sort key: by kind, then people by surname, places, groups and terms by name.

    The surname is the last word ("Adolphe Thiers" under T, "Marquis de Galliffet"
    under G); a leading "The" is passed over ("The National Guard" under N).
    """
    words = name.split()
    if kind == "person" and len(words) > 1:
        key = " ".join([words[-1], *words[:-1]])
    elif len(words) > 1 and words[0].casefold() == "the":
        key = " ".join(words[1:])
    else:
        key = name
    order = list(CODEX_GROUPS)
    return (order.index(kind) if kind in order else len(order), _folded(key), name)


NOW, PASSED, AHEAD, EARLIER = "you are here", "you were there", "ahead", ""


@dataclass(frozen=True)
class TimelineRow:
    """One date: what happened in history (None if the story records nothing that day),
    where the player stands, and the scenes they read on it."""

    date: str
    event: str | None
    status: str
    scenes: tuple[str, ...] = ()


def timeline_rows(session: Session) -> list[TimelineRow]:
    """Session.timeline() as rows with a status word each.

    The row of the last dated scene read is "you are here"; rows below it that the
    player has not read are ahead, rows above are history. Before the player reaches a
    dated scene (a story's opening is often undated) they stand before the story's
    first date: what came earlier is history, not "ahead".
    """
    story = session.story
    entries = session.timeline()
    path = [s.scene_id for s in session.history] + [session.scene_id]
    dated = [s for s in path if story.scenes[s].date is not None]
    here = max((i for i, e in enumerate(entries) if dated and dated[-1] in e.scene_ids),
               default=None)
    first = min((s.date.start for s in story.scenes.values() if s.date), default=None)
    rows = []
    for index, entry in enumerate(entries):
        if index == here:
            status = NOW
        elif entry.scene_ids:
            status = PASSED
        elif here is not None:
            status = AHEAD if index > here else EARLIER
        else:
            status = EARLIER if first is not None and entry.date < first else AHEAD
        titles = tuple(story.scenes[s].title for s in entry.scene_ids)
        rows.append(TimelineRow(date_words(entry.date_start or entry.date, entry.date_precision),
                                entry.title if entry.event else None, status, titles))
    return rows
