"""Communard's story engine: story-agnostic, UI-free.

Load a story with `load_story`, play it with `Session`. Nothing here imports
textual, rich or the `communard` package: every frontend is built on this API.
"""

from .loader import check_story, find_story_file, load_story
from .models import FORMAT_VERSION, MIN_FORMAT_VERSION
from .problems import CODES, Problem, StoryError, UnreadableStory
from .savedata import MIN_SAVE_FORMAT, SAVE_FORMAT, SaveError
from .session import ChoiceUnavailable, Session
from .story import Story

__all__ = [
    "CODES", "FORMAT_VERSION", "MIN_FORMAT_VERSION", "MIN_SAVE_FORMAT", "SAVE_FORMAT",
    "ChoiceUnavailable", "Problem", "SaveError", "Session", "Story", "StoryError",
    "UnreadableStory", "check_story", "find_story_file", "load_story",
]
