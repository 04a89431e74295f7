"""argparse's own words (usage, group titles, -h, --version) in the interface's language.

argparse words them with the standard library's gettext, which knows nothing of our
catalogues; so once a parser is built its titles and help lines are set from ours,
and its formatter is given a translated "usage: ". The player's command (`play`) and
the top level are translated too; the author tools' own help stays English, as the
checker's messages do.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

from .i18n import N_, _

LANG_HELP = N_("the interface's language (en, fr); else the saved setting, else the locale")


def localize(parser: argparse.ArgumentParser) -> None:
    """Translate one parser's argparse words, and those of its subcommands."""
    parser._positionals.title = _("positional arguments")
    parser._optionals.title = _("options")
    base: Any = parser.formatter_class
    local: Any = type(f"Local{base.__name__}", (base,), {"add_usage": _add_usage})
    parser.formatter_class = local
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _("show this help message and exit")
        elif isinstance(action, argparse._VersionAction):
            action.help = _("show program's version number and exit")
        elif isinstance(action, argparse._SubParsersAction):
            for sub in _unique(action.choices.values()):
                localize(sub)


def _unique(parsers: Iterable[argparse.ArgumentParser]) -> list[argparse.ArgumentParser]:
    found: dict[int, argparse.ArgumentParser] = {}
    for parser in parsers:
        found.setdefault(id(parser), parser)
    return list(found.values())


def _add_usage(self: argparse.HelpFormatter, usage: str | None, actions: Any, groups: Any,
               prefix: str | None = None) -> None:
    argparse.HelpFormatter.add_usage(self, usage, actions, groups,
                                     _("usage: ") if prefix is None else prefix)


def lang_flag(argv: Iterable[str]) -> str | None:
    """The value of --lang in a command line, read before the parser is built (its help
    is worded in that language)."""
    args = list(argv)
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
