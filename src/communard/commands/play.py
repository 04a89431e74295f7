"""`communard play`: the Textual game, or the line-mode player with --plain.

The game starts from the story's path, not from a loaded story: it shows the
title screen at once and loads the story behind it, so this module imports
neither the engine nor the app at module level.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..i18n import _
from ..paths import saves_dir
from ..storyarg import add_story_argument, load_or_report, story_path


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser(
        "play", help=_("play a story (the default command)"),
        description=_("Play a story in the terminal. --plain plays line by line (for screen "
                      "readers, pipes and scripts): type a number to choose, h for help."))
    add_story_argument(play)
    play.add_argument("--plain", action="store_true", help=_("line-by-line text mode"))
    play.add_argument("--teacher", action="store_true",
                      help=_("teacher mode: show locked choices with their conditions, jump "
                             "list"))
    play.add_argument("--watch", action="store_true",
                      help=_("reload the story when its files change (for authors)"))
    play.set_defaults(func=run_play)


def run_play(args: argparse.Namespace) -> int:
    if args.plain or not sys.stdin.isatty() or not sys.stdout.isatty():
        return run_plain(args)
    return run_game(story_path(args), teacher=args.teacher, watch=args.watch)


def run_game(path: Path, *, teacher: bool = False, watch: bool = False,
             **run_options: Any) -> int:
    """Play in Textual; if the story does not load, print why once the screen is restored.

    `run_options` go to App.run (headless, size, auto_pilot: the benchmark and tests).
    """
    from ..app import create_app

    app = create_app(path, teacher=teacher, watch=watch)
    app.run(**run_options)
    if app.failure:
        sys.stderr.write(app.failure)
        sys.stderr.flush()
    return app.return_code or 0


def run_plain(args: argparse.Namespace) -> int:
    """The line-mode player: it needs the story at once, so it loads it first."""
    from engine.saves import SaveStore

    from ..plain import PlainPlayer

    story, status = load_or_report(args)
    if story is None:
        return status
    store = SaveStore(saves_dir(story.id), story)
    for stream in (sys.stdin, sys.stdout):  # a stray byte in piped input is no crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    player = PlainPlayer(story, store, sys.stdout)
    interactive = sys.stdin.isatty()

    def prompt() -> None:
        if interactive:
            print("> ", end="", flush=True)

    return player.run(iter(sys.stdin.readline, ""), prompt)
