"""`communard explore`: every reachable state searched, and what can never be reached."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from ..argtypes import positive_int
from ..helptext import HelpFormatter
from ..storyarg import add_story_argument, load_or_report

LIST_LIMIT = 40


def register(sub: argparse._SubParsersAction) -> None:
    from engine.explore import DEFAULT_MAX_STATES

    p = sub.add_parser(
        "explore", help="search every reachable state: prove each scene, choice and ending "
                        "reachable, or say why not",
        formatter_class=HelpFormatter,
        description="Play every available choice from every state the story can be in (the "
                    "scene, and the variables, visits and once-only choices that can still "
                    "matter there), each state once. What it reaches is reachable and, when "
                    "the search completes, what it does not reach never is: each such scene, "
                    "choice and ending is listed with the condition that never holds and the "
                    "values it saw. Also prints the shortest path to each ending and the "
                    "places a player can enter but never leave (a scene with no choice left, "
                    "a cycle with no way to an ending).",
        epilog="Exit status: 0 everything reachable and no trap, 1 something is never "
               "reached, a trap was found, or the story has errors, 2 the story cannot be "
               "read.\n\nexamples:\n"
               "  communard explore\n"
               "  communard explore my-story --max-states 2000000\n"
               "  communard path-to aftermath.london")
    add_story_argument(p)
    p.add_argument("--max-states", type=positive_int, default=DEFAULT_MAX_STATES, metavar="N",
                   help=f"stop after N states (default: {DEFAULT_MAX_STATES:,}); what was not "
                        "reached then is not proven unreachable")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text, or json for tools")
    p.set_defaults(func=run_explore)


def run_explore(args: argparse.Namespace) -> int:
    from ..exploring import run_search

    story, status = load_or_report(args)
    if story is None:
        return status
    started = time.perf_counter()
    found = run_search(story, args.max_states)
    seconds = time.perf_counter() - started
    if args.format == "json":
        json.dump(as_json(found, seconds), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_text(found, seconds)
    clean = not (found.unreached_scenes or found.untaken_choices or found.traps)
    return 0 if clean else 1


def print_text(found: Any, seconds: float) -> None:
    from ..exploring import choice_of, where, why_blocked, why_unreached

    story = found.story
    state = "complete: every reachable state was explored" if found.complete else (
        f"STOPPED at --max-states {found.max_states:,}: what was not reached is not proven "
        "unreachable")
    print(f"explore {story.title}: {found.states:,} states, {found.moves:,} moves, "
          f"{seconds:.1f} s — {state}.")
    scenes, choices = len(story.scenes), sum(len(s.choices) for s in story.scenes.values())
    unreached, untaken = found.unreached_scenes, found.untaken_choices
    endings = found.endings
    missing = [e for e, path in endings.items() if path is None]
    print(f"  scenes   {scenes - len(unreached):,} of {scenes:,} reachable")
    print(f"  choices  {choices - len(untaken):,} of {choices:,} can be taken")
    print(f"  endings  {len(endings) - len(missing):,} of {len(endings):,} reachable")
    never = "never reachable" if found.complete else "not reached within the limit"
    if unreached:
        print(f"\nScenes {never}:")
        for scene_id in unreached[:LIST_LIMIT]:
            scene = story.scenes[scene_id]
            kind = f"ending '{scene.ending.id}'" if scene.ending else "scene"
            print(f"  {kind} {scene_id} ({where(scene)})")
            for line in why_unreached(found, scene_id):
                print(f"    {line}")
    blocked = {(b.scene, b.choice): b for b in found.blocked}
    shown = [key for key in untaken if key[0] in found.reached]
    if shown:
        could = "can never" if found.complete else "could not"
        print(f"\nChoices that {could} be taken (their scene is reached):")
        for scene_id, choice_id in shown[:LIST_LIMIT]:
            choice = choice_of(story, scene_id, choice_id)
            reason = why_blocked(story, blocked[(scene_id, choice_id)]) \
                if (scene_id, choice_id) in blocked else "not tried within the limit"
            print(f"  {scene_id} [{choice_id}] ({where(choice)}): {reason}")
    if len(unreached) > LIST_LIMIT or len(shown) > LIST_LIMIT:
        print("  … and more: --format json lists them all")
    print("\nShortest path to each ending (choices):")
    width = max((len(e) for e in endings), default=0)
    for ending_id, path in endings.items():
        scene_id = story.endings[ending_id].id
        length = "never" if path is None else f"{len(path):>5}"
        print(f"  {ending_id:<{width}}  {length}  {scene_id}")
    print()
    if not found.complete:
        print("Traps (places with no way to an ending): not looked for, the search stopped.")
    elif not found.traps:
        print("Traps: none. From every reachable state some ending can still be reached.")
    else:
        print(f"Traps: {found.trap_count} place(s) a player can enter and never reach an "
              "ending from:")
        for trap in found.traps:
            what = ("stuck at" if trap.kind == "stuck" else "a cycle that cannot be left:")
            print(f"  {what} {' → '.join(trap.scenes)}")
            print(f"    reached in {len(trap.path)} choice(s): `communard path-to "
                  f"{trap.scenes[0]}` shows how")


def as_json(found: Any, seconds: float) -> dict[str, Any]:
    def path(moves: Any) -> Any:
        return None if moves is None else [
            {"scene": m.scene, "choice": m.choice, "to": m.to} for m in moves]

    return {
        "story": found.story.id, "states": found.states, "moves": found.moves,
        "complete": found.complete, "max_states": found.max_states,
        "seconds": round(seconds, 3),
        "scenes": {"total": len(found.story.scenes), "unreached": found.unreached_scenes},
        "choices": {"total": sum(len(s.choices) for s in found.story.scenes.values()),
                    "untaken": [{"scene": s, "choice": c} for s, c in found.untaken_choices]},
        "blocked": [{"scene": b.scene, "choice": b.choice, "states": b.states,
                     "seen": b.seen} for b in found.blocked],
        "endings": {e: {"length": None if p is None else len(p), "path": path(p)}
                    for e, p in found.endings.items()},
        "traps": {"count": found.trap_count,
                  "found": [{"kind": t.kind, "scenes": list(t.scenes), "path": path(t.path)}
                            for t in found.traps]},
    }
