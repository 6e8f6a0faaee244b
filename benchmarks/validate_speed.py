"""How long ``kitgen validate`` takes: on the shipped lessons, on 240 generated lessons, and to refuse a bomb.

Not a test: run it by hand (``python benchmarks/validate_speed.py [--runs N]``) to see whether
validation stays fast enough to run on every save and in CI. It prints medians over a few runs,
for ``validate_paths`` in this process (after one untimed warm-up) and for the CLI as a fresh
subprocess each time (cold: interpreter start and imports included).

A lesson's ``number`` must be 1–99, so 240 lessons cannot share one folder. The large case is
three curriculum folders of 80 lessons each, generated as ``speed.py`` generates them (the six
shipped lessons cloned under new numbers and ids), validated in one call; each folder also reads
its own unit.yaml, profile.yaml and kit file. ``speed.py`` times the same call among the other
build measurements; this script adds the in-process times and the alias bomb.
"""

from __future__ import annotations

import argparse
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


def generate(root: Path) -> list[Path]:
    """FOLDERS curriculum folders of PER_FOLDER lessons each, as speed.py generates them."""
    folders = [root / f"unit-{f + 1}" for f in range(FOLDERS)]
    for f, folder in enumerate(folders):
        speed.generate(SHIPPED, folder, PER_FOLDER, first_id=f * PER_FOLDER + 1)
    return folders


def median_seconds(action: Callable[[], object], runs: int, warm_up: bool) -> float:
    if warm_up:
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli(paths: list[Path]) -> Callable[[], object]:
    """A fresh ``python -m kitgen validate`` process; exit 0 or 1 is fine, anything else is a failure."""

    def run() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "kitgen", "validate", *map(str, paths)], capture_output=True, text=True
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"kitgen validate failed ({done.returncode}):\n{done.stderr}")

    return run


def in_process(paths: list[Path], expect_errors: bool) -> Callable[[], object]:
    def run() -> None:
        result = validate_paths(paths)
        if has_errors(result.diagnostics) != expect_errors:
            raise SystemExit(f"unexpected result for {paths}: {result.diagnostics[:3]}")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (default 3)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generated = generate(root)
        bomb = root / "bomb"
        shutil.copytree(MINIMAL, bomb)
        (bomb / "02-laughs.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        startup = median_seconds(cli([root / "nowhere"]), runs, warm_up=False)
        rows = [
            ("shipped lessons/, in process", 6, 12, in_process([SHIPPED], False), True),
            ("shipped lessons/, CLI cold", 6, 12, cli([SHIPPED]), False),
            (f"{FOLDERS}x{PER_FOLDER} generated, in process", 240, 249, in_process(generated, False), True),
            (f"{FOLDERS}x{PER_FOLDER} generated, CLI cold", 240, 249, cli(generated), False),
            (
                "billion laughs file alone, source.load",
                1,
                1,
                lambda: load(bomb / "02-laughs.yaml", "x"),
                True,
            ),
            ("billion laughs + minimal, in process", 2, 4, in_process([bomb], True), True),
            ("billion laughs + minimal, CLI cold", 2, 4, cli([bomb]), False),
        ]
        print(f"kitgen validate timings, median of {runs} runs (Python {sys.version.split()[0]})")
        print(f"CLI start-up alone (a missing path, nothing to read): {startup * 1000:.0f} ms\n")
        print(f"{'case':<40} {'lessons':>7} {'files':>5} {'median':>10} {'per lesson':>11}")
        for name, lessons, files, action, warm in rows:
            seconds = median_seconds(action, runs, warm_up=warm)
            print(
                f"{name:<40} {lessons:>7} {files:>5} {seconds * 1000:>7.0f} ms {seconds * 1000 / lessons:>8.1f} ms"
            )
        print(
            "\nper lesson = median / lessons (unit and profile files included in the time);"
            f" the generated case is {FOLDERS} folders because a lesson number is capped at 99."
        )


if __name__ == "__main__":
    main()
