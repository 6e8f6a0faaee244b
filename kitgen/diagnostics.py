"""Located problems in the sources, and the three ways of printing them.

Every stage (loading, schema, cross-file checks) reports through ``Diagnostic`` so a curriculum
editor sees one format: ``lessons/03-control.yaml:14:7: error[unknown-field]: message``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, at a 1-based line and column of a file (0 when the whole file is meant)."""

    file: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        text = f"{where}: {self.severity.value}[{self.code}]: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def as_github(self) -> str:
        """A GitHub Actions workflow command, so problems show on the pull request's diff."""

        def esc(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        kind = "error" if self.severity is Severity.ERROR else "warning"
        props = f"file={self.file},line={max(self.line, 1)},col={max(self.col, 1)},title={self.code}"
        message = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} {esc(props)}::{esc(message)}"


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def describe(exc: BaseException) -> str:
    """An unexpected exception as a message that is never empty: its type, then its text if any."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error(file: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, code, message, hint)


def warning(file: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.WARNING, code, message, hint)


def promote(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """``--strict``: every warning becomes an error."""
    return [Diagnostic(d.file, d.line, d.col, Severity.ERROR, d.code, d.message, d.hint) for d in diagnostics]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{files} file{'s' * (files != 1)} checked: {errors} error{'s' * (errors != 1)}, " + (
        f"{warnings} warning{'s' * (warnings != 1)}"
    )


def render(diagnostics: list[Diagnostic], fmt: str, files: int) -> str:
    """All diagnostics in ``text``, ``json`` or ``github`` form, sorted by place."""
    ordered = sorted(diagnostics)
    if fmt == "json":
        payload = {
            "diagnostics": [{**asdict(d), "severity": d.severity.value} for d in ordered],
            "files": files,
            "errors": sum(d.severity is Severity.ERROR for d in ordered),
            "warnings": sum(d.severity is Severity.WARNING for d in ordered),
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)
    lines = [d.as_github() if fmt == "github" else d.as_text() for d in ordered]
    lines.append(summary(ordered, files))
    return "\n".join(lines)
