"""The French Republican calendar date that the Commune itself used.

The Commune dated its decrees in the revolutionary calendar (18 March 1871 was
27 Ventôse an 79), so a story set then can show both. The arithmetic is left to
the maintained `convertdate` library rather than hard-coded tables.
"""

from __future__ import annotations

import datetime as dt

from convertdate import french_republican

from .i18n import language

#: The five or six complementary days at the end of the year, by number.
_SANSCULOTTIDES = ("de la Vertu", "du Génie", "du Travail", "de l'Opinion",
                   "des Récompenses", "de la Révolution")


def republican_date(day: dt.date, lowercase: bool | None = None) -> str:
    """Say `day` in the Republican calendar, e.g. '27 Ventôse an 79'.

    The names are French in every language; French writes month names in lower case
    ('27 ventôse an 79'), which is what `lowercase` None chooses when the interface is French.
    """
    if lowercase is None:
        lowercase = language() == "fr"
    year, month, mday = french_republican.from_gregorian(day.year, day.month, day.day)
    if month == 13:
        name = f"Jour {_SANSCULOTTIDES[mday - 1]}"
        return f"{name.lower() if lowercase else name}, an {year}"
    mois = french_republican.MOIS[month - 1]
    return f"{mday} {mois.lower() if lowercase else mois} an {year}"
