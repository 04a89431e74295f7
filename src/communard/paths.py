"""Where things live: the bundled story and the player's data."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DEFAULT_STORY_ID = "commune-1871"


def default_story() -> Path:
    """The bundled story: inside the installed package, or in the source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "stories" / DEFAULT_STORY_ID,
                      here.parents[1] / "story" / DEFAULT_STORY_ID):
        if (candidate / "story.yaml").is_file():
            return candidate
    return here / "stories" / DEFAULT_STORY_ID


def data_dir() -> Path:
    """The player's data folder (saves, settings), per the platform's conventions.

    COMMUNARD_DATA_DIR overrides it (tests, classrooms with shared machines).
    """
    override = os.environ.get("COMMUNARD_DATA_DIR")
    if override:
        return Path(override)
    return user_data_path("communard", appauthor=False)


def saves_dir(story_id: str) -> Path:
    return data_dir() / "saves" / story_id
