"""Write assistant/brain/examples.jsonl from the tuning sets (never the held-out ones).

python -m evals.brain.examples
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.brain.run import TUNING

HERE = Path(__file__).parent
TARGET = HERE.parents[1] / "assistant" / "brain" / "examples.jsonl"


def examples_from(names) -> list[dict[str, str]]:
    """One example per single-tool request of the named sets."""
    rows = []
    for name in names:
        for line in (HERE / f"{name}.jsonl").read_text().splitlines():
            item = json.loads(line)
            if len(item["expect"]) == 1:
                rows.append({"intent": item["expect"][0]["tool"], "text": item["text"]})
    return rows


def main() -> None:
    rows = examples_from(TUNING)
    TARGET.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"wrote {len(rows)} examples to {TARGET}")


if __name__ == "__main__":
    main()
