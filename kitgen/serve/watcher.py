"""Watches the curriculum and templates folders and refreshes the preview when a file is saved.

``watchfiles`` (inotify on Linux) reports a save within milliseconds; changes are grouped for
50 ms so an editor's write-then-rename counts once. The refresh runs in a thread, so pages and
downloads keep being served meanwhile; every open page is told as each document is ready.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from watchfiles import awatch

from .hub import Hub
from .preview import Preview, Snapshot


async def watch(
    paths: list[Path],
    preview: Preview,
    hub: Hub,
    report: Callable[[Snapshot], None],
    stop: asyncio.Event,
) -> None:
    """Refresh, report and notify after each batch of changes, until ``stop`` is set."""
    loop = asyncio.get_running_loop()

    def publish() -> None:  # from the refresh's thread, for each document ready before the last
        loop.call_soon_threadsafe(hub.notify)

    async for _ in awatch(*paths, stop_event=stop, step=50, debounce=500):
        snapshot = await asyncio.to_thread(preview.refresh, publish)
        report(snapshot)
        hub.notify()
