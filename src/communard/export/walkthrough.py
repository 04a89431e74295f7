"""The teacher's guide: the whole story on paper, chapter by chapter.

A teacher preparing a lesson reads every scene, not one playthrough: so each
scene is shown with its date, place and kind, its text with every conditional
branch labelled by its condition in plain words, every choice with where it
leads and when it is offered, what really happened, and the historical notes
with numbered citations into one bibliography. Rendered to Markdown or to one
self-contained, printable HTML file by `doc.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from engine import Story
from engine.session import source_view
from engine.story import Chapter, Choice, Scene

from ..conditionwords import describe_condition
from ..game import CODEX_GROUPS, codex_key
from ..i18n import N_, _, spec_words
from ..kinds import KINDS, kind_style
from .citations import Citations, citation_inlines
from .doc import (
    Badge,
    Block,
    Code,
    Document,
    Emph,
    Heading,
    Inline,
    Inlines,
    Link,
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
from .textsource import all_branches_markdown, all_branches_plain


def scene_anchor(scene_id: str) -> str:
    return anchor("scene", scene_id)


def kind_badge(kind: str) -> Badge:
    return Badge(_(kind_style(kind).label), f"kind-{kind}")


def chapter_heading(number: int, title: str) -> str:
    """'Chapter 2: The Commune', 'Chapitre 2 : La Commune'."""
    return _("Chapter {number}: {title}").format(number=number, title=title)


def scene_meta(scene: Scene) -> Para:
    """'HISTORICAL · 18 March 1871 · Montmartre · id'."""
    items: list[Inline] = [kind_badge(scene.kind)]
    for fact in (spec_words(scene.date), scene.place):
        if fact:
            items += [" · ", fact]
    items += [" · ", Code(scene.id)]
    return Para(items, cls="meta")


class _Guide:
    def __init__(self, story: Story, chapters: list[tuple[int, Chapter]]):
        self.story = story
        self.chapters = chapters
        self.whole = len(chapters) == len(story.chapters)
        self.scene_ids = {sid for _, chapter in chapters for sid in chapter.scene_ids}
        self.numbers = {c.id: n for n, c in enumerate(story.chapters, 1)}
        self.citations = Citations(story)
        self.notes_shown: set[str] = set()

    # -- pieces --------------------------------------------------------------
    def scene_link(self, scene_id: str) -> list[Inline]:
        target = self.story.scenes.get(scene_id)
        if target is None:
            return [Code(scene_id)]
        if scene_id not in self.scene_ids:  # a guide to one chapter: not in this document
            return [target.title, " " + _("(chapter {number})").format(
                number=self.numbers[target.chapter_id]) + " ",
                    Code(scene_id)]
        return [Link(target.title, scene_anchor(scene_id)), " ", Code(scene_id)]

    def choice(self, scene: Scene, choice: Choice) -> list[Block]:
        blocks: list[Block] = [Para([Strong(all_branches_plain(choice.text.source)), " → ",
                                     *self.scene_link(choice.target)])]
        if not choice.text.is_static:
            blocks.append(Para([Emph(_("Worded as:")), " ",
                                all_branches_plain(choice.text.source, labelled=True)],
                               cls="small"))
        if choice.condition is not None:
            words = describe_condition(choice.condition.source)
            shown = (["; " + _("otherwise shown locked:") + " “", choice.locked, "”"]
                     if choice.locked else ["; " + _("otherwise hidden")])
            blocks.append(Para([Emph(_("Only if")), f" {words}", *shown], cls="condition"))
        facts: list[Inline] = []
        if choice.once:
            facts.append(_("Can be taken once only."))
        if choice.effects:
            facts += [" " if facts else "", _("Changes:") + " "]
            for n, effect in enumerate(choice.effects):
                facts += [", " if n else "", Code(effect.source)]
        if facts:
            blocks.append(Para(facts, cls="small"))
        if choice.history:
            blocks.append(Quote([Para([Strong(_("What really happened"))]),
                                 Markdown(choice.history)], cls="history"))
        return blocks

    def notes(self, note_ids: tuple[str, ...]) -> list[Block]:
        """Each note in full where it first appears; later, one line linking back to them."""
        blocks: list[Block] = []
        again: list[Inline] = []
        for note_id in note_ids:
            note = self.story.notes.get(note_id)
            if note is None:
                continue
            target = anchor("note", note_id)
            if note_id in self.notes_shown:
                again += ["; " if again else _("Notes given above:") + " ",
                          Link(note.title, target)]
                continue
            self.notes_shown.add(note_id)
            mark = self.citations.mark(note.sources)
            blocks.append(Section([Para([Strong(_("Note: {title}").format(title=note.title)),
                                         f" {mark}" if mark else ""]),
                                   Markdown(note.text)], cls="note", anchor=target))
        if again:
            blocks.append(Para([*again, "."], cls="small"))
        return blocks

    def scene(self, scene: Scene) -> Section:
        text = all_branches_markdown(scene.text.source)
        blocks: list[Block] = [Heading(3, scene.title, scene_anchor(scene.id)),
                               scene_meta(scene), Markdown(text)]
        if scene.ending is not None:
            blocks.append(Section([Para([Strong(_("Ending:")), " ", scene.ending.title]),
                                   Markdown(all_branches_markdown(scene.ending.epilogue.source))],
                                  cls="ending"))
        if scene.choices:
            blocks.append(ListBlock([self.choice(scene, c) for c in scene.choices],
                                    cls="choices"))
        blocks += self.notes(scene.note_ids)
        if scene.codex_ids:
            met: list[Inline] = [_("Met here:") + " "]
            for n, entry_id in enumerate(c for c in scene.codex_ids if c in self.story.codex):
                met += [", " if n else "", Link(self.story.codex[entry_id].name,
                                                anchor("codex", entry_id))]
            blocks.append(Para(met, cls="small"))
        return Section(blocks, cls=f"scene kind-{scene.kind}")

    def chapter(self, number: int, chapter: Chapter) -> list[Block]:
        blocks: list[Block] = [Heading(2, chapter_heading(number, chapter.title),
                                       anchor("chapter", chapter.id), cls="chapter")]
        if chapter.description:
            blocks.append(Markdown(chapter.description))
        blocks += [self.scene(self.story.scenes[sid]) for sid in chapter.scene_ids]
        if chapter.questions:
            blocks += [Heading(3, _("Questions for discussion"),
                               anchor("questions", chapter.id)),
                       ListBlock(list(chapter.questions), ordered=True, cls="questions")]
        return blocks

    # -- whole sections --------------------------------------------------------
    def front(self) -> list[Block]:
        story = self.story
        by = " · " + _("by {authors}").format(authors=", ".join(story.authors)) \
            if story.authors else ""
        if self.whole:
            size = _("{scenes} scenes, {endings} endings").format(
                scenes=len(story.scenes), endings=len(story.endings))
        else:
            (number, chapter), = self.chapters
            size = _("chapter {number} of {total}, {scenes} scenes").format(
                number=number, total=len(story.chapters), scenes=len(chapter.scene_ids))
        blocks: list[Block] = [
            Para(_("A guide for teachers · version {version}").format(version=story.version)
                 + f"{by} · {size}", cls="subtitle")]
        if story.description and self.whole:
            blocks.append(Markdown(story.description))
        legend: list[Inlines] = [[kind_badge(k), f" {_(s.meaning)}."] for k, s in KINDS.items()]
        blocks += [Heading(2, _("How to read this guide"), anchor("guide", "reading")),
                   Para(_("Every scene says what kind it is:")), ListBlock(legend),
                   Para(_("Conditional text is shown whole: each branch is marked with the "
                          "condition under which a player reads it. A choice marked “Only if” "
                          "is offered only when its condition holds. Numbers in brackets "
                          "refer to the bibliography at the end."))]
        return blocks

    def contents(self) -> Section:
        items: list[list[Block]] = []
        for n, chapter in enumerate(self.story.chapters, 1):
            scenes = [[Link(self.story.scenes[s].title, scene_anchor(s))]
                      for s in chapter.scene_ids]
            items.append([Para([Link(chapter_heading(n, chapter.title),
                                     anchor("chapter", chapter.id))]), ListBlock(scenes)])
        extra = [(_("Timeline"), anchor("part", "timeline"))]
        if self.story.codex:
            extra.append((_("People, places and terms"), anchor("part", "codex")))
        extra.append((_("Bibliography"), anchor("part", "bibliography")))
        items += [[Para([Link(title, target)])] for title, target in extra]
        return Section([Heading(2, _("Contents"), anchor("part", "contents")),
                        ListBlock(items, ordered=False)], cls="toc")

    def timeline(self) -> list[Block]:
        days: dict[dt.date, tuple[list[str], list[str]]] = {}
        for event in self.story.timeline:
            days.setdefault(event.date.start, ([], []))[0].append(event.title)
        for scene in self.story.scenes.values():
            if scene.date is not None and scene.id in self.scene_ids:
                days.setdefault(scene.date.start, ([], []))[1].append(scene.id)
        if not self.whole:  # one chapter: the events of its own span of dates
            dated = [d for d, (_, scenes) in days.items() if scenes]
            days = {d: v for d, v in days.items()
                    if dated and min(dated) <= d <= max(dated)}
        if not days:
            return []
        labels = {e.date.start: spec_words(e.date) for e in self.story.timeline}
        labels.update({s.date.start: spec_words(s.date) for s in self.story.scenes.values()
                       if s.date is not None and s.date.start not in labels})
        rows = []
        for day in sorted(days):
            events, scene_ids = days[day]
            links: list[Inline] = []
            for n, sid in enumerate(scene_ids):
                links += [", " if n else "", Link(self.story.scenes[sid].title,
                                                  scene_anchor(sid))]
            rows.append([labels[day], "; ".join(events) or "—", links or "—"])
        return [Heading(2, _("Timeline"), anchor("part", "timeline"), cls="part"),
                Para(_("Real events and the scenes of the story, by date.")),
                Table([_("Date"), _("Event"), _("Scenes")], rows)]

    def codex(self) -> list[Block]:
        met = {c for sid in self.scene_ids for c in self.story.scenes[sid].codex_ids}
        entries = [(entry_id, entry) for entry_id, entry in self.story.codex.items()
                   if self.whole or entry_id in met]
        if not entries:
            return []
        blocks: list[Block] = [Heading(2, _("People, places and terms"),
                                       anchor("part", "codex"), cls="part")]
        group = None
        for entry_id, entry in sorted(entries, key=lambda kv: codex_key(kv[1].name, kv[1].kind)):
            heading = _(CODEX_GROUPS.get(entry.kind, N_("Other")))
            if heading != group:
                blocks.append(Heading(3, heading))
                group = heading
            mark = self.citations.mark(entry.sources)
            blocks += [Heading(4, [entry.name, " ", Emph(f"({entry.kind})"),
                                   f" {mark}" if mark else ""], anchor("codex", entry_id)),
                       Markdown(entry.text)]
        return blocks

    def bibliography(self) -> list[Block]:
        items = [self.source_line(sid) for sid, _ in
                 sorted(self.citations.numbers.items(), key=lambda kv: kv[1])]
        blocks: list[Block] = [Heading(2, _("Bibliography"), anchor("part", "bibliography"),
                                       cls="part"),
                               ListBlock(items, ordered=True, cls="bibliography")]
        others = [sid for sid in self.story.sources if sid not in self.citations.numbers]
        if others and self.whole:
            blocks += [Para(_("Also among the story's sources:")),
                       ListBlock([self.source_line(s) for s in others], cls="bibliography")]
        return blocks

    def source_line(self, source_id: str) -> list[Inline]:
        return citation_inlines(source_view(self.story, source_id))


def find_chapter(story: Story, wanted: str) -> tuple[int, Chapter] | None:
    """A chapter by its number (1 is the first) or its id; None if there is none."""
    for number, chapter in enumerate(story.chapters, 1):
        if wanted.strip() in (str(number), chapter.id):
            return number, chapter
    return None


def build_walkthrough(story: Story, progress: Callable[[int], None] | None = None, *,
                      chapter: tuple[int, Chapter] | None = None,
                      paper: str | None = None) -> Document:
    """The guide as a Document; `progress` is called with the number of chapters done.

    `chapter` (from find_chapter) makes the guide to that chapter alone, for a lesson:
    its scenes, questions, the timeline of its dates, the codex entries met in it and
    the sources it cites. `paper` is 'a4' or 'letter' for printing.
    """
    chapters = [chapter] if chapter else list(enumerate(story.chapters, 1))
    guide = _Guide(story, chapters)
    title = story.title if chapter is None else \
        _("{story}: chapter {number}, {title}").format(story=story.title, number=chapter[0],
                                                        title=chapter[1].title)
    doc = Document(title, language=story.language, paper=paper)
    doc.add(*guide.front())
    if chapter is None:
        doc.add(guide.contents())
    for done, (n, part) in enumerate(chapters, 1):
        doc.add(*guide.chapter(n, part))
        if progress is not None:
            progress(done)
    doc.add(*guide.timeline(), *guide.codex(), *guide.bibliography())
    return doc


def render_walkthrough(story: Story, fmt: str = "md",
                       progress: Callable[[int], None] | None = None, *,
                       chapter: tuple[int, Chapter] | None = None,
                       paper: str | None = None) -> str:
    """The teacher's guide as Markdown (`fmt='md'`) or a self-contained HTML page."""
    return render(build_walkthrough(story, progress, chapter=chapter, paper=paper), fmt)
