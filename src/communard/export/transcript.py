"""The transcript of one playthrough: what a student hands in.

Every scene read (as that player read it, with their own conditional text),
every choice made, the notes shown, and the ending, with the date of play.
The game's transcript key and `communard transcript` both call
`render_transcript`. The text is rebuilt by replaying the session's choices
on a fresh Session, because a save keeps the choices, not the rendered text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine import ChoiceUnavailable, Session, Story
from engine.session import JUMP
from engine.views import NoteView, SceneView, Step

from ..game import timeline_rows
from ..i18n import _, day_words, ngettext, spec_words
from .citations import Citations, citation_inlines
from .doc import (
    Block,
    Document,
    Heading,
    Inline,
    Inlines,
    ListBlock,
    Markdown,
    Para,
    Quote,
    Section,
    Strong,
    Table,
    render,
)
from .page import anchor
from .textsource import all_branches_markdown
from .walkthrough import kind_badge


def _replay(story: Story, steps: tuple[Step, ...]) -> list[SceneView | None]:
    """The view the player saw before each step; None where the replay cannot follow.

    The replay cannot follow a save whose early steps were dropped (the story
    changed) or a choice that is no longer available: from there on the
    transcript shows the scene's text with all its variants instead.
    """
    views: list[SceneView | None] = []
    replay = Session(story)
    following = bool(steps) and steps[0].scene_id == story.start
    for step in steps:
        if following and replay.scene_id == step.scene_id:
            views.append(replay.view())
            try:
                if step.choice_id == JUMP:
                    replay.jump(step.target)
                else:
                    replay.step(step.choice_id)
            except ChoiceUnavailable:
                following = False
        else:
            following = False
            views.append(None)
    return views


def _date_line(when: dt.datetime) -> str:
    local = when.astimezone() if when.tzinfo else when
    return f"{day_words(local.date())}, {local:%H:%M}"


class _Transcript:
    def __init__(self, story: Story):
        self.story = story
        self.citations = Citations(story)
        self.notes_shown: set[str] = set()
        self.chapter: str | None = None
        self.asked: set[str] = set()

    def notes(self, notes: tuple[NoteView, ...]) -> list[Block]:
        blocks: list[Block] = []
        again = [n.title for n in notes if n.id in self.notes_shown]
        for note in notes:
            if note.id in self.notes_shown:
                continue
            self.notes_shown.add(note.id)
            mark = self.citations.mark(s.id for s in note.sources)
            blocks.append(Section([Para([Strong(_("Note: {title}").format(title=note.title)),
                                         f" {mark}" if mark else ""]),
                                   Markdown(note.text)], cls="note"))
        if again:
            blocks.append(Para(_("Notes given above:") + f" {'; '.join(again)}.", cls="small"))
        return blocks

    def scene(self, number: int, scene_id: str, view: SceneView | None) -> list[Block]:
        scene = self.story.scenes[scene_id]
        chapter = self.story.chapter(scene.chapter_id)
        blocks: list[Block] = []
        if chapter.id != self.chapter:
            self.chapter = chapter.id
            blocks.append(Heading(2, chapter.title, cls="chapter-start"))
        meta: list[Inline] = [kind_badge(scene.kind)]
        for fact in (spec_words(scene.date), scene.place):
            if fact:
                meta += [" · ", fact]
        inner: list[Block] = [Heading(3, f"{number}. {scene.title}",
                                      anchor("step", str(number))),
                              Para(meta, cls="meta")]
        if view is not None:
            inner.append(Markdown(view.text))
            inner += self.notes(view.notes)
        else:
            inner += [Para(_("(This part of the save could not be replayed on this version of "
                             "the story; the text is shown with all its variants.)"),
                           cls="small"),
                      Markdown(all_branches_markdown(scene.text.source))]
        blocks.append(Section(inner, cls=f"scene kind-{scene.kind}"))
        return blocks

    def choice(self, step: Step, view: SceneView | None) -> list[Block]:
        if step.choice_id == JUMP:
            target = self.story.scenes.get(step.target)
            title = target.title if target else step.target
            return [Para([Strong(_("Jumped to:")), " " + _("{scene} (teacher mode)").format(
                scene=title)], cls="chosen")]
        text = step.choice_text
        if view is not None:
            text = next((c.text for c in view.choices if c.id == step.choice_id), text)
        blocks: list[Block] = [Para([Strong(_("You chose:")), f" {text}"], cls="chosen")]
        if step.history:
            blocks.append(Quote([Para([Strong(_("What really happened"))]),
                                 Markdown(step.history)], cls="history"))
        scenes = self.story.scenes
        if step.target in scenes and scenes[step.target].chapter_id != self.chapter:
            blocks += self.questions(self.chapter)
        return blocks

    def questions(self, chapter_id: str | None) -> list[Block]:
        """A chapter's discussion questions, once, when the player leaves the chapter."""
        if chapter_id is None or chapter_id in self.asked:
            return []
        self.asked.add(chapter_id)
        questions = self.story.chapter(chapter_id).questions
        if not questions:
            return []
        return [Heading(4, _("Questions for discussion")),
                ListBlock(list(questions), ordered=True, cls="questions")]

    def timeline(self, session: Session) -> list[list[Inlines]]:
        """Rows of date, the event of history (if any), and the scenes this player read
        that day: a scene's title is never shown as if it were an event."""
        return [[row.date, row.event or "—",
                 _("you were there: {scenes}").format(scenes=", ".join(row.scenes))
                 if row.scenes else ""]
                for row in timeline_rows(session)]


