"""Web chat under load: concurrent WebSocket conversations against a paced stub model.

    python -m bench.web_load [--conversations 200] [--workers 1] [--write docs/benchmarks.md]

The server runs as `deskhand serve` does (uvicorn, the real app, `--workers` processes, the
small demo company in a temporary SQLite store) with a stub model that behaves like a hosted
one: 1 s to the first token, then 40 tokens/s. The clients run in this process. Reported:

- server-added latency: time to the first token minus the model's 1 s, and time to the whole
  answer minus the model's own time (goal: p95 <= 100 ms), measured at the client;
- errors (goal 0): error messages, unexpected closes, answers that never came;
- server CPU per turn;
- memory per idle session: the server's RSS growth per open, silent connection;
- where the server starts answering "busy" (close 1013) instead of timing out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import websockets

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/web_load.py`, this folder comes first on sys.path, where a module may
# shadow a deskhand package (bench/retrieval.py vs retrieval/): the project goes first.
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))
FIRST_TOKEN_S = 1.0
TOKENS_PER_S = 40.0
ANSWER_TOKENS = 40
MODEL_S = FIRST_TOKEN_S + (ANSWER_TOKENS - 1) / TOKENS_PER_S
GOAL_P95_MS = 100.0


def paced_model() -> Any:
    """A chat model with a hosted model's timing: 1 s to the first token, then 40 tokens/s."""
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage, AIMessageChunk
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

    class PacedModel(BaseChatModel):
        @property
        def _llm_type(self) -> str:
            return "bench-paced"

        def bind_tools(self, tools, **kwargs):
            return self

        def _tokens(self) -> Iterator[str]:
            # Like a network stream: token i is available at a fixed time after the request,
            # however long the consumer took with the previous one.
            start = time.monotonic()
            for i in range(ANSWER_TOKENS):
                due = start + FIRST_TOKEN_S + i / TOKENS_PER_S
                time.sleep(max(0.0, due - time.monotonic()))
                yield ("" if i == 0 else " ") + f"word{i}"

        def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
            text = "".join(self._tokens())
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

        def _stream(self, messages, stop=None, run_manager=None, **kwargs):
            for token in self._tokens():
                yield ChatGenerationChunk(message=AIMessageChunk(content=token))

    return PacedModel()


def bench_app() -> Any:
    """The real app with the paced model (each server worker process calls this)."""
    from assistant.crm.db import Store
    from assistant.runner import Assistant
    from assistant.settings import Settings
    from bots.web.app import create_app

    settings = Settings()
    store = Store.open(settings.resolved_database_url())
    assistant = Assistant(settings, store, model=paced_model())
    return create_app(settings, store, assistant, warm=True)


