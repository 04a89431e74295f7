"""CI: `communard serve` from a non-editable install serves its page, assets and guide.

Run from a folder outside the checkout with the installed `communard` as argument;
starts it on a free port with private data folders, fetches what a browser
fetches first, stops it with Ctrl+C and checks it exits 0.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8", "replace")


def main(communard: str) -> int:
    data = tempfile.mkdtemp()
    env = {**os.environ, "COMMUNARD_DATA_DIR": data, "COMMUNARD_CACHE_DIR": data}
    server = subprocess.Popen([communard, "serve", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, env=env)
    assert server.stdout is not None
    url = None
    deadline = time.monotonic() + 120
    for line in server.stdout:
        found = re.search(r"Students open:\s+(\S+)", line)
        if found:
            url = found.group(1)
            break
        if time.monotonic() > deadline:
            break
    try:
        assert url, "communard serve printed no address"
        page = fetch(url)
        assert "textual-terminal" in page and "googleapis" not in page, page[:500]
        assert "window.onload" in fetch(url + "static/js/textual.js")
        fetch(url + "static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert "<h1" in fetch(url + "guide")
    finally:
        server.send_signal(signal.SIGINT)
        code = server.wait(60)
    assert code == 0, f"communard serve exited {code} on Ctrl+C"
    print("non-editable install serves the bundled story: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