def build_transcript(story: Story, session: Session,
                     played_at: dt.datetime | None = None) -> Document:
    """The playthrough as a Document (see `render_transcript`)."""
    when = played_at or dt.datetime.now().astimezone()
    steps = session.history
    views = _replay(story, steps)
    t = _Transcript(story)
    doc = Document(_("{story}: my playthrough").format(story=story.title),
                   language=story.language)
    choices = ngettext("{count} choice", "{count} choices", len(steps)).format(count=len(steps))
    doc.add(Para(_("Played on {when} · story version {version} · {choices}").format(
                when=_date_line(when), version=story.version, choices=choices),
                 cls="subtitle"),
            Para([Strong(_("Name:")), " ", "_" * 30]))
    for number, (step, view) in enumerate(zip(steps, views, strict=True), 1):
        doc.add(*t.scene(number, step.scene_id, view), *t.choice(step, view))
    final = session.view()
    doc.add(*t.scene(len(steps) + 1, final.id, final))
    if final.ending is not None:
        doc.add(Section([Para([Strong(_("Ending:")), f" {final.ending.title}"]),
                         Markdown(final.ending.epilogue)], cls="ending"))
        doc.add(*t.questions(final.chapter_id))
    else:
        doc.add(Para(_("The playthrough is not finished: it stops here."), cls="small"))
    rows = t.timeline(session)
    if rows:
        doc.add(Heading(2, _("Timeline"), cls="break-before"),
                Table([_("Date"), _("What happened"), _("You")], rows))
    cited = t.citations.cited()
    if cited:
        doc.add(Heading(2, _("Sources")),
                ListBlock([citation_inlines(source) for _, source in cited], ordered=True,
                          cls="bibliography"))
    return doc


def transcript_path(folder: Path, story_id: str, fmt: str, when: dt.datetime) -> Path:
    """Where an exported transcript goes: the story and the time in its name, so a
    student finds the newest one and never overwrites an older one."""
    return folder / f"{story_id}-{when:%Y-%m-%d-%H%M%S}.{fmt}"


def render_transcript(story: Story, session: Session, fmt: str = "md",
                      played_at: dt.datetime | None = None) -> str:
    """The record of `session` as Markdown (`fmt='md'`) or a self-contained HTML page.

    `played_at` is the date of play shown at the top (default: now); the command line
    passes the time the save was written.
    """
    return render(build_transcript(story, session, played_at), fmt)
