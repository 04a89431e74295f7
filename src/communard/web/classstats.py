"""How the class chose, for the endings: "in your class, 14 of 23 chose as you did".

At an ending a player in a class is shown, at each key choice of their path
(a scene that offered two choices or more), how many of the class chose as
they did. For the class voting together, the same lines say how the votes went
at each of the class's decisions (and, on a student's phone, whether they voted
with the class).

The database holds ids; the words come from the story, read once into plain
`StoryLabels` that any thread may read.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..export.textsource import all_branches_plain
from .store import ClassStore

if TYPE_CHECKING:
    from engine import Story


@dataclass(frozen=True)
class StoryLabels:
    """The story's words for what the database records (scene, choice and chapter titles)."""

    scenes: dict[str, str] = field(default_factory=dict)
    chapters: dict[str, str] = field(default_factory=dict)
    choices: dict[tuple[str, str], str] = field(default_factory=dict)
    history: dict[tuple[str, str], str] = field(default_factory=dict)
    key_scenes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, story: Story) -> StoryLabels:
        scenes, choices, history = {}, {}, {}
        for scene in story.scenes.values():
            scenes[scene.id] = scene.title
            for choice in scene.choices:
                choices[(scene.id, choice.id)] = all_branches_plain(choice.text.source)
                if choice.history:
                    history[(scene.id, choice.id)] = choice.history
        return cls(scenes, {c.id: c.title for c in story.chapters}, choices, history,
                   frozenset(s.id for s in story.scenes.values() if len(s.choices) >= 2))

    def choice(self, scene_id: str, choice_id: str) -> str:
        return self.choices.get((scene_id, choice_id), choice_id)

    def scene(self, scene_id: str) -> str:
        return self.scenes.get(scene_id, scene_id)


def printable(text: str, limit: int | None = None) -> str:
    """Text from the class database as it may be shown on a page, a terminal or a sheet:
    no control, format or direction characters, spaces collapsed, at most `limit` long.

    Names are cleaned when students type them (web/players.clean_name); this is for
    what a file could hold anyway (an older version, a hand edit).
    """
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        return text[:limit - 1] + "…"
    return text


def of_n(count: int, total: int) -> str:
    return f"{count} of {total}"


def vote_summary(store: ClassStore, labels: StoryLabels, run_id: int,
                 player_id: int | None) -> list[str]:
    """The class's decisions at key scenes in this run, with the votes (and this student's)."""
    rows = store.query(
        "SELECT r.id, m.scene_id, m.choice_id, m.how FROM rounds r JOIN moves m "
        "ON m.id = r.move_id WHERE r.run_id = ? AND r.undone = 0 AND m.undone = 0 "
        "ORDER BY m.id", (run_id,))
    lines = []
    for round_id, scene_id, choice_id, how in rows:
        if scene_id not in labels.key_scenes:
            continue
        votes = dict(store.query("SELECT player_id, choice_id FROM votes WHERE round_id = ?",
                                 (round_id,)))
        counts = Counter(votes.values())
        total = len(votes)
        chose = labels.choice(scene_id, choice_id)
        line = f"At “{labels.scene(scene_id)}” the class chose “{chose}”"
        if how == "override":
            line += " (the teacher's choice"
            line += f"; {of_n(counts[choice_id], total)} votes for it)" if total else ")"
        elif total:
            line += f" ({of_n(counts[choice_id], total)} votes)"
        mine = votes.get(player_id) if player_id is not None else None
        if player_id is not None and total:
            if mine is None:
                line += "; you did not vote"
            elif mine == choice_id:
                line += f": in your class, {of_n(counts[mine], total)} chose as you did"
            else:
                line += (f"; you voted for “{labels.choice(scene_id, mine)}”: in your class, "
                         f"{of_n(counts[mine], total)} chose as you did")
        lines.append(line + ".")
    return lines


def class_choices(store: ClassStore, class_id: int,
                  scene_ids: list[str]) -> dict[str, Counter[str]]:
    """Per scene, how many players of the class chose each choice there (each player's
    latest choice that stands, so a replay or an undo counts once)."""
    if not scene_ids:
        return {}
    marks = ",".join("?" * len(scene_ids))
    rows = store.query(
        "SELECT m.scene_id, m.choice_id, COUNT(*) FROM moves m JOIN ("
        " SELECT MAX(m2.id) AS id FROM moves m2 JOIN runs r2 ON r2.id = m2.run_id"
        " WHERE r2.class_id = ? AND r2.player_id IS NOT NULL AND m2.undone = 0"
        f" AND m2.scene_id IN ({marks}) GROUP BY r2.player_id, m2.scene_id"
        ") last ON last.id = m.id GROUP BY m.scene_id, m.choice_id",
        (class_id, *scene_ids))
    found: dict[str, Counter[str]] = {}
    for scene_id, choice_id, count in rows:
        found.setdefault(scene_id, Counter())[choice_id] = count
    return found


def player_summary(store: ClassStore, labels: StoryLabels, class_id: int,
                   path: list[tuple[str, str]]) -> list[str]:
    """For a player's path (scene id, choice id), at each key choice: how the class chose."""
    keys = [(s, c) for s, c in path if s in labels.key_scenes]
    counts = class_choices(store, class_id, sorted({s for s, _ in keys}))
    lines = []
    for scene_id, choice_id in dict.fromkeys(keys):
        chosen = counts.get(scene_id, Counter())
        total = sum(chosen.values())
        if not total:
            continue
        lines.append(f"At “{labels.scene(scene_id)}” you chose "
                     f"“{labels.choice(scene_id, choice_id)}”: in your class, "
                     f"{of_n(chosen[choice_id], total)} chose as you did.")
    return lines
