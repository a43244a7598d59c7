"""Regenerate the expected files of the redline golden cases, for review with `git diff`.

    PYTHONPATH=. python tests/regen_diff_cases.py

Each folder under tests/cases/diff holds old.txt and new.txt (and decision.txt when the versions
are linked by a decision) and the expected redline in every format: expected.txt (terminal, plain
markers), expected.md, expected.json, expected.html (redline) and expected-table.html (修改前后对照表).
Read the diff before committing: these files are the reviewed examples of how redlines read
(e.g. phrases/ shows a replaced phrase as one deletion and one insertion, not confetti).
"""

from __future__ import annotations

import json
from pathlib import Path

from amend.diff import present
from amend.diff.context import redline_context
from amend.redline import between_files

CASES = Path(__file__).resolve().parent / "cases" / "diff"


def outputs(case: Path) -> dict[str, str]:
    read = lambda name: (case / name).read_text(encoding="utf-8")  # noqa: E731
    decision = read("decision.txt") if (case / "decision.txt").exists() else None
    red = between_files(read("old.txt"), read("new.txt"), decision_text=decision,
                        old_name="old.txt", new_name="new.txt")
    ctx = redline_context(red.changes, old_name=red.old_name, new_name=red.new_name)
    return {
        "expected.txt": present.text(ctx),
        "expected.md": present.markdown(ctx),
        "expected.json": json.dumps(ctx, ensure_ascii=False, indent=1) + "\n",
        "expected.html": present.html(ctx),
        "expected-table.html": present.table_html(ctx),
    }


if __name__ == "__main__":
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        for name, text in outputs(case).items():
            (case / name).write_text(text, encoding="utf-8")
        print(case.name, "written")
