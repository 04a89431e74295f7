"""`communard path-to SCENE`: the shortest way from the start to a scene, as choices."""

from __future__ import annotations

import argparse
import sys

from ..argtypes import positive_int
from ..helptext import HelpFormatter
from ..storyarg import add_story_argument, load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    from engine.explore import DEFAULT_MAX_STATES

    p = sub.add_parser(
        "path-to", help="print the shortest way to a scene or ending, as the choices to take",
        formatter_class=HelpFormatter,
        description="Search every reachable state (as `communard explore` does) and print "
                    "the fewest choices that lead from the start to SCENE, with each choice's "
                    "id and text as the player sees it. SCENE is chapter.scene, a scene id "
                    "only one chapter has, or an ending's id. When no path exists, says why.",
        epilog="Exit status: 0 a path was found, 1 the scene can never be reached (or the "
               "story has errors), 2 no such scene, or the story cannot be read.\n\n"
               "examples:\n"
               "  communard path-to aftermath.london\n"
               "  communard path-to london\n"
               "  communard path-to window my-story")
    p.add_argument("scene", metavar="SCENE", help="chapter.scene, a scene id, or an ending id")
    add_story_argument(p)
    p.add_argument("--max-states", type=positive_int, default=DEFAULT_MAX_STATES, metavar="N",
                   help=f"stop searching after N states (default: {DEFAULT_MAX_STATES:,})")
    p.set_defaults(func=run_path_to)


def run_path_to(args: argparse.Namespace) -> int:
    from engine.compiler import did_you_mean
    from engine.safetext import cut, visible

    from ..exploring import path_lines, resolve_target, run_search, why_unreached

    story, status = load_or_report(args)
    if story is None:
        return status
    target = resolve_target(story, args.scene)
    if target is None:
        name = cut(visible(args.scene), 80)
        hint = did_you_mean(args.scene, [*story.scenes, *story.endings,
                                         *(s.local_id for s in story.scenes.values())])
        print(f"communard: there is no scene or ending '{name}' in {story.title}{hint or '.'}",
              file=sys.stderr)
        return 2
    found = run_search(story, args.max_states)
    path = found.path_to(target)
    if path is None:
        state = "it can never be reached" if found.complete else (
            f"it was not reached in {found.states:,} states (--max-states)")
        print(f"No path to {target}: {state}.")
        for line in why_unreached(found, target):
            print(f"  {line}")
        return 1
    scene = story.scenes[target]
    print(f"Shortest path to {target} ({len(path)} choice(s), of {found.states:,} states "
          "explored):")
    for line in path_lines(story, path):
        print(f"  {line}")
    arrival = f"ending '{scene.ending.id}'" if scene.ending else "the scene"
    print(f"  → {target}: {arrival}, {visible(scene.title)}")
    return 0
