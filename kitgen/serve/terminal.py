"""What ``kitgen serve`` prints after each refresh: the located errors in full, or what was updated."""

from __future__ import annotations

import click

from ..diagnostics import Severity
from .preview import Snapshot


def report(snapshot: Snapshot) -> None:
    """Errors as ``validate`` prints them (they are also on the page); else the documents updated."""
    errors = sorted(p for p in snapshot.diagnostics if p.severity is Severity.ERROR)
    warnings = len(snapshot.diagnostics) - len(errors)
    if errors:
        for problem in errors:
            click.echo(problem.as_text(), err=True)
        click.echo(
            f"{len(errors)} error{'s' * (len(errors) != 1)}: the preview shows them until they are fixed",
            err=True,
        )
        return
    changed = f"updated {', '.join(snapshot.changed)}" if snapshot.changed else "no document changed"
    noted = f"; {warnings} warning{'s' * (warnings != 1)} (kitgen validate lists them)" if warnings else ""
    click.echo(f"{changed} ({snapshot.seconds:.2f} s){noted}")
