"""`deskhand serve` (the web chat, help center and demo site) and `deskhand handback`."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.runtime import err, errors_as_messages, open_store, out, principal, settings
from assistant.crm import handoff

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the web chat server: demo website, widget, help center, chat WebSocket."""
    from bots.web.identity import DEV_SECRET_WARNING

    cfg = settings()
    if cfg.widget_secret_is_default:
        if host not in LOOPBACK:
            err.print(f"[red]error:[/red] {DEV_SECRET_WARNING}", highlight=False)
            err.print("Refusing to listen beyond this machine with the development key.")
            raise typer.Exit(1)
        err.print(f"[yellow]warning:[/yellow] {DEV_SECRET_WARNING}", highlight=False)
    if cfg.web_demo_site and host not in LOOPBACK:
        err.print(
            "[yellow]warning:[/yellow] the demo website lets anyone sign in as its demo "
            "customers; set DESKHAND_WEB_DEMO_SITE=false in production.",
            highlight=False,
        )
    from bots.web.server import serve as run_server  # langchain loads in ~1 s

    open_store(cfg).dispose()  # set up and reachable, or a clear message now
    workers = f", {cfg.web_workers} workers" if cfg.web_workers > 1 else ""
    out.print(
        f"deskhand web chat on http://{host}:{port}{workers}  (help center: /kb, Ctrl+C to stop)"
    )
    run_server(cfg, host=host, port=port)


def handback(
    ref: Annotated[
        str, typer.Argument(help="The handoff case number (CS-...) or conversation id (cv_...).")
    ],
    as_: Annotated[str, typer.Option("--as", help="Email of the support agent.")],
) -> None:
    """Give a customer chat that was handed to a person back to the assistant."""
    store = open_store(settings())
    p = principal(store, as_)
    with errors_as_messages():
        conv_id = handoff.hand_back(store, ref, p)
    out.print(f"Conversation {conv_id} is answered by the assistant again.")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(handback)
