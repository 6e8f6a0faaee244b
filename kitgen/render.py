"""Rendering many documents to DOCX and PDF, on long-lived workers.

WeasyPrint costs about half a second to import and set up fonts and styles, and then some
0.1–0.5 s per document; so each worker builds one PdfRenderer and reuses it for all the
documents it is given, and is set up only when a document of its format comes. There is one
worker per core; the heaviest documents go first.

Nothing is left behind, whatever happens. WeasyPrint unpacks the fonts into a ``weasyprint-*``
folder that it removes only when its font configuration is collected, which a worker process
never does (it exits without collecting); so the renderers get a temporary folder of this run's
own, removed at the end. Ctrl-C is the parent's to handle: workers ignore it, and an interrupted
or failed run cancels what is pending and terminates the workers instead of waiting for the
documents they are on (the guide's PDF takes seconds).
"""

from __future__ import annotations

import gc
import heapq
import itertools
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import doctree as d
from . import heap
from .cache import PartStore
from .strings import Strings, load_strings
from .writers.registry import WRITERS, Pages, Render

_worker: _Renderer | None = None
_pooled = False
"""This process is a pool worker: it gives memory back after each job (``heap.release``), beside
the other workers and the parent. A one-worker build renders in the parent, whose peak is the
build's peak anyway, and there the collections cost 0.2 s of a whole-unit build."""


class _Renderer:
    """The writers of this process, each set up on first use and then kept: the PDF writer keeps
    its fonts and parsed stylesheet, and a DOCX-only build never sets up WeasyPrint."""

    def __init__(self, templates: Path, assets: Path, strings: Strings):
        self.templates, self.assets, self.strings = templates, assets, strings
        self._writers: dict[str, Render] = {}

    def render(self, doc: d.Document, fmt: str, pdf: Pages) -> bytes:
        return self._writer(fmt)(doc, pdf)

    def write_part(self, html: str, date: str) -> bytes:
        """The PDF of one part of a document (``pdf_parts``)."""
        writer: Any = self._writer("pdf")
        return bytes(writer.write(html, date))

    def warm_up(self, formats: Collection[str]) -> None:
        """Set up the writers of ``formats``, write a first PDF page (``pdf.WARM_UP``) and import
        what joins PDFs (the copy room, in a worker; the parts of a guide, here)."""
        for fmt in sorted(formats):
            self._writer(fmt)
        if "pdf" in formats:
            from .writers import pdf_combine  # noqa: F401
            from .writers.pdf import WARM_UP

            self.write_part(WARM_UP, "2000-01-01")
            gc.freeze()

    def _writer(self, fmt: str) -> Render:
        if fmt not in self._writers:
            self._writers[fmt] = WRITERS[fmt].make(self.templates, self.assets, self.strings)
            gc.freeze()  # the writer's fonts, stylesheet and modules live as long as the process
        return self._writers[fmt]


def preload(formats: Collection[str]) -> None:
    """Import the writers of ``formats`` (WeasyPrint alone takes about 0.8 s), ahead of their set-up
    and while another process plans the build (``build.plan_preloading``)."""
    for fmt in sorted(formats):
        WRITERS[fmt].preload()


def _set_up(templates: Path, assets: Path, language: str) -> None:
    global _worker
    _worker = _Renderer(templates, assets, load_strings(templates, language))


GC_THRESHOLD = (50_000, 20, 20)
"""Layout makes millions of short-lived objects and few cycles: collecting the youngest
generation every 50,000 allocations instead of 700, with long-lived set-up objects frozen out
of collection, took the shipped kit's 18 PDFs from 20.4 to 17.9 s CPU (medians of 4, one process)."""


def _init_worker(templates: Path, assets: Path, language: str, scratch: str) -> None:
    global _pooled
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tempfile.tempdir = scratch
    _pooled = True
    gc.set_threshold(*GC_THRESHOLD)
    if _worker is None:  # else set up by the parent before it forked (``_forked_set_up``)
        _set_up(templates, assets, language)


def _render_in_worker(doc: d.Document, fmt: str, pdf: Pages = None) -> str:
    """Render, write the bytes to a file in this run's temporary folder and return its path.

    The answer through the pool's pipe stays a short path, written in one atomic write: a worker
    terminated on Ctrl-C can then never leave half a message in the pipe, which would block the
    pool's result thread (and the interpreter's exit, which joins it) for good."""
    assert _worker is not None, "worker not initialised"
    return _written(_worker.render(doc, fmt, pdf), fmt)


