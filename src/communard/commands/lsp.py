"""`communard lsp`: the language server for story files, on standard input and output."""

from __future__ import annotations

import argparse

from ..helptext import HelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lsp", help="run the language server for story files (for editors)",
        formatter_class=HelpFormatter,
        description="Speak the Language Server Protocol on standard input and output: the "
                    "checker's problems as you type, go to the definition of a scene, note, "
                    "source, codex entry or variable, completion of their ids, and hover "
                    "showing a note's text or a scene's title. Editors start it themselves; "
                    "story/README.md says how to set up VS Code and Neovim.",
        epilog="Exit status: 0 when the editor closes the connection.")
    p.set_defaults(func=run_lsp)


def run_lsp(args: argparse.Namespace) -> int:
    from ..lsp.server import build_server

    build_server().start_io()
    return 0
