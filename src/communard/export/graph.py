"""The story map: scenes and choices as a Graphviz DOT or a Mermaid flowchart.

Scenes are grouped by chapter (a cluster each), filled by kind (the same
colours as the printed guides), endings have a double border and the start
a thick one; a choice with a condition is drawn dashed and labelled with it.
Several unconditional choices between the same two scenes make one arrow,
so the map shows where a player can go rather than how many ways.
Every story string is escaped for the target language.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from engine import Story
from engine.story import Scene

from ..i18n import _, spec_words
from ..kinds import KINDS, kind_style

FONT = "Helvetica"
INSTALL_HINT = ("Graphviz's `dot` is needed to draw SVG. Install it with "
                "`apt install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora), "
                "`brew install graphviz` (macOS) or `choco install graphviz` (Windows), "
                "or use --format dot and draw it elsewhere.")


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    condition: str | None
    texts: tuple[str, ...]
    once: bool = False


def edges(story: Story) -> Iterator[Edge]:
    """The arrows of the map: unconditional choices to the same scene merged into one."""
    for scene in story.scenes.values():
        plain: dict[str, list[str]] = {}
        for choice in scene.choices:
            text = " ".join(choice.text.source.split())
            if choice.condition is None:
                plain.setdefault(choice.target, []).append(text)
            else:
                yield Edge(scene.id, choice.target, choice.condition.source, (text,),
                           choice.once)
        for target, texts in plain.items():
            yield Edge(scene.id, target, None, tuple(texts))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


# --- DOT ------------------------------------------------------------------------
def _dot_str(text: str) -> str:
    """A DOT double-quoted string; backslashes doubled so `\\N` and friends stay literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_label(lines: list[str]) -> str:
    body = "".join(line.replace("\\", "\\\\").replace('"', '\\"') + "\\n" for line in lines)
    return f'"{body[:-2]}"'


def _node_dot(story: Story, scene: Scene) -> str:
    style = kind_style(scene.kind)
    lines = _wrap(scene.title, 24)
    if scene.date is not None:
        lines.append(spec_words(scene.date))
    attrs = [f"label={_dot_label(lines)}", f"tooltip={_dot_str(scene.id)}",
             f'fillcolor="{style.fill}"', f'color="{style.border}"']
    if scene.ending is not None:
        attrs += ['shape=box', 'style="filled"', "peripheries=2", "penwidth=1.5"]
    if scene.id == story.start:
        attrs += ["penwidth=3"]
    return f"    {_dot_str(scene.id)} [{', '.join(attrs)}];"


def render_dot(story: Story) -> str:
    """The story map in Graphviz DOT."""
    out = [f"digraph {_dot_str(story.id)} {{",
           f"  graph [label={_dot_str(story.title + ' — story map')}, labelloc=t, "
           f'fontname="{FONT}", fontsize=20, rankdir=TB, newrank=true, compound=true, '
           f'nodesep=0.3, ranksep=0.45];',
           f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=10, '
           f'margin="0.12,0.06"];',
           f'  edge [fontname="{FONT}", fontsize=8, color="#555555", arrowsize=0.7];']
    for number, chapter in enumerate(story.chapters, 1):
        out += [f"  subgraph {_dot_str('cluster_' + chapter.id)} {{",
                f"    label={_dot_str(f'{number}. {chapter.title}')}; fontsize=14; "
                f'style="rounded"; color="#999999"; labeljust=l;']
        out += [_node_dot(story, story.scenes[sid]) for sid in chapter.scene_ids]
        out.append("  }")
    chapter_of = {sid: s.chapter_id for sid, s in story.scenes.items()}
    for edge in edges(story):
        attrs = [f"tooltip={_dot_str(' / '.join(edge.texts))}"]
        if chapter_of[edge.source] != chapter_of[edge.target]:
            # Chapters side by side, in reading order, rather than one very tall column.
            attrs += ["constraint=false", 'color="#999999"']
        if edge.condition is not None:
            label = _wrap(edge.condition + (" (once)" if edge.once else ""), 28)
            attrs += ['style="dashed"', f"label={_dot_label(label)}", 'fontcolor="#6b3fa0"',
                      'color="#6b3fa0"']
        out.append(f"  {_dot_str(edge.source)} -> {_dot_str(edge.target)} "
                   f"[{', '.join(attrs)}];")
    out += _legend_dot()
    out.append("}")
    return "\n".join(out) + "\n"


def _legend_dot() -> list[str]:
    lines = ["  subgraph cluster_legend {",
             '    label="Legend"; fontsize=12; style="rounded"; color="#999999";']
    previous = None
    for kind, style in KINDS.items():
        node = f"legend_{kind}"
        label = _dot_label(_wrap(f"{_(style.label)}: {_(style.meaning)}", 24))
        lines.append(f'    {node} [label={label}, fillcolor="{style.fill}", '
                     f'color="{style.border}"];')
        if previous:
            lines.append(f"    {previous} -> {node} [style=invis];")
        previous = node
    lines += ['    legend_ending [label="Ending", shape=box, style="filled", peripheries=2, '
              'fillcolor="#ffffff"];',
              '    legend_start [label="Start", penwidth=3, fillcolor="#ffffff"];',
              '    legend_cond [label="(any scene)", fillcolor="#ffffff"];',
              f"    {previous} -> legend_start [style=invis];",
              '    legend_start -> legend_cond [style="dashed", color="#6b3fa0", '
              'fontcolor="#6b3fa0", label="only if\\na condition holds"];',
              "    legend_cond -> legend_ending [label=\"always\"];",
              "  }"]
    return lines


