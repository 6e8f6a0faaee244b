"""Publishing a kit into the output folder: its folder and its zip, swapped in atomically.

Everything is rendered in memory first; this module only writes. A kit is written to a folder
beside its target and swapped in with renames, so a failed or interrupted build leaves the
previous kit as it was, never half of each. A build only replaces what it built: files of the
formats it did not render are carried over from the previous kit, with their manifest entries.
Every temporary file lives in one ``.kitgen-tmp-*`` folder inside the output folder (so renames
stay on one file system), removed after success, failure or Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .kitfiles import KitFile, KitInfo
from .manifest import is_safe_name, is_safe_path, manifest_json, read_manifest
from .readme_txt import readme_txt
from .zipkit import kit_zip

SCRATCH_PREFIX = ".kitgen-tmp-"
MANIFEST = "manifest.json"
README = "README.txt"


def publish_kit(out: Path, info: KitInfo, files: list[KitFile], formats: tuple[str, ...]) -> Path:
    """Write ``out/<kit>/`` (the files, README.txt, manifest.json) and ``out/<kit>.zip``,
    replacing the previous kit but keeping its files of formats not in ``formats``."""
    target = out / info.id
    if not is_safe_name(info.id):
        raise ValueError(f"not a folder name: {info.id!r}")
    every = sorted([*files, *_carried_over(target, info, files, formats)], key=lambda file: file.path)
    paths = [file.path for file in every]
    if len(set(paths)) != len(paths) or {MANIFEST, README} & set(paths) or not all(map(is_safe_path, paths)):
        raise ValueError(
            f"kit {info.id}: file paths must be distinct, relative and not {README} or {MANIFEST}"
        )
    contents = {file.path: file.data for file in every}
    contents[README] = readme_txt(info, every)
    contents[MANIFEST] = manifest_json(info, every)
    if _already_there(target, out / f"{info.id}.zip", contents):
        return target
    archive = kit_zip(info.id, info.date, contents)
    out.mkdir(parents=True, exist_ok=True)
    with _scratch(out) as scratch:
        _write_tree(scratch / "kit", contents)
        _write_file(scratch / "kit.zip", archive)
        _swap(scratch / "kit", target, scratch / "old")
        os.replace(scratch / "kit.zip", out / f"{info.id}.zip")
    return target


def _already_there(target: Path, archive: Path, contents: Mapping[str, bytes]) -> bool:
    """The kit on disk is exactly ``contents`` (same manifest, every file byte for byte, nothing
    more) and its zip exists: an unchanged rebuild writes nothing."""
    try:
        if (target / MANIFEST).read_bytes() != contents[MANIFEST] or not archive.is_file():
            return False
        on_disk = {p.relative_to(target).as_posix() for p in target.rglob("*") if not p.is_dir()}
        return on_disk == set(contents) and all(
            (target / name).read_bytes() == data for name, data in contents.items()
        )
    except OSError:
        return False


def remove_stale_kits(out: Path, keep: set[str]) -> list[str]:
    """Remove the saved kits in ``out`` (folder and zip) whose ids are not in ``keep``; the ids
    removed, sorted. Ad-hoc kits and anything without a kitgen manifest are left alone."""
    if not out.is_dir():
        return []
    removed = []
    for folder in sorted(out.iterdir()):
        if folder.name in keep or folder.name.startswith(".") or folder.is_symlink() or not folder.is_dir():
            continue
        manifest = read_manifest(folder / MANIFEST)
        if manifest is None or not manifest["saved"] or manifest["kit"] != folder.name:
            continue
        archive = out / f"{folder.name}.zip"
        with _scratch(out) as scratch:
            os.replace(folder, scratch / "old")
            if archive.is_file() and not archive.is_symlink():
                os.replace(archive, scratch / "old.zip")
        removed.append(folder.name)
    return removed


def _carried_over(
    target: Path, info: KitInfo, files: list[KitFile], formats: tuple[str, ...]
) -> list[KitFile]:
    """The previous kit's files of formats this build did not render, with their old entries;
    only when that kit had the same lessons (otherwise they describe another selection)."""
    old = read_manifest(target / MANIFEST)
    if old is None or old["kit"] != info.id:
        return []
    if [lesson["id"] for lesson in old["lessons"]] != [lesson.id for lesson in info.lessons]:
        return []
    built = {file.path for file in files}
    kept = []
    for entry in old["files"]:
        path = target / entry["path"]
        if entry["format"] in formats or entry["path"] in built or path.is_symlink() or not path.is_file():
            continue
        kept.append(
            KitFile(
                entry["path"],
                entry["audience"],
                entry["kind"],
                entry["format"],
                path.read_bytes(),
                entry["pages"],
                tuple(entry["lessons"]),
                _sources(entry, old),
                entry["title"] if isinstance(entry.get("title"), str) else None,
                entry["language"] if isinstance(entry.get("language"), str) else "en",
            )
        )
    return kept


def _sources(entry: dict[str, Any], manifest: dict[str, Any]) -> str | None:
    """The sources hash a kept file was built from: its own entry's, else its old kit's."""
    value = entry.get("sources_sha256", manifest.get("sources_sha256"))
    return value if isinstance(value, str) else None


@contextmanager
def _scratch(out: Path) -> Iterator[Path]:
    """A temporary folder inside ``out``, removed with whatever is left in it."""
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=out))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write_tree(root: Path, contents: Mapping[str, bytes]) -> None:
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)  # mkdir's mode is filtered by the umask
    for path, data in contents.items():
        target = root / path
        for parent in reversed(target.relative_to(root).parents[:-1]):
            if not (root / parent).is_dir():
                (root / parent).mkdir()
                os.chmod(root / parent, 0o755)
        _write_file(target, data)


def _write_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.chmod(path, 0o644)


def _swap(new: Path, target: Path, retired: Path) -> None:
    """Put ``new`` at ``target``; a previous ``target`` moves to ``retired`` and comes back if
    the second rename fails or is interrupted."""
    if not (target.exists() or target.is_symlink()):
        os.replace(new, target)
        return
    os.replace(target, retired)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(retired, target)
        raise
