"""read_ahead: the lesson files ``kitgen validate`` reads while it imports the checks are the ones
the loader would read, named as it names them, and validation reports exactly what it reports
without the head start; a head start on another folder is dropped and its child stopped."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen import fork_map as fm
from kitgen import read_ahead
from kitgen.cli import main
from kitgen.validate import validate_paths

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fm, "cores", lambda: 2)
    monkeypatch.setattr(fm, "busy", lambda: False)
    monkeypatch.delenv(fm.OFF, raising=False)


def folder_of(tmp_path: Path, name: str, lessons: int) -> Path:
    """The minimal curriculum with its lesson cloned ``lessons`` times, one of them broken."""
    folder = tmp_path / name
    shutil.copytree(MINIMAL, folder)
    text = (folder / "01-test-lesson.yaml").read_text(encoding="utf-8")
    for n in range(2, lessons + 1):
        clone = text.replace("id: test-lesson", f"id: test-lesson-{n}").replace("number: 1", f"number: {n}")
        (folder / f"{n:02}-test-lesson.yaml").write_text(clone, encoding="utf-8")
    broken = folder / "07-test-lesson.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("number: 7", "number: [7"), encoding="utf-8")
    return folder


def test_a_head_start_reports_what_reading_then_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_cores: None
) -> None:
    folder = folder_of(tmp_path, "unit", 30)
    monkeypatch.chdir(tmp_path)
    expected = [d.as_text() for d in validate_paths([Path("unit")], cache=False).diagnostics]
    assert any("07-test-lesson.yaml:2:" in text for text in expected)  # the broken clone
    taken: list[list[read_ahead.Read] | None] = []
    take = read_ahead.taken

    def taking(paths: list[Path], shown: list[str]) -> list[read_ahead.Read] | None:
        taken.append(take(paths, shown))
        return taken[-1]

    monkeypatch.setattr(read_ahead, "taken", taking)

    read_ahead.start([Path("unit")], cache=False)
    time.sleep(1)  # the imports: the child reads meanwhile
    assert [d.as_text() for d in validate_paths([Path("unit")], cache=False).diagnostics] == expected
    found = taken[0]
    assert found is not None and len(found) == len(read_ahead.lesson_paths(folder))
    assert sum(isinstance(read, tuple) for read in found) > len(found) // 2  # most read by the child

    alone = CliRunner().invoke(main, ["validate", "--no-cache", "unit"], env={fm.OFF: "1"})
    assert CliRunner().invoke(main, ["validate", "--no-cache", "unit"]).output == alone.output
    assert None not in taken[1:]  # the command read ahead too


def test_a_head_start_on_another_folder_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_cores: None
) -> None:
    folder_of(tmp_path, "unit", 30)
    folder_of(tmp_path, "other", 30)
    monkeypatch.chdir(tmp_path)
    expected = [d.as_text() for d in validate_paths([Path("unit")], cache=False).diagnostics]
    read_ahead.start([Path("other")], cache=False)
    children = [pid for reading in read_ahead._ahead for pid, _ in reading.started.children]
    assert children
    assert [d.as_text() for d in validate_paths([Path("unit")], cache=False).diagnostics] == expected
    for pid in children:  # stopped and waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)