# --- Mermaid ----------------------------------------------------------------------
def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes, markup and `#` as entity codes."""
    out = []
    for ch in text:
        if ch in '"#<>&`[]{}()|;\\':
            out.append(f"#{ord(ch)};")
        elif ch == "\n":
            out.append("<br/>")
        else:
            out.append(ch)
    return "".join(out)


def render_mermaid(story: Story) -> str:
    """The story map as a Mermaid flowchart (for Markdown viewers that draw Mermaid).

    Chapters stand side by side, left to right, each a column of its scenes, as in
    the SVG. Mermaid lays a chapter out on its own only if no arrow leaves it, so an
    arrow into another chapter ends at a small "on to ..." box inside its own
    chapter, which names the scene it leads to; the chapters are then chained in
    reading order by invisible links.
    """
    ids = {sid: f"n{i}" for i, sid in enumerate(story.scenes)}
    numbers = {c.id: n for n, c in enumerate(story.chapters, 1)}
    title = json.dumps(f"{story.title} — story map", ensure_ascii=False)
    out = ["---", f"title: {title}", "---", "flowchart LR"]
    exits: dict[tuple[str, str], str] = {}
    lines_of: dict[str, list[str]] = {c.id: [] for c in story.chapters}
    for edge in edges(story):
        source = story.scenes[edge.source]
        target = story.scenes[edge.target]
        b = ids[edge.target]
        if target.chapter_id != source.chapter_id:
            key = (source.chapter_id, edge.target)
            if key not in exits:
                exits[key] = f"x{len(exits)}"
                where = f"{numbers[target.chapter_id]}. {target.title}"
                lines_of[source.chapter_id].append(
                    f'    {exits[key]}>"on to {_mermaid_text(where)}"]:::exit')
            b = exits[key]
        arrow = "-->" if edge.condition is None else (
            f'-.->|"{_mermaid_text(edge.condition + (" (once)" if edge.once else ""))}"|')
        lines_of[source.chapter_id].append(f"    {ids[edge.source]} {arrow} {b}")
    for number, chapter in enumerate(story.chapters, 1):
        out += [f'  subgraph ch{number}["{_mermaid_text(f"{number}. {chapter.title}")}"]',
                "    direction TB"]
        for sid in chapter.scene_ids:
            scene = story.scenes[sid]
            label = _mermaid_text(scene.title) + (
                f"<br/><small>{_mermaid_text(spec_words(scene.date))}</small>"
                if scene.date else "")
            left, right = ('[["', '"]]') if scene.ending is not None else ('("', '")')
            kind = scene.kind if scene.kind in KINDS else "other"
            out.append(f"    {ids[sid]}{left}{label}{right}:::{kind}")
        out += lines_of[chapter.id]
        out.append("  end")
    out += [f"  ch{n} ~~~ ch{n + 1}" for n in range(1, len(story.chapters))]
    out += ['  subgraph legend["Legend"]', "    direction TB"]
    for kind, style in KINDS.items():
        out.append(f'    legend_{kind}("{_mermaid_text(f"{_(style.label)}: {_(style.meaning)}")}")'
                   f":::{kind}")
    out += ['    legend_ending[["Ending"]]', '    legend_start("Start"):::start',
            '    legend_exit>"on to a scene of another chapter"]:::exit',
            '    legend_start -.->|"only if a condition holds"| legend_ending', "  end"]
    if story.chapters:
        out.append(f"  ch{len(story.chapters)} ~~~ legend")
    for kind, style in KINDS.items():
        out.append(f"  classDef {kind} fill:{style.fill},stroke:{style.border},color:#1d1d1f")
    out.append("  classDef other fill:#eeeeee,stroke:#666666")
    out.append("  classDef exit fill:#ffffff,stroke:#999999,color:#555555")
    out.append("  classDef start stroke-width:4px")
    endings = [ids[s.id] for s in story.endings.values()]
    if endings:
        out.append(f"  class {','.join(endings)} ending")
        out.append("  classDef ending stroke-width:3px")
    out.append(f"  class {ids[story.start]} start")
    return "\n".join(out) + "\n"


# --- SVG through Graphviz ------------------------------------------------------------
class GraphvizMissing(RuntimeError):
    """`dot` is not on PATH."""


def render_svg(story: Story, timeout: float = 600) -> str:
    """The DOT map drawn by Graphviz's `dot` (GraphvizMissing when it is not installed)."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(INSTALL_HINT)
    done = subprocess.run([dot, "-Tsvg"], input=render_dot(story), capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.strip()[:500]}")
    return done.stdout
