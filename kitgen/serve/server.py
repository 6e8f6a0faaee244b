"""Runs the preview on 127.0.0.1 with uvicorn until Ctrl-C, which stops it quietly.

The socket is bound here, before uvicorn starts, so the URL printed (and opened) is the one
served, and a port chosen by the system (``--port`` not given) is free by construction.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from pathlib import Path
from types import FrameType

import click
import uvicorn

from ..build import default_templates
from ..diagnostics import display_path
from ..init import curriculum_folder
from .app import Live, create_app
from .downloads import Downloads
from .hub import Hub
from .preview import Preview
from .terminal import report

HOST = "127.0.0.1"


class _Server(uvicorn.Server):
    """uvicorn's server, which also ends the open pages' event streams when asked to stop, so it
    does not wait on them."""

    def __init__(self, config: uvicorn.Config, hub: Hub) -> None:
        super().__init__(config)
        self.hub = hub

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        with contextlib.suppress(RuntimeError):  # not started yet: nothing to end
            asyncio.get_running_loop().call_soon_threadsafe(self.hub.close)


def listen(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1, on ``port`` or a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port or 0))
        sock.listen()
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    return sock


def serve(
    lessons: Path,
    port: int | None = None,
    open_browser: bool = False,
    profile: Path | None = None,
    templates: Path | None = None,
) -> None:
    """Preview ``lessons`` (a project made by ``kitgen init`` names its ``lessons/``) until Ctrl-C:
    report the first refresh, print the URL, watch and serve. ``profile`` replaces the folder's
    profile.yaml and ``templates`` the templates found beside it, as in ``kitgen build``."""
    lessons = curriculum_folder(lessons)
    sock = listen(port)
    templates = templates or default_templates(lessons)
    preview = Preview(lessons, templates, profile=profile)
    report(preview.refresh())
    hub = Hub()
    watched = [lessons, templates, *([profile] if profile is not None else [])]
    live = Live(preview, Downloads(templates, lessons), hub, watched)
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    click.echo(f"previewing {display_path(lessons)} at {url} (Ctrl-C stops)")
    config = uvicorn.Config(
        create_app(live), log_level="warning", access_log=False, timeout_graceful_shutdown=2
    )
    if open_browser:
        click.launch(url)
    try:
        _Server(config, hub).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled, once it has stopped
        pass
    finally:
        sock.close()
    click.echo("preview stopped")
