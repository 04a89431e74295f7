"""The interface in other languages: catalogues, the language chosen, dates, AZERTY keys.

The French catalogue must translate every message the code marks (a message added
in English without its French fails here), keep each placeholder, and be what the
line-mode player prints with --lang fr.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from storykit import MINI, run_communard

from communard import i18n
from communard.i18n import _, choose_language, locale_language, ngettext, set_language
from communard.keys import choice_keys, choice_number
from communard.republican import republican_date

ROOT = Path(__file__).resolve().parents[1]
FIELDS = re.compile(r"\{(\w*)\}")


def marked_messages() -> set[str | tuple[str, str]]:
    """Every message the code marks (_, ngettext, N_), as pybabel extracts them."""
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "src" / "communard"),
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def french() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    with i18n.catalogue_path("fr").open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    return {(m.id if isinstance(m.id, str) else tuple(m.id)): m.string
            for m in catalogue if m.id and not m.fuzzy}


def test_every_marked_message_is_translated_in_french() -> None:
    wanted = marked_messages()
    translated = {k for k, v in french().items()
                  if (all(v) if isinstance(v, tuple) else v)}
    missing = sorted(map(str, wanted - translated))
    assert len(wanted) > 250
    assert not missing, f"{len(missing)} messages have no French: {missing[:5]}"


def test_french_keeps_every_placeholder() -> None:
    for source, target in french().items():
        sources = source if isinstance(source, tuple) else (source,)
        targets = target if isinstance(target, tuple) else (target,)
        wanted = set(FIELDS.findall(sources[-1]))
        for text in targets:
            assert set(FIELDS.findall(text)) <= wanted | set(FIELDS.findall(sources[0])), \
                (source, text)
            assert set(FIELDS.findall(text)) >= set(FIELDS.findall(sources[0])) - {"count"}, \
                (source, text)


def test_french_words_dates_plurals_and_the_republican_calendar() -> None:
    set_language("fr")
    assert _("New game") == "Nouvelle partie"
    assert _("Historical").upper() == "HISTORIQUE"
    assert (_("Fictional"), _("Counterfactual")) == ("Fictif", "Contrefactuel")
    assert ngettext("{count} save", "{count} saves", 1).format(count=1) == "1 sauvegarde"
    assert ngettext("{count} save", "{count} saves", 2).format(count=2) == "2 sauvegardes"
    assert i18n.day_words(dt.date(1871, 3, 18)) == "18 mars 1871"
    assert i18n.day_words(dt.date(1871, 5, 1)) == "1er mai 1871"  # French's ordinal first
    assert i18n.date_words(dt.date(1871, 5, 1), "month") == "mai 1871"
    assert republican_date(dt.date(1871, 3, 18)) == "27 ventôse an 79"
    set_language("en")
    assert _("New game") == "New game"
    assert i18n.day_words(dt.date(1871, 3, 18)) == "18 March 1871"
    assert i18n.day_words(dt.date(1871, 5, 1)) == "1 May 1871"
    assert republican_date(dt.date(1871, 3, 18)) == "27 Ventôse an 79"


@pytest.mark.parametrize(("flag", "saved", "env", "chosen"), [
    ("fr", "en", {"LANG": "en_GB.UTF-8"}, "fr"),
    (None, "fr", {"LANG": "en_GB.UTF-8"}, "fr"),
    (None, None, {"LANG": "fr_FR.UTF-8"}, "fr"),
    (None, None, {"LANGUAGE": "fr_CA:en", "LANG": "en_US.UTF-8"}, "fr"),
    (None, None, {"LC_ALL": "C"}, "en"),
    (None, None, {}, "en"),
    ("xx", None, {"LANG": "de_DE.UTF-8"}, "en"),
    ("FR-ca", None, {}, "fr"),
])
def test_language_is_the_flag_then_the_setting_then_the_locale(flag, saved, env, chosen) -> None:
    assert choose_language(flag, saved, env) == chosen


def test_locale_language_reads_gettext_variables_in_order() -> None:
    assert locale_language({"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "en_US"}) == "fr"
    assert locale_language({"LANG": "de_DE"}) is None


def test_azerty_top_row_chooses_like_digits() -> None:
    assert choice_keys(1) == "1,ampersand"
    assert choice_keys(2) == "2,é"
    assert "quotation_mark" in choice_keys(3) and "ç" in choice_keys(9)
    assert [choice_number(c) for c in "&é\"'(-è_ç"] == list(range(1, 10))
    assert choice_number("§") == 6 and choice_number("!") == 8 and choice_number("7") == 7
    assert choice_number("x") is None


def test_line_mode_in_french(tmp_path: Path) -> None:
    env = dict(os.environ, COMMUNARD_DATA_DIR=str(tmp_path), COLUMNS="80")
    run = run_communard("--lang", "fr", "play", "--plain", str(MINI), input="&\nh\nq\n", env=env)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Scène 1. The Oven." in out
    assert "20 avril 1871" in out and "Historique\u00a0: ceci a eu lieu." in out
    assert "Choix\u00a0:" in out and "Scène 2." in out  # & took choice 1
    assert "Tapez une commande, puis Entrée" in out
    assert "Au revoir." in out and "Goodbye" not in out


def test_saved_language_is_used_without_the_flag(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"theme": "textual-dark", "language": "fr"}')
    env = dict(os.environ, COMMUNARD_DATA_DIR=str(tmp_path), COLUMNS="80")
    run = run_communard("play", "--plain", str(MINI), input="q\n", env=env)
    assert "Scène 1." in run.stdout


def test_catalogues_ship_in_the_wheel_and_work_installed(tmp_path: Path) -> None:
    """A non-editable install finds the French catalogue (hatchling packs the .po)."""
    if os.environ.get("COMMUNARD_SKIP_WHEEL"):
        pytest.skip("COMMUNARD_SKIP_WHEEL is set")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr[-300:]}")
    import zipfile

    [wheel] = tmp_path.glob("communard-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "communard/locale/fr/LC_MESSAGES/communard.po" in names


def test_conditions_are_said_in_the_interface_language() -> None:
    from communard.conditionwords import describe_condition

    set_language("fr")
    assert describe_condition("trust >= 2 and not fled") == "trust vaut au moins 2 et non fled"
    assert describe_condition('visits("a.b") == 1') == "vous avez visité a.b exactement une fois"
    set_language("en")
    assert describe_condition("trust >= 2 and not fled") == "trust is at least 2 and not fled"


def test_save_problems_are_worded_in_the_interface_language(tmp_path: Path) -> None:
    """The engine gives a code; English keeps its detailed message, French gets a sentence."""
    from communard.saveerrors import save_error, slot_error
    from engine import SaveError, load_story
    from engine.saves import SaveStore

    story = load_story(MINI)
    store = SaveStore(tmp_path, story)
    (tmp_path / "broken.json").write_text('{"kind": "communard-save", "format": 1}')
    (tmp_path / "list.json").write_text("[1, 2]")
    slots = {s.name: s for s in store.slots()}
    assert slots["list"].error_code == "not-a-save"
    with pytest.raises(SaveError) as missing:
        store.load("nothing")
    assert missing.value.code == "no-such-save"
    english = save_error(missing.value)
    assert english.startswith("there is no save called 'nothing'")
    set_language("fr")
    assert save_error(missing.value) == "il n’y a pas de sauvegarde appelée «\u00a0nothing\u00a0»"
    assert slot_error(slots["list"]) == "ce n’est pas un fichier de sauvegarde de Communard"
    assert "endommagée" in slot_error(slots["broken"]) or "Communard" in slot_error(
        slots["broken"])


def test_command_line_help_in_french(tmp_path: Path) -> None:
    env = dict(os.environ, COMMUNARD_DATA_DIR=str(tmp_path), COLUMNS="100")
    top = run_communard("--lang", "fr", "--help", env=env).stdout
    assert top.startswith("utilisation\u00a0: communard")
    assert "Jouer et écrire des histoires interactives" in top
    assert "afficher cette aide et quitter" in top
    play = run_communard("--lang", "fr", "play", "--help", env=env).stdout
    assert "mode texte, ligne par ligne" in play
    english = run_communard("--help", env=env).stdout
    assert english.startswith("usage: communard") and "show this help" in english
