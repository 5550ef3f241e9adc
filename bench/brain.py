"""Compare brains on the same requests: the built-in engine, SmolLM2 (GGUF, grammar) and,
when DESKHAND_MODEL names one, an OpenAI-compatible model.

    python -m bench.brain [--sets scenarios,heldout] [--write docs/brain-bench.md]

Accuracy comes from running every request through the real agent on a fresh copy of the
demo (evals/brain); latency is the model's own time per turn (tools excluded); memory is
the RSS the built-in engine adds to a process that already has the store open.
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date
from pathlib import Path

from evals.brain.run import MODEL_CACHE, Report, markdown, run

GOALS = (
    "Goals: correct tool >= 95%, correct arguments >= 90%, end state >= 90%, "
    "builtin p95 <= 50 ms, SmolLM2 p95 <= 2 s, builtin memory <= 300 MB."
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def brains() -> list[tuple[str, object]]:
    from assistant.brain.engine import BuiltinChatModel
    from assistant.settings import Settings

    found: list[tuple[str, object]] = [("builtin", BuiltinChatModel(model_cache=MODEL_CACHE))]
    try:
        import llama_cpp  # noqa: F401

        from assistant.brain.gguf import GgufChatModel, smollm2_path

        found.append(("smollm2-gguf", GgufChatModel(path=str(smollm2_path()))))
    except Exception as exc:
        print(f"skipping SmolLM2: {exc}")
    settings = Settings()
    if settings.model and not settings.model.startswith(("scripted:", "gguf:", "builtin")):
        from assistant.providers import build_chat_model

        found.append((settings.model, build_chat_model(settings)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="scenarios,heldout")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    names = args.sets.split(",")

    before = rss_mb()
    sections, memory = [], ""
    for label, model in brains():
        reports: list[Report] = run(names, model=model)
        for r in reports:
            r.name = f"{label}: {r.name}"
        sections.append(markdown(reports))
        if label == "builtin":
            memory = (
                f"Built-in engine memory: +{rss_mb() - before:.0f} MB RSS over a process "
                "with the store open (embedding model, examples, gazetteers)."
            )
        timings = getattr(model, "timings", [])
        if timings:
            ms = sorted(1000 * t for t in timings)
            sections.append(
                f"{label} model time per call: p50 "
                f"{statistics.median(ms):.1f} ms, p95 "
                f"{ms[int(0.95 * (len(ms) - 1))]:.1f} ms over {len(ms)} calls.\n"
            )
    text = "\n".join([*sections, memory, GOALS, ""])
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(
            f"# Brains compared ({date.today()})\n\nSmall demo (seed 7, as of 2026-11-25), "
            "2 cores. `make bench-brain` regenerates this file.\n\n" + text
        )


if __name__ == "__main__":
    main()
