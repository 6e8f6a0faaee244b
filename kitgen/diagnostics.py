"""Located problems in the sources, and the three ways of printing them.

Every stage (loading, schema, cross-file checks) reports through ``Diagnostic`` so a curriculum
editor sees one format: ``lessons/03-control.yaml:14:7: error[unknown-field]: message``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import click


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}
FOLDED = {
    "profile-placeholder": (
        "{count} values are not filled in yet, from line {first} to line {last}",
        "replace each FILL IN text with your district's value; 'kitgen validate --verbose' lists them",
    ),
    "todo": (
        "{count} fields still say TODO, from line {first} to line {last}",
        "write the text in place of each TODO; 'kitgen validate --verbose' lists them, and --strict "
        "refuses any left",
    ),
    "translation-missing": (
        "{count} entries have no translation yet, so the documents print their English text",
        "translate them in this catalog; 'kitgen validate --verbose' lists them",
    ),
    "translation-fuzzy": (
        "{count} entries have only a fuzzy translation, so the documents print their English text",
        "check each against the English and remove its 'fuzzy' flag; 'kitgen validate --verbose' lists them",
    ),
    "translation-outdated": (
        "{count} entries were translated from older English, so the documents print the new English",
        "run 'kitgen translate update', then check each entry and remove its 'fuzzy' flag; "
        "'kitgen validate --verbose' lists them",
    ),
}
"""Warnings that repeat on every run until a district fills its profile in, a draft lesson
its TODOs, or a translator a catalog: one line per file (its message and hint here) unless asked
for each. Errors are never folded (a safety-critical entry without translation is one)."""


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
    path: tuple[str | int, ...] = field(default=(), compare=False, repr=False)
    """Where in the file's data the problem is, when a check knows it: lets the checks of a
    partly valid file drop what they found in the parts that failed the schema. Not printed."""

    def as_text(self, color: bool = False) -> str:
        """``file:line:col: severity[code]: message`` and its hint; ``color`` styles the place,
        the severity and the hint with ANSI codes for a terminal."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        severity = f"{self.severity.value}[{self.code}]"
        hint = f"  hint: {self.hint}" if self.hint else ""
        if color:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=SEVERITY_COLORS[self.severity], bold=True)
            hint = click.style(hint, fg="cyan") if hint else ""
        text = f"{where}: {severity}: {self.message}"
        return f"{text}\n{hint}" if hint else text

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


def fold(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The ``FOLDED`` warnings of each file as one line that counts them and names the first few."""
    kept: list[Diagnostic] = []
    groups: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in sorted(diagnostics):
        if d.code in FOLDED and d.severity is Severity.WARNING:
            groups[d.file, d.code].append(d)
        else:
            kept.append(d)
    for (file, code), group in groups.items():
        if len(group) == 1:
            kept += group
            continue
        first = group[0]
        message, hint = FOLDED[code]
        counted = message.format(count=len(group), first=first.line, last=group[-1].line)
        kept.append(Diagnostic(file, first.line, first.col, Severity.WARNING, code, counted, hint))
    return kept


def render(
    diagnostics: list[Diagnostic],
    fmt: str,
    files: int,
    *,
    verbose: bool = True,
    quiet: bool = False,
    color: bool = False,
) -> str:
    """All diagnostics in ``text``, ``json`` or ``github`` form, sorted by place, then the counts
    of all of them. Text folds repeated warnings unless ``verbose``; ``quiet`` leaves warnings out;
    ``color`` styles text for a terminal."""
    counts = summary(diagnostics, files)
    ordered = sorted(diagnostics)
    if quiet:
        ordered = [d for d in ordered if d.severity is Severity.ERROR]
    if fmt == "json":
        payload = {
            "diagnostics": [
                {
                    "file": d.file,
                    "line": d.line,
                    "col": d.col,
                    "severity": d.severity.value,
                    "code": d.code,
                    "message": d.message,
                    "hint": d.hint,
                }
                for d in ordered
            ],
            "files": files,
            "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
            "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = [d.as_github() for d in ordered]
    else:
        lines = [d.as_text(color) for d in (ordered if verbose else sorted(fold(ordered)))]
    lines.append(counts)
    return "\n".join(lines)
