"""fork_map gives what a list comprehension gives, whether the work is shared with forked
children, kept here (other threads running), or redone here after a child fails."""

from __future__ import annotations

import os
import threading

import pytest

from kitgen import fork_map as fm


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fm, "cores", lambda: 2)
    monkeypatch.delenv(fm.OFF, raising=False)


def test_the_work_is_shared_and_the_results_come_back_in_order(two_cores: None) -> None:
    results = fm.fork_map(lambda n: (n * n, os.getpid()), list(range(40)), minimum=4)
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert {pid for _, pid in results} - {os.getpid()}  # some were worked out in a child


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
