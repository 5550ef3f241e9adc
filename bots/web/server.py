"""Running the app on uvicorn with deskhand's limits (used by `deskhand serve`, tests, bench)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.importer import import_from_string

from assistant.settings import Settings


def _options(settings: Settings) -> dict[str, Any]:
    """uvicorn's defaults, tightened: messages stop at our frame cap (1009) instead of 16 MiB,
    and no per-message compression (deflating each small token frame cost more than it saved).
    """
    return {
        "ws_max_size": settings.web_max_frame_bytes,
        "ws_per_message_deflate": False,
        "ws_ping_interval": 20.0,
        "ws_ping_timeout": 20.0,
        "timeout_keep_alive": 5,
        "server_header": False,
        "log_config": None,  # deskhand's logging (DESKHAND_HOME/deskhand.log) stays in charge
        "log_level": "warning",
    }


def uvicorn_config(app: FastAPI, settings: Settings, *, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, **_options(settings))


def serve(
    settings: Settings, *, host: str, port: int, factory: str = "bots.web.app:app_from_env"
) -> None:
    """Run until stopped. With `web_workers` > 1, each worker process builds its own app from
    `factory` (an import string) and enforces its share of the limits; Python runs one turn's
    agent code at a time per process, so on an N-core machine N workers carry N times the load.
    """
    if settings.web_workers > 1:
        uvicorn.run(
            factory,
            factory=True,
            host=host,
            port=port,
            workers=settings.web_workers,
            **_options(settings),
        )
        return
    app = import_from_string(factory)()
    uvicorn.Server(uvicorn_config(app, settings, host=host, port=port)).run()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def running(
    app: FastAPI, settings: Settings, *, host: str = "127.0.0.1", port: int | None = None
) -> Iterator[str]:
    """Serve `app` in a background thread (on a free port by default); yields its base URL."""
    port = port or free_port(host)
    server = uvicorn.Server(uvicorn_config(app, settings, host=host, port=port))
    thread = threading.Thread(target=server.run, name="deskhand-web", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the web server did not start")
            thread.join(0.02)
        yield f"http://{host}:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)
