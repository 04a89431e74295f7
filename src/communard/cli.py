"""The `communard` command: one entry point, one subcommand per module.

Each subcommand module offers `register(subparsers)`, which adds its parser
and sets `func` to a function taking the parsed arguments and returning the
exit code: 0 fine, 1 the story has errors, 2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import (
    __version__,
    cmd_check,
    cmd_graph,
    cmd_play,
    cmd_randomtest,
    cmd_schema,
    cmd_stats,
    cmd_transcript,
    cmd_walkthrough,
)

COMMANDS = (cmd_play, cmd_check, cmd_randomtest, cmd_graph, cmd_stats, cmd_walkthrough,
            cmd_transcript, cmd_schema)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="communard",
        description="Play and write interactive histories. With no command, plays the "
                    "bundled story: the Paris Commune of 1871.")
    parser.add_argument("--version", action="version", version=f"communard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("-") and args_list[0] not in (
            "-h", "--help", "--version"):
        args_list = ["play", *args_list]
    args = parser.parse_args(args_list)
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
