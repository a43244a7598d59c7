"""Benchmark: structure parsing of every corpus-dev version against a plain-regex baseline.

Run on demand (not part of the test suite):

    python benchmarks/bench_structure.py [--corpus-dev ../shared/corpus-dev] [--repeat 7]

Baseline: read every version file and split it into 第X条 lines with one regular expression.
Engine: read every file, normalise it (with the offset map) and parse it into a Regulation.
Both run in the same process, alternately, ``--repeat`` times; the medians and their ratio are
printed.  The aim is a ratio within 10×.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from amend.structure import parse_source

_ARTICLE_LINE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条.*$", re.M)


def baseline(files: list[Path]) -> int:
    return sum(len(_ARTICLE_LINE.findall(f.read_text(encoding="utf-8"))) for f in files)


def engine(files: list[Path]) -> int:
    return sum(len(parse_source(f.read_text(encoding="utf-8")).regulation.articles()) for f in files)


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dev", type=Path, default=here.parent / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    files = sorted(args.corpus_dev.glob("*/[0-9]*.md"))
    if not files:
        raise SystemExit(f"no version files under {args.corpus_dev}")
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    times: dict[str, list[float]] = {"baseline": [], "engine": []}
    counts = {}
    for _ in range(args.repeat):
        for name, fn in (("baseline", baseline), ("engine", engine)):
            t = time.perf_counter()
            counts[name] = fn(files)
            times[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{len(files)} files, {chars:,} characters, {args.repeat} runs each")
    for name in ("baseline", "engine"):
        print(f"{name:9s} median {med[name] * 1000:8.1f} ms  ({counts[name]} article lines/articles)")
    print(f"ratio engine/baseline: {med['engine'] / med['baseline']:.1f}×")


if __name__ == "__main__":
    main()
