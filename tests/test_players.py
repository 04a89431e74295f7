"""The served game's players: names cleaned, folders that stay inside, names owned by a browser."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from communard.web.players import (
    MAX_NAME,
    NameRefused,
    PlayerRegistry,
    clean_name,
    name_key,
    valid_token,
)

ALICE = "a" * 32
BOB = "b" * 32


@pytest.fixture
def registry(tmp_path: Path) -> PlayerRegistry:
    return PlayerRegistry(tmp_path / "served")


def test_names_are_cleaned_and_keyed_as_plain_folders() -> None:
    assert clean_name("  Marie \t Curie\n") == "Marie Curie"
    assert clean_name("Louise\u202eMichel") == "LouiseMichel"  # a direction override is dropped
    assert name_key("Éloïse") == name_key("eloise") == "eloise"
    assert name_key("Jean-Baptiste O'Neil") == "jean-baptiste-o-neil"
    assert name_key("李雷") == "u674e-u96f7"
    assert name_key("Nul") == "nul-"  # a device name on Windows


@pytest.mark.parametrize("hostile", ["", "   ", "../../etc", "<script>", "a/b", "C:\\x",
                                     "x" * (MAX_NAME + 1), "...", "\x1b[31mred"])
def test_hostile_names_are_refused_with_a_reason(hostile: str) -> None:
    with pytest.raises(NameRefused) as refused:
        clean_name(hostile)
    assert str(refused.value)


def test_every_key_is_a_folder_inside_players(registry: PlayerRegistry) -> None:
    for name in ["Marie", "Zoë 2", "O'Hara", "李雷", "a.b", "- x -"]:
        folder = registry.folder(name_key(clean_name(name)))
        assert folder.parent == registry.players
    with pytest.raises(ValueError):
        registry.folder("../x")


def test_a_name_belongs_to_the_browser_that_took_it(registry: PlayerRegistry) -> None:
    marie = registry.enter("Marie", ALICE)
    assert marie.folder == registry.players / "marie"
    marie.leave()
    with pytest.raises(NameRefused, match="already taken"):
        registry.enter("marie", BOB)  # same key, another browser
    again = registry.enter("MARIE", ALICE)  # the owner comes back
    assert again.name == "Marie"  # shown as first typed
    again.leave()
    claim = json.loads((marie.folder / "player.json").read_text())
    assert ALICE not in json.dumps(claim)  # the token itself is never stored


def test_the_browser_remembers_its_last_name(registry: PlayerRegistry) -> None:
    assert registry.remembered(ALICE) is None
    registry.enter("Marie", ALICE).leave()
    registry.enter("Louise", ALICE).leave()
    assert registry.remembered(ALICE) == "Louise"
    assert registry.remembered(BOB) is None
    assert registry.remembered("not a token") is None


def test_bad_tokens_are_refused(registry: PlayerRegistry) -> None:
    assert not valid_token("../../x") and not valid_token("") and not valid_token(None)
    with pytest.raises(NameRefused, match="cookie"):
        registry.enter("Marie", "short")


def _hold(root: str, started, release) -> None:  # in another process
    player = PlayerRegistry(Path(root)).enter("Marie", ALICE)
    started.set()
    release.wait(10)
    player.leave()


def test_one_name_plays_in_one_tab_at_a_time(registry: PlayerRegistry) -> None:
    context = multiprocessing.get_context("spawn")
    started, release = context.Event(), context.Event()
    other = context.Process(target=_hold, args=(str(registry.root), started, release))
    other.start()
    try:
        assert started.wait(20)
        with pytest.raises(NameRefused, match="another window"):
            registry.enter("Marie", ALICE)
    finally:
        release.set()
        other.join(10)
    registry.enter("Marie", ALICE).leave()  # free again once that game has ended


def test_a_damaged_claim_never_hands_the_name_over(registry: PlayerRegistry) -> None:
    folder = registry.players / "marie"
    folder.mkdir(parents=True)
    (folder / "player.json").write_text("{not json")
    with pytest.raises(NameRefused, match="already taken"):
        registry.enter("Marie", ALICE)
    (folder / "player.json").write_bytes(b" " * 10_000)
    assert registry.remembered(ALICE) is None


def test_entering_a_name_never_imports_the_engine(tmp_path: Path) -> None:
    """The game loads the engine in a thread while the player types: a second thread
    importing it at the same time can meet a half-initialised module (seen under load)."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from communard.web.players import "
            f"PlayerRegistry; PlayerRegistry(Path({str(tmp_path)!r})).enter('Marie', {ALICE!r})"
            "; from communard.settings import Settings; Settings.load(Path('x'))"
            "; sys.exit('engine imported' if 'engine' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
