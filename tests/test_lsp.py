"""`communard lsp`, driven over its pipes as an editor drives it: problems as the text is
typed (before it is saved), go to definition, completion and hover."""

from __future__ import annotations

from pathlib import Path

import pytest
from lspclient import LspClient
from storykit import CHAPTER, copy_story


@pytest.fixture
def story(tmp_path: Path) -> Path:
    return copy_story(tmp_path / "s")


@pytest.fixture
def client(story: Path):
    client = LspClient()
    client.start(story)
    yield client
    client.close()


def open_chapter(client: LspClient, story: Path) -> tuple[str, str]:
    path = story / CHAPTER
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    return uri, text


def test_problems_follow_the_unsaved_text(client: LspClient, story: Path) -> None:
    uri, text = open_chapter(client, story)
    assert client.diagnostics(uri) == []
    broken = text.replace("to: home", "to: hom")
    client.send("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": broken}]})
    found = client.diagnostics(uri)
    line = text.splitlines().index("        to: home")  # 0-based, as the protocol counts
    assert [(d["code"], d["range"]["start"]["line"], d["severity"]) for d in found] == [
        ("E101", line, 1)]
    assert "did you mean 'home'" in found[0]["message"]
    assert (story / CHAPTER).read_text(encoding="utf-8") == text  # nothing written
    client.send("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]})
    assert client.diagnostics(uri) == []


def test_definition_hover_and_completion(client: LspClient, story: Path) -> None:
    uri, text = open_chapter(client, story)
    client.diagnostics(uri)
    lines = text.splitlines()
    to_home = next(n for n, line in enumerate(lines) if "to: home" in line)
    at = {"textDocument": {"uri": uri},
          "position": {"line": to_home, "character": lines[to_home].index("home") + 1}}
    [where] = client.request("textDocument/definition", at)
    assert where["uri"] == uri and lines[where["range"]["start"]["line"]].strip() == "- id: home"
    hover = client.request("textDocument/hover", at)
    assert "**Home**" in hover["contents"]["value"]
    notes = next(n for n, line in enumerate(lines) if "notes: [cannons]" in line)
    at_note = {"textDocument": {"uri": uri},
               "position": {"line": notes, "character": lines[notes].index("cannons") + 2}}
    [note] = client.request("textDocument/definition", at_note)
    assert note["uri"].endswith("notes.yaml") and note["range"]["start"]["line"] == 0
    assert "subscription" in client.request("textDocument/hover", at_note)["contents"]["value"]
    done = client.request("textDocument/completion", {
        "textDocument": {"uri": uri},
        "position": {"line": to_home, "character": len(lines[to_home])}})
    labels = {item["label"] for item in done["items"]}
    assert {"home", "crowd", "hill.dawn"} <= labels and "courage" not in labels
    cond = next(n for n, line in enumerate(lines) if "if: courage" in line)
    done = client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": cond, "character": 12}})
    assert "courage" in {item["label"] for item in done["items"]}
