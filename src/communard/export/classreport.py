"""The teacher's report on a class: how the class chose, where it ended, how long it took.

Built from the class database and the story (for titles, choice texts, what
history did and the discussion questions): per scene reached, the votes and the
choices made individually with bars, beside what happened in history; the
endings reached and how often; the median time per chapter; and each chapter's
discussion questions beside the class's answers. Students appear under their
pseudonyms unless the teacher asks for names.

Only what stands counts: a move taken back (undo) is kept in the database but
not in the report, and each player's choice at a scene is their latest.
Everything from the database or the story is escaped (escape_html); the page is
one file with no script and nothing fetched.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from engine import Story

from ..web.classstats import StoryLabels, class_choices, printable
from ..web.classstudents import clean_answer
from ..web.store import ClassInfo, ClassStore
from .page import escape_html, html_page


@dataclass
class ChoiceRow:
    choice_id: str
    text: str
    votes: int = 0       # votes cast for it (the class voting together)
    decided: int = 0     # times the class (by vote) took it
    chosen: int = 0      # players who took it playing on their own
    history: str | None = None


@dataclass
class SceneRow:
    scene_id: str
    title: str
    chapter: str
    choices: list[ChoiceRow]

    @property
    def votes(self) -> int:
        return sum(c.votes for c in self.choices)

    @property
    def chosen(self) -> int:
        return sum(c.chosen for c in self.choices)


@dataclass
class ClassReport:
    info: ClassInfo
    story_title: str
    students: list[str]
    scenes: list[SceneRow]
    endings: list[tuple[str, int, int]]  # title, by the class voting, by players
    chapter_times: list[tuple[str, float, int]]  # title, median seconds, playthroughs
    questions: list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]] = field(
        default_factory=list)  # chapter: [(question, [(who, answer)])]
    names: bool = False


def _who(pseudonym: str, name: str | None, names: bool) -> str:
    return f"{printable(name, 40)} ({pseudonym})" if names and name else pseudonym


def build_report(store: ClassStore, info: ClassInfo, story: Story, *,
                 names: bool = False) -> ClassReport:
    labels = StoryLabels.of(story)
    players = store.players(info.id)
    who = {p.id: _who(p.pseudonym, p.name, names) for p in players}
    return ClassReport(info, story.title, [who[p.id] for p in players if p.status != "refused"],
                       _scenes(store, info, story, labels), _endings(store, info, story),
                       _chapter_times(store, info, story), _questions(store, info, story, who),
                       names)


def _scenes(store: ClassStore, info: ClassInfo, story: Story,
            labels: StoryLabels) -> list[SceneRow]:
    votes = store.query(
        "SELECT r.scene_id, v.choice_id, COUNT(*) FROM votes v JOIN rounds r ON r.id = "
        "v.round_id JOIN runs u ON u.id = r.run_id WHERE u.class_id = ? AND r.undone = 0 "
        "GROUP BY r.scene_id, v.choice_id", (info.id,))
    decided = store.query(
        "SELECT m.scene_id, m.choice_id, COUNT(*) FROM moves m JOIN runs u ON u.id = m.run_id "
        "WHERE u.class_id = ? AND u.player_id IS NULL AND m.undone = 0 "
        "GROUP BY m.scene_id, m.choice_id", (info.id,))
    reached = {row[0] for row in store.query(
        "SELECT DISTINCT m.scene_id FROM moves m JOIN runs u ON u.id = m.run_id "
        "WHERE u.class_id = ? AND m.undone = 0", (info.id,))}
    reached |= {scene for scene, _, _ in votes}
    alone = class_choices(store, info.id, sorted(reached))
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for scene_id, choice_id, count in votes:
        counts[scene_id][choice_id][0] = count
    for scene_id, choice_id, count in decided:
        counts[scene_id][choice_id][1] = count
    rows = []
    for scene in story.scenes.values():  # the story's order
        if scene.id not in reached or len(scene.choices) < 2:
            continue
        chapter = labels.chapters.get(scene.chapter_id, scene.chapter_id)
        rows.append(SceneRow(scene.id, scene.title, chapter, [
            ChoiceRow(c.id, labels.choice(scene.id, c.id), counts[scene.id][c.id][0],
                      counts[scene.id][c.id][1], alone.get(scene.id, Counter())[c.id],
                      c.history) for c in scene.choices]))
    return rows


def _endings(store: ClassStore, info: ClassInfo, story: Story) -> list[tuple[str, int, int]]:
    rows = store.query(
        "SELECT e.ending_id, u.player_id IS NULL, COUNT(*) FROM endings e JOIN moves m ON "
        "m.id = e.move_id JOIN runs u ON u.id = e.run_id WHERE u.class_id = ? AND "
        "m.undone = 0 GROUP BY e.ending_id, u.player_id IS NULL", (info.id,))
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ending_id, by_vote, count in rows:
        found[ending_id][0 if by_vote else 1] += count
    titles = {s.ending.id: s.ending.title for s in story.scenes.values() if s.ending}
    return [(titles.get(e, e), n[0], n[1]) for e, n in
            sorted(found.items(), key=lambda item: -sum(item[1]))]


def _chapter_times(store: ClassStore, info: ClassInfo,
                   story: Story) -> list[tuple[str, float, int]]:
    """Per chapter, the median over playthroughs of the time spent in it (first arrival
    to the move that left each of its scenes, time in undone branches included)."""
    rows = store.query(
        "SELECT u.id, u.started, m.chapter_id, m.at FROM runs u JOIN moves m ON m.run_id = u.id "
        "WHERE u.class_id = ? AND m.undone = 0 ORDER BY u.id, m.id", (info.id,))
    spent: dict[tuple[int, str], float] = defaultdict(float)
    last: dict[int, float] = {}
    for run_id, started, chapter_id, at in rows:
        spent[(run_id, chapter_id)] += max(0.0, at - last.get(run_id, started))
        last[run_id] = at
    per_chapter: dict[str, list[float]] = defaultdict(list)
    for (_, chapter_id), seconds in spent.items():
        per_chapter[chapter_id].append(seconds)
    return [(c.title, statistics.median(per_chapter[c.id]), len(per_chapter[c.id]))
            for c in story.chapters if per_chapter.get(c.id)]


def _questions(store: ClassStore, info: ClassInfo, story: Story,
               who: dict[int, str]) -> list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]]:
    answers: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for player_id, chapter_id, question, answer in store.query(
            "SELECT player_id, chapter_id, question, answer FROM answers WHERE class_id = ? "
            "ORDER BY player_id", (info.id,)):
        answers[(chapter_id, question)].append((who.get(player_id, "?"), clean_answer(answer)))
    return [(c.title, [(q, answers.get((c.id, q), [])) for q in c.questions])
            for c in story.chapters if c.questions]


def minutes(seconds: float) -> str:
    """'12 min 5 s', '40 s'."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


