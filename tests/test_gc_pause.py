"""Validation runs with fewer garbage collections and leaves the collector as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

from kitgen.gc_pause import THRESHOLD, fewer_collections
from kitgen.validate import validate_folder


def test_the_collector_is_tuned_during_the_call_and_restored_after(minimal: Path) -> None:
    gc.unfreeze()  # what earlier tests froze: a frozen object that dies leaves the count anyway
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    seen: list[tuple[tuple[int, int, int], int]] = []

    @fewer_collections
    def probe() -> None:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))

    probe()
    assert seen[0][0] == THRESHOLD and seen[0][1] > 0  # what lived before is frozen
    validate_folder(minimal)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_objects_frozen_by_the_caller_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        fewer_collections(lambda: None)()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
