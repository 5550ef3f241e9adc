"""Agent framework overhead per turn: a scripted turn with one tool call vs the tool alone.

    python -m bench.agent_overhead [--turns 200] [--write docs/benchmarks.md]

Both run in the same process on the small demo company in a temporary SQLite store.
Goal: overhead p95 <= 25 ms per turn.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from rich.progress import track

from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.models import Base
from assistant.crm.principal import principal_for_email
from assistant.demo.seed import seed_demo
from assistant.runner import Assistant
from assistant.scripted import ScriptedChatModel
from assistant.settings import Settings
from tools.context import ToolContext
from tools.registry import BY_NAME, call

GOAL_P95_MS = 25.0
ARGS = {"query": "renewal", "open_only": True}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--write", type=Path, help="Append the figures to this Markdown file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        Base.metadata.create_all(store.engine)
        seed_demo(store, today=date(2026, 11, 25))
        with store.read() as s:
            priya = principal_for_email(s, "priya@northwind.example")
        steps = [{"tool": "find_deals", "args": ARGS}, {"say": "Here are the open renewals."}]
        model = ScriptedChatModel(steps=steps * (args.turns + 10))
        bot = Assistant(Settings(home=Path(tmp)), store, model=model)
        spec = BY_NAME["find_deals"]

        for _ in range(5):  # warm up both paths
            bot.ask(priya, Channel.CLI, "open renewals?")
            call(spec, ToolContext(store=store, principal=priya, channel=Channel.CLI), ARGS)

        direct, turns = [], []
        for _ in track(range(args.turns), description="measuring turns"):
            start = time.perf_counter()
            call(spec, ToolContext(store=store, principal=priya, channel=Channel.CLI), ARGS)
            direct.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            result = bot.ask(priya, Channel.CLI, "open renewals?")
            turns.append((time.perf_counter() - start) * 1000)
            assert not result.error, result.answer
        store.dispose()

    base = statistics.median(direct)
    overhead = [t - base for t in turns]
    rows = [
        ("tool called directly", pct(direct, 0.5), pct(direct, 0.95)),
        ("agent turn (scripted model, 1 tool call)", pct(turns, 0.5), pct(turns, 0.95)),
        ("framework overhead per turn", pct(overhead, 0.5), pct(overhead, 0.95)),
    ]
    lines = [
        f"### Agent overhead ({args.turns} turns, small demo, SQLite, {date.today()})",
        "",
        "| | p50 ms | p95 ms |",
        "|---|---:|---:|",
        *[f"| {name} | {p50:.1f} | {p95:.1f} |" for name, p50, p95 in rows],
        "",
        f"Turn / direct tool (p50): {pct(turns, 0.5) / base:.1f}x. "
        f"Goal: overhead p95 <= {GOAL_P95_MS:.0f} ms — "
        f"{'met' if pct(overhead, 0.95) <= GOAL_P95_MS else 'NOT met'}.",
        "",
    ]
    print("\n".join(lines))
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        with args.write.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
