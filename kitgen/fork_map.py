"""Run one function over many items on every core, for validating big curriculum folders.

Reading 240 lesson files and composing and scoring 240 handouts is CPU work on independent
items. A forked child inherits everything already loaded (modules, the curriculum), so nothing
is sent to it; only its results come back, pickled through a pipe. Where forking is unsafe or
not worth it (no ``os.fork``, one core, other threads running, as in ``kitgen serve``, few
items) the items are worked through in this process, with the same results. A child that fails
in any way has its share done again here: the answer never depends on the children. On a
machine whose cores are all busy with other work, forking is not worth it either (``busy``).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 24
"""Fewer items than this are worked through here: forking and pickling would cost more."""
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
    if items < minimum or os.environ.get(OFF) or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return 1 if busy() else max(1, min(cores(), 2 * items // minimum))


def fork_map(func: Callable[[T], R], items: Sequence[T], minimum: int = MINIMUM) -> list[R]:
    """``[func(item) for item in items]``, shared between this process and forked children."""
    count = _workers(len(items), minimum)
    if count == 1:
        return [func(item) for item in items]
    bounds = [len(items) * i // count for i in range(count + 1)]
    shares = [items[bounds[i] : bounds[i + 1]] for i in range(count)]
    children = [_start(func, share) for share in shares[1:]]
    try:
        results = [func(item) for item in shares[0]]
    except BaseException:  # an error or Ctrl-C here: the children's work is not wanted
        for pid, reader in children:
            os.kill(pid, signal.SIGKILL)
            os.close(reader)
            os.waitpid(pid, 0)
        raise
    for (pid, reader), share in zip(children, shares[1:], strict=True):
        results += _collect(pid, reader, len(share)) or [func(item) for item in share]
    return results


def _start(func: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    """A child working through ``share``; its pid and the pipe its pickled results come through."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                pickle.dump([func(item) for item in share], out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffered output twice
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int, expected: int) -> list[Any] | None:
    """The child's results, or None when it failed (it is always waited for)."""
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        results = pickle.loads(data)
    except Exception:  # a truncated pipe: the child's share is done again here
        return None
    return results if isinstance(results, list) and len(results) == expected else None
