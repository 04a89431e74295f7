"""Playing in a browser: `communard serve` and what it is made of.

- server.py: the aiohttp application around textual-serve (pages, limits, shutdown)
- sessions.py: one game process per browser tab, with its player's environment
- game_process.py: what each of those processes runs (the Textual game, served)
- players.py: player names, per-player folders and the browser that owns each
- pages.py + templates/: the HTML pages (the game page, "the class is full")
- protocol.py: what the server and the game processes agree on
- network.py: the address to give students, and its QR code
"""
