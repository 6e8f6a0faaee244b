"""Publishing a kit: its folder, a manifest of every file, swapped in atomically.

Everything is rendered in memory first; this module only writes. The new kit is written to a
sibling temporary folder and swapped in with renames, so a failed build (or a crash while
writing) leaves the previous kit untouched and never a half-written one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path


def manifest(files: dict[str, bytes], kit: str) -> bytes:
    """manifest.json: each file's name, size and sha256, sorted, so a download can be checked."""
    entries = [
        {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(files.items())
    ]
    return (json.dumps({"kit": kit, "files": entries}, indent=2) + "\n").encode()


def publish(files: dict[str, bytes], out: Path, kit: str) -> Path:
    """Write ``files`` and their manifest as ``out/kit``, replacing any previous kit of that name."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / kit
    staging = Path(tempfile.mkdtemp(prefix=f".{kit}.", dir=out))
    try:
        for name, data in {**files, "manifest.json": manifest(files, kit)}.items():
            (staging / name).write_bytes(data)
            os.chmod(staging / name, 0o644)
        os.chmod(staging, 0o755)
        retired = None
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{kit}.old.", dir=out))
            os.replace(target, retired / kit)
        os.replace(staging, target)
        if retired is not None:
            shutil.rmtree(retired)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target