def _write_part_in_worker(html: str, date: str) -> str:
    """``_render_in_worker`` for one part of a PDF laid out in parts."""
    assert _worker is not None, "worker not initialised"
    return _written(_worker.write_part(html, date), "pdf")


def _written(data: bytes, fmt: str) -> str:
    handle, path = tempfile.mkstemp(suffix=f".{fmt}")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    if _pooled:
        heap.release()  # a big layout's memory is not held through the lighter jobs after it
    return path


def _collect(path: str) -> bytes:
    """The bytes a worker left in ``path``, which is then removed."""
    data = Path(path).read_bytes()
    os.unlink(path)
    return data


def pages_source(doc: d.Document, fmt: str, formats: Collection[str]) -> str | None:
    """The format whose rendering of the same tree gives ``fmt`` its contents' page numbers (a
    DOCX takes them from the PDF), when the tree has a contents list and the build makes it."""
    source = WRITERS[fmt].pages_from
    if source in formats and any(isinstance(b, d.Contents) for b in doc.blocks):
        return source
    return None


@contextmanager
def _naming(name: str) -> Iterator[None]:
    """A writer's error carries the name of the file it was rendering, as its last note."""
    try:
        yield
    except Exception as exc:
        exc.add_note(name)
        raise


class _InProcess:
    """Runs each job at once in this process: the one-worker case, with the pool's interface."""

    def submit(self, fn: Callable[..., str], *args: object) -> Future[str]:
        future: Future[str] = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # re-raised by result(), where the file name is added
            future.set_exception(exc)
        return future


