"""``kitgen build`` and ``kitgen plan``: validate, resolve the kits, compose, render, then publish.

Every document of every kit is composed and rendered in memory first; a document that several
kits share (a lesson's handout) is rendered once. Only then are kits published, one atomic swap
each, with Ctrl-C held off for that short moment: bad sources, a rendering failure or an
interrupt leave the previous output exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import importlib.metadata
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import doctree as d
from .cache import Cache, PartStore, document_key, environment_hash, files_key, tree_hash
from .compose import KitScope, Settings, facilitator_guide, translation_note
from .compose.kit_documents import KitDocument, family_documents, student_documents
from .diagnostics import Diagnostic, describe, display_path, error, has_errors, promote
from .kitfiles import Audience, FileKind, Format, KitFile, KitInfo, LessonEntry
from .last_build import BuildResult, BuiltKit, Inputs, default_templates, read_inputs, replay, save
from .loader import Curriculum
from .model import Lesson, Unit
from .pdf_facts import PdfFacts, cached_facts
from .strings import StringsError, load_strings
from .targets import Request, Target, resolve
from .translated import Language, source_language, translated_language
from .validate import validate_folder
from .writers.registry import WRITERS

Progress = Callable[[int, int, str], None]
"""Called after each rendered file: files done, files in all, the file's name."""


@dataclass(frozen=True)
class Planned:
    """One file a build writes, before rendering."""

    path: str
    audience: Audience
    kind: FileKind
    format: Format
    lessons: tuple[str, ...]
    document: d.Document | None
    """The tree to render; None for a file assembled from others (all handouts in one PDF)."""
    title: str | None = None
    """A title the catalog shows where the kind does not say what the file is (a reading)."""
    language: str = "en"


@dataclass
class Plan:
    """What a build would write: the kits and their files, or the problems that stop it."""

    curriculum: Curriculum
    diagnostics: list[Diagnostic]
    kits: list[tuple[Target, KitInfo, list[Planned]]] = field(default_factory=list)
    complete: bool = False
    """Every saved kit, unmodified: kits no longer defined may be removed from the output."""
    translations: list[Diagnostic] = field(default_factory=list)
    """The problems of the kits' translations, also in ``diagnostics``: their errors refuse one
    language's documents, not the build."""

    @property
    def stopped(self) -> bool:
        """Errors other than a refused translation: nothing may be written."""
        return has_errors([p for p in self.diagnostics if p not in self.translations]) or not self.kits


def document_date(edition: str) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible-builds convention), else the unit's edition date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return edition


