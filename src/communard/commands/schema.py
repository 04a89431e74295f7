"""`communard schema`: JSON Schemas of the story files, for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.models import FILE_MODELS

from ..export.schema import schema_text, write_schemas
from ..helptext import HelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema", help="write the JSON Schemas of the story files (for editors)",
        formatter_class=HelpFormatter,
        description="Write the JSON Schema of each kind of story file, generated from the "
                    "engine's own models: " + ", ".join(f"{k}.schema.json" for k in FILE_MODELS)
                    + ".\n\nTo get completion and checking while you type (see story/README.md), "
                      "point an editor at them with a first line such as:\n\n"
                      "  # yaml-language-server: $schema=../schema/chapter.schema.json",
        epilog="examples:\n  communard schema -o schema/\n  communard schema --kind notes")
    p.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="write every schema into this folder (created if needed)")
    p.add_argument("--kind", choices=list(FILE_MODELS), default="chapter",
                   help="without -o: which schema to print (default: chapter)")
    p.set_defaults(func=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    if args.output is None:
        sys.stdout.write(schema_text(args.kind))
        return 0
    if args.output.exists() and not args.output.is_dir():
        print(f"communard: {args.output} is a file; give a folder for the schemas",
              file=sys.stderr)
        return 2
    try:
        paths = write_schemas(args.output)
    except OSError as exc:
        print(f"communard: cannot write the schemas: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0
