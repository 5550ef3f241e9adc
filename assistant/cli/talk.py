"""`deskhand ask`, `chat`, `confirm`, `cancel`, `pending` and `tools`."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from assistant.cli.runtime import err, errors_as_messages, open_store, out, principal, settings
from assistant.crm import actions
from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.principal import Principal
from assistant.events import Event, TurnResult

AsOption = Annotated[str, typer.Option("--as", help="Email of the user or portal contact.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ThreadOption = Annotated[
    str | None,
    typer.Option("--thread", help="Continue this conversation (the id a previous answer printed)."),
]


def _assistant(cfg, store: Store):
    from assistant.runner import Assistant  # langchain loads in ~1 s; only talking needs it

    return Assistant(cfg, store)


def _printer(show_tokens: bool):
    def on_event(event: Event) -> None:
        if event.kind == "token" and show_tokens:
            out.print(event.data["text"], end="", markup=False)
        elif event.kind == "tool_start":
            err.print(f"[dim]→ {event.data['name']}…[/dim]")

    return on_event


def _confirm_all(store: Store, p: Principal, result: TurnResult) -> None:
    """Run every proposal of a turn the user pre-confirmed with --yes."""
    for i, action in enumerate(result.pending_actions):
        with errors_as_messages():
            done = actions.confirm(store, action["id"], p, channel=Channel.CLI)
        result.pending_actions[i] = done.model_dump()


def _source(citation: dict) -> str:
    """An article as "title (url)"; an interaction as its "type · date · account" title."""
    url = citation.get("url")
    return f"{citation['title']} ({url})" if url else citation["title"]


def _show_actions(result: TurnResult, email: str) -> None:
    for action in result.pending_actions:
        if action["status"] == "executed":
            out.print(f"[green]✓ done[/green] {escape(action['result']['summary'])}")
        else:
            out.print(f"[yellow]⏸ needs your confirmation[/yellow] {escape(action['preview'])}")
            out.print(f"  confirm: deskhand confirm {action['id']} --as {email}")


def ask(
    text: Annotated[str, typer.Argument(help="What to ask or tell the assistant.")],
    as_: AsOption,
    thread: ThreadOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Confirm the proposed writes.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Ask one question or give one instruction; writes wait for confirmation unless --yes."""
    cfg = settings()
    store = open_store(cfg)
    p = principal(store, as_)
    assistant = _assistant(cfg, store)
    result = assistant.ask(
        p,
        Channel.CLI,
        text,
        thread_id=thread,
        on_event=None if json_out else _printer(show_tokens=False),
    )
    if yes and not result.error:
        _confirm_all(store, p, result)
    if json_out:
        print(result.model_dump_json(indent=2))
    else:
        (err if result.error else out).print(escape(result.answer))
        _show_actions(result, as_)
        for c in result.citations:
            out.print(f"[dim]source: {escape(_source(c))}[/dim]")
        if result.thread:
            out.print(f"[dim]thread: {result.thread}[/dim]")
    if result.error:
        raise typer.Exit(1)


def chat(as_: AsOption, thread: ThreadOption = None) -> None:
    """Talk with the assistant; type /new for a fresh conversation, /exit to leave."""
    cfg = settings()
    store = open_store(cfg)
    p = principal(store, as_)
    assistant = _assistant(cfg, store)
    out.print(
        f"deskhand — signed in as {p.name} ({p.role}). Type /exit to leave, /new to start over."
    )
    from assistant.providers import describe

    err.print(f"[dim]Brain: {escape(describe(cfg))}[/dim]")
    while True:
        try:
            text = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if text in ("/exit", "/quit"):
            return
        if text == "/new":
            thread = None
            out.print("[dim]new conversation[/dim]")
            continue
        if not text:
            continue
        out.print("deskhand> ", end="")
        result = assistant.ask(
            p, Channel.CLI, text, thread_id=thread, on_event=_printer(show_tokens=True)
        )
        if result.error:
            out.print(f"[red]{escape(result.answer)}[/red]")
        else:
            out.print()
        thread = result.thread or thread
        for c in result.citations:
            out.print(f"[dim]source: {escape(_source(c))}[/dim]")
        for action in result.pending_actions:
            out.print(f"[yellow]Proposed:[/yellow] {escape(action['preview'])}")
            answer = input("Confirm? [y/N] ").strip().lower()
            with errors_as_messages():
                if answer in ("y", "yes"):
                    done = actions.confirm(store, action["id"], p, channel=Channel.CLI)
                    out.print(f"[green]✓[/green] {escape(done.result['summary'])}")
                else:
                    actions.cancel(store, action["id"], p)
                    out.print("[dim]cancelled; nothing was changed[/dim]")


def confirm(
    action_id: Annotated[str, typer.Argument(help="The id of a proposed action (act_...).")],
    as_: AsOption,
    json_out: JsonOption = False,
) -> None:
    """Run a write the assistant proposed. Only the person it was proposed to can confirm it."""
    store = open_store(settings())
    p = principal(store, as_)
    with errors_as_messages():
        done = actions.confirm(store, action_id, p, channel=Channel.CLI)
    if json_out:
        print(done.model_dump_json(indent=2))
    else:
        out.print(f"[green]✓ done[/green] {escape(done.result['summary'])}")


def cancel(
    action_id: Annotated[str, typer.Argument(help="The id of a proposed action (act_...).")],
    as_: AsOption,
) -> None:
    """Withdraw a proposed write; nothing is changed."""
    store = open_store(settings())
    p = principal(store, as_)
    with errors_as_messages():
        actions.cancel(store, action_id, p)
    out.print(f"Cancelled {action_id}; nothing was changed.")


def pending(as_: AsOption, json_out: JsonOption = False) -> None:
    """List the writes waiting for this person's confirmation."""
    store = open_store(settings())
    p = principal(store, as_)
    rows = [a.model_dump() for a in actions.pending_for(store, p)]
    if json_out:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        out.print("Nothing is waiting for confirmation.")
    for a in rows:
        out.print(f"{a['id']}  {escape(a['preview'])}")


def tools(as_: AsOption, json_out: JsonOption = False) -> None:
    """List the tools the assistant may use for this person (name, description, parameters)."""
    store = open_store(settings())
    p = principal(store, as_)
    from assistant.agent import tool_catalog

    catalog = tool_catalog(p.role)
    if json_out:
        print(json.dumps(catalog, indent=2))
        return
    for t in catalog:
        params = ", ".join(t["parameters"].get("properties", {}))
        out.print(f"[bold]{t['name']}[/bold]({params})\n  {escape(t['description'])}")


def register(app: typer.Typer) -> None:
    for fn in (ask, chat, confirm, cancel, pending, tools):
        app.command()(fn)
