"""A build that fails says which file failed and why, in a message that is never empty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx.image.exceptions import UnrecognizedImageError
from readback import docx_text

from kitgen import doctree as d
from kitgen import render
from kitgen.build import build
from kitgen.cli import main
from kitgen.diagnostics import describe
from kitgen.targets import Request


class _FailingRenderer:
    """Stands in for the writers: fails the way python-docx fails on an SVG image, with no message."""

    def __init__(self, *args: object) -> None:
        pass

    def render(self, doc: d.Document, fmt: str, pdf: bytes | None) -> bytes:
        raise UnrecognizedImageError()


def test_an_error_without_a_message_still_says_what_failed(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "_Renderer", _FailingRenderer)
    result = build(minimal, minimal.parent / "out", Request(formats=("docx",)), workers=1)
    assert not result.kits and not (minimal.parent / "out").exists()
    assert [p.as_text() for p in result.diagnostics if p.severity == "error"] == [
        "lessons: error[render-failed]: test-unit/facilitator/test-unit-facilitator-guide.docx could not be rendered: "
        "UnrecognizedImageError\n"
        "  hint: this is a bug in kitgen or its templates; please report it with the lessons that caused it"
    ]


def test_describe_names_the_type_and_keeps_the_text() -> None:
    assert describe(KeyError("page")) == "KeyError: 'page'"
    assert describe(ValueError("  ")) == "ValueError"


def test_strict_build_refuses_an_unfilled_district_value(
    minimal: Path, edit: Callable[[str, str, str], None]
) -> None:
    edit("profile.yaml", "cps_phone: 555-0199", 'cps_phone: "FILL IN: county CPS intake line"')
    edit("01-test-lesson.yaml", "duration_minutes: 45", "duration_minutes: 25")  # no minutes-short warning
    runner = CliRunner()
    strict = runner.invoke(main, ["build", "--lessons", str(minimal), "--format", "docx", "--strict"])
    assert strict.exit_code == 1, strict.output
    assert "error[profile-placeholder]: 'cps_phone' is not filled in yet" in strict.output
    assert not (minimal.parent / "output").exists()
    default = runner.invoke(main, ["build", "--lessons", str(minimal), "--format", "docx"])
    assert default.exit_code == 0 and "1 warning;" in default.output
    guide = docx_text(
        next((minimal.parent / "output" / "test-unit").glob("facilitator/*facilitator-guide.docx"))
    )
    assert "FILL IN" not in guide


def test_a_composer_bug_is_a_diagnostic_not_a_traceback(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kitgen.build

    def broken(*args: object, **kwargs: object) -> d.Document:
        raise KeyError("objectives")

    monkeypatch.setattr(kitgen.build, "facilitator_guide", broken)
    result = CliRunner().invoke(main, ["build", "--lessons", str(minimal)])
    assert result.exit_code == 1 and not isinstance(result.exception, KeyError)
    assert (
        "error[compose-failed]: kit test-unit could not be composed: KeyError: 'objectives'" in result.output
    )
    assert not (minimal.parent / "output").exists()
