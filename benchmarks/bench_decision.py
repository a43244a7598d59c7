"""Benchmark: reading amendment instruments (修改决定, 修正案) with the decision grammar.

Run on demand (not part of the test suite):

    python benchmarks/bench_decision.py [--corpus-dev ../shared/corpus-dev] [--repeat 15]

Measures, in one run:
- first parse: a fresh Python process imports amend and parses the seed decision, grammar load
  included (Lark's on-disk grammar cache warm, as after the first use on a machine), and the
  same with the cache cleared (what the very first use costs);
- the seed decision: median over ``--repeat`` parses after the first (parsers built);
- every distinct corpus-dev instrument together: median time and characters per second;
- baseline in the same run: normalisation alone of the same texts (the step every parse starts
  with), so the ratio says what the grammar and segmentation add;
- Lark parses per item: how many times one reading of the corpus-dev instruments runs Lark's
  LALR parser on decision.lark (item bodies, and the lines the segmenter asks about) and on
  instrument.lark (line classes, header lines), per item read.
The aims (issue 3) are at least 1 MB/s and a first parse under 100 ms; issue 16 asks for one
decision.lark parse per item.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from amend.decision import parse_decision
from amend.decision import segment
from amend.normalise import normalise

from _timing import median  # benchmarks/_timing.py (the script's own folder is on sys.path)

HERE = Path(__file__).resolve().parent.parent
SEED = HERE / "corpus" / "吉林省城市供热条例" / "decision-2021-07-30.txt"

_FIRST = """
import time; t0 = time.perf_counter()
from amend.decision import parse_decision
from amend.decision import segment
text = open({path!r}, encoding="utf-8").read()
t1 = time.perf_counter()
d = parse_decision(text)
t2 = time.perf_counter()
print(t2 - t1, t2 - t0)
"""


def first_parse(cache: str) -> tuple[float, float]:
    """(first parse_decision call, grammar load included; the same plus importing amend)."""
    env = dict(os.environ, AMEND_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", _FIRST.format(path=str(SEED))], env=env,
                         capture_output=True, text=True, check=True)
    call, with_imports = map(float, out.stdout.split())
    return call, with_imports


def count_parses(texts: list[str]) -> tuple[int, int, int]:
    """(items, decision.lark parses, instrument.lark parses) of one reading of ``texts``, memos
    cleared: every call of Lark's LALR parser is counted, whichever ``Lark`` object makes it."""
    from lark.parsers import lalr_parser

    counts = {"decision": 0, "instrument": 0}
    original = lalr_parser._Parser.parse

    def counting(self, lexer, start, *args, **kwargs):
        counts["decision" if start == "start" else "instrument"] += 1  # decision.lark: ?start
        return original(self, lexer, start, *args, **kwargs)

    clear_memos()
    lalr_parser._Parser.parse = counting
    try:
        items = sum(len(parse_decision(t).items) for t in texts)
    finally:
        lalr_parser._Parser.parse = original
    return items, counts["decision"], counts["instrument"]


def clear_memos() -> None:
    """Forget the segmenter's per-line memos, so every run reads every line afresh."""
    for value in vars(segment).values():  # its own functions, not the parsers it imports
        if hasattr(value, "cache_clear") and getattr(value, "__module__", None) == segment.__name__:
            value.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dev", type=Path, default=HERE.parent / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--no-first", action="store_true",
                    help="skip the first-parse measurements (new processes, a cold grammar cache)")
    args = ap.parse_args()

    if not args.no_first:
        with tempfile.TemporaryDirectory() as cold:
            cold_call, cold_total = first_parse(cold)  # builds the LALR tables, writes the cache
            runs = [first_parse(cold) for _ in range(5)]
        call = statistics.median(r[0] for r in runs)
        total = statistics.median(r[1] for r in runs)
        print(f"first parse_decision() in a new process, grammar load included: "
              f"{call * 1000:.0f} ms (median of 5, grammar cache warm); {total * 1000:.0f} ms "
              f"counting the import of amend and lark; with no grammar cache: "
              f"{cold_call * 1000:.0f} ms")

    seed = SEED.read_text(encoding="utf-8")
    parse_decision(seed)

    def seed_parse():
        clear_memos()
        parse_decision(seed)

    t = median(seed_parse, args.repeat)
    print(f"seed decision ({len(seed):,} chars): median {t * 1000:.1f} ms, "
          f"{len(seed) / t / 1e6:.2f} M chars/s")

    seen, texts = set(), []
    for path in sorted(args.corpus_dev.glob("*/decision-*.md")):
        text = path.read_text(encoding="utf-8")
        if text not in seen:
            seen.add(text)
            texts.append(text)
    if not texts:
        print(f"no instruments under {args.corpus_dev}: corpus part skipped")
        return
    chars = sum(map(len, texts))
    def cold_engine():
        clear_memos()
        return [parse_decision(t) for t in texts]

    engine = median(cold_engine, args.repeat)
    warm = median(lambda: [parse_decision(t) for t in texts], args.repeat)
    base = median(lambda: [normalise(t) for t in texts], args.repeat)
    print(f"{len(texts)} corpus-dev instruments ({chars:,} chars), {args.repeat} runs each")
    print(f"baseline (normalise only) median {base * 1000:8.1f} ms  {chars / base / 1e6:6.2f} M chars/s")
    print(f"engine   (parse_decision) median {engine * 1000:8.1f} ms  {chars / engine / 1e6:6.2f} M chars/s")
    print(f"  (re-reading unchanged lines, as a draft preview does: {warm * 1000:.1f} ms, "
          f"{chars / warm / 1e6:.2f} M chars/s)")
    print(f"ratio engine/baseline: {engine / base:.1f}×")
    items, clause, line = count_parses(texts)
    print(f"Lark parses: {clause:,} of decision.lark for {items:,} items "
          f"({clause / items:.2f} per item), {line:,} of instrument.lark ({line / items:.2f} per item)")


if __name__ == "__main__":
    main()
