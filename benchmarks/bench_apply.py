"""Benchmark: applying decisions and consolidating (issue 4).  Run on demand:

    python benchmarks/bench_apply.py [--corpus-dev ../shared/corpus-dev] [--repeat 9]

Measures, in one run, medians over ``--repeat`` runs:
- the seed decision applied to the derived pre-2021 heating text (parsed once beforehand), and
  the whole ``consolidate(吉林省城市供热条例, 2021-08-01)`` (read, parse, apply, 题注);
- every corpus-dev triple: apply the instrument to `before` (texts and decisions parsed once
  beforehand), and the same with verification against `after`;
- baseline in the same run: parsing the `before` texts alone (what any consolidation costs
  before the engine does anything), so the ratio says what applying adds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from _timing import (
    median,  # benchmarks/_timing.py (the script's own folder is on sys.path)
)

from amend.apply import apply
from amend.consolidate import consolidate, verify_texts
from amend.corpus import find_work
from amend.decision.parser import parse_decision
from amend.structure import parse, parse_source


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dev", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()

    work = find_work("吉林省城市供热条例")
    base = parse(work.read("derived-2004-03-31")).regulation
    decision = parse_decision(work.read("decision-2021-07-30"))
    seed = median(lambda: apply(base, decision), args.repeat)
    whole = median(lambda: consolidate(work, dt.date(2021, 8, 1)), args.repeat)
    print(f"seed decision, apply only:           {seed * 1000:8.2f} ms")
    print(f"consolidate heating as of 2021-08-01: {whole * 1000:8.2f} ms")

    triples = []
    for manifest in sorted(args.corpus_dev.glob("*/manifest.json")):
        for t in json.loads(manifest.read_text(encoding="utf-8")).get("triples") or []:
            read = lambda n, f=manifest.parent, t=t: (f / t[n]).read_text(encoding="utf-8")
            triples.append((manifest.parent.name, read("before"), read("decision"), read("after")))
    if not triples:
        print("no corpus-dev triples found; pass --corpus-dev")
        return
    parsed = [(name, parse_source(b).regulation, parse_decision(d)) for name, b, d, _ in triples]
    baseline = median(lambda: [parse_source(b) for _, b, _, _ in triples], args.repeat)
    applying = median(lambda: [apply(r, d, target=n) for n, r, d in parsed], args.repeat)
    verifying = median(lambda: [verify_texts(b, d, a, target=n) for n, b, d, a in triples],
                        args.repeat)
    articles = sum(len(r.articles()) for _, r, _ in parsed)
    print(f"corpus-dev triples: {len(triples)}, {articles} articles before")
    print(f"  baseline, parse the before texts:  {baseline * 1000:8.1f} ms")
    print(f"  apply every instrument (parsed):   {applying * 1000:8.1f} ms  "
          f"({applying / baseline:.2f}× the baseline)")
    print(f"  parse + apply + verify, all:       {verifying * 1000:8.1f} ms  "
          f"({verifying / baseline:.2f}× the baseline)")
    for name, r, d in parsed:
        one = median(lambda r=r, d=d, n=name: apply(r, d, target=n), max(3, args.repeat // 3))
        print(f"    {one * 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
