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
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from .protocol import BROWSER_ENV, ROOT_ENV

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


def main(argv: list[str] | None = None) -> int:
    from ..paths import use_data_dir
    from .classplay import ClassRecorder
    from .players import Lobby, PlayerRegistry
    from .served_app import ServedApp

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or ROOT_ENV not in os.environ:
        sys.stderr.write("usage: COMMUNARD_SERVE_ROOT=DIR python -m communard.web.game_process "
                         "STORY (started by `communard serve`)\n")
        return 2
    lobby = Lobby(PlayerRegistry(Path(os.environ[ROOT_ENV])), os.environ.get(BROWSER_ENV, ""))
    scratch = Path(tempfile.mkdtemp(prefix="communard-player-"))
    use_data_dir(scratch)
    stop = threading.Event()
    app = None
    recorder = ClassRecorder.from_environment()  # `serve --class CODE`
    try:
        app = ServedApp(Path(args[0]), lobby, recorder)
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
