"""`make eval-brain` rewrites the figures of docs/brain-eval.md and keeps its hand-written part."""

from __future__ import annotations

from pathlib import Path

from evals.brain.run import HELD_OUT, KEEP, Report, markdown, write_report


def test_tables_are_replaced_and_the_hand_written_part_kept(tmp_path: Path) -> None:
    doc = tmp_path / "brain-eval.md"
    doc.write_text(f"# old\n\n| old | table |\n\n{KEEP}\n\n## Notes\n\nWhy the figures move.\n")
    write_report(doc, "| new | table |\n")
    text = doc.read_text()
    assert "| new | table |" in text and "| old | table |" not in text
    assert text.count(KEEP) == 1 and text.endswith("Why the figures move.\n")


def test_a_held_out_sets_misses_are_counted_not_listed() -> None:
    report = Report(f"builtin: {HELD_OUT[0]}", total=1, engine_ms=[1.0, 2.0])
    report.failures.append("k001 [priya] 'a secret request' -> []; tools [] != ['find_deals']")
    text = markdown([report])
    assert "(1)" in text and "a secret request" not in text
