"""`communard serve`: the game in every student's browser, from one command.

The story is checked first (a broken story is reported and nothing is served),
then the server runs until Ctrl+C, which ends every game in order (each writes
its autosave). See web/server.py for the server itself.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..argtypes import non_negative_int, port_number, positive_int, positive_number
from ..helptext import HelpFormatter
from ..paths import data_dir
from ..storyarg import add_story_argument, load_or_report
from .classroom import add_db_option, class_code

if TYPE_CHECKING:
    from engine import Story


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="serve the game to the browsers of a class (each student plays their own)",
        formatter_class=HelpFormatter,
        description="Serve the game in the browser: students open the address printed here "
                    "and each plays their own game under their own name, with their own saves. "
                    "Nothing to install on their computers, and nothing is fetched from the "
                    "internet. The teacher's guide to the whole story is at /guide. Ctrl+C "
                    "stops the server; every game is saved first.",
        epilog="examples:\n  communard serve                  (this computer only)\n"
               "  communard serve --host 0.0.0.0   (the classroom network: prints the address "
               "and a QR code)\n"
               "  communard serve --class 4B       (record every student's choices for "
               "`communard class report 4B`)")
    add_story_argument(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on: 127.0.0.1 (default) is this computer only, "
                        "0.0.0.0 the classroom network")
    p.add_argument("--port", type=port_number, default=8000, help="port (default 8000)")
    p.add_argument("--max-players", type=positive_int, default=40, metavar="N",
                   help="games at once; the next student is told the class is full "
                        "(default 40)")
    p.add_argument("--idle-minutes", type=positive_number, default=30.0, metavar="M",
                   help="end a game after M minutes without a key or a click; its autosave "
                        "is kept (default 30)")
    p.add_argument("--warm", type=non_negative_int, default=8, metavar="N",
                   help="games started ahead, so a class that arrives at once finds them "
                        "ready (about 45 MB of memory each; 0 for none; default 8)")
    p.add_argument("--data", type=Path, metavar="DIR", default=None,
                   help="where the players' folders live (default: 'served' in Communard's "
                        "data folder)")
    p.add_argument("--class", dest="class_code", type=class_code, default=None,
                   metavar="CODE",
                   help="record every student's choices under this class code, in the class "
                        "database, for `communard class report CODE` (a code used before "
                        "adds to that class)")
    add_db_option(p)
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from ..web.network import qr_text, student_url
    from ..web.server import GameServer, ServeOptions

    story, status = load_or_report(args)
    if story is None:
        return status
    root = (args.data or data_dir() / "served").resolve()
    try:
        (root / "players").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"communard: cannot use {root} for the players' folders: {exc}", file=sys.stderr)
        return 2

    def guide() -> str:
        from ..export.walkthrough import render_walkthrough

        return render_walkthrough(story, "html")

    class_db = open_class(args, story) if args.class_code else None
    if args.class_code and class_db is None:
        return 2
    options = ServeOptions(story=story.root.resolve(), root=root, title=story.title,
                           host=args.host, port=args.port, max_players=args.max_players,
                           idle_minutes=args.idle_minutes, class_db=class_db,
                           class_code=args.class_code, warm=args.warm)
    server = GameServer(options, guide)

    def ready(local_url: str) -> None:
        port = int(local_url.rsplit(":", 1)[1].strip("/"))
        url = student_url(args.host, port) if args.host == "0.0.0.0" else local_url
        lines = [f"Serving “{story.title}” (Ctrl+C to stop; every game is saved first).",
                 f"  Students open:    {url}",
                 f"  Teacher's guide:  {url}guide",
                 f"  Players' folders: {root / 'players'}",
                 f"  Limits: {args.max_players} players at once; a game idle for "
                 f"{args.idle_minutes:g} min ends, its autosave kept."]
        if class_db is not None:
            lines.append(f"  Class {args.class_code}: every choice is recorded in {class_db}")
        if args.host in ("127.0.0.1", "localhost", "::1"):
            lines.append("  Only this computer can open it: add --host 0.0.0.0 for the "
                         "classroom network.")
        print("\n".join(lines), flush=True)
        if args.host == "0.0.0.0":
            print("\nStudents can scan this with a phone or tablet:\n"
                  + qr_text(url, colour=sys.stdout.isatty()), flush=True)

    try:
        asyncio.run(server.run(ready))
    except OSError as exc:
        print(f"communard: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}. "
              "Is another server using that port? Try --port 8001.", file=sys.stderr)
        return 2
    print("Stopped. Every game was saved.", flush=True)
    if class_db is not None:
        print(f"  The class's report:  communard class report {args.class_code}"
              + ("" if args.db is None else f" --db {args.db}"), flush=True)
    return 0


def open_class(args: argparse.Namespace, story: Story) -> Path | None:
    """Open (or make) the class in its database before any game starts; None if it cannot
    be used (the teacher is told why)."""
    from ..web.store import StoreError
    from .classroom import open_store

    store = open_store(args.db)
    if store is None:
        return None
    try:
        store.open_class(args.class_code, story.id, story.version, story.title)
    except StoreError as exc:
        print(f"communard: {exc}", file=sys.stderr)
        return None
    finally:
        store.close()
    return store.path.resolve()
