"""loader.display_paths names each file as diagnostics.display_path does, resolving each folder
once: through a symbolic link to a file or a folder, from inside and outside the working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.diagnostics import display_path
from kitgen.loader import display_paths


def test_each_file_is_named_as_display_path_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    (work / "lessons").mkdir(parents=True)
    elsewhere.mkdir()
    for folder in (work / "lessons", elsewhere):
        (folder / "01-a.yaml").write_text("a: 1\n", encoding="utf-8")
    (work / "lessons" / "02-link.yaml").symlink_to(elsewhere / "01-a.yaml")
    (work / "lessons" / "03-alias.yaml").symlink_to(work / "lessons" / "01-a.yaml")
    (work / "linked").symlink_to(work / "lessons")
    (work / "outside").symlink_to(elsewhere)
    monkeypatch.chdir(work)
    paths = [
        Path("lessons/01-a.yaml"),
        Path("lessons/02-link.yaml"),
        Path("lessons/03-alias.yaml"),
        Path("linked/01-a.yaml"),
        Path("outside/01-a.yaml"),
        work / "lessons" / "01-a.yaml",
        elsewhere / "01-a.yaml",
        Path("lessons/../lessons/01-a.yaml"),
    ]
    expected = [display_path(path) for path in paths]
    assert display_paths(paths) == expected
    # a link is named by where it leads; a file outside the working folder keeps the name it was given
    assert expected[:5] == [
        "lessons/01-a.yaml",
        "lessons/02-link.yaml",
        "lessons/01-a.yaml",
        "lessons/01-a.yaml",
        "outside/01-a.yaml",
    ]
