"""`communard class`: a class plays together by vote, and the teacher's report afterwards.

    communard class vote [STORY]      the story on the projector, the class votes from phones
    communard class report CODE       how a class chose: HTML (or CSV) for the teacher
    communard class list              the classes recorded in the database

Every class is recorded in one SQLite file (classes.sqlite in the data folder, or
--db PATH), under its short code; `communard serve --class CODE` records a class
that plays individually into the same file.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..argtypes import port_number, positive_int
from ..helptext import HelpFormatter
from ..storyarg import add_story_argument, load_or_report

if TYPE_CHECKING:
    from engine import Session, Story

    from ..web.store import ClassInfo, ClassStore

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0 or I/1 to misread on a projector
_CODE = re.compile(r"^[A-Za-z0-9-]{2,16}$")


def class_code(text: str) -> str:
    """A class code as typed: 2 to 16 letters, digits or dashes; kept in capitals."""
    if not _CODE.match(text):
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' is not a class code: use 2 to 16 letters, digits or dashes")
    return text.upper()


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(4))


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, metavar="PATH", default=None,
                        help="the class database (default: classes.sqlite in Communard's "
                             "data folder)")


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("class", help="a class plays together by vote; reports on classes",
                         formatter_class=HelpFormatter,
                         description="Classroom walkthroughs: the class votes on each choice "
                                     "from phones while the story is on the projector, and "
                                     "every choice is recorded for a report.")
    actions = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    vote = actions.add_parser(
        "vote", help="play on the projector; students vote from their phones",
        formatter_class=HelpFormatter,
        description="Play the story on this screen while students vote on each choice from a "
                    "phone or laptop (they open the address shown, or scan its QR code). "
                    "v closes the vote (the majority decides; a tie, you pick); a number "
                    "key takes that choice for the class; u undoes and opens the vote again. "
                    "Students give a name you let in (a) or refuse (r), unless --anonymous.",
        epilog="examples:\n  communard class vote --host 0.0.0.0            (the classroom "
                 "network)\n  communard class vote --code 4B --host 0.0.0.0  (go on with "
                 "class 4B)")
    add_story_argument(vote)
    vote.add_argument("--code", type=class_code, default=None,
                      help="the class's code (default: a new one); a code used before "
                           "goes on where that class stopped")
    add_db_option(vote)
    vote.add_argument("--host", default="127.0.0.1",
                      help="address to listen on: 127.0.0.1 (default) is this computer only, "
                           "0.0.0.0 the classroom network")
    vote.add_argument("--port", type=port_number, default=8000, help="port (default 8000)")
    vote.add_argument("--anonymous", action="store_true",
                      help="students join without a name (default: they give one, "
                           "and you let them in)")
    vote.add_argument("--max-students", type=positive_int, default=60, metavar="N",
                      help="students at most (default 60)")
    vote.add_argument("--headless", action="store_true",
                      help="no screen: print the address and the teacher's token, and take "
                           "the teacher's controls over HTTP only (for scripts and tests)")
    vote.set_defaults(func=run_vote)

    report = actions.add_parser(
        "report", help="how a class chose: a page for the teacher (or CSV)",
        formatter_class=HelpFormatter,
        description="Write the report of a class: per scene how the class chose beside what "
                    "happened in history, the endings reached, the median time per chapter, "
                    "and the discussion questions beside the class's answers. Students are "
                    "shown by pseudonym unless --names.")
    report.add_argument("code", type=class_code, metavar="CODE", help="the class's code")
    report.add_argument("--story", type=Path, default=None, metavar="STORY",
                        help="the story the class played (default: the bundled story)")
    add_db_option(report)
    report.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                        help="write to FILE (default: print)")
    report.add_argument("--format", choices=("html", "csv"), default="html",
                        help="html (default): one self-contained page; csv: one row per "
                             "choice, for a spreadsheet")
    report.add_argument("--names", action="store_true",
                        help="show the names students gave (default: pseudonyms only)")
    report.set_defaults(func=run_report)

    listing = actions.add_parser("list", help="the classes recorded in the database")
    add_db_option(listing)
    listing.set_defaults(func=run_list)


def open_store(path: Path | None) -> ClassStore | None:
    from ..web.store import ClassStore, StoreError, default_db

    try:
        return ClassStore(path or default_db())
    except StoreError as exc:
        print(f"communard: {exc}", file=sys.stderr)
        return None


def resume(store: ClassStore, info: ClassInfo, story: Story) -> Session | None:
    """The class's last vote replayed, decision by decision; None to start a new one."""
    from engine import ChoiceUnavailable, Session

    run = store.query("SELECT MAX(id) FROM runs WHERE class_id = ? AND player_id IS NULL",
                      (info.id,))[0][0]
    if run is None:
        return None
    session = Session(story)
    try:
        for (choice_id,) in store.query("SELECT choice_id FROM moves WHERE run_id = ? AND "
                                        "undone = 0 ORDER BY id", (run,)):
            session.choose(choice_id)
    except ChoiceUnavailable:
        print(f"communard: class {info.code}'s last vote no longer fits the story (it "
              "changed); the class starts again from the beginning", file=sys.stderr)
        return None
    return session


