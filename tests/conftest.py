"""Shared fixtures: a copy of the minimal curriculum that a test may edit."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def minimal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of tests/fixtures/minimal; the working folder is its parent."""
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURES / "minimal", target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def edit(minimal: Path) -> Callable[[str, str, str], None]:
    """Replace one exact piece of text in a file of the minimal copy (and fail if it is absent)."""

    def apply(name: str, old: str, new: str) -> None:
        path = minimal / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


@pytest.fixture(autouse=True)
def _validation_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's validation cache (kitgen/validation_cache.py) starts empty in a folder of its
    own, never the real ~/.cache; subprocesses inherit it through the environment."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("KITGEN_NO_CACHE", raising=False)
    return folder
