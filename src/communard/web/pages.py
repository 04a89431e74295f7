"""The HTML pages of `communard serve`, rendered from templates/ (Jinja, autoescaped).

Communard replaces textual-serve's page (through its templates folder) so that
nothing leaves for an outside font service, the page is titled by the story,
and a player whose game ended is told their game was saved. The story's title
is untrusted text: Jinja escapes it.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

TEMPLATES = Path(__file__).resolve().parent / "templates"
PHONE_FONT_SIZE = 13  # a phone 390 px wide then gets about 50 columns instead of 40


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def websocket_url(request: web.Request) -> str:
    """The game's websocket at the address the browser used (a LAN address, or localhost)."""
    scheme = "wss" if request.secure else "ws"
    return f"{scheme}://{request.host}/ws"


def game_page(request: web.Request, *, title: str, idle_minutes: int) -> web.Response:
    font_size = request.query.get("fontsize", "16")
    return aiohttp_jinja2.render_template("game.html", request, {
        "title": title,
        "static_url": "/static/",
        "websocket_url": websocket_url(request),
        "font_size": int(font_size) if font_size.isdigit() and 8 <= int(font_size) <= 40 else 16,
        "phone_font_size": PHONE_FONT_SIZE,
        "idle_minutes": idle_minutes,
    })


def full_page(request: web.Request, *, title: str, players: int) -> web.Response:
    response = aiohttp_jinja2.render_template("full.html", request,
                                              {"title": title, "players": players},
                                              status=503)
    response.headers["Retry-After"] = "60"
    return response


FULL_IN_TERMINAL = ("\r\n  The class is full: {players} players are playing on this server.\r\n"
                    "  Ask your teacher, or reload this page when someone has finished.\r\n")
