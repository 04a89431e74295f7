"""A minimal Language Server Protocol client over a subprocess's pipes, for tests and the
benchmark: `communard lsp` is driven as an editor would drive it."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from storykit import communard_command


class LspClient:
    def __init__(self, cwd: Path | None = None) -> None:
        env = dict(os.environ)
        self.proc = subprocess.Popen([*communard_command(), "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=cwd, env=env)
        self.messages: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        number = None
        if request:
            self.next_id += 1
            number = message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return number

    def wait(self, test, timeout: float = 60) -> dict[str, Any]:
        """The next message `test` accepts (others are dropped)."""
        end = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(end - time.monotonic(), 0.01))
            except Empty:
                raise TimeoutError("the language server did not answer") from None
            if test(message):
                return message

    def request(self, method: str, params: Any, timeout: float = 60) -> Any:
        number = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == number, timeout).get("result")

    def start(self, root: Path) -> None:
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "capabilities": {}})
        self.send("initialized", {})

    def diagnostics(self, uri: str, timeout: float = 60) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri, timeout)
        return message["params"]["diagnostics"]

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.send("exit", None)
            self.proc.wait(timeout=10)
        except (TimeoutError, subprocess.TimeoutExpired, BrokenPipeError):
            self.proc.kill()
            self.proc.wait()
