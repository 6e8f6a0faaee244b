"""What ``kitgen serve`` prints after each refresh: the located errors in full, or what was updated."""

from __future__ import annotations

import click

from ..diagnostics import Severity
from .preview import Snapshot

LISTED = 6
"""Up to this many updated documents are named; more (a template edit) are counted."""


def report(snapshot: Snapshot) -> None:
    """Errors as ``validate`` prints them (they are also on the page); else the documents updated,
    after the errors that refuse a language's documents (also on those documents' pages)."""
    every = sorted(p for p in snapshot.diagnostics if p.severity is Severity.ERROR)
    errors = [p for p in every if p not in snapshot.refusals]
    refused = [p for p in every if p in snapshot.refusals]
    warnings = len(snapshot.diagnostics) - len(every)
    if errors:
        for problem in errors:
            click.echo(problem.as_text(), err=True)
        click.echo(
            f"{len(errors)} error{'s' * (len(errors) != 1)}: the preview shows them until they are fixed",
            err=True,
        )
        return
    for problem in refused:
        click.echo(problem.as_text(), err=True)
    if refused:
        click.echo(
            f"{len(refused)} error{'s refuse' if len(refused) != 1 else ' refuses'} a translation: "
            "the pages of its documents show them",
            err=True,
        )
    names = snapshot.changed
    changed = f"updated {', '.join(names)}" if len(names) <= LISTED else f"updated {len(names)} documents"
    changed = changed if names else "no document changed"
    noted = f"; {warnings} warning{'s' * (warnings != 1)} (kitgen validate lists them)" if warnings else ""
    click.echo(f"{changed} ({snapshot.seconds:.2f} s){noted}")
