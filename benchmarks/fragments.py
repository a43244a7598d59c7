"""Measurement: how readable the inline diffs are on real version pairs (issue 14 point 7).  Run:

    python benchmarks/fragments.py [--corpus-dev ../shared/corpus-dev]
                                   [--decisions-dev ../shared/decisions-dev] [--examples N]

Every consecutive pair of versions in corpus-dev (as tests/test_diff_corpus.py pairs them) and
every before/after pair in decisions-dev is compared with the project's own alignment
(``compare``); each paragraph, item or subitem line the alignment pairs and finds "modified" is
diffed with ``textdiff.diff``.  Identical (old, new) line pairs count once.  Per changed article
(an article change with at least one modified line) it counts:
- fragments: maximal runs of "-"/"+" segments (one run = one place a reader has to look);
- split words: fragments with an edge that cuts inside a word.  The judge is the rjieba
  segmenter (jieba's dictionary, without HMM) run on each whole line: an edge cuts a word when
  its offset is not a token edge of the old line (old-side edges) or of the new line (new-side
  edges); a change of punctuation alone ("乡[-、-]镇") is not judged.  Three judges, each more
  lenient: rjieba's tokens as they are; …with the edges of a number counted as word edges
  ("第|八|条": jieba keeps "七条" and "第三十条" as tokens); …and with the middle of a long token
  that is two dictionary words ("书面|通知").  textdiff snaps to the third, so its figure is 0
  by construction after issue 14 point 7; the first two say what that allows.
  A segmenter-free count is printed too: fragments with an edge between two Han characters
  (a crude upper bound: an edge between two words of a phrase counts as well).
The "before" figures of issue 14 point 7 were taken with the textdiff of that time (semantic
cleanup, folding); run this script on both trees to compare.
It prints the medians and means per changed article, and the totals.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import unicodedata
from pathlib import Path

from amend import triples
from amend.diff import compare, textdiff
from amend.structure import parse_source

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _before_after(decisions_dev: Path):
    for before in sorted(decisions_dev.glob("*/*/before.md")):
        after = before.with_name("after.md")
        if after.is_file():
            yield (f"{before.parent.parent.name}/{before.parent.name}",
                   before.read_text(encoding="utf-8"), after.read_text(encoding="utf-8"))


def _changed_line_pairs(old_src: str, new_src: str):
    """Per changed article: the (old, new) texts of its modified lines."""
    old, new = parse_source(old_src).regulation, parse_source(new_src).regulation
    for change in compare(old, new).articles:
        pairs = [(textdiff.side(line.segments, "-"), textdiff.side(line.segments, "+"))
                 for line in change.lines if line.kind == "modified"]
        if pairs:
            yield pairs


_SEGMENTER = None
NUMERAL = frozenset("〇零一二三四五六七八九十百千万亿两0123456789０１２３４５６７８９")


def _judges(text: str) -> tuple[frozenset[int], frozenset[int], frozenset[int]] | None:
    """Three nested sets of offsets where a fragment edge does not cut a word: rjieba's token
    edges; …plus the edges of a number inside a token ("第|八|条", "三|个月"); …plus the middle of a
    long token that is two dictionary words of two letters or more ("书面|通知")."""
    global _SEGMENTER
    if _SEGMENTER is None:
        try:
            import rjieba
        except ImportError:
            _SEGMENTER = False
        else:
            _SEGMENTER = rjieba
    if _SEGMENTER is False:
        return None
    tokens = _SEGMENTER.cut(text, False)  # the dictionary alone, no HMM guesses
    ends = list(itertools.accumulate(map(len, tokens), initial=0))
    plain = frozenset(ends)
    numbers = plain | {i for i in range(1, len(text))
                       if (text[i - 1] in NUMERAL) != (text[i] in NUMERAL)}
    halves = set(numbers)
    for start, token in zip(ends, tokens):
        for k in range(2, len(token) - 1):
            if _SEGMENTER.has_word(token[:k]) and _SEGMENTER.has_word(token[k:]):
                halves.add(start + k)
    return plain, numbers, frozenset(halves)


def _han(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo"


def _letter_edge(text: str, at: int) -> bool:
    return 0 < at < len(text) and _han(text[at - 1]) and _han(text[at])


def measure(old: str, new: str):
    """(fragments, split-word fragments by each judge or None, letter|letter-edge fragments,
    marked text)."""
    segments = textdiff.diff(old, new)
    runs = textdiff.runs(segments)
    oj, nj = _judges(old), _judges(new)
    split = None
    if oj is not None:
        # "乡[-、-]镇" cuts no word: a change of punctuation alone is not judged
        words = [r for r in runs if any(ch.isalnum() for ch in old[r[0]:r[1]] + new[r[2]:r[3]])]
        split = tuple(sum(1 for a0, a1, b0, b1 in words if not {a0, a1} <= ob or not {b0, b1} <= nb)
                      for ob, nb in zip(oj, nj))
    letters = sum(1 for a0, a1, b0, b1 in runs
                  if any(_letter_edge(old, x) for x in (a0, a1))
                  or any(_letter_edge(new, x) for x in (b0, b1)))
    return len(runs), split, letters, textdiff.marked(segments)


def _stats(values) -> str:
    share = sum(1 for v in values if v) / len(values)
    return (f"median {statistics.median(values):5.1f}  mean {statistics.fmean(values):6.2f}  "
            f"total {sum(values):6d}  (articles with any: {share:6.1%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-dev", type=Path, default=SHARED / "corpus-dev")
    ap.add_argument("--decisions-dev", type=Path, default=SHARED / "decisions-dev")
    ap.add_argument("--examples", type=int, default=0,
                    help="print this many marked lines (the first by source order)")
    args = ap.parse_args()
    if not args.corpus_dev.is_dir():
        sys.exit(f"fragments: {args.corpus_dev} (corpus-dev) is absent; pass --corpus-dev")
    sources = [(f"{folder.name} {old}→{new}", (folder / old).read_text(encoding="utf-8"),
                (folder / new).read_text(encoding="utf-8"))
               for folder, old, new in triples.version_pairs(args.corpus_dev)]
    if args.decisions_dev.is_dir():
        sources += list(_before_after(args.decisions_dev))

    seen: set[tuple[str, str]] = set()
    fragments, letters, examples = [], [], []
    split: list[list[int]] | None = [[], [], []]
    articles = lines = 0
    for _name, old_src, new_src in sources:
        for pairs in _changed_line_pairs(old_src, new_src):
            pairs = [p for p in pairs if p not in seen]
            seen.update(pairs)
            if not pairs:
                continue
            articles += 1
            f = le = 0
            s = [0, 0, 0]
            for old, new in pairs:
                lines += 1
                nf, ns, nl, mark = measure(old, new)
                f, le = f + nf, le + nl
                if ns is None:
                    split = None
                else:
                    s = [x + y for x, y in zip(s, ns)]
                if len(examples) < args.examples:
                    examples.append(mark)
            fragments.append(f)
            letters.append(le)
            if split is not None:
                for values, value in zip(split, s):
                    values.append(value)
    print(f"{len(sources)} version pairs, {articles} changed articles, {lines} modified lines; "
          f"inline diff engine {textdiff.engine()}")
    print(f"  fragments per changed article:                {_stats(fragments)}")
    if split is None:
        print("  split-word fragments: rjieba is not installed (pip install rjieba)")
    else:
        print("  fragments cutting a word, per changed article (rjieba judges):")
        for name, values in zip(("rjieba tokens", "…numbers are words", "…compounds split"),
                                split):
            print(f"    {name:42} {_stats(values)}")
    print(f"  fragments with a letter|letter edge, per article: {_stats(letters)}")
    for mark in examples:
        print("   ", mark)


if __name__ == "__main__":
    main()
