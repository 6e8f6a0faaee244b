"""The preview's web app (Starlette): the index, each document as a page, PDF and DOCX on
request, the files those pages load, and the stream that tells open pages to reload.

Every path is answered from the latest refresh; nothing is read from disk but the files
``files.safe_file`` allows, and nothing is ever written.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..diagnostics import display_path
from ..writers.pdf import font_dir
from ..writers.registry import WRITERS
from .documents import IMAGES
from .downloads import MEDIA_TYPES, Downloads
from .files import CONTENT_TYPES, Root, safe_file
from .hub import Hub
from .pages import document_page, error_page, index_page, shipped_templates
from .preview import Preview, Snapshot
from .terminal import report
from .watcher import watch

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
"""What a document's name looks like; anything else is not a page of the preview."""

HOSTS = ["127.0.0.1", "localhost"]
"""The names the preview answers to: a page elsewhere whose name was pointed at 127.0.0.1 (DNS
rebinding) gets 400, not the curriculum."""


@dataclass
class Live:
    """What the app serves from: the preview, its downloads, the reload stream, what to watch."""

    preview: Preview
    downloads: Downloads
    hub: Hub = field(default_factory=Hub)
    watched: list[Path] = field(default_factory=list)
    """Folders whose changes refresh the preview; empty: refreshed only by calling it."""
    report: Callable[[Snapshot], None] = report


def _not_found() -> Response:
    return PlainTextResponse("Not found. The index at / lists the documents.", status_code=404)


def create_app(live: Live) -> Starlette:
    """The app over ``live``; its lifespan watches ``live.watched`` while it runs."""
    preview = live.preview
    roots = {
        "templates": Root(preview.templates, frozenset({".css"})),
        "preview": Root(shipped_templates(), frozenset({".css"})),
        "fonts": Root(font_dir(), frozenset({".ttf"})),
        "assets": Root(preview.lessons, IMAGES),
    }

    def tokens() -> dict[str, str]:
        snapshot = preview.snapshot
        return {name: snapshot.token(name) for name in ("*", "index", *snapshot.documents)}

    async def index(request: Request) -> Response:
        return HTMLResponse(index_page(preview.snapshot, display_path(preview.lessons)))

    async def events(request: Request) -> Response:
        return StreamingResponse(
            live.hub.stream(tokens), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    async def static(request: Request) -> Response:
        root = roots.get(request.path_params["root"])
        found = safe_file(root, request.path_params["path"]) if root else None
        if found is None:
            return _not_found()
        return FileResponse(found, media_type=CONTENT_TYPES[found.suffix.lower()])

    async def page(request: Request) -> Response:
        name, snapshot = request.path_params["name"], preview.snapshot
        if snapshot.failed and NAME.fullmatch(name):
            return HTMLResponse(error_page(snapshot, name))
        doc = snapshot.documents.get(name)
        return HTMLResponse(document_page(doc, snapshot)) if doc else _not_found()

    async def download(request: Request) -> Response:
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        doc = preview.snapshot.documents.get(name)
        if doc is None or doc.tree is None or fmt not in WRITERS or preview.snapshot.failed:
            return _not_found()
        data = await asyncio.to_thread(live.downloads.get, doc, fmt)
        live.downloads.forget({kept.key for kept in preview.snapshot.documents.values()})
        disposition = "inline" if fmt == "pdf" else "attachment"
        return Response(
            data,
            media_type=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'{disposition}; filename="{name}.{fmt}"'},
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = (
            asyncio.create_task(watch(live.watched, preview, live.hub, live.report, stop))
            if live.watched
            else None
        )
        try:
            yield
        finally:
            stop.set()
            live.hub.close()
            if task is not None:
                await task
            live.downloads.close()

    routes = [
        Route("/", index),
        Route("/preview/events", events),
        Route("/{root:str}/{path:path}", static),
        Route("/{name:str}.{fmt:str}", download),
        Route("/{name:str}", page),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=HOSTS)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
