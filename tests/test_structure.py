"""Module boundaries that keep the layers apart: writers see only the tree and the string table,
and validation never loads the composer."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_after_import(module: str) -> set[str]:
    """Module names loaded by importing ``module`` in a fresh interpreter."""
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("writer", ["kitgen.writers.html", "kitgen.writers.pdf", "kitgen.writers.docx"])
def test_writers_do_not_load_the_model(writer: str) -> None:
    loaded = loaded_after_import(writer)
    assert writer in loaded
    assert not loaded & {"kitgen.model", "kitgen.loader", "kitgen.source", "pydantic", "yaml"}


def test_validation_does_not_load_the_composer() -> None:
    loaded = loaded_after_import("kitgen.validate")
    assert "kitgen.checks" in loaded
    assert not loaded & {"kitgen.markdown", "kitgen.doctree", "kitgen.compose"}
