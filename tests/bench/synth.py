"""Synthetic stories of any size, for benchmarks and scale tests.

The shape follows the benchmark in issue 2: N scenes, 3 choices each,
conditions and effects on a third of them, one sourced note per scene.
Scenes i lead forwards (i+1, i+2, a random later scene), so every scene is
reachable and every walk ends; the last scenes are endings.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

CHAPTER_SIZE = 500


def synthetic_chapters(scenes: int, seed: int = 1871) -> list[dict[str, Any]]:
    """The chapters of the synthetic story as the YAML files hold them (see the module doc)."""
    rng = random.Random(seed)
    endings = max(2, scenes // 100)
    chapters = []
    for c in range((scenes + CHAPTER_SIZE - 1) // CHAPTER_SIZE):
        items = []
        for i in range(c * CHAPTER_SIZE, min(scenes, (c + 1) * CHAPTER_SIZE)):
            scene: dict[str, Any] = {
                "id": f"s{i}", "title": f"Scene {i}", "kind": "fictional", "date": "1871-03-18",
                "notes": [f"n{i}"],
                "text": f"Scene {i}. {{if courage > 2}}You are brave.{{end}} " * 3}
            if i >= scenes - endings:
                scene["ending"] = {"id": f"e{i}", "title": f"Ending {i}", "epilogue": "The end."}
            else:
                last = scenes - 1
                first_ending = scenes - endings
                jump = rng.randint(i + 1, last)
                if i >= scenes - 3 * endings:  # make sure every ending has a way in
                    jump = first_ending + i % endings
                targets = [min(i + 1, last), min(i + 2, last), jump]
                choices = []
                for k, t in enumerate(targets):
                    choice: dict[str, Any] = {"text": f"Go to {t}", "to": scene_id(t)}
                    if k == 1 and i % 3 == 0:
                        choice["if"] = "courage >= 1 or visited('" + scene_id(0) + "')"
                        choice["do"] = ["courage += 1", "flag = not flag"]
                    choices.append(choice)
                scene["choices"] = choices
            items.append(scene)
        chapters.append({"chapter": {"id": f"c{c}", "title": f"Chapter {c}"}, "scenes": items})
    return chapters


def scene_id(i: int) -> str:
    """The full id of scene number `i` (chapter.scene)."""
    return f"c{i // CHAPTER_SIZE}.s{i}"


def write_synthetic_story(folder: Path, scenes: int, seed: int = 1871) -> Path:
    """Write a story of `scenes` scenes into `folder` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chapters").mkdir(exist_ok=True)
    files = []
    for c, chapter in enumerate(synthetic_chapters(scenes, seed)):
        name = f"chapters/c{c}.yaml"
        (folder / name).write_text(yaml.safe_dump(chapter, sort_keys=False), encoding="utf-8")
        files.append(name)
    head = {"format": 1, "id": f"synthetic-{scenes}", "title": f"Synthetic {scenes}",
            "version": "1", "start": scene_id(0), "chapters": files,
            "variables": {"courage": {"type": "int", "default": 0, "min": 0, "max": 100},
                          "flag": {"type": "bool", "default": False}}}
    (folder / "story.yaml").write_text(yaml.safe_dump(head, sort_keys=False), encoding="utf-8")
    notes = {f"n{i}": {"title": f"Note {i}", "text": "A fact.", "sources": ["src"]}
             for i in range(scenes)}
    (folder / "notes.yaml").write_text(yaml.safe_dump(notes), encoding="utf-8")
    (folder / "sources.yaml").write_text(yaml.safe_dump(
        {"src": {"author": "A. Author", "title": "A Book", "year": 1871}}), encoding="utf-8")
    return folder


def synthetic_ink(scenes: int, seed: int = 1871) -> str:
    """The same story in ink's source language, for the ink runtimes the benchmark compares.

    Scene `c0.s5` is knot `s5`; `visited('c0.s0')` is the knot's read count; the int
    limit the engine keeps (max 100) is written out with MIN. Notes have no ink
    equivalent and are left out (the engine's view carries them: its extra work).
    """
    lines = ["VAR courage = 0", "VAR flag = false", "-> s0", ""]
    for chapter in synthetic_chapters(scenes, seed):
        for scene in chapter["scenes"]:
            lines.append(f"=== {scene['id']} ===")
            lines.append(scene["text"].replace("{if courage > 2}", "{courage > 2:")
                         .replace("{end}", "}").rstrip())
            if "ending" in scene:
                lines += [scene["ending"]["epilogue"], "-> END", ""]
                continue
            for choice in scene["choices"]:
                knot = choice["to"].split(".")[1]
                if "if" in choice:
                    lines.append(f"+ {{courage >= 1 or s0 > 0}} [{choice['text']}]")
                    lines.append("  ~ courage = MIN(courage + 1, 100)")
                    lines.append("  ~ flag = not flag")
                    lines.append(f"  -> {knot}")
                else:
                    lines.append(f"+ [{choice['text']}] -> {knot}")
            lines.append("")
    return "\n".join(lines)


def write_wide_story(folder: Path, choices: int) -> Path:
    """A story whose first scene has `choices` choices (a third with a condition, a third once).

    The shape that made the view quadratic: each choice leads to one of two endings.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chapters").mkdir(exist_ok=True)
    items = []
    for i in range(choices):
        choice: dict[str, Any] = {"id": f"c{i}", "text": f"Choice {i}",
                                  "to": "end" if i % 2 else "other"}
        if i % 3 == 1:
            choice["if"] = "courage >= 0"
            choice["do"] = ["courage += 1"]
        elif i % 3 == 2:
            choice["once"] = True
        items.append(choice)
    scenes = [{"id": "hub", "title": "The hub", "kind": "fictional", "text": "Choose.",
               "choices": items}]
    for sid in ("end", "other"):
        scenes.append({"id": sid, "title": sid, "kind": "fictional", "text": "Done.",
                       "ending": {"id": sid, "title": sid, "epilogue": "The end."}})
    (folder / "chapters" / "c0.yaml").write_text(yaml.safe_dump(
        {"chapter": {"id": "c0", "title": "Chapter"}, "scenes": scenes}, sort_keys=False),
        encoding="utf-8")
    head = {"format": 1, "id": f"wide-{choices}", "title": f"Wide {choices}", "version": "1",
            "start": "c0.hub", "chapters": ["chapters/c0.yaml"],
            "variables": {"courage": {"type": "int", "default": 0, "min": 0, "max": 100}}}
    (folder / "story.yaml").write_text(yaml.safe_dump(head, sort_keys=False), encoding="utf-8")
    (folder / "notes.yaml").write_text("{}\n", encoding="utf-8")
    (folder / "sources.yaml").write_text("{}\n", encoding="utf-8")
    return folder
