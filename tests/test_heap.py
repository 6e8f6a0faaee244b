"""heap.release gives a process's freed memory back to the system, and only when it is big."""

from __future__ import annotations

import sys

import pytest

from kitgen import heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim and /proc")
def test_release_gives_freed_heap_back() -> None:
    blocks = [bytearray(2048) for _ in range(100_000)]  # 200 MB through malloc
    del blocks[: len(blocks) - 1]  # the last block keeps the heap's top from shrinking by itself
    before = heap.resident_mb()
    assert heap.release(above_mb=0)
    assert heap.resident_mb() < before - 100


def test_a_small_process_is_left_alone() -> None:
    assert not heap.release(above_mb=10**6)
