"""The ``kitgen`` command line: parses options and calls validate, list, kits, schema, plan and build."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .diagnostics import Diagnostic, Severity, display_path, has_errors, promote, render
from .writers.registry import WRITERS

FORMATS = click.Choice(["text", "json", "github"], case_sensitive=False)
SCHEMA_KINDS = ("lesson", "unit", "profile", "kit")
"""``kitgen.schemas.KINDS``, named here so that the command line loads no lesson model to start."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kitgen")
def main() -> None:
    """Compile lesson YAML into facilitator guides, student handouts and family letters (DOCX and PDF)."""


def _profile_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), help=help_text)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_profile_option("Check the curriculum with this district profile instead of its profile.yaml.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--verbose", "-v", is_flag=True, help="List each unfilled profile value and TODO, not one line per file."
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only (and the summary line).")
@click.option("--no-cache", is_flag=True, help="Read everything again; keep nothing in ~/.cache/kitgen.")
def validate(
    paths: tuple[Path, ...],
    profile: Path | None,
    fmt: str,
    strict: bool,
    verbose: bool,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Check lesson, kit and profile files and report every problem with its file, line and column.

    PATHS are curriculum folders or files (default: lessons/); a district profile file given on
    its own is checked as a profile. Exit 1 when any error is found. Text is coloured on a
    terminal unless NO_COLOR is set.
    """
    from .read_ahead import start

    start(list(paths) or [Path("lessons")], cache=not no_cache)  # while the checks are imported
    from .validate import validate_paths

    result = validate_paths(list(paths) or [Path("lessons")], profile, cache=not no_cache)
    diagnostics = promote(result.diagnostics) if strict else result.diagnostics
    color = not os.environ.get("NO_COLOR")
    click.echo(render(diagnostics, fmt.lower(), result.files, verbose=verbose, quiet=quiet, color=color))
    sys.exit(1 if has_errors(diagnostics) else 0)


def _curriculum_or_exit(folder: Path) -> Any:
    from .validate import validate_paths

    result = validate_paths([folder])
    refusals = {problem for curriculum in result.curricula for problem in curriculum.translations}
    if has_errors(p for p in result.diagnostics if p not in refusals) or not result.curricula:
        click.echo(render(result.diagnostics, "text", result.files), err=True)
        sys.exit(1)
    return result.curricula[0]


@main.command(name="list")
@click.argument("folder", default="lessons", type=click.Path(path_type=Path))
@click.option("--readability", is_flag=True, help="Each handout's reading level against its grade band.")
def list_lessons(folder: Path, readability: bool) -> None:
    """List the lessons of a curriculum folder with grades, minutes and video segments."""
    curriculum = _curriculum_or_exit(folder)
    if readability:
        from .reading_level import table

        click.echo("\n".join(table(curriculum)))
        return
    for lesson in sorted(curriculum.lessons, key=lambda item: item.model.number):
        model = lesson.model
        grades = ",".join(str(g) for g in model.grades)
        videos = ",".join(s.video.segment for s in model.sections if s.video) or "-"
        click.echo(
            f"{model.number:>2}  {model.id:<34} grades {grades:<6} {model.duration_minutes:>3} min  "
            f"video {videos}  {model.title}"
        )


@main.command()
@click.argument("folder", default="lessons", type=click.Path(path_type=Path))
def kits(folder: Path) -> None:
    """List the saved kits of a curriculum folder (its kits/*.yaml) and what each holds."""
    from .kits import kit_lessons, kits_folder_display

    curriculum = _curriculum_or_exit(folder)
    if not curriculum.kits:
        click.echo(
            f"no saved kits in {kits_folder_display(curriculum.root)}/; 'kitgen build' builds every lesson"
        )
        return
    for loaded in curriculum.kits:
        kit = loaded.model
        lessons = kit_lessons(kit, curriculum)
        minutes = sum(lesson.duration_minutes for lesson in lessons)
        numbers = ",".join(str(lesson.number) for lesson in lessons)
        click.echo(
            f"{kit.id:<14} {kit.title:<26} lessons {numbers:<12} {minutes:>4} min  "
            f"{'+'.join(kit.documents)} as {'+'.join(kit.formats)}"
        )


@main.command()
@click.argument("kind", type=click.Choice([*SCHEMA_KINDS, "all"]), default="all")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Write <kind>.schema.json files here."
)
def schema(kind: str, out: Path | None) -> None:
    """Print (or write) the JSON Schema of lesson, unit, profile and kit files, for editor autocompletion."""
    from .schemas import schema_json

    kinds = list(SCHEMA_KINDS) if kind == "all" else [kind]
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
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a curriculum project in FOLDER (new or empty): the shipped unit as an example to edit,
    its district profile to fill in, the JSON Schemas and editor settings that use them."""
    from .init import InitError, init_project

    try:
        written = init_project(folder)
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {len(written)} files into {display_path(folder)}/")
    click.echo(f"next: cd {display_path(folder)} && kitgen validate && kitgen build")


@main.group()
def new() -> None:
    """Add a file to a curriculum."""


@new.command(name="lesson")
@click.option("--title", required=True, help="The lesson's title; its id is made from it.")
@click.option("--grades", required=True, help="Grades it is written for (7–12): '10', '9-10' or '9,10'.")
@click.option(
    "--lessons",
    "folder",
    default="lessons",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Curriculum folder.",
)
@click.option("--id", "lesson_id", help="The lesson's id, instead of one made from the title.")
def new_lesson_command(title: str, grades: str, folder: Path, lesson_id: str | None) -> None:
    """Write a lesson skeleton with the next free number: every field it needs, TODO where text goes."""
    from .new_lesson import NewLessonError, new_lesson, next_steps
    from .select import SelectionError, parse_grades

    try:
        wanted = parse_grades(grades)
    except SelectionError as exc:
        raise click.BadParameter(str(exc), param_hint="'--grades'") from None
    try:
        path = new_lesson(folder, title, wanted, lesson_id)
    except NewLessonError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {display_path(path)}")
    for step in next_steps(path, folder):
        click.echo(f"- {step}")


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``build`` and ``plan`` share: which curriculum, which kits, which formats."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(
            "--lessons",
            "lessons",
            default="lessons",
            show_default=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Curriculum folder.",
        ),
        click.option(
            "--out",
            default="output",
            show_default=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Where kits are written (one folder and one zip per kit, and index.html).",
        ),
        click.option(
            "--kit",
            "kit_ids",
            multiple=True,
            help="Only this saved kit (repeatable; 'kitgen kits' lists them).",
        ),
        click.option(
            "--grades", help="An ad-hoc kit of the lessons for these grades (7–12), e.g. '9-10' or '7,8'."
        ),
        click.option("--lesson", "ids", multiple=True, help="An ad-hoc kit of this lesson id (repeatable)."),
        click.option(
            "--name", help="Folder name of an ad-hoc kit (default: made from --grades and --lesson)."
        ),
        _profile_option("A district profile to use instead of the curriculum's (and the kits')."),
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(list(WRITERS), case_sensitive=False),
            help="Only this format (repeatable); other formats already in a kit's folder are kept.",
        ),
        click.option(
            "--page-size",
            type=click.Choice(["letter", "a4"], case_sensitive=False),
            default="letter",
            show_default=True,
        ),
        click.option(
            "--language",
            "languages",
            multiple=True,
            help="A language of an ad-hoc kit's student and family documents (repeatable), e.g. "
            "--language en --language es; a saved kit names its own.",
        ),
        click.option(
            "--templates",
            type=click.Path(file_okay=False, exists=True, path_type=Path),
            help="Templates folder (default: templates/ beside the lessons, else the built-in ones).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Refuse to build while there are warnings (e.g. unfilled district values).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _request(
    kit_ids: tuple[str, ...],
    grades: str | None,
    ids: tuple[str, ...],
    name: str | None,
    profile: Path | None,
    formats: tuple[str, ...],
    page_size: str,
    languages: tuple[str, ...] = (),
) -> Any:
    from .request import Request

    wanted: list[int] = []
    if grades is not None:
        from .select import SelectionError, parse_grades

        try:
            wanted = parse_grades(grades)
        except SelectionError as exc:
            raise click.BadParameter(str(exc), param_hint="'--grades'") from None
    return Request(
        kits=kit_ids,
        grades=tuple(wanted),
        lessons=ids,
        name=name,
        profile=profile,
        formats=tuple(dict.fromkeys(f.lower() for f in formats)),
        page_size=page_size.lower(),
        languages=tuple(dict.fromkeys(language.lower() for language in languages)),
    )


def _report(diagnostics: list[Diagnostic], lessons: Path, profile: Path | None) -> int:
    """Print errors in full and count warnings with the command that shows them; the warning count."""
    errors = [dg for dg in diagnostics if dg.severity is Severity.ERROR]
    for problem in sorted(errors):
        click.echo(problem.as_text(), err=True)
    warnings = len(diagnostics) - len(errors)
    if warnings:
        again = f"kitgen validate {display_path(lessons)}" + (
            f" --profile {display_path(profile)}" if profile else ""
        )
        click.echo(f"{warnings} warning{'s' * (warnings != 1)}; run '{again}' to see them", err=True)
    return warnings


@main.command()
@selection_options
def plan(
    lessons: Path,
    out: Path,
    kit_ids: tuple[str, ...],
    grades: str | None,
    ids: tuple[str, ...],
    name: str | None,
    profile: Path | None,
    formats: tuple[str, ...],
    page_size: str,
    languages: tuple[str, ...],
    templates: Path | None,
    strict: bool,
) -> None:
    """Print what 'kitgen build' with the same options would write, without rendering anything."""
    from .build import plan as make_plan

    request = _request(kit_ids, grades, ids, name, profile, formats, page_size, languages)
    result = make_plan(lessons, request, templates, strict)
    _report(result.diagnostics, lessons, profile)
    if has_errors(result.diagnostics) or not result.kits:
        sys.exit(1)
    files = 0
    for target, info, planned in result.kits:
        kind = "saved kit" if target.saved else "ad-hoc kit"
        profile_file = display_path(target.profile_file) if target.profile_file else "-"
        click.echo(f"{display_path(out / target.id)}/  {info.title} ({kind}; profile {profile_file})")
        for lesson in info.lessons:
            click.echo(f"  lesson {lesson.number:>2}  {lesson.id:<34} {lesson.minutes:>3} min")
        for item in planned:
            click.echo(f"  {item.path}")
        click.echo(f"  + README.txt, manifest.json and {display_path(out / target.id)}.zip")
        files += len(planned)
    click.echo(
        f"{len(result.kits)} kit{'s' * (len(result.kits) != 1)}, {files} documents; catalog "
        f"{display_path(out / 'index.html')}; nothing was written"
    )


class _Progress:
    """One self-erasing status line on a terminal: files done of total, elapsed time, the file."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.start = enabled, time.monotonic()

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.enabled:
            line = f"[{done:>3}/{total}] {time.monotonic() - self.start:5.1f} s  {name}"
            click.echo("\r" + line[:100].ljust(100), nl=False, err=True)

    def clear(self) -> None:
        if self.enabled:
            click.echo("\r" + " " * 100 + "\r", nl=False, err=True)


@main.command()
@selection_options
@click.option("--quiet", "-q", is_flag=True, help="No progress line; only problems and the summary.")
@click.option(
    "--no-cache", is_flag=True, help="Read and render every file again instead of reusing unchanged ones."
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Documents rendered at once (default: one per core)."
)
def build(
    lessons: Path,
    out: Path,
    kit_ids: tuple[str, ...],
    grades: str | None,
    ids: tuple[str, ...],
    name: str | None,
    profile: Path | None,
    formats: tuple[str, ...],
    page_size: str,
    languages: tuple[str, ...],
    templates: Path | None,
    strict: bool,
    quiet: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Build kits into OUT/<kit>/ (facilitator/, student/, family/), their zips and OUT/index.html.

    Without --kit, --grades or --lesson: every saved kit of the curriculum.
    """
    from .last_build import build as run_build

    request = _request(kit_ids, grades, ids, name, profile, formats, page_size, languages)
    started = time.monotonic()
    progress = _Progress(not quiet and sys.stderr.isatty())
    try:
        result = run_build(
            lessons,
            out,
            request,
            templates=templates,
            progress=progress,
            strict=strict,
            workers=jobs,
            use_cache=not no_cache,
        )
    except KeyboardInterrupt:
        progress.clear()
        click.echo("interrupted: nothing was changed in the output folder", err=True)
        sys.exit(130)
    progress.clear()
    warnings = _report(result.diagnostics, lessons, profile)
    if not result.kits:
        click.echo("build failed: nothing was written", err=True)
        sys.exit(1)
    if result.interrupted:
        click.echo(
            "interrupted while the finished kits were being written; they were written whole", err=True
        )
    for removed in result.removed:
        click.echo(f"removed {display_path(out / removed)}: the kit is no longer in the curriculum")
    documents = sum(kit.files for kit in result.kits)
    pages = sum(kit.pages for kit in result.kits)
    click.echo(
        f"built {len(result.kits)} kit{'s' * (len(result.kits) != 1)}: {documents} documents "
        f"({result.rendered} files rendered, the rest unchanged), {pages} PDF pages, "
        f"{warnings} warning{'s' * (warnings != 1)}, {time.monotonic() - started:.1f} s; "
        f"catalog {display_path(result.catalog) if result.catalog else '-'}"
    )
    if result.interrupted:
        sys.exit(130)
    if has_errors(result.diagnostics):  # a refused translation: the other documents were written
        sys.exit(1)


@main.command()
@click.option(
    "--lessons",
    default="lessons",
    show_default=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Curriculum folder.",
)
@click.option("--port", type=click.IntRange(1, 65535), help="Port on 127.0.0.1 (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Preview with this district profile instead of the folder's profile.yaml.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A district's templates folder (default: templates/ beside the lessons, else kitgen's own).",
)
def serve(
    lessons: Path, port: int | None, open_browser: bool, profile: Path | None, templates: Path | None
) -> None:
    """Preview every student, family and facilitator document, in each of the kits' languages, in
    a browser, updated on every save.

    Errors show in the page and here, located; the PDF and DOCX are made on request, never into output/.
    """
    from .serve.server import serve as run_server

    run_server(lessons, port, open_browser, profile, templates)


@main.group()
def translate() -> None:
    """Keep the gettext catalogs of the student and family text in step with the English."""


def _translate_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--language",
        "language_codes",
        multiple=True,
        help="Only this language, e.g. 'es' (repeatable; default: every language with a catalog folder).",
    )(command)
    return click.option(
        "--lessons",
        default="lessons",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Curriculum folder.",
    )(command)


@translate.command(name="extract")
@_translate_options
def translate_extract(lessons: Path, language_codes: tuple[str, ...]) -> None:
    """Write the English templates (translations/templates/*.pot) from the lessons and unit.yaml."""
    from .i18n.workflow import extract_templates

    for written in extract_templates(_curriculum_or_exit(lessons)):
        click.echo(f"wrote {display_path(written.path)}: {written.note}")


@translate.command(name="update")
@_translate_options
def translate_update(lessons: Path, language_codes: tuple[str, ...]) -> None:
    """Merge the templates into every catalog; changed English becomes fuzzy, the old English kept."""
    from .i18n.workflow import update_catalogs

    try:
        written = update_catalogs(_curriculum_or_exit(lessons), list(language_codes))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    for item in written:
        click.echo(f"{display_path(item.path)}: {item.note}")


@translate.command(name="status")
@_translate_options
def translate_status(lessons: Path, language_codes: tuple[str, ...]) -> None:
    """Per language and document: entries translated, fuzzy and missing, and who reviewed it."""
    from .i18n.workflow import status_lines

    for line in status_lines(_curriculum_or_exit(lessons), list(language_codes)):
        click.echo(line)
