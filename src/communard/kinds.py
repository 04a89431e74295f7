"""How each kind of scene is named, explained and coloured, everywhere it is shown.

Players must always be able to tell what happened from what did not, so the
three kinds get one wording (the game's badge, the line-mode player, the map,
the printed guides) and one colour in the tools, from this one table. It imports
neither the engine nor Textual, so the game can use it before the story loads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KindStyle:
    label: str
    meaning: str
    fill: str
    border: str


KINDS: dict[str, KindStyle] = {
    "historical": KindStyle("Historical", "this happened", "#dbe8f6", "#2f5f8f"),
    "fictional": KindStyle("Fictional", "invented, inside real events", "#e3f1dc", "#3f7a2e"),
    "counterfactual": KindStyle("Counterfactual", "this did not happen", "#fbe3cf",
                                "#a8541a"),
}

UNKNOWN = KindStyle("Other", "", "#eeeeee", "#666666")


def kind_style(kind: str) -> KindStyle:
    return KINDS.get(kind, UNKNOWN)


def kind_words(kind: str) -> tuple[str, str]:
    """The badge word ("HISTORICAL") and the meaning of a kind; unknown kinds as written."""
    style = KINDS.get(kind)
    return (style.label.upper(), style.meaning) if style else (kind.upper(), "")
