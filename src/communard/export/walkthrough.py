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
from engine.story import Chapter, Choice, Scene

from ..conditionwords import describe_condition
from ..kinds import KINDS, kind_style
from .citations import Citations
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
    WebLink,
    render,
)
from .page import anchor
from .textsource import all_branches_markdown, all_branches_plain


def scene_anchor(scene_id: str) -> str:
    return anchor("scene", scene_id)


def kind_badge(kind: str) -> Badge:
    return Badge(kind_style(kind).label, f"kind-{kind}")


def scene_meta(scene: Scene) -> Para:
    """'HISTORICAL · 18 March 1871 · Montmartre · id'."""
    items: list[Inline] = [kind_badge(scene.kind)]
    for fact in (scene.date.label() if scene.date else None, scene.place):
        if fact:
            items += [" · ", fact]
    items += [" · ", Code(scene.id)]
    return Para(items, cls="meta")


class _Guide:
    def __init__(self, story: Story):
        self.story = story
        self.citations = Citations(story)
        self.notes_shown: set[str] = set()

    # -- pieces --------------------------------------------------------------
    def scene_link(self, scene_id: str) -> list[Inline]:
        target = self.story.scenes.get(scene_id)
        if target is None:
            return [Code(scene_id)]
        return [Link(target.title, scene_anchor(scene_id)), " ", Code(scene_id)]

    def choice(self, scene: Scene, choice: Choice) -> list[Block]:
        blocks: list[Block] = [Para([Strong(all_branches_plain(choice.text.source)), " → ",
                                     *self.scene_link(choice.target)])]
        if not choice.text.is_static:
            blocks.append(Para([Emph("Worded as:"), " ",
                                all_branches_plain(choice.text.source, labelled=True)],
                               cls="small"))
        if choice.condition is not None:
            words = describe_condition(choice.condition.source)
            shown = (["; otherwise shown locked: “", choice.locked, "”"] if choice.locked
                     else ["; otherwise hidden"])
            blocks.append(Para([Emph("Only if"), f" {words}", *shown], cls="condition"))
        facts: list[Inline] = []
        if choice.once:
            facts.append("Can be taken once only.")
        if choice.effects:
            facts += [" " if facts else "", "Changes: "]
            for n, effect in enumerate(choice.effects):
                facts += [", " if n else "", Code(effect.source)]
        if facts:
            blocks.append(Para(facts, cls="small"))
        if choice.history:
            blocks.append(Quote([Para([Strong("What really happened")]),
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
                again += ["; " if again else "Notes given above: ", Link(note.title, target)]
                continue
            self.notes_shown.add(note_id)
            mark = self.citations.mark(note.sources)
            blocks.append(Section([Para([Strong(f"Note: {note.title}"),
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
            blocks.append(Section([Para([Strong("Ending:"), " ", scene.ending.title]),
                                   Markdown(all_branches_markdown(scene.ending.epilogue.source))],
                                  cls="ending"))
        if scene.choices:
            blocks.append(ListBlock([self.choice(scene, c) for c in scene.choices],
                                    cls="choices"))
        blocks += self.notes(scene.note_ids)
        if scene.codex_ids:
            met: list[Inline] = ["Met here: "]
            for n, entry_id in enumerate(c for c in scene.codex_ids if c in self.story.codex):
                met += [", " if n else "", Link(self.story.codex[entry_id].name,
                                                anchor("codex", entry_id))]
            blocks.append(Para(met, cls="small"))
        return Section(blocks, cls=f"scene kind-{scene.kind}")

    def chapter(self, number: int, chapter: Chapter) -> list[Block]:
        blocks: list[Block] = [Heading(2, f"Chapter {number}: {chapter.title}",
                                       anchor("chapter", chapter.id), cls="chapter")]
        if chapter.description:
            blocks.append(Markdown(chapter.description))
        blocks += [self.scene(self.story.scenes[sid]) for sid in chapter.scene_ids]
        if chapter.questions:
            blocks += [Heading(3, "Questions for discussion", anchor("questions", chapter.id)),
                       ListBlock(list(chapter.questions), ordered=True, cls="questions")]
        return blocks

    # -- whole sections --------------------------------------------------------
    def front(self) -> list[Block]:
        story = self.story
        by = f" · by {', '.join(story.authors)}" if story.authors else ""
        blocks: list[Block] = [
            Para(f"A guide for teachers · version {story.version}{by} · {len(story.scenes)} "
                 f"scenes, {len(story.endings)} endings", cls="subtitle")]
        if story.description:
            blocks.append(Markdown(story.description))
        legend: list[Inlines] = [[kind_badge(k), f" {s.meaning}."] for k, s in KINDS.items()]
        blocks += [Heading(2, "How to read this guide", anchor("guide", "reading")),
                   Para("Every scene says what kind it is:"), ListBlock(legend),
                   Para("Conditional text is shown whole: each branch is marked with the "
                        "condition under which a player reads it. A choice marked “Only if” "
                        "is offered only when its condition holds. Numbers in brackets refer "
                        "to the bibliography at the end.")]
        return blocks

    def contents(self) -> Section:
        items: list[list[Block]] = []
        for n, chapter in enumerate(self.story.chapters, 1):
            scenes = [[Link(self.story.scenes[s].title, scene_anchor(s))]
                      for s in chapter.scene_ids]
            items.append([Para([Link(f"Chapter {n}: {chapter.title}",
                                     anchor("chapter", chapter.id))]), ListBlock(scenes)])
        extra = [("Timeline", anchor("part", "timeline"))]
        if self.story.codex:
            extra.append(("People, places and terms", anchor("part", "codex")))
        extra.append(("Bibliography", anchor("part", "bibliography")))
        items += [[Para([Link(title, target)])] for title, target in extra]
        return Section([Heading(2, "Contents", anchor("part", "contents")),
                        ListBlock(items, ordered=False)], cls="toc")

    def timeline(self) -> list[Block]:
        days: dict[dt.date, tuple[list[str], list[str]]] = {}
        for event in self.story.timeline:
            days.setdefault(event.date.start, ([], []))[0].append(event.title)
        for scene in self.story.scenes.values():
            if scene.date is not None:
                days.setdefault(scene.date.start, ([], []))[1].append(scene.id)
        labels = {e.date.start: e.date.label() for e in self.story.timeline}
        labels.update({s.date.start: s.date.label() for s in self.story.scenes.values()
                       if s.date is not None and s.date.start not in labels})
        rows = []
        for day in sorted(days):
            events, scene_ids = days[day]
            links: list[Inline] = []
            for n, sid in enumerate(scene_ids):
                links += [", " if n else "", Link(self.story.scenes[sid].title,
                                                  scene_anchor(sid))]
            rows.append([labels[day], "; ".join(events) or "—", links or "—"])
        return [Heading(2, "Timeline", anchor("part", "timeline"), cls="chapter"),
                Para("Real events and the scenes of the story, by date."),
                Table(["Date", "Event", "Scenes"], rows)]

    def codex(self) -> list[Block]:
        if not self.story.codex:
            return []
        blocks: list[Block] = [Heading(2, "People, places and terms", anchor("part", "codex"),
                                       cls="chapter")]
        for entry_id, entry in sorted(self.story.codex.items(), key=lambda kv: kv[1].name):
            mark = self.citations.mark(entry.sources)
            blocks += [Heading(4, [entry.name, " ", Emph(f"({entry.kind})"),
                                   f" {mark}" if mark else ""], anchor("codex", entry_id)),
                       Markdown(entry.text)]
        return blocks

    def bibliography(self) -> list[Block]:
        items = [self.source_line(sid) for sid, _ in
                 sorted(self.citations.numbers.items(), key=lambda kv: kv[1])]
        blocks: list[Block] = [Heading(2, "Bibliography", anchor("part", "bibliography"),
                                       cls="chapter"),
                               ListBlock(items, ordered=True, cls="bibliography")]
        others = [sid for sid in self.story.sources if sid not in self.citations.numbers]
        if others:
            blocks += [Para("Also among the story's sources:"),
                       ListBlock([self.source_line(s) for s in others], cls="bibliography")]
        return blocks

    def source_line(self, source_id: str) -> list[Inline]:
        s = self.story.sources[source_id]
        parts: list[Inline] = [f"{s.author}, ", Emph(s.title)]
        tail = [str(x) for x in (s.publisher, s.year) if x]
        if s.page is not None:
            tail.append(f"p. {s.page}")
        line: list[Inline] = [*parts, ", " + ", ".join(tail) + "."]
        if s.url:
            line += [" ", WebLink(s.url, s.url)]
        if s.note:
            line += [" ", Emph(s.note)]
        return line


def build_walkthrough(story: Story,
                      progress: Callable[[int], None] | None = None) -> Document:
    """The guide as a Document; `progress` is called with the number of chapters done."""
    guide = _Guide(story)
    doc = Document(f"{story.title}", language=story.language)
    doc.add(*guide.front(), guide.contents())
    for n, chapter in enumerate(story.chapters, 1):
        doc.add(*guide.chapter(n, chapter))
        if progress is not None:
            progress(n)
    doc.add(*guide.timeline(), *guide.codex(), *guide.bibliography())
    return doc


def render_walkthrough(story: Story, fmt: str = "md",
                       progress: Callable[[int], None] | None = None) -> str:
    """The teacher's guide as Markdown (`fmt='md'`) or a self-contained HTML page."""
    return render(build_walkthrough(story, progress), fmt)
