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


_player_folder: Path | None = None


def use_data_dir(folder: Path | None) -> None:
    """Make `folder` this process's data folder (None: back to the usual one).

    A served game runs one process per browser tab and learns whose it is only
    when the player gives a name, so the folder is set then, once, here.
    """
    global _player_folder
    _player_folder = folder


def data_dir() -> Path:
    """The player's data folder (saves, settings), per the platform's conventions.

    COMMUNARD_DATA_DIR overrides it (tests, classrooms with shared machines), and
    use_data_dir() overrides both (a served game, once the player is known).
    """
    if _player_folder is not None:
        return _player_folder
    override = os.environ.get("COMMUNARD_DATA_DIR")
    if override:
        return Path(override)
    return user_data_path("communard", appauthor=False)


def saves_dir(story_id: str) -> Path:
    return data_dir() / "saves" / story_id
