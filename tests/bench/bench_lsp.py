"""Language server benchmark: from a keystroke to the problems shown, on the bundled story.

Run: python tests/bench/bench_lsp.py [--edits 40]

`communard lsp` is started as an editor starts it and the largest chapter of the
bundled story is opened; then each edit (one character typed in a scene's text,
sent as the whole new text, as VS Code does for small files) is timed from
sending `didChange` to receiving that file's `publishDiagnostics`. Beside it, in
the same run, the time of `engine.check_story` on the same texts in this
process (the work the server does per keystroke), and of the same check with
nothing remembered from the last one (files read, validated and compiled again,
as on a first load), and their ratios: the machine is shared, so the ratios are
the figures to compare between runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: lspclient, storykit

from lspclient import LspClient  # noqa: E402

from communard.paths import default_story  # noqa: E402
from engine import check_story, compiler, storyfiles, validation  # noqa: E402


def forget() -> None:
    """Drop what the engine remembers between checks: a check as on a first load."""
    storyfiles._last_read.clear()
    validation._validated.clear()
    compiler._caches.clear()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    root = default_story().resolve()
    chapter = max((root / "chapters").glob("*.yaml"), key=lambda p: p.stat().st_size)
    text = chapter.read_text(encoding="utf-8")
    anchor = text.index("    text: ") + len("    text: ")
    uri = chapter.as_uri()
    client = LspClient()
    client.start(root)
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    client.diagnostics(uri, timeout=120)
    served, direct, whole = [], [], []
    typed = ""
    for n in range(args.edits):
        typed += "abcdefghij"[n % 10]
        edited = text[:anchor] + typed + text[anchor:]
        start = time.perf_counter()
        client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": n + 2},
                                               "contentChanges": [{"text": edited}]})
        client.diagnostics(uri)
        served.append(time.perf_counter() - start)
        start = time.perf_counter()
        check_story(root, {chapter: edited})
        direct.append(time.perf_counter() - start)
        forget()
        start = time.perf_counter()
        check_story(root, {chapter: edited})
        whole.append(time.perf_counter() - start)
    client.close()
    print(f"{args.edits} keystrokes in {chapter.name} ({len(text):,} characters) of the bundled "
          "story")
    print("| measure | p50 | p95 | max |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in (("keystroke to diagnostics (communard lsp)", served),
                         ("check_story in process", direct),
                         ("check_story, nothing remembered (as a first load)", whole)):
        print(f"| {name} | {statistics.median(values) * 1000:.0f} ms | "
              f"{percentile(values, 0.95) * 1000:.0f} ms | {max(values) * 1000:.0f} ms |")
    ratio = statistics.median(served) / statistics.median(direct)
    print(f"ratio lsp / check_story (p50): {ratio:.2f}; check_story remembering unchanged "
          f"files / nothing remembered (p50): "
          f"{statistics.median(direct) / statistics.median(whole):.2f}")


if __name__ == "__main__":
    main()
