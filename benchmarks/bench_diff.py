"""Benchmark: the aligned redline against whole-text diffs (issue 5).  Run on demand:

    python benchmarks/bench_diff.py [--corpus-dev ../shared/corpus-dev] [--repeat 7]

One version pair, 民事诉讼法 2021-12-24 → 2023-09-01 (291 → 306 articles), medians over
``--repeat`` runs, all in the same process:
- parsing each of the two texts (``parse_source``), for scale;
- ours: ``compare(old, new)`` on the parsed regulations (articles aligned, then paragraphs and
  items, each paired line diffed), and ``compare`` + ``redline_context`` + the text redline;
  with the inline diff engine the package picked (fast-diff-match-patch when installed) and,
  to compare like with like, with the pure-Python diff-match-patch forced;
- baselines on the whole rendered texts (``render(regulation)``): pure-Python diff-match-patch
  (``Diff_Timeout = 0``, ``diff_main`` then ``diff_cleanupSemantic``), the C++
  fast-diff-match-patch when installed, and difflib on lines (``unified_diff`` and
  ``SequenceMatcher.get_opcodes``).
The ratio whole-text diff-match-patch / aligned ``compare`` is the headline (aim: ≥ 30×), and
the same with both texts parsed inside the timing (issue 16: the redline from the two sources).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from _timing import (
    median,  # benchmarks/_timing.py (the script's own folder is on sys.path)
)
from diff_match_patch import diff_match_patch

from amend.diff import compare, textdiff
from amend.diff.context import redline_context
from amend.diff.present import text as present_text
from amend.structure import parse_source, render

DOCUMENT, OLD, NEW = "民事诉讼法", "2021-12-24", "2023-09-01"




def _dmp_whole(a: str, b: str):
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(a, b)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def _redline(old, new) -> str:
    ctx = redline_context(compare(old, new), old_name=OLD, new_name=NEW)
    return present_text(ctx)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dev", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    folder = args.corpus_dev / DOCUMENT
    paths = [folder / f"{OLD}.md", folder / f"{NEW}.md"]
    if not all(p.is_file() for p in paths):
        sys.exit(f"bench_diff: {folder} (corpus-dev) is absent or incomplete; pass --corpus-dev")
    old_src, new_src = (p.read_text(encoding="utf-8") for p in paths)
    repeat = args.repeat

    old, new = parse_source(old_src).regulation, parse_source(new_src).regulation
    old_text, new_text = render(old), render(new)
    changes = compare(old, new)
    counts = {k: v for k, v in changes.summary().items() if v}
    print(f"{DOCUMENT} {OLD} → {NEW}: {len(old.articles())} → {len(new.articles())} articles, "
          f"{len(old_text)} → {len(new_text)} characters rendered")
    print(f"  changes: {counts}")
    print(f"  inline diff engine: {textdiff.engine()}; median of {repeat} runs\n")

    rows: list[tuple[str, float]] = []
    rows.append((f"parse {OLD} (parse_source)", median(lambda: parse_source(old_src), repeat)))
    rows.append((f"parse {NEW} (parse_source)", median(lambda: parse_source(new_src), repeat)))
    aligned = median(lambda: compare(old, new), repeat)
    rows.append(("ours: compare (parsed)", aligned))
    rows.append(("ours: compare + context + text", median(lambda: _redline(old, new), repeat)))
    aligned_pure = None
    if textdiff.engine() != "diff-match-patch":
        saved = textdiff._ENGINE
        textdiff._ENGINE = textdiff._pure  # like with like: the pure-Python inline diffs
        try:
            aligned_pure = median(lambda: compare(old, new), repeat)
            rows.append(("ours: compare, pure-Python dmp inline", aligned_pure))
            rows.append(("ours: compare + context + text, pure",
                         median(lambda: _redline(old, new), repeat)))
        finally:
            textdiff._ENGINE = saved
    whole = median(lambda: _dmp_whole(old_text, new_text), repeat)
    rows.append(("whole text: diff-match-patch (pure)", whole))
    try:
        import fast_diff_match_patch as fast
    except ImportError:
        fast = None
    if fast is not None:
        rows.append(("whole text: fast-diff-match-patch", median(
            lambda: fast.diff(old_text, new_text, timelimit=0, checklines=False,
                              cleanup="Semantic", counts_only=False), repeat)))
    old_lines, new_lines = old_text.splitlines(keepends=True), new_text.splitlines(keepends=True)
    rows.append(("whole text: difflib.unified_diff (lines)", median(
        lambda: list(difflib.unified_diff(old_lines, new_lines)), repeat)))
    rows.append(("whole text: SequenceMatcher opcodes (lines)", median(
        lambda: difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes(),
        repeat)))

    for name, seconds in rows:
        print(f"  {name:44} {seconds * 1000:10.2f} ms  ({seconds / aligned:7.2f}× compare)")
    print(f"\nwhole-text diff-match-patch / aligned compare: {whole / aligned:.1f}× (aim ≥ 30×)")
    if aligned_pure is not None:
        print(f"…against compare with pure-Python inline diffs: {whole / aligned_pure:.1f}×")
    parses = rows[0][1] + rows[1][1]
    both = median(lambda: compare(parse_source(old_src).regulation,
                                  parse_source(new_src).regulation), repeat)
    print(f"…including both parses (parse_source ×2 + compare, timed together: "
          f"{both * 1000:.1f} ms): {whole / both:.1f}× (aim ≥ 30×; the parts summed: "
          f"{whole / (parses + aligned):.1f}×)")


if __name__ == "__main__":
    main()
