"""Keys that choose, whatever the keyboard: digits, and the top row of AZERTY layouts.

On a French (or Belgian) AZERTY keyboard the top row types `& é " ' ( - è _ ç`
(Belgian: `§` and `!` for 6 and 8) without Shift, so a player who presses "1"
there sends "&". Both are accepted as the number. Keys are named as Textual
names them. Every binding has an id, so a player can remap it in settings.json
(`"keys": {"choose-1": "1,f1"}`), as Textual's keymaps do.
"""

from __future__ import annotations

#: The unshifted top-row characters of French and Belgian AZERTY, as Textual names them.
AZERTY: dict[int, tuple[str, ...]] = {
    1: ("ampersand",),
    2: ("é",),
    3: ("quotation_mark",),
    4: ("apostrophe",),
    5: ("left_parenthesis",),
    6: ("minus", "section_sign"),
    7: ("è",),
    8: ("underscore", "exclamation_mark"),
    9: ("ç",),
}

#: The same as characters, for the line-mode player (which reads typed lines).
AZERTY_CHARACTERS: dict[str, int] = {
    "&": 1, "é": 2, '"': 3, "'": 4, "(": 5, "-": 6, "§": 6, "è": 7, "_": 8, "!": 8, "ç": 9,
}


def choice_keys(number: int) -> str:
    """'1,ampersand': the keys that take choice `number` (a Binding's key list)."""
    return ",".join((str(number), *AZERTY.get(number, ())))


def choice_number(typed: str) -> int | None:
    """The choice a typed line means: '3', or the AZERTY character on the 3 key."""
    text = typed.strip()
    if text.isdigit() and len(text) < 4:
        return int(text)
    return AZERTY_CHARACTERS.get(text)