@contextmanager
def _scratch() -> Iterator[str]:
    """A temporary folder for the renderers of one run, removed at the end whatever happens."""
    folder = tempfile.mkdtemp(prefix="kitgen-render-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _in_process(templates: Path, assets: Path, language: str, scratch: str) -> Iterator[_InProcess]:
    """This process as the one worker, its temporary files in ``scratch`` while it renders."""
    global _worker
    saved, threshold = tempfile.tempdir, gc.get_threshold()
    tempfile.tempdir = scratch
    gc.set_threshold(*GC_THRESHOLD)
    try:
        _set_up(templates, assets, language)
        yield _InProcess()
    finally:
        _worker = None
        tempfile.tempdir = saved
        gc.unfreeze()
        gc.set_threshold(*threshold)


@contextmanager
def _forked_set_up(
    formats: Collection[str], templates: Path, assets: Path, language: str, scratch: str
) -> Iterator[None]:
    """The writers of ``formats`` set up in this process before the workers are forked, which
    then share them: WeasyPrint is imported and its fonts and stylesheet loaded once per build
    instead of once per worker (0.7 s of CPU each), and its first page written (0.1 s less in
    each worker's first document). Only where workers are forks of this process; this process's
    set-up is dropped when they are done."""
    global _worker
    if multiprocessing.get_start_method() != "fork":
        yield
        return
    saved = tempfile.tempdir
    tempfile.tempdir = scratch  # WeasyPrint's font folder, which the workers read, is the run's
    try:
        try:
            _set_up(templates, assets, language)
            assert _worker is not None
            _worker.warm_up(formats)
        except Exception:  # a district's broken stylesheet: each worker fails on it again, naming
            _worker = None  # the file it was rendering
        yield
    finally:
        _worker = None
        tempfile.tempdir = saved
        gc.unfreeze()


@contextmanager
def _workers(
    count: int, templates: Path, assets: Path, language: str, scratch: str, formats: Collection[str]
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``count`` workers; on any exception, Ctrl-C included, stopped at once."""
    with _forked_set_up(formats, templates, assets, language, scratch):
        pool = ProcessPoolExecutor(
            count, initializer=_init_worker, initargs=(templates, assets, language, scratch)
        )
        try:
            with _interrupt_deferred():
                pool.submit(os.getpid)  # the workers are forked at the first job
            yield pool
        except BaseException:
            _terminate(pool)
            raise
        pool.shutdown()


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C noted, not raised, while the workers are forked, and raised once they are: raised in
    a worker just forked, before it ignores Ctrl-C, it printed a traceback ("Exception ignored in
    _after_fork"). Only in the main thread, the one that takes signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: noted.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if noted:
        raise KeyboardInterrupt


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Cancel what is pending, end the workers now, then wait for the pool's thread to see them
    gone. Without that wait, the interpreter's exit could wake the thread while it was closing
    its pipe, and print a "Bad file descriptor" traceback after Ctrl-C. Python 3.14 has
    ``terminate_workers()``; before it, the workers are this process's multiprocessing children
    (the pool records each only once it has started, and Ctrl-C may come in between)."""
    for process in multiprocessing.active_children():
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Job:
    """One file to render. A DOCX with a contents list names the PDF of the same tree in
    ``pages_from``: it needs that PDF's page numbers, and is rendered at once without them and
    filled in when the PDF gives them (its writer's ``fill``; the bytes are those of rendering
    with them), or, with one worker, rendered with them after the PDF."""

    name: str
    doc: d.Document
    fmt: str
    pages_from: str | None = None


@dataclass(frozen=True)
class Assembly:
    """One file made from other files of the run (a kit's handouts in one PDF): ``make``, which
    must pickle (it runs in a worker), is given their bytes in order once the last is done."""

    name: str
    parts: tuple[str, ...]
    make: Callable[[list[bytes]], bytes]
    fmt: str = "pdf"


def _assemble_in_worker(make: Callable[[list[bytes]], bytes], parts: list[bytes], fmt: str) -> str:
    return _written(make(parts), fmt)


def weight(doc: d.Document) -> int:
    """A document's size in tree nodes: how long it takes to lay out, roughly."""
    return sum(1 for _ in d.walk(doc.blocks))


def _heading_pages(_name: str, pdf: bytes) -> Mapping[str, int]:
    from .pdf_facts import read_facts

    return read_facts(pdf).headings


def render_jobs(
    jobs: list[Job],
    templates: Path,
    assets: Path,
    progress: Callable[[str], None],
    workers: int | None = None,
    known: dict[str, bytes] | None = None,
    parts: PartStore | None = None,
    numbers: Callable[[str, bytes], Mapping[str, int]] = _heading_pages,
    assemblies: Collection[Assembly] = (),
) -> dict[str, bytes]:
    """Every job's and assembly's bytes by name; raises the first writer error.

    The heaviest documents start first, so the longest job (the guide's PDF) is not left for
    last. A DOCX that needs its PDF's page numbers starts at once, beside the PDF, and the
    numbers are filled in when both are done (with one worker it starts when that PDF is done,
    which saves the filling; at once, too, when ``known`` already holds the PDF). With ``parts``,
    a long PDF is laid out in parts that run beside each other and are cached one by one
    (``_Parted``). Jobs wait in a queue by weight and only as many as there are workers are
    handed to the pool, so a job that becomes ready late (a guide's cover) still goes before
    lighter ones. ``numbers`` reads a PDF's contents page numbers (given its name and bytes).
    Each of ``assemblies`` is queued as soon as its parts are done, as heavy as they are together
    (a kit's copy-room PDF then goes before the take-home sheets still waiting, not after them).
    Default workers: one per core."""
    if not jobs:
        return {}
    language = jobs[0].doc.meta.language
    files: dict[str, bytes] = dict(known or {})
    count = workers if workers is not None else min(os.cpu_count() or 1, len(jobs))
    waiting = [job for job in jobs if job.pages_from is not None and job.pages_from not in files]
    unnumbered = {job.name: job for job in waiting if count > 1 and WRITERS[job.fmt].fill is not None}
    blank: dict[str, bytes] = {}  # an unnumbered file, rendered
    given: dict[str, Mapping[str, int]] = {}  # an unnumbered file's numbers, from its PDF
    ready = sorted(
        (job for job in jobs if job not in waiting or job.name in unnumbered),
        key=lambda job: -weight(job.doc),
    )
    with (
        _scratch() as scratch,
        (
            _in_process(templates, assets, language, scratch)
            if count <= 1
            else _workers(count, templates, assets, language, scratch, {job.fmt for job in jobs})
        ) as pool,
    ):
        running: dict[Future[str], tuple[str, Callable[[bytes], None]]] = {}
        queue: list[
            tuple[int, int, str, Callable[[bytes], None], Callable[..., str], tuple[object, ...]]
        ] = []
        order = itertools.count()  # equal weights: in the order submitted
        later: list[Callable[[], None]] = []  # work of this process, after the workers are fed

        def submit(
            priority: int, name: str, then: Callable[[bytes], None], fn: Callable[..., str], *args: object
        ) -> None:
            heapq.heappush(queue, (-priority, next(order), name, then, fn, args))

        def pump() -> None:
            while queue and len(running) < count:
                _, _, name, then, fn, args = heapq.heappop(queue)
                running[pool.submit(fn, *args)] = (name, then)

        unmade = list(assemblies)
        sizes = {job.name: weight(job.doc) for job in jobs}  # an assembly goes by its parts' size: it
        # is ready only when its last part is done, and left for last it ran alone on one core

        def assemble() -> None:
            for assembly in [a for a in unmade if all(part in files for part in a.parts)]:
                unmade.remove(assembly)
                made = lambda data, name=assembly.name: finished(name, data)  # noqa: E731
                parts = [files[part] for part in assembly.parts]
                size = sum(sizes.get(part, 0) for part in assembly.parts)
                submit(size, assembly.name, made, _assemble_in_worker, assembly.make, parts, assembly.fmt)

        def finished(name: str, data: bytes) -> None:
            files[name] = data
            progress(name)
            assemble()
            for job in [job for job in waiting if job.pages_from == name]:
                waiting.remove(job)
                if job.name in unnumbered:
                    given[job.name] = numbers(name, data)
                    fill(job.name)
                else:
                    render(job, numbers(name, data), finished)

        def rendered_blank(name: str, data: bytes) -> None:
            blank[name] = data
            fill(name)

        def fill(name: str) -> None:
            """Once an unnumbered file is rendered and its PDF's numbers are known, put them in
            (after the workers are handed their next jobs: it takes this process a moment)."""
            if name in blank and name in given:
                later.append(lambda: filled(unnumbered.pop(name), blank.pop(name), given.pop(name)))

        def filled(job: Job, data: bytes, pages: Mapping[str, int]) -> None:
            put_in = WRITERS[job.fmt].fill
            assert put_in is not None
            with _naming(job.name):
                data = put_in(data, pages)
            finished(job.name, data)

        def render(job: Job, pages: Pages, then: Callable[[str, bytes], None]) -> None:
            deliver = lambda data: then(job.name, data)  # noqa: E731
            submit(weight(job.doc), job.name, deliver, _render_in_worker, job.doc, job.fmt, pages)

        def start(job: Job) -> None:
            if job.name in unnumbered:
                render(job, None, rendered_blank)
                return
            if parts is not None and job.fmt == "pdf":
                with _naming(job.name):
                    parted = _Parted.of(job, templates, assets, parts, submit, finished, later.append)
                if parted is not None:
                    parted.start()
                    return
            pages = numbers(job.pages_from, files[job.pages_from]) if job.pages_from is not None else None
            render(job, pages, finished)

        for job in ready:
            start(job)
        assemble()
        pump()
        while running or later:
            if later:
                later.pop(0)()
                pump()
                continue
            done, _ = wait(list(running), timeout=WAKE, return_when=FIRST_COMPLETED)
            for future in [future for future in running if future in done]:  # in the order started
                name, then = running.pop(future)
                with _naming(name):
                    then(_collect(future.result()))
            pump()
    return {name: files[name] for name in [*(job.name for job in jobs), *(a.name for a in assemblies)]}


WAKE = 0.25
"""Seconds between this process's checks for Ctrl-C while it waits for the workers. A signal
may be taken by one of the pool's threads, and then the wait would go on until the next file
was done (seconds, with a guide's part)."""

PARTS_FROM = 4
"""A PDF with at least this many parts (headings that start a new page) is laid out in parts."""


class _Parted:
    """One PDF laid out in parts (``kitgen.writers.pdf_parts``): every part after the cover at
    once, from the cache when its HTML was laid out before; then the cover, whose contents list
    needs the other parts' page numbers (again when its own page count was guessed wrong); then
    the page-number stamp; then the parts and the stamp joined into the file."""

    def __init__(
        self,
        job: Job,
        split: Any,
        images: str,
        store: PartStore,
        submit: Callable[..., None],
        finished: Callable[[str, bytes], None],
        defer: Callable[[Callable[[], None]], None],
    ) -> None:
        self.job, self.split, self.images, self.store = job, split, images, store
        self.submit, self.finished, self.defer = submit, finished, defer
        self.parts: dict[int, bytes] = {}
        self.keys: dict[int, str] = {}
        self.priority = weight(job.doc)
        self.guesses: set[int] = set()

    @classmethod
    def of(
        cls,
        job: Job,
        templates: Path,
        assets: Path,
        store: PartStore,
        submit: Callable[..., None],
        finished: Callable[[str, bytes], None],
        defer: Callable[[Callable[[], None]], None],
    ) -> _Parted | None:
        from .cache import images_hash
        from .writers import pdf_parts
        from .writers.pdf import document_html

        new_pages = sum(
            1 for b in d.walk(job.doc.blocks) if isinstance(b, d.Heading) and b.running is not None
        )
        if new_pages + 1 < PARTS_FROM:  # too few parts: not worth making its HTML twice to see
            return None
        html = document_html(job.doc, templates, load_strings(templates, job.doc.meta.language))
        split = pdf_parts.split(html)
        if split is None or len(split.parts) < PARTS_FROM:
            return None
        return cls(job, split, images_hash(job.doc, assets), store, submit, finished, defer)

    def start(self) -> None:
        for index, html in enumerate(self.split.parts[1:], start=1):
            self._lay_out(html, self._keep(index))

    def _keep(self, index: int) -> Callable[[str, bytes], None]:
        return lambda key, data: self._part(index, key, data)

    def _lay_out(self, html: str, then: Callable[[str, bytes], None]) -> None:
        """Lay ``html`` out, or read it back from the cache; then ``then`` its key and bytes."""
        key = self.store.key(html, self.images)
        self.store.use(self.job.name, key)
        cached = self.store.get(key)
        if cached is not None:
            then(key, cached)
            return

        def store(data: bytes) -> None:
            self.store.put(key, data)
            then(key, data)

        self.submit(self.priority, self.job.name, store, _write_part_in_worker, html, self.job.doc.meta.date)

    def _part(self, index: int, key: str, data: bytes) -> None:
        self.parts[index], self.keys[index] = data, key
        if len(self.parts) == len(self.split.parts) - 1:
            self._cover(1)

    def _cover(self, guess: int) -> None:
        """Lay the cover out with page numbers that assume it has ``guess`` pages."""
        from .writers import pdf_parts

        self.guesses.add(guess)
        numbers: dict[str, int] = {}
        first = guess
        for index in range(1, len(self.split.parts)):
            facts = self.store.facts(self.keys[index], self.parts[index])
            numbers |= {hid: first + page + 1 for hid, page in facts.outline.items()}
            first += facts.pages
        html = pdf_parts.cover_with_pages(self.split.parts[0], numbers)
        self._lay_out(html, lambda key, data: self._covered(guess, key, data))

    def _covered(self, guess: int, key: str, data: bytes) -> None:
        from .writers import pdf_parts

        pages = self.store.facts(key, data).pages
        if pages != guess:
            if pages in self.guesses:  # the numbers change the cover's length back and forth
                raise ValueError(f"the contents list does not settle on {guess} or {pages} pages")
            self._cover(pages)
            return
        self.parts[0] = data
        starts, first = {}, pages
        for index, running in enumerate(self.split.running, start=1):
            starts[first] = running
            first += self.store.facts(self.keys[index], self.parts[index]).pages
        stamp = pdf_parts.stamp_html(self.split.parts[0], starts, first, self.split.page_of)
        self._lay_out(stamp, self._stamped)

    def _stamped(self, _key: str, stamp: bytes) -> None:
        """Join once the workers have their next jobs: the join takes seconds in this process
        (7 s for a 60-lesson guide), and a worker handed nothing meanwhile would idle."""
        self.defer(lambda: self._join(stamp))

    def _join(self, stamp: bytes) -> None:
        from .writers import pdf_parts

        ordered = [self.parts[index] for index in range(len(self.split.parts))]
        with _naming(self.job.name):
            joined = pdf_parts.join(ordered, stamp, self.job.doc.meta.title)
        heap.release()  # the join's pikepdf objects: 320 MB for a 60-lesson guide
        self.finished(self.job.name, joined)


def render_all(
    documents: dict[str, d.Document],
    formats: tuple[str, ...],
    templates: Path,
    assets: Path,
    progress: Callable[[str], None],
    workers: int | None = None,
    parts: PartStore | None = None,
) -> dict[str, bytes]:
    """Every document in every format, keyed by '<stem>.<format>'; raises the first writer error."""
    jobs = [
        Job(
            f"{stem}.{fmt}",
            doc,
            fmt,
            f"{stem}.{source}" if (source := pages_source(doc, fmt, formats)) else None,
        )
        for stem, doc in documents.items()
        for fmt in formats
    ]
    return render_jobs(jobs, templates, assets, progress, workers, parts=parts)
