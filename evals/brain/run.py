"""Run a request-engine eval set and print (and optionally write) its figures.

python -m evals.brain.run [--set NAME|all] [--write docs/brain-eval.md]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.progress import track

from assistant.crm import actions
from assistant.crm.db import Store
from assistant.crm.enums import Channel
from assistant.crm.models import Base
from assistant.crm.principal import principal_for_email
from assistant.demo.seed import seed_demo
from assistant.errors import DeskhandError
from assistant.runner import Assistant
from assistant.settings import Settings
from evals.brain.check import RECORD_ARGS, WRITE_TOOLS, compare, end_state_ok

HERE = Path(__file__).parent
AS_OF = date(2026, 11, 25)
MODEL_CACHE = Path.home() / ".cache" / "deskhand" / "models"
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
TUNING = (
    "scenarios",
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "dev10",
    "dev11",
    "dev12",
    "dev13",
    "dev14",
    "dev15",
    "dev16",
)  # the engine's examples come from these
HELD_OUT = ("heldout", "heldout2")  # only ever measured


@dataclass
class Report:
    name: str
    total: int = 0
    tool_ok: int = 0
    args_ok: int = 0
    state_ok: int = 0
    wrong_write_proposals: int = 0
    engine_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    by_tool: Counter = field(default_factory=Counter)
    by_tool_ok: Counter = field(default_factory=Counter)

    def pct(self, n: int) -> str:
        return f"{100 * n / max(self.total, 1):.1f}%"

    def lines(self) -> list[str]:
        p95 = statistics.quantiles(self.engine_ms, n=20)[-1] if len(self.engine_ms) > 1 else 0
        return [
            f"| {self.name} | {self.total} | {self.pct(self.tool_ok)} | {self.pct(self.args_ok)} "
            f"| {self.pct(self.state_ok)} | {self.wrong_write_proposals} | "
            f"{statistics.median(self.engine_ms or [0]):.1f} / {p95:.1f} |"
        ]


def load(name: str) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for line in (HERE / f"{name}.jsonl").read_text().splitlines()
        if line.strip()
    ]


def make_template(folder: Path) -> Path:
    path = folder / "template.db"
    store = Store.open(f"sqlite:///{path}")
    Base.metadata.create_all(store.engine)
    seed_demo(store, seed=7, today=AS_OF)
    store.dispose()
    return path


def _visible(store: Store, who, expect: dict[str, Any]) -> bool:
    for arg, value in expect.get("args", {}).items():
        if arg in RECORD_ARGS:
            try:
                with store.read() as s:
                    RECORD_ARGS[arg](s, who, str(value))
            except DeskhandError:
                return False
    return True


def run_item(item: dict[str, Any], template: Path, folder: Path, model, report: Report) -> None:
    db = folder / f"{item['id']}.db"
    shutil.copy(template, db)
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.read() as s:
            who = principal_for_email(s, item["as"])
        bot = Assistant(Settings(home=folder), store, model=model, clock=lambda: NOW)
        before = len(model.timings)
        result = bot.ask(who, Channel.CLI, item["text"])
        report.engine_ms.append(1000 * sum(model.timings[before:]))
        calls = [{"name": c.name, "args": c.args} for c in result.tool_calls]
        verdict = compare(store, item["expect"], calls, AS_OF)
        expected_writes = {e["tool"] for e in item["expect"] if e["tool"] in WRITE_TOOLS}
        report.total += 1
        report.tool_ok += verdict.tool_ok
        report.args_ok += verdict.args_ok
        for e in item["expect"] or [{"tool": "(clarify)"}]:
            report.by_tool[e["tool"]] += 1
            report.by_tool_ok[e["tool"]] += verdict.args_ok
        confirmed = []
        for action in result.pending_actions:
            if not verdict.args_ok or action["tool"] not in expected_writes:
                report.wrong_write_proposals += 1
                continue
            confirmed.append(actions.confirm(store, action["id"], who, channel=Channel.CLI).id)
        visible = [e for e in item["expect"] if _visible(store, who, e)]
        hidden_writes = [e for e in item["expect"] if e not in visible and e["tool"] in WRITE_TOOLS]
        state = verdict.args_ok and end_state_ok(store, visible, confirmed)
        state = state and not (hidden_writes and confirmed)
        report.state_ok += state
        if not (verdict.args_ok and state):
            report.failures.append(
                f"{item['id']} [{item['as'].split('@')[0]}] {item['text']!r}"
                f" -> {calls or result.answer[:80]!r}; "
                f"{'; '.join(verdict.problems) or 'end state'}"
            )
    finally:
        store.dispose()


def plan_only(name: str, model=None) -> Report:
    """Tool and argument accuracy from the engine's plans alone (no tools run)."""
    from assistant.brain.engine import BuiltinChatModel
    from tools.context import ToolContext

    model = model or BuiltinChatModel(model_cache=MODEL_CACHE)
    report = Report(f"{name} (plans)")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{make_template(Path(tmp))}")
        for item in load(name):
            with store.read() as s:
                who = principal_for_email(s, item["as"])
            ctx = ToolContext(store=store, principal=who, channel=Channel.CLI, clock=NOW)
            plan = model.plan_for(ctx, item["text"], [])
            verdict = compare(store, item["expect"], plan.calls, AS_OF)
            report.total += 1
            report.tool_ok += verdict.tool_ok
            report.args_ok += verdict.args_ok
            for e in item["expect"] or [{"tool": "(clarify)"}]:
                report.by_tool[e["tool"]] += 1
                report.by_tool_ok[e["tool"]] += verdict.args_ok
            if not verdict.args_ok:
                report.failures.append(
                    f"{item['id']} [{item['as'].split('@')[0]}] "
                    f"{item['text']!r} -> {plan.calls or plan.say!r}; "
                    f"{'; '.join(verdict.problems)}"
                )
        store.dispose()
    return report


