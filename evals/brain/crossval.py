"""Leave-one-writer-out estimate: each tuning set planned by an engine whose examples exclude it.

python -m evals.brain.crossval

The tuning sets' own requests are among the engine's examples, so their scores overstate how it
meets new phrasing. Here every set (one writer each) is planned by an engine built without that
set's examples: the honest estimate for a new writer, on far more requests than the held-out sets.
"""

from __future__ import annotations

import argparse

from rich.progress import track

from assistant.brain.classifier import IntentClassifier
from evals.brain.examples import examples_from
from evals.brain.run import MODEL_CACHE, TUNING, Report, plan_only


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    from assistant.brain.engine import BuiltinChatModel

    model = BuiltinChatModel(model_cache=MODEL_CACHE)
    folds = [name for name in TUNING if name != "scenarios"]
    reports: list[Report] = []
    for name in track(folds, description="leave one set out"):
        others = [n for n in TUNING if n != name]
        model._classifier = IntentClassifier(
            cache_dir=MODEL_CACHE,
            examples=[(row["intent"], row["text"]) for row in examples_from(others)],
        )
        reports.append(plan_only(name, model))
    total = sum(r.total for r in reports)
    print("| set left out | requests | correct tool | correct arguments |")
    print("|---|---:|---:|---:|")
    for r in reports:
        print(f"| {r.name.split()[0]} | {r.total} | {r.pct(r.tool_ok)} | {r.pct(r.args_ok)} |")
    tool = 100 * sum(r.tool_ok for r in reports) / total
    args = 100 * sum(r.args_ok for r in reports) / total
    print(f"| **all** | {total} | {tool:.1f}% | {args:.1f}% |")


if __name__ == "__main__":
    main()
