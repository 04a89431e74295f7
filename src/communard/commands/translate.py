"""`communard translate`: translation skeletons, and PO files for translators' tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..helptext import HelpFormatter
from ..storyarg import add_story_argument, story_path

LANG_HELP = "the language translated into: fr, de, pt_BR..."


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "translate", help="start, export and import a story's translation",
        formatter_class=HelpFormatter,
        description="A story's translation is a folder translations/<lang>/ of YAML files "
                    "keyed by string id, each text with the hash of the English it was made "
                    "from (so `communard check` can say what is missing or stale). `init` "
                    "writes that folder with every string to translate; `export` writes a PO "
                    "file for Poedit, Weblate or Lokalize; `import` brings a PO back.",
        epilog="examples:\n  communard translate init story/commune-1871 --lang fr\n"
               "  communard translate export story/commune-1871 --lang fr -o fr.po\n"
               "  communard translate import fr.po story/commune-1871 --lang fr\n"
               "  communard stats story/commune-1871   (how complete each language is)")
    verbs = p.add_subparsers(dest="verb", metavar="ACTION", required=True)
    init = verbs.add_parser("init", help="write translations/<lang>/ with every string",
                            description="Write (or complete) translations/<lang>/: one YAML "
                                        "file per story file, every string with its source "
                                        "hash and an empty text. Texts already there are kept.")
    add_story_argument(init)
    init.add_argument("--lang", dest="target", required=True, metavar="LANG", help=LANG_HELP)
    init.set_defaults(func=run_init)
    export = verbs.add_parser("export", help="write a PO file of the story's strings",
                              description="Write every string as a PO message: the id as "
                                          "context, the English, the translation so far "
                                          "(fuzzy if the English changed), the scene as a "
                                          "note.")
    add_story_argument(export)
    export.add_argument("--lang", dest="target", required=True, metavar="LANG", help=LANG_HELP)
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE (default: standard output)")
    export.set_defaults(func=run_export)
    imp = verbs.add_parser("import", help="bring a translated PO file back into the story",
                           description="Write the PO's translations into translations/<lang>/. "
                                       "A text whose {if}/{= } markup differs from the "
                                       "English is refused (exit 1); fuzzy and empty ones "
                                       "are left out.")
    imp.add_argument("po", type=Path, metavar="FILE.po", help="the translated PO file")
    add_story_argument(imp)
    imp.add_argument("--lang", dest="target", required=True, metavar="LANG", help=LANG_HELP)
    imp.set_defaults(func=run_import)


def _root(args: argparse.Namespace) -> Path | None:
    """The story folder, if it loads well enough to be translated (else say why)."""
    from engine import UnreadableStory, find_story_file
    from engine.translations import LANGUAGE

    if not LANGUAGE.match(args.target):
        print(f"communard: '{args.target}' is not a language code such as fr or pt_BR.",
              file=sys.stderr)
        return None
    try:
        return find_story_file(story_path(args)).parent
    except UnreadableStory as exc:
        print(f"communard: {exc}", file=sys.stderr)
        return None


def run_init(args: argparse.Namespace) -> int:
    from ..translating import skeleton

    root = _root(args)
    if root is None:
        return 2
    files, new = skeleton(root, args.target)
    print(f"translations/{args.target}/: {len(files)} files, {new} new strings to translate.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..output import write_output
    from ..translating import export_po

    root = _root(args)
    if root is None:
        return 2
    data = export_po(root, args.target, root.resolve().name)
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(data)
        return 0
    return write_output(data.decode("utf-8"), args.output, f"PO file for '{args.target}'")


def run_import(args: argparse.Namespace) -> int:
    from ..translating import import_po, list_lines, po_bytes

    root = _root(args)
    if root is None:
        return 2
    try:
        data = po_bytes(args.po)
        report = import_po(root, args.target, data)
    except (OSError, ValueError) as exc:
        print(f"communard: cannot read {args.po}: {exc}", file=sys.stderr)
        return 2
    print(f"{report.written} texts written to translations/{args.target}/, "
          f"{report.unchanged} unchanged.")
    if report.unknown:
        print(f"{len(report.unknown)} messages name strings the story does not have "
              "(left out):", *list_lines(report.unknown), sep="\n")
    if report.refused:
        print(f"{len(report.refused)} texts refused: their markup is not the English's "
              "(keep every {if}, {else}, {end} and {= } as the English has them):",
              *list_lines(report.refused), sep="\n", file=sys.stderr)
        return 1
    return 0
