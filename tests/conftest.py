"""Settings for the whole suite: nothing a test does may touch the user's own folders."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_folders(tmp_path_factory: pytest.TempPathFactory):
    """Saves, settings and the parse cache go to temporary folders for the whole run."""
    patch = pytest.MonkeyPatch()
    patch.setenv("COMMUNARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    patch.setenv("COMMUNARD_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _english_interface():
    """Every test starts in English, whatever the machine's locale or the last test chose."""
    from communard.i18n import set_language

    patch = pytest.MonkeyPatch()
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        patch.delenv(name, raising=False)
    patch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")
    patch.undo()
