"""The last build of an output folder, recorded so that the same build again is known at once,
without loading, composing or rendering anything.

The record (``.kitgen-cache/last-build.json``) holds a key over all of the build's inputs: every
file and folder name of the curriculum folder and of the templates, the profile named on the
command line, the request and options, the working folder, ``SOURCE_DATE_EPOCH``, kitgen's own
files, the Python version and the libraries installed (their ``*.dist-info`` names carry the
versions); then the state the build left the output folder in (every file outside the cache,
its bytes hashed), the names of the render cache's entries, and what the build reported. A
build with that key, over an output folder and cache exactly in that state, would write the
same bytes and report the same: it writes nothing and reports it again. Any difference (an
edited lesson, a kit file changed or removed, a deleted cache entry, another option) builds as
usual, which renders only what changed (``kitgen.cache``).

A build during which an input changed (its size, times or inode) is not recorded: it may have
read some files before the change and some after. This module imports only what that check
needs, so that ``kitgen build`` with nothing to do does not load the lesson models or writers.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .request import Request

CACHE = ".kitgen-cache"
"""The render cache's folder in the output folder (``kitgen.cache.FOLDER``)."""
PACKAGE = Path(__file__).resolve().parent
"""kitgen's own files: templates shipped inside it, source, data."""
RECORD = "last-build.json"
LAYOUT = 1
"""The layout of the record: a record of another layout is never read."""


@dataclass
class BuiltKit:
    id: str
    folder: Path
    files: int
    pages: int


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    kits: list[BuiltKit] = field(default_factory=list)
    catalog: Path | None = None
    removed: list[str] = field(default_factory=list)
    interrupted: bool = False
    """Ctrl-C came while kits were being swapped in; publishing finished first."""
    rendered: int = 0
    """Files rendered; the others came unchanged from the cache."""
    parts_rendered: int = 0
    """Parts of long PDFs laid out (``kitgen.render._Parted``); the others came from the cache."""


def default_templates(lessons: Path) -> Path:
    """``templates/`` beside the lessons folder when there is one, else the templates shipped with kitgen."""
    local = lessons.resolve().parent / "templates"
    if (local / "strings").is_dir():
        return local
    import importlib.resources

    try:
        return Path(str(importlib.resources.files("kitgen.templates")))
    except ModuleNotFoundError:  # a source checkout on sys.path ahead of the installed package
        return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Inputs:
    """A build's inputs as found when it started: their key, and their files' sizes, times and
    inodes, to tell whether any changed while it ran."""

    key: str
    stamps: str
    roots: tuple[tuple[str, Path, Path | None], ...]
    """(label, file or folder, a folder inside it to leave out) for each place read."""

    def unchanged(self) -> bool:
        """No input file or folder was added, removed or written since they were hashed."""
        return _read(self.roots, contents=False)[1] == self.stamps


def read_inputs(lessons: Path, out: Path, request: Request, templates: Path, strict: bool) -> Inputs:
    """The inputs of ``kitgen build`` with these arguments, read now."""
    leave_out = out.resolve()
    roots: tuple[tuple[str, Path, Path | None], ...] = (
        ("lessons", lessons.resolve(), leave_out),
        ("templates", templates.resolve(), leave_out),
        ("kitgen", PACKAGE, None),
        *((("profile", request.profile.resolve(), None),) if request.profile is not None else ()),
    )
    options = [
        LAYOUT,
        sys.version,
        sys.executable,
        os.getcwd(),
        str(lessons),
        str(out),
        repr(request),
        strict,
        os.environ.get("SOURCE_DATE_EPOCH"),
        [(label, str(path)) for label, path, _ in roots],
    ]
    files, stamps = _read(roots, contents=True)
    key = hashlib.sha256(f"{json.dumps(options)}\n{files}".encode()).hexdigest()
    return Inputs(key, stamps, roots)


def build(
    lessons: Path,
    out: Path,
    request: Request,
    *,
    templates: Path | None,
    progress: Callable[[int, int, str], None],
    strict: bool,
    workers: int | None,
    use_cache: bool,
) -> BuildResult:
    """``kitgen build``: the last build's report again, having loaded nothing else, when nothing
    changed since; else ``kitgen.build.build``, which validates without the validation cache too
    when ``use_cache`` is False."""
    templates = templates or default_templates(lessons)
    found = read_inputs(lessons, out, request, templates, strict)
    kept = replay(out, found) if use_cache else None
    if kept is not None:
        return kept
    from . import build as building
    from . import validation_cache

    with validation_cache.turned_off(not use_cache):
        return building.build(
            lessons,
            out,
            request,
            templates=templates,
            progress=progress,
            strict=strict,
            workers=workers,
            use_cache=use_cache,
            inputs=found,
        )


