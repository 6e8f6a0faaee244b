"""The zip of a kit: one download with every file under a top folder named after the kit.

Byte-reproducible, so two builds of the same sources give the same zip (and the same checksum
to publish): entries sorted, every timestamp the kit's document date, fixed permissions, no
extra fields, deflate at a fixed level. (Deflate output can differ between zlib builds; the
inputs are what is fixed here.)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping

LEVEL = 9
FILE_MODE = 0o100644
"""A regular file, readable by all, written by its owner."""


def kit_zip(kit: str, date: str, files: Mapping[str, bytes]) -> bytes:
    """``files`` (relative POSIX path → bytes) as a zip under ``kit/``, stamped with ``date``
    (YYYY-MM-DD; the zip format starts at 1980, so earlier dates are clamped)."""
    stamp = _stamp(date)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            entry = zipfile.ZipInfo(f"{kit}/{path}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so that the permissions below are read
            entry.external_attr = FILE_MODE << 16
            archive.writestr(entry, files[path], compresslevel=LEVEL)
    return buffer.getvalue()


def _stamp(date: str) -> tuple[int, int, int, int, int, int]:
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        day = dt.date(1980, 1, 1)
    day = max(day, dt.date(1980, 1, 1))
    return (day.year, day.month, day.day, 0, 0, 0)
