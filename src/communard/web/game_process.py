"""What each served browser tab runs: the Textual game, started directly.

`communard serve` starts `python -m communard.web.game_process STORY` once per
browser tab, under textual-serve's web driver (stdin and stdout carry the
screen and the keys). It must not go through `communard play`, which falls
back to line mode without a terminal.

Until the player gives a name the game uses a scratch data folder of its own
(removed at the end), so nothing is read from or written to anyone's folder;
after that, the player's folder (see web/players.py). If the server goes away
without ending this process (killed, not stopped), the game notices its parent
is gone and quits, its autosave written. Served with --class, the game also
records its player's choices in the class database (web/classplay.py).

With `--warm` the process is one of the server's waiting games (web/warm.py):
it imports the game and loads the story first, then reads one line from stdin
that says which browser it plays for and the page's size, and only then starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .protocol import BROWSER_ENV, ROOT_ENV
from .warm import HANDSHAKE_KEYS, HANDSHAKE_LIMIT, READY, WARM_FLAG, read_handshake

if TYPE_CHECKING:
    from ..loading import StoryLoader

PARENT_CHECK_SECONDS = 2.0


def _quit_when_orphaned(app: object, parent: int, stop: threading.Event) -> None:
    """Quit the app when the server that started this process is gone."""
    while not stop.wait(PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            call = getattr(app, "call_from_thread", None)
            exit_ = getattr(app, "exit", None)
            if call is not None and exit_ is not None:
                with contextlib.suppress(RuntimeError):  # the app already ended
                    call(exit_)
            return


def _wait_for_page() -> bool:
    """Read the handshake line byte by byte (the web driver reads the same fd after it).

    False when the server closed the pipe first: this game was never needed.
    """
    line = bytearray()
    while not line.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte or len(line) >= HANDSHAKE_LIMIT:
            return False
        line += byte
    try:
        os.environ.update(read_handshake(bytes(line), HANDSHAKE_KEYS))
    except ValueError:
        return False
    return True


def _preload(path: Path) -> StoryLoader:
    """Check the story now, while waiting; the app's loader then hands the result over."""
    from engine import UnreadableStory, check_story

    try:
        result = check_story(path)
    except (UnreadableStory, OSError):
        return check_story  # the app reports it in the usual way
    return lambda _path: result


def main(argv: list[str] | None = None) -> int:
    from ..paths import use_data_dir
    from .classplay import ClassRecorder
    from .players import Lobby, PlayerRegistry
    from .served_app import ServedApp

    args = sys.argv[1:] if argv is None else argv
    warm = bool(args) and args[0] == WARM_FLAG
    if warm:
        args = args[1:]
    if len(args) != 1 or ROOT_ENV not in os.environ:
        sys.stderr.write("usage: COMMUNARD_SERVE_ROOT=DIR python -m communard.web.game_process "
                         "[--warm] STORY (started by `communard serve`)\n")
        return 2
    loader = None
    if warm:
        loader = _preload(Path(args[0]))
        os.write(1, READY)
        if not _wait_for_page():
            return 0
    lobby = Lobby(PlayerRegistry(Path(os.environ[ROOT_ENV])), os.environ.get(BROWSER_ENV, ""))
    scratch = Path(tempfile.mkdtemp(prefix="communard-player-"))
    use_data_dir(scratch)
    stop = threading.Event()
    app = None
    recorder = ClassRecorder.from_environment()  # `serve --class CODE`
    try:
        app = ServedApp(Path(args[0]), lobby, recorder, loader=loader)
        watcher = threading.Thread(target=_quit_when_orphaned, args=(app, os.getppid(), stop),
                                   name="orphan-check", daemon=True)
        watcher.start()
        app.run()
        if app.failure:
            sys.stderr.write(app.failure)
        return app.return_code or 0
    finally:
        stop.set()
        if recorder is not None:
            recorder.close()  # every choice written before the process ends
        if app is not None and app.player is not None:
            app.player.leave()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
