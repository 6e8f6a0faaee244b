"""How fast kitgen builds, side by side with the rendering floor and a pandoc pipeline.

Run by hand from the repository root (not in CI; timings depend on the machine and its load):

    python benchmarks/speed.py [--runs 3] [--big-runs 1] [--budget 840]

Everything is measured in one run of this script, with kitgen as a subprocess (``python -m
kitgen``, ``--quiet``, ``--out`` a temporary folder) and medians of repeated runs:

- ``kitgen validate`` of generated curricula of 6, 60 and 240 lessons. A lesson ``number`` is at
  most 99, so 240 lessons are three curriculum folders of 80; each generated folder is a copy of
  ``lessons/`` (unit.yaml, profile.yaml, anything else but lessons and kits) with the shipped
  lessons cloned under new numbers and ids (unique across all folders), and ``kits/all.yaml``,
  one kit of all its lessons;
- full builds (cache empty, then ``--no-cache``) of those kits, seconds per lesson; a no-op rebuild (cache on,
  nothing changed); a one-lesson edit (one word of one lesson's ``student_summary``, a different
  word each run); the 240-lesson builds only when the time budget allows;
- the shipped ``whole-unit`` kit built with ``--jobs 1`` and with the default, as a ratio to
  the rendering floor: kitgen's own documents (``kitgen.build.plan``) turned into HTML by
  ``render_html`` and written by WeasyPrint alone with kitgen's stylesheet, fonts, URL fetcher and
  ``pdf_variant``, plus the DOCX from kitgen's docx writer alone, serially in one warm process
  (this script run with ``--floor``; one timed pass a round, the rounds alternating with kitgen's
  builds); and as a ratio to a pandoc pipeline making the same
  documents from the same HTML, one pandoc process per file, serially and two at a time;
- the sources measured are kitgen/, templates/ and lessons/ as they are when the script starts,
  copied into the temporary folder (edits made while it runs do not change what it measures);
- peak memory of each build: the largest process's maximum RSS, from ``os.wait4`` (the rusage
  ``/usr/bin/time -v`` reports; it covers the workers kitgen waits for), and the sum of the
  proportional set size (PSS) of kitgen and all its workers, sampled from /proc every 0.1 s, with
  each process's share at that peak (kitgen, then its workers, largest first).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = ("kitgen", "templates", "lessons")
SIZES = (6, 60)
BIG_FOLDERS, BIG_PER_FOLDER = 3, 80
KIT = "whole-unit"
MEMORY_TARGET_MB = 600
PANDOC_RUNS = 2
"""At most this many runs of the pandoc pipeline, the slowest measurement to repeat."""
EDIT_WORDS = ("together", "carefully", "closely", "briefly", "calmly", "quietly", "slowly", "gently")
"""One replacement word per edit run, so every run is a real change from the state before it."""


class BenchmarkError(Exception):
    """A step failed: its command and the end of its output say why."""


# ---------------------------------------------------------------------------- running processes


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    tree_pss_mb: float
    output: str
    peak_split: tuple[float, ...] = ()
    """At the tree's PSS peak, each process's PSS in MB: kitgen's own first, then its workers."""
    cpu_seconds: float = 0.0
    """User and system CPU of kitgen and the workers it waited for: steadier than wall time on a
    shared machine, and the sum the two cores share."""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _tree_pss_kb(root: int) -> list[int]:
    """The PSS of ``root`` and of each of its descendants, ``root`` first."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(_pss_kb(pid))
        stack += _children(pid)
    return found


def measured(command: list[str]) -> Run:
    """Run ``command`` to its end; wall time, the largest process's peak RSS and the tree's peak
    PSS. Raises BenchmarkError when it exits non-zero."""
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        peak: list[int] = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.1):
                split = _tree_pss_kb(process.pid)
                if sum(split) > sum(peak):
                    peak[:] = split

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            stop.set()
            sampler.join()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-25:])
        raise BenchmarkError(f"`{' '.join(command)}` exited {process.returncode}:\n{tail}")
    split = (peak[0] / 1024, *sorted((kb / 1024 for kb in peak[1:]), reverse=True))
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, sum(peak) / 1024, output, split, cpu)


def kitgen(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kitgen", *map(str, args)]


def rendered_count(run: Run) -> str:
    """'k of n' from kitgen's summary line, to show what a rebuild actually rendered."""
    match = re.search(r"(\d+) documents \((\d+) files? rendered", run.output)
    return f"{match.group(2)} of {match.group(1)}" if match else "?"


# ---------------------------------------------------------------------------- synthetic curricula