def replay(out: Path, found: Inputs) -> BuildResult | None:
    """What the last build into ``out`` reported, when it had these inputs and left ``out`` and
    its cache as they are now; else None."""
    try:
        record = json.loads((out / CACHE / RECORD).read_bytes())
        if (
            not isinstance(record, dict)
            or record.get("layout") != LAYOUT
            or record.get("inputs") != found.key
        ):
            return None
        if record.get("cache") != _cache_names(out) or record.get("output") != output_digest(out):
            return None
        return _result(record["result"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(out: Path, found: Inputs, result: BuildResult) -> None:
    """Record a finished build whose inputs did not change while it ran; a build that wrote no
    kit, or was interrupted, is not recorded."""
    if not result.kits or result.interrupted or not found.unchanged():
        return
    record = {
        "layout": LAYOUT,
        "inputs": found.key,
        "output": output_digest(out),
        "cache": _cache_names(out),
        "result": _as_json(result),
    }
    folder = out / CACHE
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(record, stream, ensure_ascii=False)
        os.replace(temporary, folder / RECORD)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def output_digest(out: Path) -> str:
    """Every name in the output folder but the cache, and every file's bytes, hashed."""
    digest = hashlib.sha256()
    for name, path, kind in _entries(out, (out / CACHE).resolve()):
        digest.update(f"{kind}\0{name}\0".encode())
        if kind == "file":
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        elif kind == "link":
            digest.update(os.readlink(path).encode())
    return digest.hexdigest()


def _cache_names(out: Path) -> list[str]:
    try:
        names = os.listdir(out / CACHE)
    except OSError:
        return []
    return sorted(name for name in names if name != RECORD and not name.startswith(".tmp-"))


def _libraries() -> str:
    """The names of the installed distributions, versions included, on every import path."""
    names = []
    for entry in sys.path:
        try:
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return "\n".join(sorted(names))


def _read(roots: tuple[tuple[str, Path, Path | None], ...], contents: bool) -> tuple[str, str]:
    """The hash of every name under ``roots`` and (when ``contents``) every file's bytes, and the
    hash of their sizes, times and inodes and of the libraries installed."""
    libraries = _libraries().encode()
    files, stamps = hashlib.sha256(libraries), hashlib.sha256(libraries)
    for label, root, leave_out in roots:
        for name, path, kind in _entries(root, leave_out):
            where = f"{label}\0{kind}\0{name}\0".encode()
            files.update(where)
            try:
                if kind == "file" and contents:
                    with open(path, "rb") as stream:
                        info = os.fstat(stream.fileno())
                        files.update(hashlib.sha256(stream.read()).digest())
                else:
                    info = os.stat(path, follow_symlinks=kind != "link")
            except OSError:
                files.update(b"unreadable")
                stamps.update(where + b"unreadable")
                continue
            stamps.update(
                where + f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}".encode()
            )
    return files.hexdigest(), stamps.hexdigest()


def _entries(root: Path, leave_out: Path | None) -> Iterator[tuple[str, Path, str]]:
    """(name relative to ``root``, path, 'file', 'folder', 'link' or 'missing') for ``root`` and
    everything under it, in a fixed order; symbolic links to folders are followed once (a link
    to a folder already seen is a 'link'); ``__pycache__`` folders and the folder ``leave_out``
    are left out."""
    if not root.is_dir():
        yield "", root, "file" if root.exists() else "missing"
        return
    seen = {root.resolve()}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            yield prefix, folder, "missing"
            continue
        for name in names:
            path, relative = folder / name, f"{prefix}{name}"
            if not path.is_dir():
                yield relative, path, "file" if path.exists() else "link"
                continue
            real = path.resolve()
            if name == "__pycache__" or real == leave_out:
                continue
            if real in seen:
                yield relative, path, "link"
                continue
            seen.add(real)
            yield relative + "/", path, "folder"
            stack.append((path, relative + "/"))


def _as_json(result: BuildResult) -> dict[str, Any]:
    return {
        "diagnostics": [
            [p.file, p.line, p.col, p.severity.value, p.code, p.message, p.hint, list(p.path)]
            for p in result.diagnostics
        ],
        "kits": [[kit.id, str(kit.folder), kit.files, kit.pages] for kit in result.kits],
        "catalog": None if result.catalog is None else str(result.catalog),
    }


def _result(data: dict[str, Any]) -> BuildResult:
    diagnostics = [
        Diagnostic(file, line, col, Severity(severity), code, message, hint, tuple(path))
        for file, line, col, severity, code, message, hint, path in data["diagnostics"]
    ]
    kits = [
        BuiltKit(str(kit), Path(folder), int(files), int(pages)) for kit, folder, files, pages in data["kits"]
    ]
    catalog = None if data["catalog"] is None else Path(data["catalog"])
    return BuildResult(diagnostics, kits, catalog)
