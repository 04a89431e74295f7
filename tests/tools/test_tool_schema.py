"""`communard schema`: generated from the models, committed in schema/, used by the story."""

from __future__ import annotations

import json
import re
from pathlib import Path

from communard.export.schema import file_name, schema_text
from communard.paths import default_story
from engine.models import FILE_MODELS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


def test_committed_schemas_equal_fresh_ones():
    for kind in FILE_MODELS:
        committed = (ROOT / "schema" / file_name(kind)).read_text(encoding="utf-8")
        assert committed == schema_text(kind), (
            f"schema/{file_name(kind)} is out of date: run `communard schema -o schema`")


def test_chapter_schema_uses_the_keys_authors_write():
    schema = json.loads(schema_text("chapter"))
    choice = schema["$defs"]["Choice"]["properties"]
    assert "if" in choice and "if_" not in choice
    assert {"text", "to", "locked", "do", "once", "history"} <= set(choice)
    scene = schema["$defs"]["Scene"]
    assert scene["properties"]["kind"]["enum"] == ["historical", "fictional", "counterfactual"]
    assert scene["additionalProperties"] is False
    assert schema["$schema"].endswith("2020-12/schema")


def test_cli_prints_the_chapter_schema_and_writes_all(cli, tmp_path):
    result = cli("schema")
    assert json.loads(result.out)["title"] == "Communard chapter file"
    result = cli("schema", "-o", tmp_path / "out")
    assert result.code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{k}.schema.json" for k in FILE_MODELS)
    assert len(names) == 6


def _story_files(folder: Path) -> dict[Path, str]:
    """Each file of the bundled story -> the kind of schema it should name."""
    import yaml

    head = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    files = {folder / "story.yaml": "story"}
    for kind in ("chapters", "notes", "sources", "codex", "timeline"):
        names = head.get(kind, f"{kind}.yaml")
        for name in [names] if isinstance(names, str) else names:
            if (folder / name).is_file():
                files[folder / name] = "chapter" if kind == "chapters" else kind
    return files


def test_bundled_story_files_point_at_their_schema():
    folder = default_story()
    for path, kind in _story_files(folder).items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.relative_to(folder)} lacks the yaml-language-server line"
        target = (path.parent / match[1]).resolve()
        assert target.name == f"{kind}.schema.json", path
        assert target.is_file(), f"{path.relative_to(folder)} points at {match[1]}"
