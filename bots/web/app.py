"""`create_app(settings)`: the web chat server. Nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from assistant import providers
from assistant.crm.db import Store
from assistant.runner import Assistant
from assistant.settings import Settings
from bots.web import chat, health, render, site, warmup
from bots.web.headers import SecurityHeaders
from bots.web.hub import Hub
from bots.web.identity import DEV_SECRET_WARNING
from bots.web.limits import BodyLimit
from bots.web.notify import Notifier, build_notifier

log = logging.getLogger(__name__)
HERE = Path(__file__).parent


def create_app(
    settings: Settings,
    store: Store | None = None,
    assistant: Assistant | None = None,
    *,
    notifier: Notifier | None = None,
    relay_interval_s: float = 2.0,
    warm: bool = False,
) -> FastAPI:
    """The FastAPI app: chat WebSocket at /chat, widget, help center, demo site, health.

    `warm` readies the process at startup (`bots.web.warmup`), as `deskhand serve` does.
    """
    own_store = store is None
    store = store or Store.open(
        settings.resolved_database_url(), busy_timeout_ms=settings.busy_timeout_ms
    )
    hub = Hub(
        settings=settings,
        store=store,
        assistant=assistant or Assistant(settings, store),
        notifier=notifier or build_notifier(settings),
        relay_interval_s=relay_interval_s,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.widget_secret_is_default:
            log.warning(DEV_SECRET_WARNING)
        log.info("web chat up; brain: %s", providers.describe(settings))
        if warm:
            warmup.warm(hub)
        from retrieval.sync import BackgroundSyncer

        # Loads the search index, then applies the outbox: a change is searchable within 1 s.
        syncer = BackgroundSyncer(
            hub.assistant.search, interval_s=settings.index_sync_interval_s
        ).start()
        yield
        syncer.stop()
        if own_store:
            store.dispose()

    app = FastAPI(
        title="deskhand web chat",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.hub = hub
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    md = render.markdown()
    app.state.render = lambda text: render.to_html(md, text)
    app.include_router(site.router)
    app.include_router(chat.router)
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, max_bytes=settings.web_max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_env() -> FastAPI:
    """The app as `deskhand serve` runs it (each worker process calls this): settings from the
    environment, logging to DESKHAND_HOME/deskhand.log."""
    from assistant.cli.runtime import setup_logging

    settings = Settings()
    setup_logging(settings)
    return create_app(settings, warm=True)