def serve(port: int) -> None:
    """Server process: a fresh demo store, then `deskhand serve`'s server with `bench_app`."""
    from assistant.crm.db import Store
    from assistant.crm.models import Base
    from assistant.demo.seed import seed_demo
    from assistant.settings import Settings
    from bots.web.server import serve as run_server

    settings = Settings()
    store = Store.open(settings.resolved_database_url())
    Base.metadata.create_all(store.engine)
    seed_demo(store, today=date(2026, 11, 25))
    store.dispose()
    print("ready", flush=True)
    run_server(settings, host="127.0.0.1", port=port, factory="bench.web_load:bench_app")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def tree(pid: int) -> list[int]:
    """A process and its descendants (uvicorn's workers)."""
    kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(p for kid in kids for p in tree(int(kid)))]


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process tree so far."""
    ticks = 0
    for p in tree(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    """Resident memory of a process tree."""
    total = 0
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Stats:
    def __init__(self) -> None:
        self.first: list[float] = []
        self.whole: list[float] = []
        self.tail: list[float] = []  # last token to the final answer message
        self.errors: list[str] = []


async def conversation(url: str, turns: int, start_in: float, think: tuple, stats: Stats):
    await asyncio.sleep(start_in)
    try:
        async with websockets.connect(url, max_size=None, open_timeout=30) as ws:
            await ws.send(json.dumps({"type": "hello"}))
            ready = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if ready["type"] != "ready":
                stats.errors.append(f"hello: {ready}")
                return
            for turn in range(turns):
                if turn:
                    await asyncio.sleep(random.uniform(*think))
                sent = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "text": f"question {turn}"}))
                first = last = None
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    if message["type"] == "token":
                        last = time.perf_counter()
                        first = first or last
                    elif message["type"] == "error" or message.get("error"):
                        stats.errors.append(message.get("text", str(message)))
                        break
                    elif message["type"] == "answer":
                        done = time.perf_counter()
                        stats.first.append((first - sent - FIRST_TOKEN_S) * 1000)
                        stats.whole.append((done - sent - MODEL_S) * 1000)
                        stats.tail.append((done - last) * 1000)
                        break
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        stats.errors.append(repr(exc))


async def open_idle(url: str, count: int) -> tuple[list[Any], int | None, float | None]:
    """Open silent sessions until `count` or the first "busy"; returns (sockets, busy_at, ms)."""
    sockets: list[Any] = []
    for i in range(count):
        started = time.perf_counter()
        ws = await websockets.connect(url, max_size=None, open_timeout=30)
        with contextlib.suppress(websockets.ConnectionClosed):  # "busy" may come first
            await ws.send(json.dumps({"type": "hello"}))
        first = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if first["type"] == "error" and first["code"] == "busy":
            try:
                await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
                if code != 1013:
                    raise RuntimeError(f"busy closed with {code}") from closed
            return sockets, i + 1, (time.perf_counter() - started) * 1000
        sockets.append(ws)
    return sockets, None, None


async def measure(base: str, args: argparse.Namespace, pid: int) -> dict[str, Any]:
    url = base + "/chat"
    await conversation(url, 1, 0, (0, 0), Stats())  # warm up imports, agent, index
    stats = Stats()
    started, cpu_before = time.perf_counter(), cpu_s(pid)
    await asyncio.gather(
        *[
            conversation(
                url, args.turns, random.uniform(0, args.ramp), (args.think, 2 * args.think), stats
            )
            for _ in range(args.conversations)
        ]
    )
    elapsed = time.perf_counter() - started
    cpu = cpu_s(pid) - cpu_before
    before = rss_kib(pid)
    idle, _, _ = await open_idle(url, args.idle)
    await asyncio.sleep(1)
    per_idle = (rss_kib(pid) - before) / max(len(idle), 1)
    more, busy_at, busy_ms = await open_idle(url, args.max_probe)
    for ws in idle + more:
        await ws.close()
    return {
        "stats": stats,
        "elapsed": elapsed,
        "cpu_ms_per_turn": 1000 * cpu / max(len(stats.whole), 1),
        "cpu_share": cpu / elapsed,
        "per_idle_kib": per_idle,
        "idle": len(idle),
        "busy_at": None if busy_at is None else len(idle) + busy_at,
        "busy_ms": busy_ms,
        "rss_mib": rss_kib(pid) / 1024,
    }


def report(args: argparse.Namespace, r: dict[str, Any]) -> list[str]:
    s: Stats = r["stats"]
    p95 = max(pct(s.first, 0.95), pct(s.whole, 0.95))
    busy = (
        f"session {r['busy_at']} got `busy` and close 1013 in {r['busy_ms']:.0f} ms, no timeout "
        "(`DESKHAND_WEB_MAX_SESSIONS`=500, shared out between the processes)"
        if r["busy_at"]
        else f"no `busy` within {args.idle + args.max_probe} sessions"
    )
    return [
        f"### Web chat load ({args.conversations} concurrent conversations × {args.turns} turns, "
        f"{args.workers} server process{'es' if args.workers > 1 else ''}, {date.today()})",
        "",
        f"Stub model: {FIRST_TOKEN_S:.0f} s to first token, {TOKENS_PER_S:.0f} tokens/s, "
        f"{ANSWER_TOKENS}-token answers. Conversations start within {args.ramp:.0f} s; "
        f"{args.think:.0f}–{2 * args.think:.0f} s between a visitor's messages. Server and "
        f"clients on one machine ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        f"at the end{', run at nice ' + str(args.nice) if args.nice else ''}); small demo "
        "company, SQLite.",
        "",
        "| server-added latency | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|",
        f"| to first token | {pct(s.first, 0.5):.0f} | {pct(s.first, 0.95):.0f} | "
        f"{max(s.first, default=0):.0f} |",
        f"| to complete answer | {pct(s.whole, 0.5):.0f} | {pct(s.whole, 0.95):.0f} | "
        f"{max(s.whole, default=0):.0f} |",
        f"| of which last token to `answer` (saving the turn) | {pct(s.tail, 0.5):.0f} | "
        f"{pct(s.tail, 0.95):.0f} | {max(s.tail, default=0):.0f} |",
        "",
        f"- Answers: {len(s.whole)} of {args.conversations * args.turns} in "
        f"{r['elapsed']:.1f} s; errors: {len(s.errors)}"
        + (f" (first: {s.errors[0]})" if s.errors else "")
        + ".",
        f"- Server CPU: {r['cpu_ms_per_turn']:.0f} ms per turn, {r['cpu_share']:.2f} cores "
        "on average during the run.",
        f"- Goal p95 <= {GOAL_P95_MS:.0f} ms: {'met' if p95 <= GOAL_P95_MS else 'NOT met'}.",
        f"- Memory per idle session: {r['per_idle_kib']:.0f} KiB "
        f"({r['idle']} silent sessions; server RSS {r['rss_mib']:.0f} MiB at the end).",
        f"- Busy: {busy}.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--ramp", type=float, default=30.0, help="Seconds over which to start.")
    parser.add_argument("--think", type=float, default=10.0, help="Least seconds between turns.")
    parser.add_argument("--idle", type=int, default=300, help="Silent sessions for the memory.")
    parser.add_argument("--max-probe", type=int, default=400, help="More sessions to find busy.")
    parser.add_argument("--write", type=Path, help="Append the figures to this Markdown file.")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="Niceness of server and clients (e.g. -10 on a shared machine, as root).",
    )
    parser.add_argument("--workers", type=int, default=1, help="DESKHAND_WEB_WORKERS.")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    from bots.web.server import free_port

    random.seed(7)
    if args.nice:
        os.nice(args.nice)  # the server process inherits it
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DESKHAND_HOME": tmp,
            "DESKHAND_WEB_WORKERS": str(args.workers),
            # every client here comes from 127.0.0.1
            "DESKHAND_WEB_IP_CONNECTIONS_PER_MINUTE": "100000",
            "DESKHAND_WEB_IP_MESSAGES_PER_MINUTE": "100000",
        }
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            if server.stdout.readline().strip() != "ready":
                raise SystemExit("the server did not start")
            base = f"ws://127.0.0.1:{port}"
            for _ in range(300):  # the app is built; wait for uvicorn to listen
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            results = asyncio.run(measure(base, args, server.pid))
        finally:
            server.terminate()
            server.wait(20)
    lines = report(args, results)
    print("\n".join(lines))
    if args.write:
        with args.write.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
