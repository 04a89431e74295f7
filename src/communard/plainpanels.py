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
from .i18n import N_, _, ngettext, spec_words
from .paths import data_dir
from .plaintext import plain_text
from .saveerrors import slot_error
from .wording import saved_when

if TYPE_CHECKING:
    from .plain import PlainPlayer


def sentence(text: str) -> str:
    """Text that ends like a sentence, so a screen reader pauses after it."""
    text = plain_text(text).strip()
    return text if not text or text[-1] in ".!?…:;\"'”’)" else text + "."


def _sources(player: PlainPlayer, sources: tuple[SourceView, ...]) -> None:
    for number, source in enumerate(sources, 1):
        player.line(_("Source {number}: {citation}").format(number=number,
                                                             citation=source_words(source)))
    if sources:
        player.say()


def source_words(source: SourceView) -> str:
    """A citation said in a sentence, its address last and apart from the full stop."""
    text = citation_text(source).replace(", p. ", ", " + _("page") + " ")
    if source.note:
        text += f" {sentence(source.note)}"
    if source.url:
        text += " " + _("Online at {address}").format(address=source.url)
    return text


def notes(player: PlainPlayer, view: SceneView) -> None:
    if not view.notes:
        player.say(_("This scene has no historical notes."))
        return
    player.say(_("Historical notes: {count}.").format(count=len(view.notes)))
    player.say()
    for note in view.notes:
        player.say(_("Note: {title}").format(title=plain_text(note.title)))
        player.para(note.text, indent="  ")
        _sources(player, note.sources)


def codex(player: PlainPlayer) -> None:
    entries = codex_met(player.session)
    if not entries:
        player.say(_("The codex is empty so far: it fills as you meet people, places and "
                     "terms."))
        return
    here = {e.id for e in player.session.view().codex}
    player.say(ngettext("Codex: {count} entry met so far.", "Codex: {count} entries met so far.",
                        len(entries)).format(count=len(entries)))
    group = None
    for entry in entries:
        heading = _(CODEX_GROUPS.get(entry.kind, N_("Other")))
        if heading != group:
            player.say()
            player.say(f"{heading}:")
            group = heading
        player.say()
        player.say((_("{name}, in this scene.") if entry.id in here else "{name}.").format(
            name=plain_text(entry.name)))
        player.para(entry.text, indent="  ")
        _sources(player, entry.sources)


def timeline(player: PlainPlayer) -> None:
    rows = timeline_rows(player.session)
    if not rows:
        player.say(_("This story has no dates."))
        return
    player.say(ngettext("Timeline: {count} date, first to last.",
                        "Timeline: {count} dates, first to last.", len(rows)).format(
                            count=len(rows)))
    words = {NOW: _("You are here."), PASSED: _("You were there."), AHEAD: _("Ahead.")}
    for row in rows:
        what = [f"{row.date}:"]
        if row.event:
            what.append(f"{plain_text(row.event).rstrip('.')}.")
        if row.scenes:
            what.append(_("Your scenes: {scenes}.").format(
                scenes=", ".join(plain_text(s) for s in row.scenes)))
        if row.status in words:
            what.append(words[row.status])
        player.line(" ".join(what))


def path(player: PlainPlayer, ending_id: str) -> None:
    """At an ending: each choice made, beside what happened in history, and endings found."""
    steps = player.session.history
    player.say(ngettext("Your path: {count} choice.", "Your path: {count} choices.",
                        len(steps)).format(count=len(steps)))
    for number, step in enumerate(steps, 1):
        if step.choice_id == JUMP:
            target = player.story.scenes.get(step.target)
            said = _("Jumped to {scene}.").format(scene=target.title if target else step.target)
        else:
            said = sentence(step.choice_text)
        if step.history:
            said += " " + _("In history: {what}").format(what=sentence(step.history))
        player.line(f"{number}. {said}")
    endings = [s.ending.id for s in player.story.endings.values() if s.ending]
    found = set(player.endings.found) | {ending_id}
    player.say(_("Endings found: {count} of {total}.").format(count=len(found & set(endings)),
                                                              total=len(endings)))
    player.say()


def saves(player: PlainPlayer) -> None:
    slots = player.store.slots()
    if not slots:
        player.say(_("No saves yet. Type s and a name to save."))
        return
    player.say(_("Saves: {count}, newest first. Type l and a name to load one.").format(
        count=len(slots)))
    for slot in slots:
        name = slot.name
        if not slot.ok:
            player.line(_("{name}: cannot be loaded, {error}").format(name=name,
                                                                       error=slot_error(slot)))
            continue
        where = ", ".join(x for x in (slot.scene_title, spec_words(slot.scene_date)) if x)
        when = saved_when(slot.saved_at)
        choices = ngettext("{count} choice", "{count} choices", slot.steps).format(
            count=slot.steps)
        player.line((_("{name}: {where}, {choices}, saved {when}.") if when else
                     _("{name}: {where}, {choices}.")).format(name=name, where=where,
                                                             choices=choices, when=when))


def export(player: PlainPlayer, fmt: str) -> None:
    """Write the transcript into the transcripts folder and say where it is."""
    from .export.transcript import render_transcript, transcript_path

    fmt = fmt.lower() or "md"
    if fmt not in ("md", "html"):
        player.say(_("Type x for the transcript as text (Markdown), or x html for a web page."))
        return
    folder = player.exports or data_dir() / "transcripts"
    path = transcript_path(folder, player.story.id, fmt, dt.datetime.now())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_transcript(player.story, player.session, fmt=fmt),
                        encoding="utf-8")
    except OSError as exc:
        player.say(_("The transcript could not be written: {error}").format(error=exc))
        return
    player.say(_("Transcript written, as a web page.") if fmt == "html" else
               _("Transcript written, as a text file in Markdown."))
    player.say(_("Its name: {name}").format(name=path.name))
    player.say(_("In the folder: {folder}").format(folder=path.parent))
