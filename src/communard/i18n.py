"""The interface's words in the player's language: gettext catalogues read with Babel.

Every sentence the game, the line-mode player and the exports show is written in
English in the code and looked up here (`_`, `ngettext`) in the catalogue of the
current language: `locale/<lang>/LC_MESSAGES/communard.po`, kept in the repository
and read directly (compiled in memory on first use, so there is no build step to
forget and a translator's edit shows on the next start).

Strings defined at import time (key bindings, tables) are marked with `N_` and
looked up where they are shown, so switching language in a running game changes
them too. The language is chosen by `--lang`, else the saved setting, else the
environment's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.

Dates go through Babel as well ("18 mars 1871"): see `day_words` and `date_words`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import threading
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Protocol, overload

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "communard"
SOURCE_LANGUAGE = "en"
MAX_CATALOGUE_BYTES = 4 * 1024 * 1024

_lock = threading.Lock()
_catalogues: dict[str, gettext.NullTranslations] = {}
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def available_languages() -> tuple[str, ...]:
    """English (the source) and every language with a catalogue, sorted after it."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def normalize(tag: str | None) -> str | None:
    """'fr_FR.UTF-8', 'fr-CA', 'FR' -> 'fr' when we have it; None when we do not."""
    if not tag:
        return None
    base = tag.split(".")[0].split("@")[0].replace("-", "_").strip().lower()
    languages = available_languages()
    for candidate in (base, base.split("_")[0]):
        if candidate in languages:
            return candidate
    return None


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for, as gettext reads it, if we have it."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if not value:
            continue
        for tag in value.split(":"):  # LANGUAGE may list several, best first
            if tag in ("C", "POSIX"):
                return None
            found = normalize(tag)
            if found:
                return found
        return None
    return None


def choose_language(flag: str | None = None, saved: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, then the saved setting, then the locale, then English."""
    return (normalize(flag) or normalize(saved) or locale_language(environ)
            or SOURCE_LANGUAGE)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of one language (an empty one for English or a missing file)."""
    with _lock:
        found = _catalogues.get(lang)
        if found is None:
            found = _catalogues[lang] = _read_catalogue(lang)
        return found


def _read_catalogue(lang: str) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = catalogue_path(lang)
    if lang == SOURCE_LANGUAGE or not path.is_file() or \
            path.stat().st_size > MAX_CATALOGUE_BYTES:
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        messages = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def set_language(lang: str | None) -> str:
    """Make `lang` the interface's language (English if we have no such catalogue)."""
    global _current, _language
    chosen = normalize(lang) or SOURCE_LANGUAGE
    _current = catalogue(chosen)
    _language = chosen
    return chosen


def language() -> str:
    return _language


def _(message: str) -> str:
    """The current language's wording of an English message."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The wording for `count` things, by the language's plural rules."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for the catalogue without looking it up (it is looked up when shown)."""
    return message


def day_words(day: dt.date) -> str:
    """'18 March 1871', '18 mars 1871': a day as a person writes it, in the language.

    French writes the first of the month as an ordinal ('1er mai 1871'), which
    Babel's date patterns cannot say; the rest is Babel's.
    """
    from babel.dates import format_date

    if day.day == 1 and _language.split("_")[0] == "fr":
        return format_date(day, "'1er' MMMM y", locale=_language)
    return format_date(day, "d MMMM y", locale=_language)


def date_words(start: dt.date, precision: str) -> str:
    """A story's date as precise as the sources allow: a day, a month ('mars 1871'), a year."""
    from babel.dates import format_date

    if precision == "day":
        return day_words(start)
    if precision == "month":
        return format_date(start, "LLLL y", locale=_language)
    return str(start.year)


class _Dated(Protocol):
    @property
    def start(self) -> dt.date: ...
    @property
    def precision(self) -> str: ...


@overload
def spec_words(spec: _Dated) -> str: ...
@overload
def spec_words(spec: None) -> None: ...
@overload
def spec_words(spec: _Dated | None) -> str | None: ...
def spec_words(spec: _Dated | None) -> str | None:
    """A story's DateSpec in words (None for no date)."""
    return None if spec is None else date_words(spec.start, spec.precision)


def scene_date_words(date: dt.date | None, precision: str | None) -> str | None:
    """A SceneView's date (`date`, `date_precision`) in words, None when it has none."""
    return None if date is None else date_words(date, precision or "day")


def language_name(lang: str) -> str:
    """'English', 'français': a language named in itself (Babel's locale data)."""
    from babel import Locale

    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, LookupError):
        return lang
