"""Every problem code has a broken story in tests/fixtures/broken that shows it.

Each fixture is tests/fixtures/tiny (a clean story) with exactly one mistake,
and `expected.txt` holds `CODE path:LINE:COL`: where an author would look for
that mistake. `communard check` must report that code at that place, exit 1
for an error and 0 for a warning (1 with --strict), and never show a traceback.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from storykit import BROKEN, MINI, TINY, communard_command

from communard.cli import main
from engine import CODES, StoryError, check_story, load_story

FIXTURES = sorted(p for p in BROKEN.iterdir() if (p / "expected.txt").is_file())


def expected(folder: Path) -> tuple[str, str, int, int]:
    """(code, file relative to the fixture, line, column) from expected.txt."""
    lines = folder.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, f"{folder.name}/expected.txt must hold exactly one line"
    code, where = lines[0].split(" ")
    path, line, column = where.rsplit(":", 2)
    return code, path, int(line), int(column)


def fixture_id(folder: Path) -> str:
    return folder.name


def test_one_fixture_per_code() -> None:
    codes = [expected(f)[0] for f in FIXTURES]
    assert sorted(codes) == sorted(CODES), "every code needs exactly one fixture"
    for folder in FIXTURES:
        assert folder.name.startswith(expected(folder)[0] + "-"), folder.name


def test_the_base_of_the_fixtures_is_clean() -> None:
    """So that whatever a fixture reports comes from its one mistake."""
    story, problems = check_story(TINY)
    assert story is not None
    assert problems == []


@pytest.mark.parametrize("folder", FIXTURES, ids=fixture_id)
def test_engine_reports_the_code_at_the_place(folder: Path) -> None:
    code, path, line, column = expected(folder)
    story, problems = check_story(folder)
    found = [(p.code, p.file.relative_to(folder).as_posix() if p.file else None, p.line, p.column)
             for p in problems]
    assert (code, path, line, column) in found, problems
    mine = next(p for p in problems if p.code == code and p.line == line)
    assert "\n" not in mine.message
    assert mine.message.rstrip().endswith((".", "`)", "…`)")), mine.message
    if code.startswith("E"):
        assert story is None
        with pytest.raises(StoryError) as caught:
            load_story(folder)
        assert any(p.code == code for p in caught.value.problems)
        assert code in str(caught.value)
    else:
        assert story is not None, [p.format() for p in problems if p.severity == "error"]
        assert all(p.severity == "warning" for p in problems)
        assert any(p.code == code for p in story.warnings)


@pytest.mark.parametrize("folder", FIXTURES, ids=fixture_id)
def test_check_command_prints_the_problem(folder: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, path, line, column = expected(folder)
    severity = "error" if code.startswith("E") else "warning"
    monkeypatch.chdir(folder)  # paths are printed relative to the working directory
    status = main(["check", str(folder)])
    out, err = capsys.readouterr()
    assert f"{path}:{line}:{column}: {severity} {code}: " in out
    lines = out.splitlines()
    at = next(n for n, text in enumerate(lines) if f"{path}:{line}:{column}: " in text)
    source = (folder / path).read_text(encoding="utf-8").splitlines()[line - 1]
    assert lines[at + 1] == f" {line:>3} | {source}".rstrip(), "the source line follows"
    gutter = lines[at + 2].index("|") + 2
    assert lines[at + 2][gutter:] == " " * (column - 1) + "^", "the caret is under the column"
    assert out.rstrip().splitlines()[-1].startswith("FAILED: " if severity == "error" else "ok: ")
    assert "Traceback" not in out + err
    assert status == (1 if severity == "error" else 0)


@pytest.mark.parametrize("folder", [f for f in FIXTURES if f.name.startswith("W")],
                         ids=fixture_id)
def test_strict_turns_warnings_into_failure(folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(folder)]) == 1
    assert main(["check", str(folder)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("folder", FIXTURES, ids=fixture_id)
def test_check_json_locates_the_problem(folder: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, path, line, column = expected(folder)
    status = main(["check", "--json", str(folder)])
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is code.startswith("W")
    assert status == (1 if code.startswith("E") else 0)
    matches = [p for p in report["problems"] if p["code"] == code and p["line"] == line
               and p["column"] == column and Path(p["file"]).resolve() == (folder / path).resolve()]
    assert len(matches) >= 1, report["problems"]
    assert matches[0]["severity"] == ("error" if code.startswith("E") else "warning")
    source = (folder / path).read_text(encoding="utf-8").splitlines()[line - 1]
    assert matches[0]["source_line"] == source.rstrip()
    assert matches[0]["caret"] == " " * (column - 1) + "^"
    assert main(["check", "--format", "json", str(folder)]) == status
    assert json.loads(capsys.readouterr().out) == report


# -- the real command, in real processes: exit statuses and no traceback ----------
# In-process runs above cover every fixture; these few check what only a real
# process shows (the exit status the shell sees, nothing printed by a crash).
REAL = ["E001-bad-yaml", "E101-unknown-target", "E121-dead-end", "W201-unused-note"]


@pytest.fixture(scope="module")
def real_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """`communard check` (and --strict on the warning) on a few fixtures, in parallel."""
    jobs: dict[str, subprocess.Popen[str]] = {}
    for name in REAL:
        for extra in ([], ["--strict"]) if name.startswith("W") else ([],):
            jobs[" ".join([name, *extra])] = subprocess.Popen(
                [*communard_command(), "check", *extra, "."], cwd=BROKEN / name, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = {}
    for name, job in jobs.items():
        out, err = job.communicate(timeout=120)
        done[name] = subprocess.CompletedProcess(job.args, job.returncode, out, err)
    return done


@pytest.mark.parametrize("name", REAL)
def test_real_command_exit_status(name: str, real_runs: dict) -> None:
    code, path, line, column = expected(BROKEN / name)
    run = real_runs[name]
    assert "Traceback" not in run.stdout + run.stderr
    severity = "error" if code.startswith("E") else "warning"
    assert f"{path}:{line}:{column}: {severity} {code}: " in run.stdout
    assert run.returncode == (1 if code.startswith("E") else 0), run.stdout + run.stderr
    if code.startswith("W"):
        assert real_runs[name + " --strict"].returncode == 1


def test_real_command_on_a_clean_story() -> None:
    run = subprocess.run([*communard_command(), "check", str(MINI)], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok: The Bakers' Night (5 scenes, 2 endings): 0 error(s), "
                                 "0 warning(s)")


@pytest.mark.parametrize("what", ["no story.yaml", "nonexistent"])
def test_unreadable_input_exits_2(what: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = {"no story.yaml": tmp_path, "nonexistent": tmp_path / "nowhere"}[what]
    (tmp_path / "chapters").mkdir()
    (tmp_path / "notes.yaml").write_text("{}\n")
    assert main(["check", str(target)]) == 2
    out, err = capsys.readouterr()
    assert "no story here" in err and str(target) in err
    assert "Traceback" not in out + err
    run = subprocess.run([*communard_command(), "check", str(target)], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2
    assert "no story here" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
