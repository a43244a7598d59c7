"""Draft time for 民事诉讼法 2021-12-24 → 2023-09-01 (amend draft, self-check included), in the
same run as the aligned redline of the same pair (bench_diff's main measure): medians and the
ratio.  Run on demand: ``python benchmarks/bench_draft.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import median  # noqa: E402

from amend.diff import compare  # noqa: E402
from amend.draft import draft  # noqa: E402
from amend.structure import parse_source  # noqa: E402

LAW = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus-dev" / "民事诉讼法"


def main() -> None:
    old = parse_source((LAW / "2021-12-24.md").read_text(encoding="utf-8")).regulation
    new = parse_source((LAW / "2023-09-01.md").read_text(encoding="utf-8")).regulation
    redline = median(lambda: compare(old, new), repeat=3)
    drafted = median(lambda: draft(old, new), repeat=3)
    d = draft(old, new)
    print(f"aligned redline 民事诉讼法 2021→2023: median {redline:.3f} s")
    print(f"draft (with self-check, {d.rounds} round(s), {len(d.items)} items, ok={d.ok}): "
          f"median {drafted:.3f} s")
    print(f"ratio draft / redline: {drafted / redline:.1f}×")


if __name__ == "__main__":
    main()