def sources_hash(paths: tuple[Path, ...], templates: Path) -> str:
    """sha256 over every source file's name and bytes: equal hashes, equal inputs. The order is
    the kit's own (``paths``, then the templates by their place in the folder), never the files'
    full paths: sorting those made the hash depend on where the folders are and on how
    ``--lessons`` was spelled (``lessons`` or ``/home/…/lessons``)."""
    digest = hashlib.sha256()
    found = [p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    shown = sorted(found, key=lambda path: path.relative_to(templates).as_posix())
    for path in dict.fromkeys([*paths, *shown]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def compose_target(
    unit: Unit,
    target: Target,
    templates: Path,
    curriculum_lessons: int,
    root: Path | None = None,
    strict: bool = False,
) -> tuple[list[Planned], list[Diagnostic]]:
    """Every file of one kit, composed (not rendered), in the order a reader meets them; and the
    problems of its translations. A language whose translation is refused has no files; the others
    are composed all the same. ``root`` is the curriculum folder holding ``translations/``."""
    strings = load_strings(templates, target.profile.language)
    source = target.profile.language
    languages: list[Language] = []
    for code in target.languages:
        if code == source:
            languages.append(source_language(code, unit, target.lessons, strings))
        else:
            assert root is not None, "a translated kit needs its curriculum folder"
            languages.append(
                translated_language(root, code, unit, target.lessons, templates, strings, strict)
            )
    prefix = unit.id if target.id == unit.id else f"{unit.id}-{target.id}"
    trees: list[_Tree] = []
    if "handouts" in target.documents:
        for language in languages:
            trees += _student_trees(unit.id, prefix, target, language)
    if "letter" in target.documents:
        for language in languages:
            trees += _family_trees(prefix, target, language, curriculum_lessons)
    if "guide" in target.documents:
        translations = tuple(
            replace(
                language.status,
                documents=tuple(
                    dict.fromkeys(
                        tree.stem.rsplit("/", 1)[1] for tree in trees if tree.language == language.code
                    )
                ),
            )
            for language in languages
            if language.status is not None
        )
        scope = KitScope(title=target.title, curriculum_lessons=curriculum_lessons, translations=translations)
        settings = Settings(date=document_date(unit.edition), page_size=target.page_size, language=source)
        guide = facilitator_guide(unit, target.profile, list(target.lessons), strings, settings, scope=scope)
        ids = tuple(lesson.id for lesson in target.lessons)
        trees.insert(
            0, _Tree(f"facilitator/{prefix}-facilitator-guide", "facilitator", "guide", ids, guide, source)
        )
    planned = [
        Planned(
            f"{tree.stem}.{fmt}",
            tree.audience,
            tree.kind,
            fmt,
            tree.lessons,
            tree.document,
            tree.title,
            tree.language,
        )
        for tree in trees
        for fmt in target.formats
        if tree.document is not None or fmt == "pdf"
    ]
    return planned, [problem for language in languages for problem in language.diagnostics]


@dataclass(frozen=True)
class _Tree:
    """One document of a kit before its formats are chosen; no tree: all handouts in one PDF."""

    stem: str
    audience: Audience
    kind: FileKind
    lessons: tuple[str, ...]
    document: d.Document | None
    language: str
    title: str | None = None


def _suffix(language: Language, target: Target) -> str:
    """'' in the curriculum's own language, '-es' in Spanish: file names say the language."""
    return "" if language.code == target.profile.language else f"-{language.code}"


def _settings(unit: Unit, target: Target, language: Language) -> Settings:
    return Settings(date=document_date(unit.edition), page_size=target.page_size, language=language.code)


CUT_APART: tuple[FileKind, ...] = ("card-set", "role-cards")
"""Documents cut into cards: a note under the last card would be cut off with the scraps."""


def with_review_note(doc: d.Document, language: Language, kind: FileKind) -> d.Document:
    """A translated document says on its last kept page when its translation is unreviewed (the
    guide and the README say it for the cards)."""
    status = language.status
    if status is None or status.reviewer is not None or language.strings is None or language.english is None:
        return doc
    if kind in CUT_APART:
        return doc
    return translation_note(doc, language.strings, language.english)


def _student_trees(unit_id: str, prefix: str, target: Target, language: Language) -> list[_Tree]:
    """A language's handouts, with their printed materials, role cards and surveys; then, for a
    kit of several lessons built as PDF, all its handouts in one file for the copy room."""
    if language.unit is None or language.strings is None:
        return []
    unit, profile, s = language.unit, target.profile.in_language(language.code), language.strings
    lessons = list(language.lessons)
    trees = _trees("student", student_documents(unit, profile, lessons), target, language)
    if "pdf" in target.formats and len(lessons) > 1:
        code, end = language.code, _suffix(language, target)
        ids = tuple(lesson.id for lesson in lessons)
        title = s("handouts_all_title", unit=unit.title, kit=target.titles.get(code, target.title))
        stem = f"student/{prefix}-student-handouts-all{end}"
        trees.append(_Tree(stem, "student", "handouts-all", ids, None, code, title))
    return trees


def _family_trees(prefix: str, target: Target, language: Language, curriculum_lessons: int) -> list[_Tree]:
    """A language's family letter, its consent form (opt-in) and each lesson's take-home sheet."""
    if language.unit is None or language.strings is None:
        return []
    unit, code = language.unit, language.code
    profile = target.profile.in_language(code)
    scope = KitScope(title=target.titles.get(code, target.title), curriculum_lessons=curriculum_lessons)
    documents = family_documents(unit, profile, list(language.lessons), scope, prefix)
    return _trees("family", documents, target, language)


def _trees(
    audience: Audience, documents: list[KitDocument], target: Target, language: Language
) -> list[_Tree]:
    """``documents`` composed in ``language``, each under its folder and language suffix."""
    assert language.unit is not None and language.strings is not None
    settings, end = _settings(language.unit, target, language), _suffix(language, target)
    trees = []
    for document in documents:
        doc = document.make(language.strings, settings)
        assert doc is not None, "listed only when it is made"
        trees.append(
            _Tree(
                f"{audience}/{document.stem}{end}",
                audience,
                document.kind,
                tuple(lesson.id for lesson in document.lessons),
                with_review_note(doc, language, document.kind),
                language.code,
                document.title,
            )
        )
    return trees


def _lesson_entry(lesson: Lesson) -> LessonEntry:
    return LessonEntry(lesson.id, lesson.number, lesson.title, tuple(lesson.grades), lesson.duration_minutes)


def kit_info(unit: Unit, target: Target, templates: Path) -> KitInfo:
    """The facts of a kit, for its manifest, README and the catalog."""
    grades = tuple(sorted({g for lesson in target.lessons for g in lesson.grades}))
    band = next((b.label for b in unit.grade_bands if set(grades) <= set(b.grades)), None)
    return KitInfo(
        id=target.id,
        title=target.title,
        grades=grades,
        band=band,
        lessons=tuple(_lesson_entry(lesson) for lesson in target.lessons),
        unit_title=unit.title,
        edition=unit.edition,
        date=document_date(unit.edition),
        sources_sha256=sources_hash(target.sources, templates),
        kitgen_version=importlib.metadata.version("kitgen"),
        saved=target.saved,
        languages=target.languages,
    )


def plan(lessons: Path, request: Request, templates: Path | None = None, strict: bool = False) -> Plan:
    """Validate the curriculum, resolve the request into kits and compose their documents."""
    templates = templates or default_templates(lessons)
    curriculum, problems = validate_folder(lessons, request.profile)
    refusals = set(curriculum.translations)  # found again for each kit below, with these templates
    problems = [problem for problem in problems if problem not in refusals]
    if has_errors(problems) or curriculum.unit is None or curriculum.profile is None:
        return Plan(curriculum, promote(problems) if strict else problems)
    targets, found = resolve(curriculum, request)
    problems = promote(problems + found) if strict else problems + found
    result = Plan(curriculum, problems)
    if has_errors(problems):
        return result
    unit = curriculum.unit.model
    try:
        for target in targets:
            planned, found = compose_target(unit, target, templates, len(curriculum.lessons), lessons, strict)
            new = [problem for problem in dict.fromkeys(found) if problem not in result.translations]
            result.diagnostics += new  # a document several kits share is reported once
            result.translations += new
            result.kits.append((target, kit_info(unit, target, templates), planned))
    except StringsError as exc:  # a district's edited string table
        result.diagnostics.extend(exc.diagnostics)
        result.kits = []
    except Exception as exc:  # a composer bug: say so, never a traceback
        exc.add_note(f"kit {target.id}")
        result.diagnostics.append(render_failure(lessons, exc, "composed"))
        result.kits = []
    result.complete = not (request.kits or request.grades or request.lessons) and all(
        t.saved for t in targets
    )
    return result


def plan_preloading(
    lessons: Path, request: Request, templates: Path, strict: bool, workers: int | None
) -> Plan:
    """``plan``, in a forked child while this process imports the writers it will set up before it
    forks its render workers: both take most of a second on one core, and a small kit's build
    waited for one, then the other. The plan comes back pickled (``fork_map``, which plans here
    where forking is unsafe or the machine busy). A one-worker build (``--jobs 1``) keeps to one
    core and plans here."""
    if workers == 1:
        return plan(lessons, request, templates, strict)
    from .fork_map import fork_map
    from .render import preload

    formats = request.formats or tuple(WRITERS)  # a kit's own formats are known once planned
    collecting = gc.isenabled()
    gc.disable()  # the modules imported and the plan unpickled are kept for the whole build:
    try:  # frozen out of collection, rather than walked by a full collection (0.05-0.07 s)
        return fork_map(
            lambda _: plan(lessons, request, templates, strict),
            [request],
            minimum=1,
            beside=lambda: preload(formats),
        )[0]
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def render_failure(lessons: Path, exc: Exception, step: str = "rendered") -> Diagnostic:
    """A composer's or writer's unexpected error as a diagnostic naming what failed, never empty."""
    notes = getattr(exc, "__notes__", [])
    what = notes[-1] if notes else "a document"
    return error(
        display_path(lessons),
        0,
        0,
        "render-failed" if step == "rendered" else "compose-failed",
        f"{what} could not be {step}: {describe(exc)}",
        "this is a bug in kitgen or its templates; please report it with the lessons that caused it",
    )


def _unique_documents(result: Plan) -> tuple[dict[str, d.Document], dict[tuple[str, str], str]]:
    """Each distinct tree once, under the first kit path that uses it; and, for every kit file,
    the key its bytes are rendered under. A handout shared by four kits renders once."""
    documents: dict[str, d.Document] = {}
    keys: dict[tuple[str, str], str] = {}
    by_stem: dict[str, list[str]] = {}
    for target, _, planned in result.kits:
        for item in planned:
            if item.document is None:
                continue
            stem = item.path.rsplit(".", 1)[0]
            name = next((k for k in by_stem.get(stem, []) if documents[k] == item.document), None)
            if name is None:
                name = f"{target.id}/{stem}"
                documents[name] = item.document
                by_stem.setdefault(stem, []).append(name)
            keys[(target.id, item.path)] = f"{name}.{item.format}"
    return documents, keys


def render_kits(
    result: Plan,
    templates: Path,
    lessons: Path,
    progress: Progress,
    cache: Cache,
    workers: int | None = None,
) -> tuple[dict[str, list[KitFile]], int, int]:
    """Every file of every planned kit, from the cache or rendered; how many files were rendered,
    and how many parts of PDFs laid out in parts. Raises the first writer error."""
    from .render import Assembly, Job, pages_source, render_jobs

    documents, names = _unique_documents(result)
    environment = environment_hash(templates)
    part_store = PartStore(cache, environment)
    wanted = sorted(
        set(names.values()), key=lambda name: name.endswith(".docx")
    )  # PDFs first: DOCX keys use their page numbers
    formats = {name.rsplit(".", 1)[1] for name in wanted}
    keys: dict[str, str] = {}
    found: dict[str, bytes] = {}
    facts: dict[str, PdfFacts] = {}

    trees: dict[str, str] = {}

    def key(stem: str, fmt: str, pages: dict[str, int] | None) -> str:
        if stem not in trees:
            trees[stem] = tree_hash(documents[stem], lessons)
        return document_key(trees[stem], fmt, environment, pages)

    def pdf_facts(name: str, data: bytes) -> PdfFacts:
        if name not in facts:
            facts[name] = cached_facts(cache, keys[name], data)
        return facts[name]

    jobs: list[Job] = []
    numbered: dict[str, str] = {}  # a DOCX → the PDF whose contents page numbers it prints
    for name in wanted:
        stem, fmt = name.rsplit(".", 1)
        doc = documents[stem]
        source = pages_source(doc, fmt, formats)
        pages_from = f"{stem}.{source}" if source else None
        if pages_from is not None:
            numbered[name] = pages_from
        if pages_from is not None and pages_from not in found:  # numbers known once it is rendered
            jobs.append(Job(name, doc, fmt, pages_from))
            continue
        pages = pdf_facts(pages_from, found[pages_from]).headings if pages_from is not None else None
        keys[name] = key(stem, fmt, pages)
        cached = cache.get(keys[name], fmt)
        if cached is not None:
            found[name] = cached
            part_store.keep(keys[name])
        else:
            jobs.append(Job(name, doc, fmt, pages_from))
    rooms = _copy_rooms(result, names)
    for room in rooms.values():
        keys[room.name] = files_key([keys[name] for name in room.handouts], room.title, environment)
        cached = cache.get(keys[room.name], "pdf")
        if cached is not None:
            found[room.name] = cached
    assemblies = [  # joined in a worker as soon as its last handout is rendered
        Assembly(room.name, room.handouts, functools.partial(_combined, title=room.title))
        for room in rooms.values()
        if room.name not in found and not set(room.handouts) <= set(found)
    ]
    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        progress(done, len(jobs) + len(assemblies), name)

    def numbers(name: str, data: bytes) -> dict[str, int]:
        return pdf_facts(name, data).headings

    rendered = render_jobs(
        jobs,
        templates,
        lessons,
        step,
        workers,
        known=found,
        parts=part_store,
        numbers=numbers,
        assemblies=assemblies,
    )
    files = {**found, **rendered}
    for name, pages_from in numbered.items():
        if name not in keys:  # the numbers it holds: its PDF's
            keys[name] = key(name.rsplit(".", 1)[0], "docx", numbers(pages_from, files[pages_from]))
    for job in jobs:
        cache.put(keys[job.name], job.fmt, rendered[job.name])
        part_store.record(job.name, keys[job.name])
    for room in rooms.values():
        if room.name not in files:  # its handouts all came from the cache
            files[room.name] = _combined([files[name] for name in room.handouts], room.title)
        if room.name not in found:
            cache.put(keys[room.name], "pdf", files[room.name])
    kits: dict[str, list[KitFile]] = {}
    for target, _, planned in result.kits:
        kit_files: list[KitFile] = []
        for item in planned:
            count: int | None
            if item.document is None:
                room = rooms[(target.id, item.path)]
                data, count = files[room.name], cached_facts(cache, keys[room.name], files[room.name]).pages
            else:
                name = names[(target.id, item.path)]
                data = files[name]
                pdf = name.rsplit(".", 1)[0] + ".pdf"
                count = pdf_facts(pdf, files[pdf]).pages if pdf in files else None
            kit_files.append(
                KitFile(
                    item.path,
                    item.audience,
                    item.kind,
                    item.format,
                    data,
                    count,
                    item.lessons,
                    title=item.title if item.document is not None else None,
                    language=item.language,
                )
            )
        kits[target.id] = kit_files
    return kits, len(jobs), part_store.rendered


@dataclass(frozen=True)
class _CopyRoom:
    """All handouts of one language of a kit in one PDF, for the copy room."""

    name: str
    handouts: tuple[str, ...]
    """The names its handout PDFs are rendered under (``_unique_documents``), in order."""
    title: str


def _copy_rooms(result: Plan, names: dict[tuple[str, str], str]) -> dict[tuple[str, str], _CopyRoom]:
    """Each kit's copy-room PDFs, by kit id and path."""
    rooms = {}
    for target, info, planned in result.kits:
        for item in planned:
            if item.document is not None:
                continue
            handouts = tuple(
                names[(target.id, p.path)]
                for p in planned
                if p.kind == "handout" and p.format == "pdf" and p.language == item.language
            )
            title = item.title or f"{info.unit_title}: student handouts, {info.title}"
            rooms[(target.id, item.path)] = _CopyRoom(f"{target.id}/{item.path}", handouts, title)
    return rooms


def _combined(pdfs: list[bytes], title: str) -> bytes:
    """Handouts joined in one PDF, each on a new sheet (in a worker: ``render.Assembly``)."""
    from .writers.pdf_combine import combine_handouts

    return combine_handouts(pdfs, title)


def foreign_folders(out: Path, kit_ids: list[str]) -> list[Diagnostic]:
    """A folder in the way of a kit that kitgen did not make (no kitgen manifest): never replaced."""
    from .manifest import read_manifest

    return [
        error(
            display_path(out / kit_id),
            0,
            0,
            "foreign-folder",
            "this folder was not made by kitgen, so the kit of the same name cannot replace it",
            "move it away, or build into another folder with --out",
        )
        for kit_id in kit_ids
        if (out / kit_id).exists() and read_manifest(out / kit_id / "manifest.json") is None
    ]


@contextmanager
def interrupts_held(result: BuildResult) -> Iterator[None]:
    """Hold Ctrl-C while kits are swapped in (well under a second) and note it in ``result``:
    a kit is either the old one or the new one, never half of each."""
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: setattr(result, "interrupted", True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def build(
    lessons: Path,
    out: Path,
    request: Request,
    *,
    templates: Path | None = None,
    progress: Progress = lambda done, total, name: None,
    strict: bool = False,
    workers: int | None = None,
    use_cache: bool = True,
    inputs: Inputs | None = None,
) -> BuildResult:
    """Build the kits a request names into ``out/<kit>/`` with their zips, and refresh the catalog.
    Unless ``use_cache`` is False, a build whose inputs and output folder are those the last one
    left writes nothing and reports what it did (``kitgen.last_build``), and files whose inputs
    did not change come from the cache in ``out/.kitgen-cache``. ``inputs``: this build's, read
    when it started and already found not to be the last build's."""
    templates = templates or default_templates(lessons)
    if inputs is None:
        inputs = read_inputs(lessons, out, request, templates, strict)
        kept = replay(out, inputs) if use_cache else None
        if kept is not None:
            return kept
    planned = plan_preloading(lessons, request, templates, strict, workers)
    if planned.stopped:
        return BuildResult(planned.diagnostics)
    foreign = foreign_folders(out, [target.id for target, _, _ in planned.kits])
    if foreign:
        return BuildResult([*planned.diagnostics, *foreign])
    cache = Cache(out, use_cache)
    try:
        rendered, result_rendered, parts_rendered = render_kits(
            planned, templates, lessons, progress, cache, workers
        )
    except StringsError as exc:
        return BuildResult([*planned.diagnostics, exc.diagnostic])
    except Exception as exc:  # a writer failure must not leave a half-built kit or a traceback
        return BuildResult([*planned.diagnostics, render_failure(lessons, exc)])
    from .catalog import write_catalog
    from .publish import publish_kit, remove_stale_kits

    result = BuildResult(planned.diagnostics, rendered=result_rendered, parts_rendered=parts_rendered)
    with interrupts_held(result):
        for target, info, _ in planned.kits:
            files = rendered[target.id]
            folder = publish_kit(out, info, files, target.formats)
            result.kits.append(
                BuiltKit(target.id, folder, len(files), sum(f.pages or 0 for f in files if f.format == "pdf"))
            )
        if planned.complete:
            result.removed = remove_stale_kits(out, {target.id for target, _, _ in planned.kits})
            cache.forget_unused()
        result.catalog = write_catalog(out, templates)
    save(out, inputs, result)
    return result
