"""What the server and its game processes agree on: names of variables, cookie and messages.

textual-serve starts one process per browser tab and talks to it over its
stdin and stdout (Textual's web driver). Communard adds three things to that:
the server tells the process where the players' folders are and which browser
it plays for (environment variables at start), and the process tells the
server the player's name once it is given (a meta packet of our own type,
which textual-serve's protocol carries like its own).
"""

from __future__ import annotations

from typing import Any

ROOT_ENV = "COMMUNARD_SERVE_ROOT"  # the server's data folder (players/ and browsers/ inside)
BROWSER_ENV = "COMMUNARD_SERVE_BROWSER"  # the browser's token, from its cookie
COOKIE = "communard_browser"
PLAYER_META = "communard_player"


def tell_server(app: object, data: dict[str, Any]) -> bool:
    """Send a meta packet to the serving process; False when not served (a terminal)."""
    driver = getattr(app, "_driver", None)
    write_meta = getattr(driver, "write_meta", None)
    if write_meta is None:
        return False
    write_meta(data)
    return True
