"""The `deskhand` command line."""

from __future__ import annotations

import typer

from assistant.cli import index, inspect, serve, setup, talk

app = typer.Typer(
    name="deskhand",
    help="deskhand: a conversational sales and support assistant on your CRM.\n\n"
    "Start with `deskhand init --demo`, then `deskhand chat --as priya@northwind.example`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
setup.register(app)
talk.register(app)
inspect.register(app)
serve.register(app)
index.register(app)


def main() -> None:
    app()
