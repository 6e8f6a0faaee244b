"""Tells every open preview page that the documents changed, as server-sent events.

Each page keeps one ``EventSource`` open. On every refresh, and once on connecting, it is sent
the token of every page (see ``Snapshot.token``); a page whose own token differs reloads. On
shutdown the streams end at once, so the server never waits on an open page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable

KEEP_ALIVE_SECONDS = 15.0


class Hub:
    """The latest tokens and a wake-up for the streams waiting on them (one event loop)."""

    def __init__(self) -> None:
        self.version = 0
        self.closed = False
        self._changed = asyncio.Event()

    def notify(self) -> None:
        """The documents changed: wake every stream."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closed = True
        self._changed.set()

    async def stream(self, tokens: Callable[[], dict[str, str]]) -> AsyncIterator[str]:
        """Server-sent events: the tokens now, after each change, and every so often to keep
        the connection from idling out."""
        while not self.closed:
            seen = self.version
            yield f"data: {json.dumps(tokens(), sort_keys=True)}\n\n"
            if self.version == seen and not self.closed:  # no change while the event was sent
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), KEEP_ALIVE_SECONDS)
