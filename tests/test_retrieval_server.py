"""Chroma server mode: a real `chroma run` on a free local port, shared by two indexes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.crm.articles import ArticleSource
from assistant.crm.db import Store
from assistant.crm.enums import Visibility
from assistant.crm.kb_import import import_articles
from assistant.crm.models import Base
from assistant.crm.principal import ANONYMOUS
from retrieval.index import SearchIndex

pytestmark = pytest.mark.timeout(900)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the `chroma` command (chromadb package) is not installed in this venv")
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen(
        [
            exe,
            "run",
            "--path",
            str(tmp_path / "chroma"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_two_processes_share_a_chroma_server(chroma_url: str, tmp_path: Path, embedder):
    store = Store.open(f"sqlite:///{tmp_path / 'crm.db'}")
    Base.metadata.create_all(store.engine)
    import_articles(
        store,
        [
            ArticleSource(
                "vpn",
                "Connecting through the VPN",
                "## Steps\n\nOpen the client.",
                Visibility.PUBLIC,
                ["vpn"],
            ),
            ArticleSource(
                "pricing",
                "Internal pricing",
                "## Rules\n\nList price is firm.",
                Visibility.INTERNAL,
                [],
            ),
        ],
    )
    first = SearchIndex(store, home=tmp_path / "a", embedder=embedder, chroma_url=chroma_url)
    assert first.rebuild() == 2
    # The server holds the index; locally there is only the snapshot that speeds start-up.
    assert not (tmp_path / "a" / "index" / "chroma").exists()
    assert (tmp_path / "a" / "index" / "snapshot").exists()
    # A second process (another home, same server) loads the index instead of rebuilding it.
    second = SearchIndex(store, home=tmp_path / "b", embedder=embedder, chroma_url=chroma_url)
    assert second.is_built()
    assert [h.record["slug"] for h in second.search(ANONYMOUS, "VPN client")] == ["vpn"]
    assert second.search(ANONYMOUS, "internal pricing list price") == []
    # A change synced by one is in the server; the other embeds nothing to catch up.
    import_articles(
        store,
        [
            ArticleSource(
                "snorkel", "Snorkel mode", "## Use\n\nTurn on snorkel mode.", Visibility.PUBLIC, []
            ),
        ],
    )
    assert first.sync().embedded == 1
    stats = second.sync()
    assert stats.added == 1 and stats.embedded == 0
    assert second.search(ANONYMOUS, "snorkel")[0].record["slug"] == "snorkel"
    assert second.check().clean
    first.close()
    second.close()
    store.dispose()
