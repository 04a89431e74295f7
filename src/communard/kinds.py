"""How each kind of scene is named, explained and coloured, everywhere it is shown.

Players must always be able to tell what happened from what did not, so the
three kinds get one wording (the game's badge, the line-mode player, the map,
the printed guides) and one colour in the tools, from this one table. It imports
neither the engine nor Textual, so the game can use it before the story loads.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, _


@dataclass(frozen=True, slots=True)
class KindStyle:
    label: str
    meaning: str
    fill: str
    border: str


KINDS: dict[str, KindStyle] = {
    "historical": KindStyle(N_("Historical"), N_("this happened"), "#dbe8f6", "#2f5f8f"),
    "fictional": KindStyle(N_("Fictional"), N_("invented, inside real events"), "#e3f1dc",
                           "#3f7a2e"),
    "counterfactual": KindStyle(N_("Counterfactual"), N_("this did not happen"), "#fbe3cf",
                                "#a8541a"),
}

UNKNOWN = KindStyle(N_("Other"), "", "#eeeeee", "#666666")


def kind_style(kind: str) -> KindStyle:
    return KINDS.get(kind, UNKNOWN)


def kind_words(kind: str) -> tuple[str, str]:
    """The badge word ("HISTORICAL") and the meaning of a kind; unknown kinds as written."""
    style = KINDS.get(kind)
    return (_(style.label).upper(), _(style.meaning)) if style else (kind.upper(), "")


def kind_label(kind: str) -> str:
    """The kind's name in the interface's language ("Historical", "Historique")."""
    return _(kind_style(kind).label) if kind in KINDS else kind
