"""fork_map gives what a list comprehension gives, whether the work is shared with forked
children, kept here (other threads running), or redone here after a child fails."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from kitgen import fork_map as fm
from kitgen import validation_cache
from kitgen.validate import validate_paths


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fm, "cores", lambda: 2)
    monkeypatch.setattr(fm, "busy", lambda: False)
    monkeypatch.delenv(fm.OFF, raising=False)


def slowly(n: int) -> tuple[int, int]:
    time.sleep(0.005)
    return n * n, os.getpid()


def test_the_work_is_shared_and_the_results_come_back_in_order(two_cores: None) -> None:
    results = fm.fork_map(slowly, list(range(40)), minimum=4)
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert {pid for _, pid in results} - {os.getpid()}  # some were worked out in a child


def test_work_beside_runs_here_once_while_the_children_take_the_items(two_cores: None) -> None:
    """A process takes the next item when it is free: busy with its other work, this process
    leaves the items to its child."""
    ran: list[int] = []
    results = fm.fork_map(slowly, list(range(40)), minimum=4, beside=lambda: (time.sleep(0.5), ran.append(1)))
    assert [square for square, _ in results] == [n * n for n in range(40)] and ran == [1]
    assert sum(pid == os.getpid() for _, pid in results) < 20
    for few in ([], [1, 2]):  # no child: it runs all the same
        assert fm.fork_map(slowly, few, minimum=4, beside=lambda: ran.append(2)) == [slowly(n) for n in few]
    assert ran == [1, 2, 2]


def test_few_items_or_other_threads_keep_the_work_here(two_cores: None) -> None:
    assert {pid for pid in fm.fork_map(lambda _: os.getpid(), list(range(3)), minimum=4)} == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = fm.fork_map(lambda _: os.getpid(), list(range(40)), minimum=4)
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}


def test_a_child_that_dies_has_its_share_done_here(two_cores: None) -> None:
    parent = os.getpid()

    def square(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        return n * n

    assert fm.fork_map(square, list(range(40)), minimum=4) == [n * n for n in range(40)]


def test_it_can_be_turned_off(two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fm.OFF, "1")
    assert set(fm.fork_map(lambda _: os.getpid(), list(range(40)), minimum=4)) == {os.getpid()}


def test_a_big_folder_read_on_two_cores_says_what_one_core_says(
    two_cores: None, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lessons read in a child come back with their marks: its errors are located as here."""
    text = (minimal / "01-test-lesson.yaml").read_text(encoding="utf-8")
    for n in range(2, 31):
        lesson = text.replace("id: test-lesson", f"id: test-lesson-{n}").replace("number: 1", f"number: {n}")
        (minimal / f"{n:02d}-test-lesson.yaml").write_text(lesson, encoding="utf-8")
    edited = minimal / "29-test-lesson.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("student_summary:", "look_for: x\nstudent_summary:")
    )
    (minimal / "30-test-lesson.yaml").write_text("id: broken\n  number: 30\n", encoding="utf-8")
    monkeypatch.setenv(validation_cache.OFF, "1")
    shared = validate_paths([minimal]).diagnostics
    monkeypatch.setenv(fm.OFF, "1")
    assert shared == validate_paths([minimal]).diagnostics
    codes = {(d.file, d.line, d.code) for d in shared}
    assert ("lessons/29-test-lesson.yaml", 7, "unknown-field") in codes
    assert ("lessons/30-test-lesson.yaml", 2, "yaml-syntax") in codes


def test_an_error_here_stops_the_children(two_cores: None) -> None:
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() == parent:
            raise ValueError("broken")
        return n

    with pytest.raises(ValueError, match="broken"):
        fm.fork_map(work, list(range(40)), minimum=4)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind, not even a zombie


def test_a_busy_machine_keeps_the_work_here(two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fm, "busy", lambda: True)
    assert set(fm.fork_map(lambda _: os.getpid(), list(range(40)), minimum=4)) == {os.getpid()}


def test_busy_is_a_load_average_over_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fm, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.6, 0.0, 0.0))
    assert fm.busy()
    monkeypatch.setattr(os, "getloadavg", lambda: (1.4, 9.0, 9.0))  # the last minute counts
    assert not fm.busy()


def test_collection_is_paused_only_while_a_child_s_results_are_unpickled(two_cores: None) -> None:
    assert gc.isenabled()
    fm.fork_map(slowly, range(40), minimum=4)
    assert gc.isenabled(), "turned back on"
    gc.disable()
    try:
        fm.fork_map(slowly, range(40), minimum=4)
        assert not gc.isenabled(), "left off where the caller had turned it off"
    finally:
        gc.enable()
