"""Compare brains on the same requests: the built-in engine, SmolLM2 (GGUF, grammar) and,
when DESKHAND_MODEL names one, an OpenAI-compatible model.

    python -m bench.brain [--sets scenarios,heldout] [--brains builtin,smollm2,llm]
                          [--write docs/brain-bench.md]

Accuracy comes from running every request through the real agent on a fresh copy of the
demo (evals/brain); latency is the brain's own time per turn (deciding and answering, tools
excluded); memory is the RSS a brain adds to a fresh process that already has the store open
and retrieval's embedder loaded (bench/brain_memory.py, one subprocess per brain).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from bench.brain_memory import Memory, measure
from evals.brain.run import MODEL_CACHE, Report, markdown, run

GOALS = (
    "Goals: correct tool >= 95%, correct arguments >= 90%, end state >= 90%, "
    "builtin p95 <= 50 ms, SmolLM2 p95 <= 2 s, builtin memory <= 300 MB."
)


class Timed(BaseChatModel):
    """Any chat model, with the time of each call recorded (the eval reads `timings`)."""

    inner: Any
    timings: list[float] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "timed"

    def warm(self) -> None:
        pass

    def bind_tools(self, tools: Any, **kwargs: Any) -> Timed:
        bound = self.model_copy()  # shallow: the copy appends to the same timings
        bound.inner = self.inner.bind_tools(tools, **kwargs)
        return bound

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kw: Any):
        started = time.perf_counter()
        message = self.inner.invoke(messages, stop=stop)
        self.timings.append(time.perf_counter() - started)
        return ChatResult(generations=[ChatGeneration(message=message)])


def p50_p95(values: list[float]) -> str:
    """As evals.brain.run reports them."""
    if len(values) < 2:
        return "n/a"
    return f"{statistics.median(values):.1f} / {statistics.quantiles(values, n=20)[-1]:.1f}"


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def brains(wanted: set[str]) -> tuple[list[tuple[str, Any]], list[str]]:
    """(label, chat model) for each brain that can run here, and a line per skipped one."""
    from assistant.settings import Settings

    found: list[tuple[str, Any]] = []
    skipped: list[str] = []
    if "builtin" in wanted:
        from assistant.brain.engine import BuiltinChatModel

        found.append(("builtin", BuiltinChatModel(model_cache=MODEL_CACHE)))
    if "smollm2" in wanted:
        try:
            import llama_cpp  # noqa: F401

            from assistant.brain.gguf import GgufChatModel, smollm2_path

            found.append(
                ("smollm2-gguf", GgufChatModel(path=str(smollm2_path()), model_cache=MODEL_CACHE))
            )
        except Exception as exc:
            skipped.append(f"SmolLM2 skipped: {exc} (needs `pip install '.[gguf]'`, see README).")
    settings = Settings()
    if "llm" in wanted:
        if settings.model and not settings.model.startswith(("scripted:", "gguf:", "builtin")):
            from assistant.providers import build_chat_model

            found.append((settings.model, Timed(inner=build_chat_model(settings))))
        else:
            skipped.append(
                "OpenAI-compatible model skipped: set DESKHAND_MODEL (and DESKHAND_BASE_URL or "
                "DESKHAND_API_KEY) to compare one."
            )
    return found, skipped


def summary(label: str, reports: list[Report], memory: Memory | None) -> str:
    total = sum(r.total for r in reports)
    ms = [t for r in reports for t in r.engine_ms]

    def share(n: int) -> str:
        return f"{100 * n / max(total, 1):.1f}%"

    added = f"+{memory.engine_mb:.0f} MB" if memory else "n/a"
    return (
        f"| {label} | {total} | {share(sum(r.tool_ok for r in reports))} "
        f"| {share(sum(r.args_ok for r in reports))} | {share(sum(r.state_ok for r in reports))} "
        f"| {sum(r.wrong_write_proposals for r in reports)} "
        f"| {p50_p95(ms)} | {added} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="scenarios,heldout")
    parser.add_argument("--brains", default="builtin,smollm2,llm")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    names = args.sets.split(",")

    found, skipped = brains(set(args.brains.split(",")))
    rows, details, memories = [], [], []
    for label, model in found:
        load_before = load_average()
        reports = run(names, model=model)
        memory = measure(label) if label in ("builtin", "smollm2-gguf") else None
        rows.append(summary(label, reports, memory) + f" {load_before} → {load_average()} |")
        for r in reports:
            r.name = f"{label}: {r.name}"
        details.append(markdown(reports))
        if memory:
            memories.append(memory.line(label))
    head = [
        f"Sets: {', '.join(names)} (same requests for every brain).",
        "",
        "| brain | requests | correct tool | correct arguments | end state | wrong write "
        "proposals | ms per turn p50 / p95 (tools excluded) | RSS added | load avg "
        "before → after (1/5/15 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        *[f"- {line}" for line in memories + skipped],
        "",
        GOALS,
        "",
    ]
    text = "\n".join(head + details)
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(
            f"# Brains compared ({date.today()})\n\nSmall demo (seed 7, as of 2026-11-25), "
            f"{os.cpu_count()} cores. `make bench-brain` regenerates this file.\n\n" + text
        )


if __name__ == "__main__":
    main()
