"""WeasyPrint set up for a build's workers on another core while the build plans.

Setting WeasyPrint up (importing it, loading fonts and the stylesheet, writing a first page)
takes about 0.9 s of one core. ``early`` starts a fork server at the start of ``kitgen build``:
a process that imports this module, which sets the writers up (``render.share_set_up``) while
the build loads, validates and composes; the render workers are then forked from it and share
that set-up (``render._workers``), and the build's own process never imports WeasyPrint.

What the set-up needs reaches the server through ``ENVIRONMENT``, set only while it starts.
Rendering for other templates or lessons than the server's forks its workers from its own
process, set up first, as without a server (``serving``); a set-up that fails in the server (a
district's broken stylesheet) is done again in each worker, which fails naming the file it
renders. The server, the resource tracker the fork server needs, and the server's temporary
folder are gone when ``early`` returns, whatever happened.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing import forkserver, resource_tracker
from multiprocessing.context import BaseContext
from pathlib import Path

from .request import Request
from .writers.registry import WRITERS

ENVIRONMENT = "KITGEN_RENDER_SERVER"


@dataclass(frozen=True)
class Server:
    """A running server: where its workers are set up for, and the context that forks them."""

    templates: Path
    assets: Path
    context: BaseContext


_server: Server | None = None


def serving(templates: Path, assets: Path) -> BaseContext | None:
    """The context whose workers come set up for ``templates`` and ``assets``, if one runs."""
    if _server is not None and (_server.templates, _server.assets) == (templates, assets):
        return _server.context
    return None


@contextmanager
def early(templates: Path, assets: Path, request: Request, workers: int | None) -> Iterator[None]:
    """A server set up for the formats ``request`` asks for while the block runs, when workers
    will render PDFs: not for one worker (the build renders in its own process) nor without
    PDFs (the DOCX writer's set-up is cheap). Its string table is that of the first language
    asked for, else English: each document is rendered with its own language's anyway."""
    global _server
    formats = request.formats or tuple(WRITERS)
    language = (request.languages or ("en",))[0]
    cores = workers if workers is not None else os.cpu_count() or 1
    if cores <= 1 or "pdf" not in formats or "forkserver" not in multiprocessing.get_all_start_methods():
        yield
        return
    scratch = tempfile.mkdtemp(prefix="kitgen-render-")  # WeasyPrint's font folder, shared
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])  # each worker would import the script
    os.environ[ENVIRONMENT] = json.dumps([str(templates), str(assets), language, scratch, sorted(formats)])
    try:
        forkserver.ensure_running()
    finally:
        del os.environ[ENVIRONMENT]
    try:
        _server = Server(templates, assets, context)
        yield
    finally:
        _server = None
        _stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _stop() -> None:
    """End the server now, even in the middle of its set-up (a build that renders nothing
    returns before the set-up is done), and wait for it."""
    server: object = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        server._stop()  # type: ignore[attr-defined]  # closes its pipe and socket, reaps it
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]


def _serve() -> None:
    """In the server: set the writers up for the workers it will fork. Ctrl-C is the build's
    to handle (the server starts in its process group)."""
    spec = os.environ.pop(ENVIRONMENT, None)
    if spec is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    templates, assets, language, scratch, formats = json.loads(spec)
    from . import render

    render.share_set_up(formats, Path(templates), Path(assets), language, scratch)


_serve()