def run_vote(args: argparse.Namespace) -> int:
    from engine.saves import SaveStore

    from ..classapp import ClassVoteApp
    from ..paths import data_dir
    from ..web.classserver import ClassOptions, ClassServer
    from ..web.classstats import StoryLabels
    from ..web.network import student_url
    from ..web.store import StoreError, default_db

    if not args.headless and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("communard: class vote shows the story on this terminal and needs one "
              "(or --headless)", file=sys.stderr)
        return 2
    story, status = load_or_report(args)
    if story is None:
        return status
    store = open_store(args.db)
    if store is None:
        return 2
    code = args.code or new_code()
    try:
        info = store.open_class(code, story.id, story.version, story.title)
    except StoreError as exc:
        print(f"communard: {exc}", file=sys.stderr)
        return 2
    session = resume(store, info, story) if args.code else None
    store.close()
    options = ClassOptions(code, story.title, story.language, args.host, args.port,
                           ask_names=not args.anonymous, max_students=args.max_students)
    server = ClassServer(args.db or default_db(), info, options, StoryLabels.of(story))
    try:
        local = server.start()
    except OSError as exc:
        print(f"communard: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}. "
              "Is another server using that port? Try --port 8001.", file=sys.stderr)
        return 2
    port = int(local.rsplit(":", 1)[1].strip("/"))
    url = student_url(args.host, port) if args.host == "0.0.0.0" else local
    def ready() -> None:
        print(f"Class {code}: “{story.title}”\n  Students open:  {url}\n"
              f"  Teacher token:  {server.teacher_token}", flush=True)

    app = ClassVoteApp(story, SaveStore(data_dir() / "class-saves" / code, story), server,
                       join_url=url, session=session, resumed=session is not None,
                       on_ready=ready if args.headless else None)
    try:
        if args.headless:
            app.run(headless=True)
        else:
            app.run()
    finally:
        server.stop()
    print(f"Class {code} is recorded in {args.db or default_db()}.\n"
          f"  The report:   communard class report {code}\n"
          f"  To go on:     communard class vote --code {code}")
    return app.return_code or 0


def run_report(args: argparse.Namespace) -> int:
    from ..export.classcsv import render_csv
    from ..export.classreport import build_report, render_html

    store = open_store(args.db)
    if store is None:
        return 2
    info = store.find_class(args.code)
    if info is None:
        known = ", ".join(c.code for c in store.classes()) or "none yet"
        print(f"communard: no class {args.code} in {store.path} (classes: {known})",
              file=sys.stderr)
        return 2
    story, status = load_or_report(args)
    if story is None:
        return status
    if story.id != info.story_id:
        print(f"communard: class {info.code} played {info.story_id}, not {story.id}: give "
              "that story's folder", file=sys.stderr)
        return 2
    if args.format == "csv":
        text = render_csv(store, info, story, names=args.names)
    else:
        text = render_html(build_report(store, info, story, names=args.names))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"communard: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Wrote {args.output}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    import datetime as dt

    store = open_store(args.db)
    if store is None:
        return 2
    classes = store.classes()
    if not classes:
        print(f"No class recorded in {store.path} yet.")
        return 0
    for info in classes:
        players = store.query("SELECT COUNT(*) FROM players WHERE class_id = ?", (info.id,))
        when = dt.datetime.fromtimestamp(info.created).strftime("%Y-%m-%d %H:%M")
        print(f"{info.code:<8} {when}  {players[0][0]:>3} students  {info.story_title}")
    return 0