# -- HTML -------------------------------------------------------------------------------

REPORT_CSS = """
.bars { width: 100%; }
.bars td.n { width: 3.5rem; text-align: right; white-space: nowrap; }
.bars td.barcell { width: 35%; }
.bar { display: block; height: .9rem; background: #8c1c13; border-radius: .15rem;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar.alone { background: #0a5fb4; }
.history { font-style: italic; color: #5b5b66; }
.class-choice { font-weight: bold; }
.answers li { margin: .3rem 0; white-space: pre-wrap; }
"""


def _bar(count: int, total: int, cls: str = "") -> str:
    width = round(100 * count / total) if total else 0
    return (f'<span class="bar {cls}" style="width: {width}%" role="img" '
            f'aria-label="{count} of {total}"></span>')


def _scene_html(row: SceneRow) -> str:
    out = [f"<h3>{escape_html(row.title)} <small class=\"meta\">{escape_html(row.chapter)}"
           "</small></h3>", '<table class="bars"><thead><tr><th>Choice</th>']
    if row.votes:
        out.append(f'<th colspan="2">Votes ({row.votes})</th>')
    if row.chosen:
        out.append(f'<th colspan="2">Playing alone ({row.chosen})</th>')
    out.append("</tr></thead><tbody>")
    for choice in row.choices:
        mark = ' class="class-choice"' if choice.decided else ""
        taken = " ✓ the class chose it" if choice.decided else ""
        out.append(f"<tr><td{mark}>{escape_html(choice.text)}{taken}")
        if choice.history:
            out.append(f'<br><span class="history">In history: {escape_html(choice.history)}'
                       "</span>")
        out.append("</td>")
        if row.votes:
            out.append(f'<td class="n">{choice.votes}</td><td class="barcell">'
                       f"{_bar(choice.votes, row.votes)}</td>")
        if row.chosen:
            out.append(f'<td class="n">{choice.chosen}</td><td class="barcell">'
                       f"{_bar(choice.chosen, row.chosen, 'alone')}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(report: ClassReport) -> str:
    info = report.info
    parts = [f"<h1>Class {escape_html(info.code)}</h1>",
             f'<p class="subtitle">{escape_html(report.story_title)} · story version '
             f"{escape_html(info.story_version)} · {len(report.students)} students · "
             + ("names as given" if report.names else "pseudonyms only") + "</p>",
             "<h2>How the class chose</h2>"]
    if not report.scenes:
        parts.append("<p>No choice recorded yet.</p>")
    parts += [_scene_html(row) for row in report.scenes]
    parts.append("<h2>Endings reached</h2>")
    if report.endings:
        parts.append("<table><thead><tr><th>Ending</th><th>By the class's vote</th>"
                     "<th>Playing alone</th></tr></thead><tbody>")
        parts += [f"<tr><td>{escape_html(title)}</td><td>{vote}</td><td>{alone}</td></tr>"
                  for title, vote, alone in report.endings]
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No ending reached yet.</p>")
    parts.append("<h2>Time per chapter</h2>")
    if report.chapter_times:
        parts.append("<table><thead><tr><th>Chapter</th><th>Median time</th>"
                     "<th>Playthroughs</th></tr></thead><tbody>")
        parts += [f"<tr><td>{escape_html(title)}</td><td>{minutes(seconds)}</td><td>{n}</td>"
                  "</tr>" for title, seconds, n in report.chapter_times]
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No chapter played yet.</p>")
    parts.append("<h2>Discussion</h2>")
    for chapter, questions in report.questions:
        parts.append(f"<h3>{escape_html(chapter)}</h3>")
        for question, answers in questions:
            parts.append(f"<h4>{escape_html(question)}</h4>")
            if answers:
                parts.append('<ul class="answers">' + "".join(
                    f"<li><strong>{escape_html(who)}:</strong> {escape_html(text)}</li>"
                    for who, text in answers) + "</ul>")
            else:
                parts.append('<p class="small">No answer given.</p>')
    page = html_page(f"Class {info.code} · {report.story_title}", "\n".join(parts))
    return page.replace("</style>", REPORT_CSS + "</style>", 1)
