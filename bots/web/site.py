"""Pages: the demo company's website, the public help center, the widget's files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool as run

from assistant.crm import scope
from assistant.crm.knowledge import article_url, search_articles, sections
from assistant.crm.models import Article
from assistant.crm.principal import ANONYMOUS
from bots.web.hub import Hub
from bots.web.identity import mint_token

STATIC = Path(__file__).parent / "static"
DEMO_COOKIE = "deskhand_demo"
# The demo website's own "login": a fixed pair of portal contacts, never an arbitrary email.
PERSONAS = {
    "dana": ("dana@acme.example", "Dana Ruiz", "Acme"),
    "hank": ("hank@globex.example", "Hank Scorpio", "Globex"),
}
router = APIRouter()


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """Render a page; on the demo site, a signed-in persona gets a freshly minted token."""
    hub: Hub = request.app.state.hub
    demo = hub.settings.web_demo_site
    persona = PERSONAS.get(request.cookies.get(DEMO_COOKIE, "")) if demo else None
    token = None
    if persona:
        secret = hub.settings.widget_secret.get_secret_value()
        token = mint_token(secret, persona[0], ttl_s=hub.settings.widget_token_ttl_s)
    context |= {"demo": demo, "persona": persona, "personas": PERSONAS, "token": token}
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    return _page(request, "home.html")


@router.post("/demo/sign-in")
async def sign_in(request: Request, who: str = "dana") -> Response:
    hub: Hub = request.app.state.hub
    response = RedirectResponse("/", status_code=303)
    if hub.settings.web_demo_site and who in PERSONAS:
        response.set_cookie(DEMO_COOKIE, who, httponly=True, samesite="lax", max_age=86400)
    return response


@router.post("/demo/sign-out")
async def sign_out() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(DEMO_COOKIE)
    return response


def _articles(hub: Hub, query: str) -> list[dict]:
    with hub.store.read() as s:
        if query:
            hits = search_articles(s, ANONYMOUS, query, limit=20)
            return [{"title": h.title, "url": h.url, "excerpt": h.excerpt[:240]} for h in hits]
        rows = s.scalars(select(Article).where(scope.articles(ANONYMOUS)).order_by(Article.title))
        return [
            {"title": a.title, "url": article_url(a.slug), "excerpt": sections(a.body)[0][1][:240]}
            for a in rows
        ]


@router.get("/kb", response_class=HTMLResponse)
async def help_center(request: Request, q: str = "") -> HTMLResponse:
    hub: Hub = request.app.state.hub
    query = q.strip()[:200]
    articles = await run(_articles, hub, query)
    return _page(request, "kb_list.html", query=query, articles=articles)


def _article(hub: Hub, slug: str) -> Article | None:
    with hub.store.read() as s:
        return s.scalar(select(Article).where(Article.slug == slug, scope.articles(ANONYMOUS)))


@router.get("/kb/{slug}", response_class=HTMLResponse)
async def article(request: Request, slug: str) -> HTMLResponse:
    hub: Hub = request.app.state.hub
    found = await run(_article, hub, slug[:200])
    if found is None:  # internal articles are "not found" too
        return _page(request, "not_found.html", status=404)
    body = request.app.state.render(found.body)
    return _page(request, "kb_article.html", article=found, body=body)


@router.get("/widget.js")
async def widget_js() -> FileResponse:
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"cache-control": "public, max-age=300"},
    )


@router.get("/widget.css")
async def widget_css() -> FileResponse:
    return FileResponse(
        STATIC / "widget.css",
        media_type="text/css; charset=utf-8",
        headers={"cache-control": "public, max-age=300"},
    )
