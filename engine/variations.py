"""Text variation at run time: which alternative of ``{a|b}``, ``{&a|b}``, ``{!a|b}`` or
``{~a|b}`` a player reads, from the visit count of the scene the text belongs to.

As ink's sequences, cycles, once-only and shuffled alternatives: the first visit
shows the first alternative; a sequence then stays on its last, a cycle starts
again, a once-only text shows nothing once its alternatives are used, and a
shuffle shows each alternative once per round, in an order drawn from the
playthrough's seed (so undo, load and the same seed show the same text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .expr_runtime import mix
from .templates import Variation


def variation(part: Variation, scene: str, site: int) -> Callable[[Any], str]:
    """The closure that renders one variation of a text written in `scene`."""
    options = tuple(part.options)
    count = len(options)
    kind = part.kind
    where = mix(site ^ part.offset)

    def pick(s: Any) -> str:
        visit = max(s.visits.get(scene, 1), 1) - 1  # 0 on the first visit
        if kind == "sequence":
            return options[min(visit, count - 1)]
        if kind == "cycle":
            return options[visit % count]
        if kind == "once":
            return options[visit] if visit < count else ""
        round_, place = divmod(visit, count)
        return options[_order(getattr(s, "seed", 0), where, round_, count)[place]]

    return pick


def _order(seed: int, where: int, round_: int, count: int) -> list[int]:
    """A shuffled order of `count` alternatives for one round (Fisher-Yates on mix())."""
    order = list(range(count))
    state = mix(seed ^ where ^ (round_ * 0x9E3779B97F4A7C15 & ((1 << 64) - 1)))
    for last in range(count - 1, 0, -1):
        state = mix(state)
        pick = state % (last + 1)
        order[last], order[pick] = order[pick], order[last]
    return order