def run(names: list[str], model=None) -> list[Report]:
    from assistant.brain.engine import BuiltinChatModel

    model = model or BuiltinChatModel(model_cache=MODEL_CACHE)
    model.warm()
    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = make_template(folder)
        for name in names:
            report = Report(name)
            for item in track(load(name), description=f"eval {name}"):
                run_item(item, template, folder, model, report)
            reports.append(report)
    return reports


def markdown(reports: list[Report]) -> str:
    head = [
        "| set | requests | correct tool | correct arguments | end state | wrong write "
        "proposals | engine ms p50 / p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    body = [line for r in reports for line in r.lines()]
    fails = []
    for r in reports:
        fails.append(f"\n#### Misses in {r.name} ({len(r.failures)})\n")
        if r.name.rsplit(": ", 1)[-1] in HELD_OUT:  # bench/brain.py prefixes the brain
            fails.append("Not listed: a held-out set's misses must not steer the tuning.")
            continue
        fails += [f"- {f}" for f in r.failures]
    return "\n".join(head + body + fails) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=[*TUNING, *HELD_OUT, "all"],
        default="all",
        help="one set, or 'all' = the scenarios and every held-out set",
    )
    parser.add_argument("--write", type=Path)
    parser.add_argument("--model", help="builtin (default), gguf:PATH or gguf:smollm2")
    args = parser.parse_args()
    names = ["scenarios", *HELD_OUT] if args.set == "all" else [args.set]
    model = None
    if args.model and args.model != "builtin":
        from assistant.providers import build_chat_model

        model = build_chat_model(Settings(model=args.model, model_cache=MODEL_CACHE))
    text = markdown(run(names, model=model))
    print(text)
    if args.write:
        write_report(args.write, text)


KEEP = "<!-- hand-written below: make eval-brain keeps it -->"


def write_report(path: Path, text: str) -> None:
    """The run's tables, followed by the file's hand-written part (after KEEP) if it has one."""
    kept = ""
    if path.exists() and KEEP in (old := path.read_text("utf-8")):
        kept = "\n" + KEEP + old.split(KEEP, 1)[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"# Request-engine eval ({date.today()})\n\nBuilt-in engine on the "
        "small demo (seed 7, as of 2026-11-25); engine time excludes "
        f"tool time.\n\n{text}{kept}",
        "utf-8",
    )


if __name__ == "__main__":
    main()
