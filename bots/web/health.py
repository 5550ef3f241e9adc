"""`/healthz` (the process answers) and `/readyz` (database, knowledge index, model)."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool as run

from assistant.crm import scope
from assistant.crm.models import Article
from assistant.crm.principal import ANONYMOUS
from assistant.errors import DeskhandError
from bots.web.hub import Hub

log = logging.getLogger(__name__)
router = APIRouter()
CACHE_S = 5.0
PROBE_TIMEOUT_S = 3.0


def _database(hub: Hub) -> str:
    try:
        return "ok" if hub.store.is_migrated() else "not set up: run `deskhand init`"
    except DeskhandError as exc:
        return str(exc)


def _index(hub: Hub) -> str:
    try:
        with hub.store.read() as s:
            count = s.scalar(
                select(func.count()).select_from(Article).where(scope.articles(ANONYMOUS))
            )
    except DeskhandError as exc:
        return str(exc)
    return "ok" if count else "empty: no public knowledge articles"


def _model(hub: Hub) -> str:
    try:
        model = hub.assistant.model
    except DeskhandError:
        return "not configured"
    if not hasattr(model, "openai_api_base"):  # in this process (scripted, embedded)
        return "ok"
    base = model.openai_api_base or "https://api.openai.com/v1"
    key = getattr(model, "openai_api_key", None)
    headers = {"authorization": f"Bearer {key.get_secret_value()}"} if key else {}
    try:
        reply = httpx.get(f"{base.rstrip('/')}/models", headers=headers, timeout=PROBE_TIMEOUT_S)
    except httpx.HTTPError as exc:
        log.warning("model endpoint %s unreachable: %r", base, exc)
        return "unreachable"
    if reply.status_code in (401, 403):
        return "rejected our API key"
    return "ok" if reply.status_code < 500 else f"error {reply.status_code}"


def check(hub: Hub) -> dict[str, Any]:
    checks = {"database": _database(hub), "index": _index(hub), "model": _model(hub)}
    return {"ready": all(v == "ok" for v in checks.values()), "checks": checks}


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    state = request.app.state
    cached = getattr(state, "ready_cache", None)
    if cached is None or time.monotonic() - cached[0] > CACHE_S:
        cached = (time.monotonic(), await run(check, state.hub))
        state.ready_cache = cached
    body = cached[1]
    return JSONResponse(body, status_code=200 if body["ready"] else 503)
