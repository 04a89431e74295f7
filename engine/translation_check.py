"""What the checker says about a story's translations: missing, stale, unknown, broken.

Run by `check_story` whenever the story has a `translations/` folder, for every
language in it. Missing and stale strings are warnings (the story plays, in
English there); markup that is not the English's is an error, because it would
change what a player is shown. `translation_state` gives the counts for `stats`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .problems import ProblemList
from .safetext import quoted
from .translations import SourceString, Translation, languages, markup_difference, read_translation

#: Past this many missing strings in one language, the rest are counted, not listed.
MAX_MISSING_LISTED = 30


@dataclass(frozen=True, slots=True)
class TranslationState:
    """How far one language has got: strings in the story, translated and current, stale."""

    language: str
    total: int
    done: int
    stale: int
    broken: int

    @property
    def missing(self) -> int:
        return self.total - self.done - self.stale - self.broken

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


Locate = Callable[[SourceString], tuple[int, int]]


def check_translations(root: Path, strings: list[SourceString], problems: ProblemList,
                       locate: Locate) -> list[TranslationState]:
    """Report the problems of every translation of the story in `root`; return their state."""
    return [check_language(read_translation(root, lang, problems), strings, problems, locate)
            for lang in languages(root)]


def check_language(translation: Translation, strings: list[SourceString],
                   problems: ProblemList, locate: Locate) -> TranslationState:
    lang = translation.language
    by_id = {s.id: s for s in strings}
    done = stale = broken = 0
    missing: list[SourceString] = []
    for string in strings:
        entry = translation.entries.get(string.id)
        if entry is None or not entry.text.strip():
            missing.append(string)
            continue
        why = markup_difference(string.text, entry.text)
        if why is not None:
            broken += 1
            problems.add("E141", f"the '{lang}' text of '{quoted(string.id, 80)}' does not keep "
                         f"the English's markup: {why}. Keep every {{if}}, {{else}}, {{end}} and "
                         "{= } as the English has them; translate only the words.",
                         entry.path, entry.line, entry.column)
        elif entry.source != string.hash:
            stale += 1
            problems.add("W211", f"the English of '{quoted(string.id, 80)}' has changed since "
                         f"this '{lang}' text was made from it. Update the translation, then set "
                         f"`source: {string.hash}`.", entry.path, entry.line, entry.column)
        else:
            done += 1
    for entry in translation.entries.values():
        if entry.id not in by_id:
            problems.add("W212", f"the story has no text '{quoted(entry.id, 80)}' any more (it "
                         "was removed or renamed). Delete this entry, or move its text to the "
                         "new id.", entry.path, entry.line, entry.column)
    listed = missing[:MAX_MISSING_LISTED]
    for n, string in enumerate(listed, 1):
        entry = translation.entries.get(string.id)
        path, line, column = (entry.path, entry.line, entry.column) if entry is not None else (
            string.path, *locate(string))
        more = len(missing) - len(listed)
        tail = (f" ({more} more '{lang}' texts are missing: `communard stats` counts them.)"
                if n == len(listed) and more > 0 else "")
        problems.add("W210", f"'{quoted(string.id, 80)}' has no '{lang}' translation yet: "
                     f"add it to translations/{lang}/ (`communard translate export` "
                     f"writes every string to translate).{tail}", path, line, column)
    return TranslationState(lang, len(strings), done, stale, broken)

