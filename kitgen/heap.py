"""Giving freed memory back to the system after a big job.

A PDF join (pikepdf) or a long layout frees most of what it allocated, but glibc keeps the freed
pages in the process's heap: joining 60 handouts left a process at 225 MB, and
``malloc_trim(0)`` took it back to 38 MB in 25 ms. A worker or the parent that has done one big
job would otherwise hold its peak for the rest of the build, beside the others' peaks. Garbage
cycles are collected first: with the raised collection threshold they pile up between full
collections (the whole-unit kit rendered in one process peaked at 206 MB without a collection
after each job, 168 MB with, same CPU). Only above ``TRIM_ABOVE_MB``: below it, collecting and
releasing pages that the next job faults in again costs more than it saves.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Callable
from functools import cache

TRIM_ABOVE_MB = 150
"""A process resident above this many MB after a job gives its free heap back."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None
    return trim


def resident_mb() -> float:
    """This process's resident set size in MB (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def release(above_mb: float = TRIM_ABOVE_MB) -> bool:
    """When this process is resident above ``above_mb``: collect the garbage cycles that the
    raised collection threshold (``render.GC_THRESHOLD``) leaves for later, and give the heap's
    free pages back. Whether it did."""
    if resident_mb() <= above_mb:
        return False
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    return True
