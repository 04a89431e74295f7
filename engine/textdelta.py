"""How the undo log keeps the old value of a text a step changed: as a piece of the new one.

A story's effects build texts by joining texts (`diary += '...'`, `diary = '...' + diary`,
`'...' + diary + '...'`), and a text longer than the engine's limit is cut at its
end. So the old value of a text is nearly always a run of the new value, plus what
the cut took off its end. The log keeps that run's place and length and the cut-off
part (`TextDelta`) instead of the old text: a long game that grows a text at
either end, or both, saves in a few hundred bytes a step instead of the whole
text at every step (a 1,100-choice game once saved 11 MB, more than a save may hold).
"""

from __future__ import annotations

from typing import NamedTuple

#: Texts shorter than this are kept whole: a delta would save nothing worth its clarity.
SHORT = 64
#: Places tried where the old text may start, for texts that repeat themselves.
TRIES = 8


class TextDelta(NamedTuple):
    """old == new[at:at + kept] + lost."""

    at: int
    kept: int
    lost: str


def delta(old: str, new: str) -> TextDelta | None:
    """How to get `old` back from `new`, when shorter than `old` itself; else None."""
    if len(old) < SHORT:
        return None
    if new.startswith(old):  # the commonest: added at the end
        return TextDelta(0, len(old), "")
    at = new.find(old)
    if at >= 0:  # added at the start, or at both ends
        return TextDelta(at, len(old), "")
    # Added at the start and cut at the engine's limit: the end of `new` is the start of `old`.
    head = old[:SHORT]
    at = new.find(head)
    for _ in range(TRIES):
        if at < 0:
            break
        kept = len(new) - at
        if new[at:] == old[:kept]:
            return TextDelta(at, kept, old[kept:])
        at = new.find(head, at + 1)
    return None


def undo(new: str, change: TextDelta) -> str:
    """The old text back (a damaged delta gives a wrong text, never an error)."""
    return new[change.at:change.at + change.kept] + change.lost
