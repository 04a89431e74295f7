"""Translators' files for a story: YAML skeletons, and PO files for Poedit, Weblate, Lokalize.

The story's translation lives in `translations/<lang>/` as YAML (engine/translations.py
reads it); this module writes and reads what translators work in:

- `skeleton`: the YAML files, one per English file, every string present with its
  source hash and an empty text (or the text already there), ready to fill in.
- `export_po`: a PO catalogue, one message per string: the id as msgctxt (so two
  identical English texts stay apart), the English as msgid, the translation as
  msgstr (fuzzy when the English changed since), the scene as a comment.
- `import_po`: the PO back into the YAML files, refusing texts whose `{if}`/`{= }`
  markup is not the English's, so that a translation never changes the story's logic.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from engine import check_story
from engine.files import write_text_atomic
from engine.problems import ProblemList
from engine.translation_check import TranslationState, check_translations
from engine.translations import (
    TRANSLATIONS,
    Collector,
    SourceString,
    Translation,
    markup_difference,
    read_translation,
)

MAX_PO_BYTES = 50 * 1024 * 1024


def story_strings(root: Path) -> list[SourceString]:
    """Every English text of the story, in file order, read as the loader reads it."""
    collector = Collector()
    check_story(root, visit=collector)
    return collector.strings


def translation_states(root: Path) -> list[TranslationState]:
    """How complete each language of the story is (for `communard stats`)."""
    collector = Collector()
    check_story(root, visit=collector)
    return check_translations(root, collector.strings, ProblemList(), collector.where)


def translation_file(root: Path, lang: str, string: SourceString) -> Path:
    """Where a string's translation goes: the English file's path, under translations/<lang>/."""
    try:
        relative = string.path.resolve().relative_to(root.resolve())
    except ValueError:
        relative = Path(string.path.name)
    return root / TRANSLATIONS / lang / relative


@dataclass
class ImportReport:
    written: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # "id: why"
    unknown: list[str] = field(default_factory=list)


def skeleton(root: Path, lang: str) -> tuple[list[Path], int]:
    """Write (or complete) translations/<lang>/: every string, kept texts kept. (files, new)"""
    strings = story_strings(root)
    current = read_translation(root, lang, ProblemList())
    files: dict[Path, dict[str, dict[str, str]]] = {}
    new = 0
    for string in strings:
        entry = current.entries.get(string.id)
        if entry is None:
            new += 1
        text = entry.text if entry is not None else ""
        source = entry.source if entry is not None else string.hash
        files.setdefault(translation_file(root, lang, string), {})[string.id] = {
            "source": source, "text": text}
    for path, entries in files.items():
        _keep_unknown(current, path, entries)
        write_yaml(path, entries)
    return sorted(files), new


def _keep_unknown(current: Translation, path: Path, entries: dict[str, dict[str, str]]) -> None:
    """Entries of ids the story lost stay in their file (the checker says so; the author
    decides), so that rewriting a file never silently throws a translator's work away."""
    for entry in current.entries.values():
        if entry.path == path and entry.id not in entries:
            entries[entry.id] = {"source": entry.source, "text": entry.text}


def export_po(root: Path, lang: str, title: str) -> bytes:
    """The story's strings as a PO catalogue for `lang`, with what is translated already."""
    current = read_translation(root, lang, ProblemList())
    catalog = Catalog(locale=lang, project=title, domain=root.name, fuzzy=False)
    collector = Collector()
    check_story(root, visit=collector)
    for string in collector.strings:
        entry = current.entries.get(string.id)
        line, _column = collector.where(string)
        relative = translation_file(root, "x", string).relative_to(root / TRANSLATIONS / "x")
        flags = ["fuzzy"] if entry is not None and entry.source != string.hash else []
        if "{" in string.text:
            flags.append("communard-markup")
        catalog.add(string.text, entry.text if entry is not None else "",
                    locations=[(relative.as_posix(), line)], flags=flags,
                    auto_comments=[string.context, f"source {string.hash}"],
                    context=string.id)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


def import_po(root: Path, lang: str, po: bytes) -> ImportReport:
    """Put a PO's translations into translations/<lang>/; refuse what breaks markup."""
    catalog = read_po(io.BytesIO(po), locale=lang)
    strings = {s.id: s for s in story_strings(root)}
    current = read_translation(root, lang, ProblemList())
    report = ImportReport()
    files: dict[Path, dict[str, dict[str, str]]] = {}
    for entry in current.entries.values():  # start from what is there
        files.setdefault(entry.path, {})[entry.id] = {"source": entry.source, "text": entry.text}
    for message in catalog:
        if not message.id or not message.context:
            continue
        string = strings.get(message.context)
        text = message.string if isinstance(message.string, str) else ""
        if string is None:
            report.unknown.append(message.context)
            continue
        if not text.strip() or message.fuzzy:
            continue
        why = markup_difference(string.text, text)
        if why is not None:
            report.refused.append(f"{string.id}: {why}")
            continue
        path = translation_file(root, lang, string)
        old = current.entries.get(string.id)
        if old is not None and old.text == text and old.source == string.hash:
            report.unchanged += 1
            continue
        if old is not None and old.path != path:
            files[old.path].pop(string.id, None)
        files.setdefault(path, {})[string.id] = {"source": string.hash, "text": text}
        report.written += 1
    if report.written:
        for path, entries in files.items():
            write_yaml(path, entries)
    return report


class _Dumper(yaml.SafeDumper):
    """Long and multi-line texts as `|` blocks, as the story's own files write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) and "\r" not in value \
        else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def write_yaml(path: Path, entries: dict[str, dict[str, str]]) -> None:
    """Write one translation file atomically (a crash never leaves half a translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    write_text_atomic(path, "# Translation: fill in each `text:`; `source:` is the hash of "
                      "the English it translates.\n" + text)


def po_bytes(path: Path) -> bytes:
    """A PO file's bytes, refusing what is too big to be a story's catalogue."""
    from engine.files import read_bounded

    return read_bounded(path, MAX_PO_BYTES)


def list_lines(items: Iterable[str], limit: int = 20) -> list[str]:
    items = list(items)
    shown = [f"  {item}" for item in items[:limit]]
    if len(items) > limit:
        shown.append(f"  ... and {len(items) - limit} more")
    return shown
