"""Line mode's panels: notes, codex, timeline, the saves and the transcript, in words.

The same data as the game's panels (communard.game builds both), printed for a
listener: a heading that says how much follows, one entry per paragraph, a
status in words ("you are here") rather than a symbol, sources numbered.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from engine.session import JUMP
from engine.views import SceneView, SourceView

from .export.citations import citation_text
from .game import AHEAD, CODEX_GROUPS, NOW, PASSED, codex_met, timeline_rows
from .paths import data_dir
from .plaintext import plain_text
from .wording import plural, saved_when

if TYPE_CHECKING:
    from .plain import PlainPlayer


def sentence(text: str) -> str:
    """Text that ends like a sentence, so a screen reader pauses after it."""
    text = plain_text(text).strip()
    return text if not text or text[-1] in ".!?…:;\"'”’)" else text + "."


def _sources(player: PlainPlayer, sources: tuple[SourceView, ...]) -> None:
    for number, source in enumerate(sources, 1):
        player.line(f"Source {number}: {source_words(source)}")
    if sources:
        player.say()


def source_words(source: SourceView) -> str:
    """A citation said in a sentence, its address last and apart from the full stop."""
    text = citation_text(source).replace(", p. ", ", page ")
    if source.note:
        text += f" {sentence(source.note)}"
    if source.url:
        text += f" Online at {source.url}"
    return text


def notes(player: PlainPlayer, view: SceneView) -> None:
    if not view.notes:
        player.say("This scene has no historical notes.")
        return
    player.say(f"Historical notes: {len(view.notes)}.")
    player.say()
    for note in view.notes:
        player.say(f"Note: {plain_text(note.title)}")
        player.para(note.text, indent="  ")
        _sources(player, note.sources)


def codex(player: PlainPlayer) -> None:
    entries = codex_met(player.session)
    if not entries:
        player.say("The codex is empty so far: it fills as you meet people, places and terms.")
        return
    here = {e.id for e in player.session.view().codex}
    player.say(f"Codex: {plural(len(entries), 'entry', 'entries')} met so far.")
    group = None
    for entry in entries:
        heading = CODEX_GROUPS.get(entry.kind, "Other")
        if heading != group:
            player.say()
            player.say(f"{heading}:")
            group = heading
        player.say()
        player.say(f"{plain_text(entry.name)}{', in this scene' if entry.id in here else ''}.")
        player.para(entry.text, indent="  ")
        _sources(player, entry.sources)


def timeline(player: PlainPlayer) -> None:
    rows = timeline_rows(player.session)
    if not rows:
        player.say("This story has no dates.")
        return
    player.say(f"Timeline: {plural(len(rows), 'date')}, first to last.")
    words = {NOW: "You are here.", PASSED: "You were there.", AHEAD: "Ahead."}
    for row in rows:
        what = [f"{row.date}:"]
        if row.event:
            what.append(f"{plain_text(row.event).rstrip('.')}.")
        if row.scenes:
            what.append("Your scenes: " + ", ".join(plain_text(s) for s in row.scenes) + ".")
        if row.status in words:
            what.append(words[row.status])
        player.line(" ".join(what))


def path(player: PlainPlayer, ending_id: str) -> None:
    """At an ending: each choice made, beside what happened in history, and endings found."""
    steps = player.session.history
    player.say(f"Your path: {plural(len(steps), 'choice')}.")
    for number, step in enumerate(steps, 1):
        if step.choice_id == JUMP:
            target = player.story.scenes.get(step.target)
            said = f"Jumped to {target.title if target else step.target}."
        else:
            said = sentence(step.choice_text)
        if step.history:
            said += f" In history: {sentence(step.history)}"
        player.line(f"{number}. {said}")
    endings = [s.ending.id for s in player.story.endings.values() if s.ending]
    found = set(player.endings.found) | {ending_id}
    player.say(f"Endings found: {len(found & set(endings))} of {len(endings)}.")
    player.say()


def saves(player: PlainPlayer) -> None:
    slots = player.store.slots()
    if not slots:
        player.say("No saves yet. Type s and a name to save.")
        return
    player.say(f"Saves: {len(slots)}, newest first. Type l and a name to load one.")
    for slot in slots:
        name = "autosave" if slot.name == "autosave" else slot.name
        if not slot.ok:
            player.line(f"{name}: cannot be loaded, {slot.error}")
            continue
        where = ", ".join(x for x in (slot.scene_title, slot.scene_date) if x)
        when = saved_when(slot.saved_at)
        player.line(f"{name}: {where}, {plural(slot.steps, 'choice')}"
                    f"{', saved ' + when if when else ''}.")


def export(player: PlainPlayer, fmt: str) -> None:
    """Write the transcript into the transcripts folder and say where it is."""
    from .export.transcript import render_transcript, transcript_path

    fmt = fmt.lower() or "md"
    if fmt not in ("md", "html"):
        player.say("Type x for the transcript as text (Markdown), or x html for a web page.")
        return
    folder = player.exports or data_dir() / "transcripts"
    path = transcript_path(folder, player.story.id, fmt, dt.datetime.now())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_transcript(player.story, player.session, fmt=fmt),
                        encoding="utf-8")
    except OSError as exc:
        player.say(f"The transcript could not be written: {exc}")
        return
    kind = "a web page" if fmt == "html" else "a text file in Markdown"
    player.say(f"Transcript written, as {kind}.")
    player.say(f"Its name: {path.name}")
    player.say(f"In the folder: {path.parent}")