def lesson_files(source: Path) -> list[Path]:
    lessons = sorted(source.glob("[0-9]*.yaml"))
    if not lessons:
        raise BenchmarkError(f"no lessons in {source}")
    return lessons


def generate(source: Path, folder: Path, count: int, first_id: int = 1) -> list[Path]:
    """A curriculum folder of ``count`` lessons cloned from those in ``source`` (numbers 1…count,
    ids suffixed with first_id…), with one kit of all of them; the lesson files, in number order."""
    models = lesson_files(source)
    shutil.copytree(
        source,
        folder,
        ignore=lambda d, names: [n for n in names if Path(d, n) in models or n == "kits"],
    )
    (folder / "kits").mkdir()
    (folder / "kits" / "all.yaml").write_text(
        f'id: all\ntitle: "All {count} lessons"\ndescription: "Every lesson of this generated curriculum."\n',
        encoding="utf-8",
    )
    written = []
    for n in range(1, count + 1):
        model = models[(n - 1) % len(models)]
        text = model.read_text(encoding="utf-8")
        text, ids = re.subn(r"^id: (\S+)$", rf"id: \1-{first_id + n - 1}", text, count=1, flags=re.MULTILINE)
        text, numbers = re.subn(r"^number: \d+$", f"number: {n}", text, count=1, flags=re.MULTILINE)
        if ids != 1 or numbers != 1:
            raise BenchmarkError(f"{model}: no top-level 'id:' or 'number:' line to rewrite")
        path = folder / f"{n:02d}-{model.stem.split('-', 1)[1]}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def edit_one_word(lesson: Path, original: str, run: int) -> None:
    """Replace the first word of 4+ letters of ``student_summary`` (inline or block) by another."""
    lines = original.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("student_summary:")), None)
    if start is None:
        raise BenchmarkError(f"{lesson}: no student_summary to edit")
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    word = EDIT_WORDS[run % len(EDIT_WORDS)]
    for i in range(start, end):
        body = lines[i][len("student_summary:") :] if i == start else lines[i]
        match = re.search(r"\b[a-z]{4,}\b", body)
        if match and match.group() != word:
            offset = len(lines[i]) - len(body)
            lines[i] = lines[i][: offset + match.start()] + word + lines[i][offset + match.end() :]
            lesson.write_text("".join(lines), encoding="utf-8")
            return
    raise BenchmarkError(f"{lesson}: no word of 4+ letters in student_summary")


# ---------------------------------------------------------------------------- the rendering floor


