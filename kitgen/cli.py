"""The ``kitgen`` command line: parses options and calls validate, list, schema and build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import Severity, has_errors, promote, render
from .schemas import KINDS, schema_json
from .validate import validate_paths

FORMATS = click.Choice(["text", "json", "github"])
FORMATS_OUT = ("pdf", "docx")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kitgen")
def main() -> None:
    """Compile lesson YAML into facilitator guides and student handouts (DOCX and PDF)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Check lesson files and report every problem with its file, line and column.

    PATHS are curriculum folders or files (default: lessons/). Exit 1 when any error is found.
    """
    result = validate_paths(list(paths) or [Path("lessons")])
    diagnostics = promote(result.diagnostics) if strict else result.diagnostics
    click.echo(render(diagnostics, fmt, result.files))
    sys.exit(1 if has_errors(diagnostics) else 0)


@main.command(name="list")
@click.argument("folder", default="lessons", type=click.Path(path_type=Path))
def list_lessons(folder: Path) -> None:
    """List the lessons of a curriculum folder with grades, minutes and video segments."""
    result = validate_paths([folder])
    if has_errors(result.diagnostics):
        click.echo(render(result.diagnostics, "text", result.files), err=True)
        sys.exit(1)
    for curriculum in result.curricula:
        for lesson in sorted(curriculum.lessons, key=lambda item: item.model.number):
            model = lesson.model
            grades = ",".join(str(g) for g in model.grades)
            videos = ",".join(s.video.segment for s in model.sections if s.video) or "-"
            click.echo(
                f"{model.number:>2}  {model.id:<34} grades {grades:<6} {model.duration_minutes:>3} min  "
                f"video {videos}  {model.title}"
            )


@main.command()
@click.argument("kind", type=click.Choice([*KINDS, "all"]), default="all")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Write <kind>.schema.json files here."
)
def schema(kind: str, out: Path | None) -> None:
    """Print (or write) the JSON Schema of lesson, unit and profile files, for editor autocompletion."""
    kinds = list(KINDS) if kind == "all" else [kind]
    if out is None:
        if len(kinds) > 1:
            raise click.UsageError("name one KIND to print, or give --out to write them all")
        click.echo(schema_json(kinds[0]), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in kinds:
        (out / f"{name}.schema.json").write_text(schema_json(name), encoding="utf-8")
        click.echo(f"wrote {out / f'{name}.schema.json'}")


@main.command()
@click.option(
    "--lessons",
    "lessons",
    default="lessons",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Curriculum folder.",
)
@click.option(
    "--out",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where kits are written (one folder per kit).",
)
@click.option("--grades", help="Only lessons for these grades, e.g. '9-10' or '7,8'.")
@click.option("--lesson", "ids", multiple=True, help="Only this lesson id (repeatable).")
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A district profile to use instead of the folder's profile.yaml.",
)
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS_OUT), help="Only this format.")
@click.option("--page-size", type=click.Choice(["letter", "a4"]), default="letter", show_default=True)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Templates folder (default: templates/ beside the lessons, else the built-in ones).",
)
@click.option(
    "--strict", is_flag=True, help="Refuse to build while there are warnings (e.g. unfilled district values)."
)
def build(
    lessons: Path,
    out: Path,
    grades: str | None,
    ids: tuple[str, ...],
    profile: Path | None,
    formats: tuple[str, ...],
    page_size: str,
    templates: Path | None,
    strict: bool,
) -> None:
    """Build the facilitator guide and every student handout, as PDF and DOCX, into OUT/<kit>/."""
    from .build import FORMATS
    from .build import build as run_build
    from .select import parse_grades

    try:
        wanted = parse_grades(grades) if grades else set()
    except ValueError as exc:
        raise click.BadParameter(f"'{grades}' is not a grade list like '9-10' or '7,8' ({exc})") from None
    result = run_build(
        lessons,
        out,
        grades=wanted,
        ids=set(ids),
        profile=profile,
        formats=formats or FORMATS,
        page_size=page_size,
        templates=templates,
        progress=lambda name: click.echo(f"  {name}"),
        strict=strict,
    )
    errors = [dg for dg in result.diagnostics if dg.severity is Severity.ERROR]
    if errors:
        click.echo(render(errors, "text", len({dg.file for dg in errors})), err=True)
    if warnings := len(result.diagnostics) - len(errors):
        click.echo(f"{warnings} warning(s); run 'kitgen validate' to see them", err=True)
    if result.kit is None:
        click.echo("build failed: nothing was written", err=True)
        sys.exit(1)
    total = sum(result.files.values())
    click.echo(f"wrote {len(result.files)} files ({total // 1024} KiB) to {result.kit}")
