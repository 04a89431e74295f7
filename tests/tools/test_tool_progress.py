"""The progress bar: drawn on a terminal, silent in a pipe."""

from __future__ import annotations

import io

from communard.progress import Progress


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    with Progress(10, "Playing", stream) as bar:
        for n in range(11):
            bar.update(n)
    assert stream.getvalue() == ""


def test_draws_and_wipes_itself_on_a_terminal():
    stream = io.StringIO()
    with Progress(4, "Playing", stream, force=True) as bar:
        bar.update(4)
        drawn = stream.getvalue()
    assert "Playing" in drawn and "100%" in drawn and "4/4" in drawn and "█" in drawn
    assert stream.getvalue().endswith("\r\033[K")


def test_every_command_has_help(cli):
    import pytest

    for command in ("randomtest", "graph", "stats", "walkthrough", "transcript", "schema"):
        with pytest.raises(SystemExit) as exc:
            cli(command, "--help")
        assert exc.value.code == 0