def floor_worker(lessons: Path, runs: int, out: Path) -> None:
    """In a fresh process: the whole-unit kit's documents, written by WeasyPrint and kitgen's
    docx writer alone, ``runs`` times after one untimed warm-up; timings (wall and this process's
    CPU) in ``out/floor.json``, with the files of the last run and each document's HTML (URLs made
    local) in ``out``. Each document is written with the string table of its own language, as
    kitgen's writers do (with the English table the Spanish DOCX differed from kitgen's)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from kitgen import doctree as d
    from kitgen.build import default_templates, plan
    from kitgen.diagnostics import has_errors
    from kitgen.strings import Strings, load_strings
    from kitgen.targets import Request
    from kitgen.writers.docx import render_docx
    from kitgen.writers.docx_toc import heading_pages
    from kitgen.writers.html import render_html
    from kitgen.writers.pdf import STYLESHEET, VIRTUAL_BASE, _make_fetcher, font_dir

    result = plan(lessons, Request(kits=(KIT,)))
    if has_errors(result.diagnostics) or not result.kits:
        sys.exit(f"kitgen plan found errors in {lessons}: {result.diagnostics[:3]}")
    items = [item for _, _, planned in result.kits for item in planned if item.document is not None]
    items.sort(key=lambda item: item.format != "pdf")  # a DOCX takes its page numbers from its PDF
    templates = default_templates(lessons)
    tables: dict[str, Strings] = {}

    def strings_of(doc: d.Document) -> Strings:
        """The string table of the document's own language, as kitgen's writers pick it."""
        language = doc.meta.language
        if language not in tables:
            tables[language] = load_strings(templates, language)
        return tables[language]

    roots = {"fonts": font_dir(), "templates": templates, "assets": lessons}
    fonts = FontConfiguration()
    css = weasyprint.CSS(
        url=f"{VIRTUAL_BASE}templates/{STYLESHEET}", url_fetcher=_make_fetcher(roots), font_config=fonts
    )

    def pdf(html: str) -> bytes:
        page = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=_make_fetcher(roots))
        data: bytes = page.write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1", pdf_identifier=True
        )
        return data

    pdf_of = {
        n: next((m for m, o in enumerate(items) if o.format == "pdf" and o.document == item.document), None)
        for n, item in enumerate(items)
        if item.format == "docx" and any(isinstance(b, d.Contents) for b in item.document.blocks)  # type: ignore[union-attr]
    }

    def one_pass() -> tuple[float, float, dict[int, bytes]]:
        files: dict[int, bytes] = {}
        pdf_seconds = docx_seconds = 0.0
        cpu = time.process_time()
        for n, item in enumerate(items):
            doc = item.document
            assert doc is not None
            start = time.perf_counter()
            if item.format == "pdf":
                files[n] = pdf(render_html(doc, templates, strings_of(doc)))
                pdf_seconds += time.perf_counter() - start
            else:
                source = pdf_of.get(n)
                pages = heading_pages(files[source]) if source is not None else None
                files[n] = render_docx(doc, templates, lessons, strings_of(doc), pages)
                docx_seconds += time.perf_counter() - start
        cpu_seconds.append(time.process_time() - cpu)
        return pdf_seconds, docx_seconds, files

    cpu_seconds: list[float] = []
    smallest = min((i for i in items if i.format == "pdf"), key=lambda i: len(repr(i.document)))
    pdf(render_html(smallest.document, templates, strings_of(smallest.document)))  # type: ignore[arg-type]  # warm-up
    passes = [one_pass() for _ in range(runs)]
    files = passes[-1][2]
    local = {
        f"{VIRTUAL_BASE}fonts/": font_dir().as_uri() + "/",
        f"{VIRTUAL_BASE}templates/": templates.as_uri() + "/",
        f"{VIRTUAL_BASE}assets/": lessons.as_uri() + "/",
    }
    jobs = []
    for n, item in enumerate(items):
        html = render_html(item.document, templates, strings_of(item.document))  # type: ignore[arg-type]
        for virtual, real in local.items():
            html = html.replace(virtual, real)
        (out / f"{n:02d}.html").write_text(html, encoding="utf-8")
        (out / f"{n:02d}.{item.format}").write_bytes(files[n])
        meta = item.document.meta  # type: ignore[union-attr]
        jobs.append({"n": n, "path": item.path, "format": item.format, "language": meta.language})
    css_text = (
        (templates / STYLESHEET)
        .read_text(encoding="utf-8")
        .replace("url(/fonts/", f"url({local[f'{VIRTUAL_BASE}fonts/']}")
    )
    (out / STYLESHEET).write_text(css_text, encoding="utf-8")
    timings = {
        "seconds": [p + x for p, x, _ in passes],
        "pdf_seconds": [p for p, _, _ in passes],
        "docx_seconds": [x for _, x, _ in passes],
        "cpu_seconds": cpu_seconds,
        "jobs": jobs,
    }
    (out / "floor.json").write_text(json.dumps(timings), encoding="utf-8")


# ---------------------------------------------------------------------------- the pandoc pipeline


def pandoc_commands(
    folder: Path, jobs: list[dict[str, object]], out: Path, reference: Path, engine: bool
) -> list[list[str]]:
    """One command per file, biggest HTML first: HTML → DOCX with the reference doc, HTML → PDF
    through ``--pdf-engine=weasyprint`` (or WeasyPrint's CLI alone when pandoc lacks that engine)."""
    commands = []
    for job in sorted(jobs, key=lambda j: -(folder / f"{j['n']:02d}.html").stat().st_size):
        source, target = folder / f"{job['n']:02d}.html", out / f"{job['n']:02d}.{job['format']}"
        if job["format"] == "docx":
            commands.append(
                [
                    "pandoc",
                    "-f",
                    "html",
                    "-t",
                    "docx",
                    "--reference-doc",
                    str(reference),
                    "-o",
                    str(target),
                    str(source),
                ]
            )
        elif engine:
            commands.append(
                [
                    "pandoc",
                    "-f",
                    "html",
                    "--pdf-engine=weasyprint",
                    "--pdf-engine-opt=--pdf-variant=pdf/ua-1",
                    "--css",
                    (folder / "print.css").as_uri(),
                    "-M",
                    f"lang={job['language']}",
                    "-o",
                    str(target),
                    str(source),
                ]
            )
        else:
            commands.append(
                [
                    str(Path(sys.executable).parent / "weasyprint"),
                    "--pdf-variant",
                    "pdf/ua-1",
                    "-s",
                    str(folder / "print.css"),
                    str(source),
                    str(target),
                ]
            )
    return commands


def pandoc_env() -> dict[str, str]:
    """PATH with this venv's bin first, so pandoc finds the venv's ``weasyprint``."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def pandoc_has_weasyprint(scratch: Path) -> bool:
    probe = scratch / "probe.html"
    probe.write_text('<html lang="en"><head><title>t</title></head><body><p>x</p></body></html>')
    done = subprocess.run(
        ["pandoc", "-f", "html", "--pdf-engine=weasyprint", "-o", str(scratch / "probe.pdf"), str(probe)],
        capture_output=True,
        text=True,
        env=pandoc_env(),
    )
    return done.returncode == 0


def run_all(commands: list[list[str]], at_once: int) -> float:
    def one(command: list[str]) -> None:
        done = subprocess.run(command, capture_output=True, text=True, env=pandoc_env())
        if done.returncode != 0:
            raise BenchmarkError(f"`{' '.join(command)}` exited {done.returncode}:\n{done.stderr[-2000:]}")

    start = time.perf_counter()
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(one, commands))
    return time.perf_counter() - start


# ---------------------------------------------------------------------------- the report


@dataclass
class Row:
    what: str
    value: str
    runs: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: str) -> None:
        self.rows.append(Row(*args))

    def print(self) -> None:
        head = Row("what", "median", "runs", "ratio", "target", "met")
        rows = [head, *self.rows]
        widths = [
            max(len(getattr(r, f)) for r in rows) for f in ("what", "value", "runs", "ratio", "target", "met")
        ]
        for i, r in enumerate(rows):
            cells = (r.what, r.value, r.runs, r.ratio, r.target, r.met)
            print(
                "  ".join(
                    c.ljust(w) if j in (0, 4, 5) else c.rjust(w)
                    for j, (c, w) in enumerate(zip(cells, widths, strict=True))
                ).rstrip()
            )
            if i == 0:
                print("  ".join("-" * w for w in widths))
        for note in self.notes:
            print(f"- {note}")


def median(values: list[float]) -> float:
    return statistics.median(values)


def met(ok: bool) -> str:
    return "yes" if ok else "NO"


def memory_row(report: Report, what: str, runs: list[Run], target: bool = True) -> None:
    """The largest process's peak RSS and the tree's peak PSS; the target holds for the larger."""
    rss = max(r.max_rss_mb for r in runs)
    pss = max(r.tree_pss_mb for r in runs)
    split = max(runs, key=lambda r: r.tree_pss_mb).peak_split
    workers = " + ".join(f"{mb:.0f}" for mb in split[1:] if mb >= 1)
    report.add(
        what,
        f"{rss:.0f} MB RSS / {pss:.0f} MB tree PSS ({split[0]:.0f} kitgen"
        + (f" + {workers} workers)" if workers else ")"),
        str(len(runs)),
        "",
        f"≤ {MEMORY_TARGET_MB} MB" if target else "",
        met(max(rss, pss) <= MEMORY_TARGET_MB) if target else "",
    )


@contextmanager
def progress(what: str) -> Iterator[None]:
    print(f"… {what}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    yield
    print(f"  {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def git_state() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "kitgen", "templates", "lessons")
    return f"{git('rev-parse', '--short', 'HEAD') or '?'}" + (
        " with uncommitted changes to kitgen/templates/lessons" if dirty else ""
    )


@contextmanager
def snapshot(tree: Path) -> Iterator[None]:
    """Copy kitgen/, templates/ and lessons/ into ``tree`` and run every process from there (as
    its working folder and first on PYTHONPATH): the whole run measures the sources as they were
    when it started, and a no-op rebuild stays a no-op while someone edits the working tree."""
    for name in SNAPSHOT:
        shutil.copytree(REPO / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled as an installed kitgen is: with PYTHONDONTWRITEBYTECODE set, every kitgen process
    # would otherwise compile the modules again (about 0.2 s of CPU each).
    compileall.compile_dir(tree / "kitgen", quiet=1)
    saved_cwd, saved_path = Path.cwd(), os.environ.get("PYTHONPATH")
    os.chdir(tree)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree), saved_path]))
    try:
        found = measured([sys.executable, "-c", "import kitgen; print(kitgen.__file__)"]).output.strip()
        if not Path(found).is_relative_to(tree):
            raise BenchmarkError(f"kitgen is imported from {found}, not from the snapshot in {tree}")
        yield
    finally:
        os.chdir(saved_cwd)
        if saved_path is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved_path


@dataclass
class Curricula:
    folders: dict[int, Path]
    """One folder per size in SIZES."""
    lessons: dict[int, list[Path]]
    big: list[Path]
    """BIG_FOLDERS folders of BIG_PER_FOLDER lessons."""


def make_curricula(shipped: Path) -> Curricula:
    """The generated folders beside ``shipped`` (so they use its templates/), each checked with
    ``kitgen validate``, which stops the benchmark with kitgen's own message when the shipped
    lessons are invalid."""
    tree = shipped.parent
    folders = {size: tree / f"lessons-{size}" for size in SIZES}
    lessons = {size: generate(shipped, folder, size) for size, folder in folders.items()}
    big = [tree / f"lessons-{BIG_FOLDERS * BIG_PER_FOLDER}-{f + 1}" for f in range(BIG_FOLDERS)]
    for f, folder in enumerate(big):
        generate(shipped, folder, BIG_PER_FOLDER, first_id=f * BIG_PER_FOLDER + 1)
    for folder in [shipped, *folders.values(), *big]:
        measured(kitgen("validate", folder))
    return Curricula(folders, lessons, big)


def cold_validate(paths: list[Path]) -> float:
    """``kitgen validate`` with an empty validation cache (a new XDG_CACHE_HOME): every file is
    read and scored, as on the first run (the folders were validated once already)."""
    before = os.environ.get("XDG_CACHE_HOME")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        try:
            return measured(kitgen("validate", *paths)).seconds
        finally:
            if before is None:
                del os.environ["XDG_CACHE_HOME"]
            else:
                os.environ["XDG_CACHE_HOME"] = before


def validate_rows(report: Report, curricula: Curricula, runs: int) -> None:
    cases = [(size, [folder]) for size, folder in curricula.folders.items()]
    cases.append((BIG_FOLDERS * BIG_PER_FOLDER, curricula.big))
    for size, paths in cases:
        with progress(f"validate, {size} lessons, {runs} runs"):
            seconds = median([cold_validate(paths) for _ in range(runs)])
        big = len(paths) > 1
        report.add(
            f"validate, {size} lessons" + (f" ({len(paths)} folders, one call)" if big else ""),
            f"{seconds:.2f} s",
            str(runs),
            "",
            "≤ 1 s" if big else "",
            met(seconds <= 1) if big else "",
        )


def floor_pass(folder: Path, shipped: Path) -> dict[str, Any]:
    """One timed pass of the floor, from this script run with ``--floor`` in a fresh process (after
    its untimed warm-up); its files and the jobs it made, in ``folder``."""
    folder.mkdir(exist_ok=True)
    measured([sys.executable, str(Path(__file__).resolve()), "--floor", "1", str(shipped), str(folder)])
    timings: dict[str, Any] = json.loads((folder / "floor.json").read_text(encoding="utf-8"))
    return timings


def pdf_reading(path: Path) -> tuple[int, str]:
    """A PDF's page count and its text as pdftotext reads it."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return (int(pages.group(1)) if pages else -1), text


def floor_checks(jobs: list[dict[str, object]], built: Path, floor_dir: Path) -> list[str]:
    """Whether the floor made the files kitgen made: each DOCX byte for byte; each PDF with the
    same pages and text (its bytes differ: kitgen repairs WeasyPrint's tags, ``pdf_tags``)."""
    notes = []
    for fmt, same in (
        ("docx", lambda a, b: a.read_bytes() == b.read_bytes()),
        ("pdf", lambda a, b: pdf_reading(a) == pdf_reading(b)),
    ):
        paths = {job["n"]: built / str(job["path"]) for job in jobs if job["format"] == fmt}
        differ = [
            path.name
            for n, path in paths.items()
            if not path.is_file() or not same(path, floor_dir / f"{n:02d}.{fmt}")
        ]
        how = "byte-identical to" if fmt == "docx" else "with the same pages and text as"
        notes.append(
            f"floor {fmt.upper()} {how} kitgen's: {len(paths) - len(differ)} of {len(paths)}"
            + (f" (not: {', '.join(differ)})" if differ else "")
        )
    return notes


def build_shipped(shipped: Path, out: Path, *extra: str) -> Run:
    return measured(
        kitgen("build", "--lessons", shipped, "--kit", KIT, "--no-cache", "--quiet", "--out", out, *extra)
    )


def shipped_rows(report: Report, tmp: Path, shipped: Path, runs: int) -> None:
    """The whole-unit kit against the floor and the pandoc pipeline; memory of the shipped kits.

    The floor and kitgen's two builds are measured in rounds (floor, ``--jobs 1``, default), not
    one after the other in blocks: this machine's speed drifts over minutes (the floor once took
    29.6 s in one benchmark and 33.5 s in the next), and blocks minutes apart carry that drift
    into the ratios. Each round's own ratios are shown beside the ratios of the medians."""
    floor_dir, out = tmp / "floor", tmp / "out"
    timings: dict[str, list[float]] = {}
    jobs: list[dict[str, object]] = []
    one, default = [], []
    with progress(f"floor, kitgen {KIT} --jobs 1 and default (--no-cache), in {runs} rounds"):
        for _ in range(runs):
            passed = floor_pass(floor_dir, shipped)
            jobs = passed.pop("jobs")
            for name, values in passed.items():
                timings.setdefault(name, []).extend(values)
            one.append(build_shipped(shipped, out / "unit-1", "--jobs", "1"))
            default.append(build_shipped(shipped, out / "unit"))
    floors = timings["seconds"]
    floor_s = median(floors)
    pdfs = sum(job["format"] == "pdf" for job in jobs)
    report.add(
        f"floor: {KIT}'s {pdfs} PDF by WeasyPrint, {len(jobs) - pdfs} DOCX by kitgen's docx writer",
        f"{floor_s:.2f} s",
        str(runs),
    )
    report.notes.append(
        f"floor split: PDF {median(timings['pdf_seconds']):.2f} s, DOCX {median(timings['docx_seconds']):.2f} s;"
        f" {median(timings['cpu_seconds']):.2f} s CPU;"
        " WeasyPrint as released, without kitgen's pydyf page_references workaround"
        " (kitgen/writers/pydyf_pages.py)"
    )
    one_s, default_s = median([r.seconds for r in one]), median([r.seconds for r in default])
    report.add(
        f"kitgen {KIT}, --jobs 1, --no-cache",
        f"{one_s:.2f} s",
        str(runs),
        f"{one_s / floor_s:.2f} × floor",
        "≤ 1.05 × floor",
        met(one_s / floor_s <= 1.05),
    )
    report.add(
        f"kitgen {KIT}, default jobs ({os.cpu_count()} cores), --no-cache",
        f"{default_s:.2f} s",
        str(runs),
        f"{default_s / floor_s:.2f} × floor",
        "≤ 0.60 × floor",
        met(default_s / floor_s <= 0.60),
    )
    report.add("  default jobs against --jobs 1", "", "", f"{default_s / one_s:.2f} × --jobs 1")
    report.notes.append(
        "each round's ratios to its own floor: --jobs 1 "
        + ", ".join(f"{r.seconds / f:.2f}" for r, f in zip(one, floors, strict=True))
        + "; default jobs "
        + ", ".join(f"{r.seconds / f:.2f}" for r, f in zip(default, floors, strict=True))
        + "; floors "
        + ", ".join(f"{f:.2f} s" for f in floors)
    )
    report.notes += floor_checks(jobs, out / "unit" / KIT, floor_dir)

    pandoc_rows(report, tmp, shipped, (floor_dir, jobs), default_s, runs)

    memory_row(report, f"peak memory, {KIT}, --jobs 1", one)
    memory_row(report, f"peak memory, {KIT}, default jobs", default)
    with progress("kitgen build --no-cache, all shipped kits, 1 run"):
        every = measured(
            kitgen("build", "--lessons", shipped, "--no-cache", "--quiet", "--out", out / "all-kits")
        )
    memory_row(report, f"peak memory, all shipped kits (a {every.seconds:.0f} s build)", [every])


def pandoc_rows(
    report: Report,
    tmp: Path,
    shipped: Path,
    floor: tuple[Path, list[dict[str, object]]],
    default_s: float,
    runs: int,
) -> None:
    """The pandoc pipeline serially and two at a time. Each two-at-a-time run is followed by a
    kitgen build (default jobs) whose time its ratio uses: the machine's speed drifts over a
    benchmark (the pandoc pipeline once took 1.55 × as long in one run as in another), and a
    ratio of runs minutes apart would carry that drift."""
    floor_dir, jobs = floor
    repeats = min(runs, PANDOC_RUNS)
    with progress(
        f"pandoc pipeline, serially and two at a time (each beside a kitgen build), {repeats} runs each"
    ):
        engine = pandoc_has_weasyprint(tmp)
        made = tmp / "pandoc"
        made.mkdir()
        reference = shipped.parent / "templates" / "reference.docx"
        commands = pandoc_commands(floor_dir, jobs, made, reference, engine)
        serial_s = median([run_all(commands, 1) for _ in range(repeats)])
        pairs, beside = [], []
        for _ in range(repeats):
            pairs.append(run_all(commands, 2))
            beside.append(build_shipped(shipped, tmp / "out" / "unit-beside-pandoc").seconds)
    pair_s, beside_s = median(pairs), median(beside)
    how = "pandoc --pdf-engine=weasyprint" if engine else "WeasyPrint's CLI (pandoc lacks that engine)"
    report.add(
        f"pandoc pipeline, serially ({len(commands)} processes)",
        f"{serial_s:.2f} s",
        str(repeats),
        f"kitgen {default_s / serial_s:.2f} ×",
    )
    report.add(
        "pandoc pipeline, two at a time",
        f"{pair_s:.2f} s",
        str(repeats),
        f"kitgen {beside_s / pair_s:.2f} ×",
        "kitgen ≤ 0.6 ×",
        met(beside_s / pair_s <= 0.6),
    )
    report.notes.append(
        f"pandoc pipeline: one process per file from kitgen's HTML; DOCX with templates/reference.docx, PDF by"
        f" {how} with print.css and --pdf-variant pdf/ua-1; the serial ratio is over kitgen's default-jobs"
        f" build above, the two-at-a-time ratio over kitgen's default-jobs build run right after each"
        f" pandoc run ({beside_s:.2f} s)"
    )


def build_folder(folder: Path, out: Path, *extra: str) -> Run:
    return measured(kitgen("build", "--lessons", folder, "--quiet", "--out", out, *extra))


def scale_rows(report: Report, curricula: Curricula, out: Path, runs: int, big_runs: int) -> dict[int, float]:
    """Full build, no-op rebuild and one-word edit per generated size; seconds per lesson by size."""
    per_lesson: dict[int, float] = {}
    for size, folder in curricula.folders.items():
        n, into = (runs if size < 60 else big_runs), out / f"lessons-{size}"
        lesson = curricula.lessons[size][size // 2]
        original = lesson.read_text(encoding="utf-8")
        full: list[Run] = []
        noop: list[Run] = []
        edits: list[Run] = []
        with progress(f"{size} lessons: full build ×{n}, no-op ×{runs}, one-word edit ×{n}, in rounds"):
            for i in range(max(n, runs)):  # rounds, not blocks: the ratios then carry less drift
                if i < n:  # the first with the cache empty: a full build that fills it
                    full.append(build_folder(folder, into, *(("--no-cache",) if i else ())))
                if i < runs:
                    noop.append(build_folder(folder, into))
                if i < n:
                    edit_one_word(lesson, original, i)
                    edits.append(build_folder(folder, into))
        full_s = median([r.seconds for r in full])
        per_lesson[size] = full_s / size
        scale = per_lesson[size] / per_lesson[SIZES[0]]
        first = size == SIZES[0]
        report.add(
            f"full build, {size} lessons (one kit)",
            f"{full_s:.2f} s",
            str(n),
            f"{per_lesson[size]:.2f} s/lesson" + ("" if first else f", {scale:.2f} × {SIZES[0]}'s"),
            "" if first else f"0.90–1.10 × {SIZES[0]}'s",
            "" if first else met(0.9 <= scale <= 1.1),
        )
        noop_s, edit_s = median([r.seconds for r in noop]), median([r.seconds for r in edits])
        report.add(
            f"  no-op rebuild (rendered {rendered_count(noop[-1])} files)",
            f"{noop_s:.2f} s",
            str(runs),
            f"{noop_s / full_s:.2f} × full",
            "≤ 0.05 × full",
            met(noop_s / full_s <= 0.05),
        )
        report.add(
            f"  one-word edit of lesson {size // 2 + 1} (rendered {rendered_count(edits[-1])} files)",
            f"{edit_s:.2f} s",
            str(n),
            f"{edit_s / full_s:.2f} × full",
            "≤ 0.40 × full",
            met(edit_s / full_s <= 0.40),
        )
        cpu_s = median([r.cpu_seconds for r in full])
        report.add(
            "  CPU of the full build, both cores", f"{cpu_s:.2f} s", str(n), f"{cpu_s / size:.2f} s/lesson"
        )
        memory_row(report, f"  peak memory, {size}-lesson kit, full build", full, target=size >= 60)
    return per_lesson


def fixed_cost_note(per_lesson: dict[int, float]) -> str:
    """Full-build time split as ``a`` seconds a lesson plus ``F`` a build, fitted to the two sizes:
    a fixed ``F`` (start-up, kit-level pages) is what makes a small kit dearer per lesson."""
    small, large = SIZES[0], SIZES[-1]
    a = (per_lesson[large] * large - per_lesson[small] * small) / (large - small)
    fixed = per_lesson[small] * small - a * small
    most = max(0.1 * a / (1 / small - 1.1 / large), 0.0)  # a + F/small <= 1.1 (a + F/large)
    return (
        f"fitted to the {small}- and {large}-lesson builds: {a:.2f} s a lesson plus {fixed:.2f} s a build;"
        f" the {small}-lesson cost a lesson within 10 % of the {large}-lesson one needs at most {most:.2f} s a build"
    )


def spread_note(per_lesson: dict[int, float]) -> str:
    """The rows above read "± 10 %" against the smallest kit's seconds a lesson; read as "within
    10 % of one constant", the figures need their largest at most 1.1/0.9 (1.22) × their smallest."""
    spread = max(per_lesson.values()) / min(per_lesson.values())
    sizes = ", ".join(f"{size}: {seconds:.2f}" for size, seconds in per_lesson.items())
    constant = (max(per_lesson.values()) + min(per_lesson.values())) / 2
    return (
        f"seconds a lesson ({sizes}): the largest is {spread:.2f} × the smallest; within 10 % of one"
        f" constant needs at most 1.22 × ({'met' if spread <= 1.1 / 0.9 else 'not met'}: {constant:.2f} s"
        f" a lesson ± {100 * (spread - 1) / (spread + 1):.0f} %)"
    )


def big_rows(
    report: Report, curricula: Curricula, out: Path, per_lesson: dict[int, float], left: float
) -> float | None:
    """The 240-lesson builds, one run, when the 60-lesson rate says they fit in the time left;
    their seconds a lesson."""
    total = BIG_FOLDERS * BIG_PER_FOLDER
    what = f"full build, {total} lessons ({BIG_FOLDERS} kits of {BIG_PER_FOLDER}, one after another)"
    target = f"0.90–1.10 × {SIZES[0]}'s"
    estimate = per_lesson[SIZES[-1]] * total
    if estimate > left:
        report.add(what, "skipped", "", "", target, "–")
        report.notes.append(
            f"the {total}-lesson builds were skipped: about {estimate:.0f} s at the {SIZES[-1]}-lesson rate,"
            f" {max(left, 0):.0f} s of the budget left (raise --budget to run them)"
        )
        return None
    with progress(f"{total} lessons: {BIG_FOLDERS} full builds of {BIG_PER_FOLDER}, 1 run"):
        builds = [build_folder(folder, out / folder.name, "--no-cache") for folder in curricula.big]
    seconds = sum(r.seconds for r in builds)
    scale = seconds / total / per_lesson[SIZES[0]]
    report.add(
        what,
        f"{seconds:.2f} s",
        "1",
        f"{seconds / total:.2f} s/lesson, {scale:.2f} × {SIZES[0]}'s",
        target,
        met(0.9 <= scale <= 1.1),
    )
    memory_row(report, f"  peak memory, {BIG_PER_FOLDER}-lesson kit", builds, target=False)
    return seconds / total


def benchmark(report: Report, tmp: Path, runs: int, big_runs: int, budget: float) -> None:
    began = time.perf_counter()
    shipped = tmp / "tree" / "lessons"
    with progress("generating and validating curricula of 6, 60 and 240 lessons"):
        curricula = make_curricula(shipped)
    validate_rows(report, curricula, max(runs, 5))
    shipped_rows(report, tmp, shipped, runs)
    per_lesson = scale_rows(report, curricula, tmp / "out", runs, big_runs)
    report.notes.append(fixed_cost_note(per_lesson))
    big = big_rows(report, curricula, tmp / "out", per_lesson, budget - (time.perf_counter() - began))
    report.notes.append(spread_note({**per_lesson, **({BIG_FOLDERS * BIG_PER_FOLDER: big} if big else {})}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs of each shipped-unit and 6-lesson measurement (default 3; validate runs at least 5, the pandoc pipeline at most 2)",
    )
    parser.add_argument(
        "--big-runs", type=int, default=1, help="runs of the 60-lesson full build and edit (default 1)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=840,
        help="seconds; the 240-lesson builds run only if they fit (default 840)",
    )
    parser.add_argument("--floor", nargs=3, metavar=("RUNS", "LESSONS", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor_worker(Path(args.floor[1]), int(args.floor[0]), Path(args.floor[2]))
        return
    if args.runs < 1 or args.big_runs < 1:
        parser.error("--runs and --big-runs must be at least 1")
    load, state, start = os.getloadavg(), git_state(), time.perf_counter()
    report, failure = Report(), None
    try:
        with tempfile.TemporaryDirectory(prefix="kitgen-speed-") as tmp, snapshot(Path(tmp) / "tree"):
            benchmark(report, Path(tmp), args.runs, args.big_runs, args.budget)
    except BenchmarkError as error:
        failure = error
    print(
        f"kitgen speed, {state}; {os.cpu_count()} cores; Python {sys.version.split()[0]};"
        f" load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end;"
        f" {time.perf_counter() - start:.0f} s in all\n"
    )
    report.print()
    if failure is not None:
        sys.exit(f"\nbenchmark stopped (the rows above are what it measured before): {failure}")


if __name__ == "__main__":
    main()
