"""Small pieces of wording the game and line mode share: counts and times in words.

A screen reader reads "2026-11-30T01:38:49+00:00" digit by digit; "today at
01:38" is what a person would say, so every time shown to a player goes
through here.
"""

from __future__ import annotations

import datetime as dt

from . import i18n
from .i18n import _


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 choice', '3 choices' (or the given plural: 'people')."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def day_words(day: dt.date) -> str:
    """'3 March 2026', '3 mars 2026': the day as a person writes it, in the language."""
    return i18n.day_words(day)


def saved_when(saved_at: str | None, now: dt.datetime | None = None) -> str:
    """An ISO time (as saves store it) in the player's local time and in words.

    'today at 01:38', 'yesterday at 22:05', 'on 3 March 2026 at 09:15'; '' when the
    time is missing or unreadable (a damaged save must not show raw text).
    """
    if not isinstance(saved_at, str) or not saved_at:
        return ""
    try:
        when = dt.datetime.fromisoformat(saved_at)
        local = when.astimezone() if when.tzinfo else when
    except (ValueError, OverflowError, OSError):
        return ""
    today = (now or dt.datetime.now().astimezone()).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return _("today at {time}").format(time=clock)
    if local.date() == today - dt.timedelta(days=1):
        return _("yesterday at {time}").format(time=clock)
    return _("on {day} at {time}").format(day=day_words(local.date()), time=clock)
