"""Run one function over many items on every core, for validating big curriculum folders.

Reading 240 lesson files and composing and scoring 240 handouts is CPU work on independent
items. A forked child inherits everything already loaded (modules, the curriculum), so nothing
is sent to it; only its results come back, pickled through a pipe. Where forking is unsafe or
not worth it (no ``os.fork``, one core, other threads running, as in ``kitgen serve``, few
items) the items are worked through in this process, with the same results. A child that fails
in any way has the items it took done again here: the answer never depends on the children. On a
machine whose cores are all busy with other work, forking is not worth it either (``busy``).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 24
"""Fewer items than this are worked through here: forking and pickling would cost more."""
MAXIMUM = 16_384
"""More items than this are worked through here: their queue, 4 bytes an item, is written whole
before the forks, and a pipe holds 64 KiB."""
OFF = "KITGEN_NO_FORK"
"""Set (to anything) to keep all the work in this process."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def busy() -> bool:
    """Whether the machine has no core to spare: its load average over the last minute is half a
    process more than its cores. A child then only takes turns with this process, and forking
    costs CPU, as a child copies every page of this process it touches: validating 240 lessons
    took this process 1.6 s of CPU instead of 2.1 s, and all processes 2.6 s instead of 2.1 s."""
    try:
        return os.getloadavg()[0] >= cores() + 0.5
    except (AttributeError, OSError):  # no load average on this system
        return False


def _workers(items: int, minimum: int) -> int:
    """One process per core, each with at least half of ``minimum`` items; one when forking is
    unsafe or would not help."""
    if (
        not minimum <= items <= MAXIMUM
        or os.environ.get(OFF)
        or not hasattr(os, "fork")
        or threading.active_count() > 1
    ):
        return 1
    return 1 if busy() else max(1, min(cores(), 2 * items // minimum))


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    minimum: int = MINIMUM,
    beside: Callable[[], object] | None = None,
) -> list[R]:
    """``[func(item) for item in items]``, shared between this process and forked children.

    Each process takes the next item as soon as it is free (its index, from a pipe filled before
    the forks), so a process that is slower, or busy with ``beside`` (this process's other work,
    run here once while the children start on the items), does fewer of them."""
    started = Started(func, items, minimum)
    try:
        if beside is not None:
            beside()
    except BaseException:
        started.cancel()
        raise
    return started.finish()


class Started(Generic[T, R]):
    """``fork_map`` begun: the children (if any) are working through the items; ``finish``
    works through the rest here and gathers everything, ``cancel`` stops the children. A caller
    may start the work long before it needs the results (``read_ahead``)."""

    def __init__(self, func: Callable[[T], R], items: Sequence[T], minimum: int = MINIMUM):
        self.func, self.items = func, items
        self.children: list[tuple[int, int]] = []
        self.queue = -1
        count = _workers(len(items), minimum)
        if count == 1:
            return
        self.queue, filling = os.pipe()
        os.write(filling, b"".join(i.to_bytes(4, "big") for i in range(len(items))))
        os.close(filling)
        self.children = [_start(func, items, self.queue) for _ in range(count - 1)]

    def finish(self) -> list[R]:
        """Every item's result, in order: the items no child took are done here."""
        func, items = self.func, self.items
        if self.queue == -1:
            return [func(item) for item in items]
        results: dict[int, R] = {}
        try:
            for i in _taken(self.queue):
                results[i] = func(items[i])
        except BaseException:  # an error or Ctrl-C here: the children's work is not wanted
            self.cancel()
            raise
        os.close(self.queue)
        self.queue = -1
        for pid, reader in self.children:
            results.update(_collect(pid, reader))
        self.children = []
        return [results[i] if i in results else func(items[i]) for i in range(len(items))]

    def cancel(self) -> None:
        """Stop and wait for the children; their work is dropped."""
        for pid, reader in self.children:
            os.kill(pid, signal.SIGKILL)
            os.close(reader)
            os.waitpid(pid, 0)
        self.children = []
        if self.queue != -1:
            os.close(self.queue)
            self.queue = -1


def _taken(queue: int) -> Iterator[int]:
    """The indices this process takes from the queue, one at a time, until it is empty. Every
    index was written before any process reads, 4 bytes each, and the kernel serves each read
    whole, so no two processes get the same index."""
    while len(data := os.read(queue, 4)) == 4:
        yield int.from_bytes(data, "big")


def _start(func: Callable[[T], R], items: Sequence[T], queue: int) -> tuple[int, int]:
    """A child working through the items it takes from ``queue``; its pid and the pipe its
    pickled results (by index) come through."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(reader)
            done = {i: func(items[i]) for i in _taken(queue)}
            with os.fdopen(writer, "wb") as out:
                pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffered output twice
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> dict[int, Any]:
    """The child's results by index, or none when it failed (its items are then done again
    here); it is always waited for."""
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return {}
    collecting = gc.isenabled()
    gc.disable()  # every object unpickled is new and kept: collections find nothing (0.3 s for
    try:  # the plan of a 60-lesson kit, 0.07 s without them)
        results = pickle.loads(data)
    except Exception:  # a truncated pipe: the child's items are done again here
        return {}
    finally:
        if collecting:
            gc.enable()
    return results if isinstance(results, dict) else {}
