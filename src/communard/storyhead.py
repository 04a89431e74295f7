"""What the title screen shows of a story, read without the engine.

Importing the engine (pydantic above all) and checking a story takes longer
than painting the title screen, so the game shows the title first and loads
the story in a worker meanwhile. The title screen needs only the title, the
description and the authors: this module reads them from story.yaml with
PyYAML's safe loader, and never raises, because a story the engine will reject
must still get as far as the engine's own, better, error report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.story import Story


@dataclass(frozen=True)
class StoryHead:
    """The story's identity as the title screen shows it."""

    title: str
    description: str = ""
    authors: tuple[str, ...] = ()

    @classmethod
    def of(cls, story: Story) -> StoryHead:
        """The head of a story already loaded (the engine's values win over the YAML's)."""
        return cls(story.title, story.description or "", tuple(story.authors))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_head(path: Path) -> StoryHead:
    """Title, description and authors of the story at `path` (a folder or its story.yaml).

    Anything wrong (no file, bad YAML, odd types) gives the folder's name as the
    title: the engine reports the real problem once it has loaded the story.
    """
    path = Path(path)
    folder = path.parent if path.suffix in (".yaml", ".yml") else path
    fallback = StoryHead(folder.name or str(folder))
    try:
        import yaml

        safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # untrusted: safe only
        story_file = path if path.is_file() else path / "story.yaml"
        if not story_file.is_file():  # a FIFO would hold the title screen for ever
            return fallback
        with story_file.open("rb") as handle:
            head = handle.read(256 * 1024)
        if b"<<" in head:  # PyYAML's merges can cost exponential time: the engine's loader
            return fallback  # bounds them, and it reports the story's title soon enough
        reader = safe_loader(head)
        try:
            data = reader.get_single_data()
        finally:
            reader.dispose()
    except Exception:  # a head is a courtesy: never let it stop the game starting
        return fallback
    if not isinstance(data, dict):
        return fallback
    authors = data.get("authors")
    if isinstance(authors, str):
        authors = [authors]
    return StoryHead(
        _text(data.get("title")) or fallback.title,
        _text(data.get("description")),
        tuple(a.strip() for a in authors if isinstance(a, str) and a.strip())
        if isinstance(authors, list) else (),
    )
