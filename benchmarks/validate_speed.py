"""How long ``kitgen validate`` takes on 6, 60 and 240 lessons: cold, warm, and on one core.

Not a test: run it by hand (``python benchmarks/validate_speed.py [--runs N]``) to see whether
validation stays fast enough to run on every save and in CI. Each figure is the median over a
few runs of ``kitgen validate`` as a fresh process (interpreter start and imports included),
wall-clock and CPU seconds (the process and the children it forks), with the cases of one run
taken one after the other, so that they share the machine's load:

- cold: an empty validation cache (a new ``XDG_CACHE_HOME`` each run): the issue's figure;
- warm: the cache as the previous run left it, after one word of one lesson's
  ``student_summary`` was changed (what an editor's save costs);
- serial: ``--no-cache`` with ``KITGEN_NO_FORK=1``: everything read and checked on one core.

Then the in-process time of ``validate_paths`` (imports done, cache off) and the alias bomb.
A lesson's ``number`` must be 1–99, so 240 lessons cannot share one folder. The large case is
three curriculum folders of 80 lessons each, generated as ``speed.py`` generates them (the six
shipped lessons cloned under new numbers and ids), validated in one call; each folder also reads
its own unit.yaml, profile.yaml, kit file and catalogs.

Each ``kitgen validate`` runs with its bytecode, as an installed kitgen does: the processes write
and read it under a temporary ``PYTHONPYCACHEPREFIX`` (with ``PYTHONDONTWRITEBYTECODE`` set and no
``__pycache__`` beside kitgen's modules, every run would compile them again: about 0.2 s of CPU
before validating anything). The start-up row's untimed first run writes it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import speed  # this folder's speed.py: the script's own folder is first on sys.path

from kitgen.diagnostics import has_errors
from kitgen.fork_map import cores
from kitgen.source import load
from kitgen.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "lessons"
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
FOLDERS, PER_FOLDER = speed.BIG_FOLDERS, speed.BIG_PER_FOLDER

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
)
"""Nine levels of nine aliases: 9**9 (387 million) strings if expanded; kitgen stops at MAX_NODES."""


def generate(root: Path) -> dict[int, list[Path]]:
    """The curricula measured: the shipped lessons copied, 60 lessons, FOLDERS folders of PER_FOLDER."""
    big = [root / f"unit-{f + 1}" for f in range(FOLDERS)]
    for f, folder in enumerate(big):
        speed.generate(SHIPPED, folder, PER_FOLDER, first_id=f * PER_FOLDER + 1)
    for size in (6, 60):  # the warm case edits a lesson: never one of the shipped files
        speed.generate(SHIPPED, root / f"unit-{size}", size)
    return {6: [root / "unit-6"], 60: [root / "unit-60"], FOLDERS * PER_FOLDER: big}


def median_seconds(action: Callable[[], object], runs: int, warm_up: bool) -> float:
    if warm_up:
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(paths: list[Path], *options: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """A fresh ``python -m kitgen validate`` process: its wall and CPU seconds (with its children).
    Exit 0 or 1 is fine, anything else is a failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kitgen", "validate", *options, *map(str, paths)],
        capture_output=True,
        text=True,
        env={**os.environ, **BYTECODE, **(env or {})},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"kitgen validate failed ({done.returncode}):\n{done.stderr}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def in_process(paths: list[Path], expect_errors: bool) -> Callable[[], object]:
    def run() -> None:
        result = validate_paths(paths, cache=False)
        if has_errors(result.diagnostics) != expect_errors:
            raise SystemExit(f"unexpected result for {paths}: {result.diagnostics[:3]}")

    return run


def cli_rows(curricula: dict[int, list[Path]], root: Path, runs: int) -> None:
    """Cold, warm and serial for each size, the cases of one run back to back."""
    cases = ("cold", "warm", "serial")
    seen: dict[tuple[int, str], list[tuple[float, float]]] = {}
    loads = []
    for size, paths in curricula.items():
        lesson = sorted(paths[0].glob("0[1-9]-*.yaml"))[0]
        original = lesson.read_text(encoding="utf-8")
        warm = {"XDG_CACHE_HOME": str(root / f"cache-warm-{size}")}
        cli(paths, env=warm)  # fills the warm cache
        try:
            for run in range(runs):
                cold = {"XDG_CACHE_HOME": str(root / f"cache-cold-{size}-{run}")}
                seen.setdefault((size, "cold"), []).append(cli(paths, env=cold))
                speed.edit_one_word(lesson, original, run)
                seen.setdefault((size, "warm"), []).append(cli(paths, env=warm))
                serial = {"KITGEN_NO_FORK": "1"}
                seen.setdefault((size, "serial"), []).append(cli(paths, "--no-cache", env=serial))
                loads.append(os.getloadavg()[0])
        finally:
            lesson.write_text(original, encoding="utf-8")
    print(f"{'CLI, fresh process':<26} {'lessons':>7} {'wall':>8} {'CPU':>8}  {'per lesson':>10}")
    for (size, case), measured in sorted(
        seen.items(), key=lambda item: (item[0][0], cases.index(item[0][1]))
    ):
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        print(f"{case:<26} {size:>7} {wall:>6.2f} s {cpu:>6.2f} s  {wall * 1000 / size:>7.1f} ms")
    print(f"load average (1 min) during these runs: {min(loads):.2f}–{max(loads):.2f}\n")


BYTECODE: dict[str, str] = {}
"""Where the measured processes keep their bytecode (set by ``main``)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        curricula = generate(root)
        big = curricula[FOLDERS * PER_FOLDER]
        bomb = root / "bomb"
        shutil.copytree(MINIMAL, bomb)
        (bomb / "02-laughs.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        print(
            f"kitgen validate timings, median of {runs} runs (Python {sys.version.split()[0]}, {cores()} cores)"
        )
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        BYTECODE["PYTHONPYCACHEPREFIX"] = str(root / "bytecode")
        cli([root / "nowhere"])  # writes the bytecode
        startup = statistics.median(cli([root / "nowhere"])[0] for _ in range(runs))
        print(f"CLI start-up alone (a missing path, nothing to read): {startup * 1000:.0f} ms\n")
        cli_rows(curricula, root, runs)
        rows = [
            ("shipped lessons/, in process", 6, 12, in_process([SHIPPED], False)),
            (f"{FOLDERS}x{PER_FOLDER} generated, in process", 240, 249, in_process(big, False)),
            ("billion laughs file alone, source.load", 1, 1, lambda: load(bomb / "02-laughs.yaml", "x")),
            ("billion laughs + minimal, in process", 2, 4, in_process([bomb], True)),
        ]
        print(f"{'in process, no cache':<40} {'lessons':>7} {'files':>5} {'median':>10} {'per lesson':>11}")
        for name, lessons, files, action in rows:
            seconds = median_seconds(action, runs, warm_up=True)
            print(
                f"{name:<40} {lessons:>7} {files:>5} {seconds * 1000:>7.0f} ms {seconds * 1000 / lessons:>8.1f} ms"
            )
        print(
            "\nper lesson = median / lessons (unit, profile, kit and catalog files included in the time);"
            f" the 240-lesson case is {FOLDERS} folders because a lesson number is capped at 99."
        )


if __name__ == "__main__":
    main()
