"""A playthrough's timeline: the story's dated events with the scenes the player read.

Scenes are often dated only by their month ("March 1871"). Placed on the month's
first day, a scene read after 19 March sat on 1 March: the timeline said "you are
here" three weeks back and called the days already lived "ahead". So a scene dated
by its month or year is placed where the player met it: on the day of the dated
scene before it when that day falls inside the scene's own month or year, after
that day's events. A scene whose date is exactly an event's (the month of the
shelling, say) shares that event's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .models import DateSpec
from .story import Story
from .views import TimelineEntry

#: Rows sort by (place, rank, the date's own start and end): on one day, the
#: story's events and that day's scenes (rank 0) come before the scenes of a
#: month or year placed there (rank 1).
_Key = tuple[dt.date, int, dt.date, dt.date]


def _key(place: dt.date, when: DateSpec, rank: int) -> _Key:
    return (place, rank, when.start, when.end)


def playthrough_timeline(story: Story, path: Iterable[str]) -> list[TimelineEntry]:
    """The story's events and the scenes of `path` (scene ids in the order read)."""
    dates: dict[_Key, DateSpec] = {}
    titles: dict[_Key, str] = {}
    notes: dict[_Key, tuple[str, ...]] = {}
    scenes: dict[_Key, list[str]] = {}
    for event in story.timeline:
        key = _key(event.date.start, event.date, 0)
        dates[key], titles[key], notes[key] = event.date, event.title, event.note_ids
    last: dt.date | None = None
    for scene_id in path:
        when = story.scenes[scene_id].date
        if when is None:
            continue
        place = when.start
        if when.precision != "day" and last is not None and when.start <= last <= when.end:
            place = last
        last = place
        key = _key(place, when, 0 if place == when.start else 1)
        dates.setdefault(key, when)
        scenes.setdefault(key, []).append(scene_id)
    rows = []
    for key in sorted(dates):
        ids = tuple(dict.fromkeys(scenes.get(key, ())))
        when = dates[key]
        rows.append(TimelineEntry(key[0], titles.get(key) or story.scenes[ids[0]].title, ids,
                                  notes.get(key, ()), when.start, when.precision,
                                  key in titles))
    return rows
