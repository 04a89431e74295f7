"""How each kind of scene is named and coloured, the same in the map and the printed guides.

Players must always be able to tell what happened from what did not, so the
three kinds get one wording and one colour everywhere a tool shows them.
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
    "fictional": KindStyle("Fictional", "an invented person or moment inside real events",
                           "#e3f1dc", "#3f7a2e"),
    "counterfactual": KindStyle("Counterfactual", "this did not happen", "#fbe3cf",
                                "#a8541a"),
}

UNKNOWN = KindStyle("Other", "", "#eeeeee", "#666666")


def kind_style(kind: str) -> KindStyle:
    return KINDS.get(kind, UNKNOWN)
