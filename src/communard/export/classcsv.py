"""A class's record as CSV, for a spreadsheet: one row per vote and per choice taken.

Rows say who (a pseudonym, or the name with --names), which playthrough, the
scene and the choice (ids and words), how it was decided, when, and the
variables after it. Only what stands is exported (no undone moves). A cell that
a spreadsheet would read as a formula (starting with = + - @ or a tab) is
prefixed with an apostrophe, so a hostile name stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from engine import Story

from ..web.classstats import StoryLabels, printable
from ..web.store import ClassInfo, ClassStore

COLUMNS = ["class", "student", "playthrough", "kind", "chapter", "scene_id", "scene",
           "choice_id", "choice", "how", "time", "variables_after"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _when(at: float) -> str:
    return dt.datetime.fromtimestamp(at).isoformat(timespec="seconds")


def render_csv(store: ClassStore, info: ClassInfo, story: Story, *, names: bool = False) -> str:
    labels = StoryLabels.of(story)
    who = {p.id: (f"{printable(p.name, 40)} ({p.pseudonym})" if names and p.name else p.pseudonym)
           for p in store.players(info.id)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows: list[tuple[float, list[object]]] = []
    for run_id, player_id, scene_id, chapter_id, choice_id, how, at, variables in store.query(
            "SELECT u.id, u.player_id, m.scene_id, m.chapter_id, m.choice_id, m.how, m.at, "
            "m.vars FROM moves m JOIN runs u ON u.id = m.run_id WHERE u.class_id = ? AND "
            "m.undone = 0 ORDER BY m.id", (info.id,)):
        rows.append((at, [info.code, who.get(player_id, "the class"), run_id,
                          "decision" if player_id is None else "choice",
                          labels.chapters.get(chapter_id, chapter_id), scene_id,
                          labels.scene(scene_id), choice_id, labels.choice(scene_id, choice_id),
                          how, _when(at), variables]))
    for run_id, player_id, scene_id, chapter_id, choice_id, at in store.query(
            "SELECT r.run_id, v.player_id, r.scene_id, r.chapter_id, v.choice_id, v.at "
            "FROM votes v JOIN rounds r ON r.id = v.round_id JOIN runs u ON u.id = r.run_id "
            "WHERE u.class_id = ? AND r.undone = 0 ORDER BY v.id", (info.id,)):
        rows.append((at, [info.code, who.get(player_id, "?"), run_id, "vote",
                          labels.chapters.get(chapter_id, chapter_id), scene_id,
                          labels.scene(scene_id), choice_id, labels.choice(scene_id, choice_id),
                          "vote", _when(at), ""]))
    for _, row in sorted(rows, key=lambda item: item[0]):
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
