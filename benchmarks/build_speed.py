"""Times `kitgen build` of the shipped kits and reports documents, pages and seconds per document.

Run from the repository root: python benchmarks/build_speed.py
It compares one rendering worker with two (the default on a 2-core machine), each measured in one
run of this script, and prints the ratio. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kitgen.build import build
from kitgen.targets import Request

REPO = Path(__file__).resolve().parent.parent


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def timed_build(out: Path, workers: int) -> float:
    start = time.perf_counter()
    result = build(REPO / "lessons", out, Request(), workers=workers)
    assert result.kits
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = subprocess.run(
            [sys.executable, "-m", "kitgen", "build", "--out", str(out / "cli")],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kitgen", "build", "--out", str(out / "cli")],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        cli_seconds = time.perf_counter() - start
        assert cold.returncode == 0, cold.stderr
        pdfs = sorted((out / "cli").rglob("*.pdf"))
        docs = len(pdfs)
        page_counts = {p.relative_to(out / "cli").as_posix(): pages(p) for p in pdfs}
        one = statistics.median(timed_build(out / "one", 1) for _ in range(2))
        two = statistics.median(timed_build(out / "two", 2) for _ in range(2))
        validate_start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kitgen", "validate"], cwd=REPO, capture_output=True)
        validate_seconds = time.perf_counter() - validate_start
        shutil.rmtree(out / "one", ignore_errors=True)
    print(
        f"PDF files in all kits: {docs}; PDF pages: {sum(page_counts.values())} (DOCX files as many, less the"
    )
    print("combined handouts PDFs; a handout shared by several kits is rendered once)")
    for name, count in page_counts.items():
        print(f"  {count:>4} pages  {name}")
    print(f"kitgen build (CLI, whole process):  {cli_seconds:6.2f} s")
    print(f"build, 1 worker (median of 2):       {one:6.2f} s  ({one / (2 * docs):.2f} s per file)")
    print(f"build, 2 workers (median of 2):      {two:6.2f} s  ({two / (2 * docs):.2f} s per file)")
    print(f"speed-up with 2 workers:             {one / two:6.2f}×")
    print(f"kitgen validate (CLI, whole process): {validate_seconds:5.2f} s")


if __name__ == "__main__":
    main()
