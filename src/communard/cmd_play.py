"""`communard play`: the Textual game, or the line-mode player with --plain."""

from __future__ import annotations

import argparse
import sys

from engine.saves import SaveStore

from .paths import saves_dir
from .storyarg import add_story_argument, load_or_report


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser(
        "play", help="play a story (the default command)",
        description="Play a story in the terminal. --plain plays line by line (for screen "
                    "readers, pipes and scripts): type a number to choose, h for help.")
    add_story_argument(play)
    play.add_argument("--plain", action="store_true", help="line-by-line text mode")
    play.add_argument("--teacher", action="store_true",
                      help="teacher mode: show locked choices with their conditions, jump list")
    play.add_argument("--watch", action="store_true",
                      help="reload the story when its files change (for authors)")
    play.set_defaults(func=run_play)


def run_play(args: argparse.Namespace) -> int:
    story, status = load_or_report(args)
    if story is None:
        return status
    store = SaveStore(saves_dir(story.id), story)
    if args.plain or not sys.stdin.isatty() or not sys.stdout.isatty():
        from .plain import PlainPlayer

        for stream in (sys.stdin, sys.stdout):  # a stray byte in piped input is no crash
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        player = PlainPlayer(story, store, sys.stdout)
        interactive = sys.stdin.isatty()

        def prompt() -> None:
            if interactive:
                print("> ", end="", flush=True)

        prompt()
        return player.run(iter(sys.stdin.readline, ""), prompt)
    from .app import create_app

    app = create_app(story, store, teacher=args.teacher, watch=args.watch)
    app.run()
    return 0
