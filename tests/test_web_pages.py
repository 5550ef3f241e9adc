"""Pages over real HTTP: security headers everywhere, help center, demo sign-in, health."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from scripted import say
from webchat import DANA, mark_migrated, served

from assistant.crm.enums import Visibility
from assistant.crm.models import Article
from assistant.runner import Assistant
from bots.web.identity import verify_token
from bots.web.server import free_port

PAGES = [
    "/",
    "/kb",
    "/kb?q=sso",
    "/kb/troubleshooting-sign-in-problems",
    "/kb/internal-price-list",
    "/kb/no-such-article",
    "/nowhere",
    "/widget.js",
    "/widget.css",
    "/static/site.css",
    "/healthz",
    "/readyz",
]


def test_every_response_carries_csp_and_security_headers(demo, settings):
    with served(demo, settings) as server:
        responses = [httpx.get(server.url + page) for page in PAGES]
        responses.append(httpx.post(server.url + "/demo/sign-in?who=dana"))
    for page, r in zip([*PAGES, "POST /demo/sign-in"], responses, strict=True):
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, page
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, page
        assert r.headers["x-content-type-options"] == "nosniff", page
        assert r.headers["x-frame-options"] == "DENY", page
        assert "server" not in r.headers, page
    embeddable = {"/widget.js", "/widget.css"}
    for page, r in zip(PAGES, responses, strict=False):
        expected = "cross-origin" if page in embeddable else "same-origin"
        assert r.headers["cross-origin-resource-policy"] == expected, page


def test_help_center_lists_and_searches_public_articles_only(demo, settings):
    with served(demo, settings) as server:
        listing = httpx.get(server.url + "/kb").text
        search = httpx.get(server.url + "/kb", params={"q": "E-4012 sign in"}).text
        article = httpx.get(server.url + "/kb/troubleshooting-sign-in-problems")
        internal = httpx.get(server.url + "/kb/internal-price-list")
    assert "Troubleshooting sign-in problems" in listing
    assert "Internal price list" not in listing and "Discount approval" not in listing
    assert "/kb/troubleshooting-sign-in-problems" in search
    assert article.status_code == 200 and "<h2>" in article.text
    assert internal.status_code == 404 and "price" not in internal.text.lower()


def test_article_markdown_is_rendered_without_raw_html_images_or_script_links(demo, settings):
    body = (
        "Hello <script>alert(1)</script> <b>bold?</b>\n\n"
        "[click](javascript:alert(2)) ![pixel](https://evil.example/p.png) "
        "[docs](https://docs.example/x)\n"
    )
    with demo.write() as s:
        s.add(Article(slug="evil", title="Evil", body=body, visibility=Visibility.PUBLIC, tags=[]))
    with served(demo, settings) as server:
        html = httpx.get(server.url + "/kb/evil").text
    main = html.split('<article class="kb">', 1)[1].split("</article>", 1)[0]
    assert "<script>" not in main and "&lt;script&gt;" in main and "<b>" not in main
    assert "javascript:" not in main.replace("[click](javascript:alert(2))", "")
    assert "<img" not in main
    assert '<a href="https://docs.example/x" rel="nofollow noopener noreferrer">' in main


def test_demo_sign_in_mints_a_token_for_the_persona_only(demo, settings):
    secret = settings.widget_secret.get_secret_value()
    with served(demo, settings) as server:
        with httpx.Client(base_url=server.url) as browser:
            anonymous = browser.get("/").text
            assert "Sign in as Dana Ruiz (Acme)" in anonymous and "data-token" not in anonymous
            browser.post("/demo/sign-in?who=dana")
            signed = browser.get("/").text
            assert "Signed in as Dana Ruiz (Acme)" in signed
            token = signed.split('data-token="', 1)[1].split('"', 1)[0]
            assert verify_token(secret, token) == DANA
            browser.post("/demo/sign-out")
            assert "data-token" not in browser.get("/").text
        forged = httpx.get(server.url + "/", cookies={"deskhand_demo": "priya@northwind.example"})
        assert "data-token" not in forged.text
    with served(demo, settings, web_demo_site=False) as server:
        page = httpx.get(server.url + "/", cookies={"deskhand_demo": "dana"}).text
        assert "Sign in as" not in page and "data-token" not in page


def test_health_and_readiness(demo, settings):
    with served(demo, settings, say("hi")) as server:
        assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}
        unready = httpx.get(server.url + "/readyz")
        assert unready.status_code == 503
        assert unready.json()["checks"]["database"].startswith("not set up")
    mark_migrated(demo)
    with served(demo, settings, say("hi")) as server:
        ready = httpx.get(server.url + "/readyz")
        assert ready.status_code == 200
        assert ready.json() == {
            "ready": True,
            "checks": {"database": "ok", "index": "ok", "model": "ok"},
        }
    remote = settings.model_copy(
        update={"model": "gpt-4o-mini", "base_url": "http://127.0.0.1:9/v1"}
    )
    with served(demo, remote, assistant=Assistant(remote, demo)) as server:
        down = httpx.get(server.url + "/readyz")
        assert down.status_code == 503 and down.json()["checks"]["model"] == "unreachable"


def _serve(env: dict, port: int, **extra: str) -> tuple[int, str, str]:
    server = subprocess.Popen(
        ["deskhand", "serve", "--port", str(port)],
        env={**env, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/")
                kb = httpx.get(f"http://127.0.0.1:{port}/kb?q=password")
                return home.status_code, home.text, kb.text
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail("deskhand serve did not start")
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
        assert "DESKHAND_WIDGET_SECRET is not set" in err


@pytest.mark.slow
def test_deskhand_serve_runs_the_site_in_one_or_several_processes(tmp_path: Path):
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "DESKHAND_HOME": str(tmp_path / "home"),
        "HF_HUB_OFFLINE": "1",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
    }
    refused = subprocess.run(
        ["deskhand", "serve", "--host", "0.0.0.0"], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1 and "DESKHAND_WIDGET_SECRET" in refused.stderr
    subprocess.run(["deskhand", "init", "--demo"], env=env, check=True, capture_output=True)
    for workers in ("1", "2"):
        status, home, kb = _serve(env, free_port(), DESKHAND_WEB_WORKERS=workers)
        assert status == 200 and "widget.js" in home
        assert "/kb/how-to-reset-your-password" in kb
    assert os.path.exists(tmp_path / "home" / "deskhand.log")
