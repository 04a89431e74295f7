"""`communard graph`: the story map as DOT, Mermaid or SVG."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..export.graph import GraphvizMissing, render_dot, render_mermaid, render_svg
from ..helptext import HelpFormatter
from ..output import format_from, write_output
from ..storyarg import add_story_argument, load_or_report

FORMATS = ("dot", "mermaid", "svg")
SUFFIXES = {".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid",
            ".svg": "svg"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "graph", help="draw the story map (DOT, Mermaid or SVG)",
        formatter_class=HelpFormatter,
        description="Draw the story map: every scene grouped by chapter, coloured by kind "
                    "(historical, fictional, counterfactual) with a legend, endings with a "
                    "double border, the start with a thick one, and choices that depend on a "
                    "condition dashed and labelled with it. SVG needs Graphviz's `dot`.",
        epilog="examples:\n  communard graph -o map.svg\n"
               "  communard graph my-story --format mermaid -o map.mmd\n"
               "  communard graph --format dot | dot -Tpng > map.png")
    add_story_argument(p)
    p.add_argument("--format", "-f", choices=FORMATS, default=None,
                   help="dot, mermaid or svg (default: from the -o suffix, else dot)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to FILE (default: standard output)")
    p.set_defaults(func=run_graph)


def run_graph(args: argparse.Namespace) -> int:
    fmt = format_from(args.format, args.output, SUFFIXES, "dot")
    story, status = load_or_report(args)
    if story is None:
        return status
    if fmt == "svg":
        try:
            text = render_svg(story)
        except GraphvizMissing as exc:
            print(f"communard: {exc}", file=sys.stderr)
            return 2
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"communard: {exc}", file=sys.stderr)
            return 2
    else:
        text = render_mermaid(story) if fmt == "mermaid" else render_dot(story)
    return write_output(text, args.output,
                        f"story map of {len(story.scenes)} scenes ({fmt})")
