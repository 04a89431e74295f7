"""Why a save cannot be loaded or written, in the player's language.

The engine says it in English with every detail (SaveError's message) and gives a
code with the values that matter; English players read the engine's message, and
other languages a translated sentence made from the code, so a French player never
meets "the save is damaged" in the middle of a French screen.
"""

from __future__ import annotations

from typing import Any

from .i18n import N_, SOURCE_LANGUAGE, _, language

MESSAGES = {
    "not-a-save": N_("this is not a Communard save file"),
    "newer": N_("the save was written by a newer Communard (save format {version}; this one "
                "reads up to {supported}). Update Communard to load it."),
    "too-old": N_("the save format {version} is too old to load"),
    "damaged": N_("the save is damaged"),
    "other-story": N_("this save belongs to another story ('{story}')"),
    "scene-gone": N_("the scene where this game was saved is no longer in this version of "
                     "the story. Start a new game."),
    "bad-name": N_("'{name}' is not a usable save name: use letters, digits, spaces, '-', "
                   "'_' or '.', up to 64 characters"),
    "cannot-save": N_("this game cannot be saved; the previous save is kept"),
    "no-such-save": N_("there is no save called '{name}'"),
}


def save_error_words(english: str, code: str | None, params: dict[str, Any]) -> str:
    """The engine's English when the interface is English, else the code's sentence."""
    template = MESSAGES.get(code or "")
    if language() == SOURCE_LANGUAGE or template is None:
        return english
    try:
        return _(template).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation naming a value not given
        return _(template)


def save_error(exc: Exception) -> str:
    """A SaveError (or any error while saving or loading) in the player's words."""
    return save_error_words(str(exc), getattr(exc, "code", None), getattr(exc, "params", {}))


def slot_error(slot: Any) -> str:
    """Why a listed save cannot be loaded (a SlotInfo), in the player's words."""
    return save_error_words(slot.error or _("unknown reason"), slot.error_code,
                            slot.error_params)
