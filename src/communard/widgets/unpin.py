"""A workaround for a memory leak in Textual 8: every widget ever drawn stays in memory.

Textual's `StylesCache.get_inner_outer` is an instance method under
`functools.lru_cache(1024)`, so the cache's keys hold the last 1,024
`StylesCache` objects it saw, each with every line (`Strip`) its widget
rendered, long after the widget is gone (Textualize/textual issue 6665). The
game builds new widgets on every scene (questions, footers, ending and
overlay screens), so it kept about 7.7 rendered lines and 32 KB per choice.

The method does not use the instance: its answer depends on the two colours
only. `unpin_styles_caches` replaces it with the same function cached on the
colours alone. It does nothing when Textual no longer has the bug.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def unpin_styles_caches() -> None:
    from textual._styles_cache import StylesCache

    cached: Any = StylesCache.__dict__.get("get_inner_outer")
    if not hasattr(cached, "cache_clear") or getattr(cached, "_unpinned", False):
        return
    original = cached.__wrapped__

    @lru_cache(1024)
    def by_colours(base_background: Any, background: Any) -> Any:
        return original(None, base_background, background)

    def get_inner_outer(self: Any, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    get_inner_outer._unpinned = True  # type: ignore[attr-defined]
    get_inner_outer.cache_clear = by_colours.cache_clear  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign,assignment]
    cached.cache_clear()
