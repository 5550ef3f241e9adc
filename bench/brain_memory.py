"""The RSS a brain adds to a server-like process, measured in a fresh subprocess.

    python -m bench.brain_memory builtin|smollm2-gguf [--requests 30] [--alone]

The process opens a copy of the demo store and imports the agent; unless `--alone`, it then
loads and uses retrieval's embedder, as a server with a search index does. What is left to
measure is the brain: constructed, warmed and answering requests through the real agent.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from evals.brain.run import MODEL_CACHE, NOW, load, make_template


@dataclass
class Memory:
    base_mb: float  # store open, agent imported
    embedder_mb: float  # retrieval's embedder loaded and used (0 with --alone)
    engine_mb: float  # what the brain adds on top
    peak_mb: float  # the process's peak RSS
    alone_mb: float | None = None  # the brain in a process without retrieval's embedder

    def line(self, label: str) -> str:
        alone = (
            f"; without retrieval loaded first it adds +{self.alone_mb:.0f} MB"
            if self.alone_mb is not None
            else ""
        )
        return (
            f"{label} memory: +{self.engine_mb:.0f} MB RSS over a process with the store open "
            f"({self.base_mb:.0f} MB) and retrieval's embedder loaded (+{self.embedder_mb:.0f}"
            f" MB, shared){alone}; peak {self.peak_mb:.0f} MB."
        )


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _brain(label: str):
    if label == "builtin":
        from assistant.brain.engine import BuiltinChatModel

        return BuiltinChatModel(model_cache=MODEL_CACHE)
    from assistant.brain.gguf import GgufChatModel, smollm2_path

    return GgufChatModel(path=str(smollm2_path()), model_cache=MODEL_CACHE)


def probe(label: str, requests: int, *, alone: bool) -> Memory:
    from assistant.crm.db import Store
    from assistant.crm.enums import Channel
    from assistant.crm.principal import principal_for_email
    from assistant.runner import Assistant
    from assistant.settings import Settings
    from retrieval.embedder import get_embedder

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{make_template(Path(tmp))}")
        gc.collect()
        base = rss_mb()
        if not alone:
            embedder = get_embedder("minilm", cache_dir=MODEL_CACHE)
            embedder.embed_documents(["How do I reset my password?"] * 32)
            embedder.embed_query("reset password")
        gc.collect()
        shared = rss_mb()
        model = _brain(label)
        model.warm()
        bot = Assistant(Settings(home=Path(tmp)), store, model=model, clock=lambda: NOW)
        for item in load("scenarios")[:requests]:
            with store.read() as s:
                who = principal_for_email(s, item["as"])
            bot.ask(who, Channel.CLI, item["text"])
        gc.collect()
        after = rss_mb()
        store.dispose()
    return Memory(
        base_mb=base, embedder_mb=shared - base, engine_mb=after - shared, peak_mb=rss_mb("VmHWM")
    )


def measure(label: str, requests: int = 30) -> Memory:
    """Both probes in fresh processes: with retrieval's embedder loaded first, and alone."""

    def run(*extra: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "bench.brain_memory", label, f"--requests={requests}", *extra],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    shared = Memory(**run())
    shared.alone_mb = run("--alone")["engine_mb"]
    return shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brain", choices=["builtin", "smollm2-gguf"])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--alone", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asdict(probe(args.brain, args.requests, alone=args.alone))))


if __name__ == "__main__":
    main()
