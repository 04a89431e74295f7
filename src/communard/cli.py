"""The `communard` command: one entry point, one subcommand per module.

Each subcommand module offers `register(subparsers)`, which adds its parser
and sets `func` to a function taking the parsed arguments and returning the
exit code: 0 fine, 1 the story has errors, 2 usage or unreadable input.

The subcommand modules are imported when the parser is built, and several of
them import the engine, which takes longer than the game's first screen. So
`communard play` (and plain `communard`) builds a parser with play alone: its
help, usage and errors are the same, and the engine is loaded behind the title.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .clitext import LANG_HELP, lang_flag, localize
from .i18n import _

COMMANDS = ("play", "check", "test", "randomtest", "explore", "path-to", "graph", "stats",
            "walkthrough", "transcript", "schema", "serve", "classroom", "lsp", "translate")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or (only="play") one that knows the play subcommand alone."""
    parser = argparse.ArgumentParser(
        prog="communard",
        description=_("Play and write interactive histories. With no command, plays the "
                      "bundled story: the Paris Commune of 1871."))
    parser.add_argument("--version", action="version", version=f"communard {__version__}")
    parser.add_argument("--lang", metavar="LANG", help=_(LANG_HELP))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is None or name == only:
            module = name.replace("-", "_")  # path-to lives in path_to.py
            importlib.import_module(f".commands.{module}", __package__).register(sub)
    for command in sub.choices.values():  # `communard play --lang fr` as well as before
        if "--lang" not in command._option_string_actions:
            command.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS,
                                 help=_(LANG_HELP))
    localize(parser)
    return parser


def apply_language(flag: str | None) -> str:
    """Choose the interface's language: --lang, the saved setting, the locale, English."""
    from .i18n import choose_language, set_language
    from .settings import Settings

    saved = None if flag else Settings.load().language
    return set_language(choose_language(flag, saved))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse a command line; no command, or options first, means `play`."""
    args_list = list(argv)
    apply_language(lang_flag(args_list))  # before the parser: its help is in that language
    lead = 2 if args_list[:1] == ["--lang"] else 1 if args_list[:1] and \
        args_list[0].startswith("--lang=") else 0  # `communard --lang fr check ...`
    first = args_list[lead] if len(args_list) > lead else None
    if first is None or first.startswith("-") and first not in ("-h", "--help", "--version"):
        args_list = ["play", *args_list]
        first = "play"
    return build_parser("play" if first == "play" else None).parse_args(args_list)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    apply_language(getattr(args, "lang", None))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`communard check | head`): say so in the exit status,
        # as a shell would (128 + SIGPIPE), and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def run() -> None:  # pragma: no cover - console script shim
    sys.exit(main())
