"""Benchmark: how the engine grows with the size of a text and of a decision (issue 16).  Run
on demand:

    python benchmarks/bench_scaling.py [--corpus-dev ../shared/corpus-dev] [--repeat 3]
                                       [--articles 500,1000,2000,4500,9000]
                                       [--items 10,30,100,300,1000] [--items-articles 2000]
                                       [--only apply,invert] [--no-memory]

Synthetic texts are built from real articles (every article of the corpus-dev texts, in turn,
renumbered 第一条…第N条, a chapter every 60 articles; only articles each of whose lines ends
a sentence, so that no payload runs on into the next item) and synthetic decisions from real wording: a
quarter of the items replace an article with another real article's words ("将第X条修改为：“…”"),
a quarter add one ("增加一条，作为第Y条：“…”", Y the final number), a quarter delete one
("删去第X条"), a quarter change the first words of an article ("将第X条中的“A”修改为“B”"), spread
evenly over the text, and "此外，对条文顺序作相应调整" (everything after an edit is renumbered).

Two sweeps: the number of articles (500 → 9,000, with a 20-item decision) and the number of items
(10 → 1,000, on a text of ``--items-articles`` articles).  For each operation — ``parse``
(structure parsing of the text; decision reading in the item sweep), ``apply``, ``invert`` (with
its self-check, which applies again), ``consolidate`` (a corpus work: read, parse, read the
decision, apply, 题注), ``compare linked`` (by the decision's maps) and ``compare unlinked`` (by
the words alone) — it prints the median time at each size, the exponent of the least-squares fit
of log(time) on log(size) (1.0 is linear; the goal is ≤ 1.1) and the peak of Python memory at
the largest size (``tracemalloc``, a separate untimed run; ``--no-memory`` skips it).
``--no-gc`` times with the cyclic garbage collector off: its collections scan every live object,
so on the largest texts they add to the growth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from amend.apply import apply
from amend.apply.invert import invert
from amend.consolidate import consolidate
from amend.corpus import load_work, write_work
from amend.decision.parser import parse_decision
from amend.diff import Link, compare
from amend.numerals import int_to_cn
from amend.structure import parse, parse_source, render_article

TITLE = "合成条例"
DECISION_TITLE = f"关于修改《{TITLE}》的决定"
OPS = ("parse", "apply", "invert", "consolidate", "compare linked", "compare unlinked")
_LABEL = re.compile(r"^第[〇零一二三四五六七八九十百千万两]+条(?:之[一二三四五六七八九十]+)?[　 ]")
_CJK4 = re.compile(r"^[\u4e00-\u9fff]{4}")


# ---- synthetic inputs ------------------------------------------------------------------------


def real_articles(corpus_dev: Path) -> list[str]:
    """The words of every article (its label taken off) of the corpus-dev texts after their
    decisions, else of the bundled corpus; articles whose lines look like headings or labels
    of their own are left out so that the synthetic text parses back into the same articles."""
    files = sorted(corpus_dev.glob("*/[0-9]*.md")) if corpus_dev.is_dir() else []
    if not files:
        files = sorted(Path(__file__).resolve().parents[1].glob("corpus/*/republished-*.txt"))
    out, seen = [], set()
    for f in files:
        try:
            regulation = parse_source(f.read_text(encoding="utf-8")).regulation
        except Exception:  # noqa: BLE001 - a text the parser refuses is simply not used
            continue
        for a in regulation.articles():
            body = _LABEL.sub("", render_article(a), count=1)
            lines = body.split("\n")
            if (not body or body in seen or len(body) > 600
                    or any(re.match(r"^第.{1,8}[条章节编]", ln) for ln in lines)
                    or any(ln[-1:] not in "。；：！？" for ln in lines)
                    or "“" in body or "”" in body):
                continue
            seen.add(body)
            out.append(body)
    if not out:
        sys.exit("no articles found: pass --corpus-dev")
    return out


def text_of(n: int, arts: list[str], offset: int = 0) -> str:
    lines = [TITLE]
    for i in range(1, n + 1):
        if (i - 1) % 60 == 0:
            c = (i - 1) // 60 + 1
            lines.append(f"第{int_to_cn(c)}章　第{int_to_cn(c)}部分")
        lines.append(f"第{int_to_cn(i)}条　{arts[(i - 1 + offset) % len(arts)]}")
    return "\n".join(lines) + "\n"


def decision_of(n: int, k: int, arts: list[str]) -> str:
    """A decision of ``k`` items over a text of ``n`` articles (see the module docstring)."""
    positions = sorted({max(1, (i + 1) * n // (k + 1)) for i in range(k)})
    deleted = {p for j, p in enumerate(positions) if j % 4 == 2}
    items, inserted = [], 0
    for j, x in enumerate(positions):
        words = arts[(x * 7 + j) % len(arts)]
        kind = j % 4
        if kind == 3:
            body = arts[(x - 1) % len(arts)]
            m = _CJK4.match(body)
            if m and body.count(m.group()) == 1:
                items.append(f"将第{int_to_cn(x)}条中的“{m.group()}”修改为“{m.group()}等”。")
                continue
            kind = 0
        if kind == 0:
            items.append(f"将第{int_to_cn(x)}条修改为：“{words}”")
        elif kind == 1:
            inserted += 1
            final = x - sum(1 for d in deleted if d <= x) + inserted
            items.append(f"增加一条，作为第{int_to_cn(final)}条：“{words}”")
        else:
            items.append(f"删去第{int_to_cn(x)}条。")
    body = "\n".join(f"{int_to_cn(i + 1)}、{t}" for i, t in enumerate(items))
    return (f"{DECISION_TITLE}\n（2024年1月1日某省人民代表大会常务委员会第一次会议通过）\n"
            f"某省人民代表大会常务委员会决定对《{TITLE}》作如下修改：\n{body}\n"
            "此外，对条文顺序作相应调整。\n本决定自2024年3月1日起施行。\n")


class Case:
    """One size: the texts, the parsed values and a corpus work for ``consolidate``."""

    def __init__(self, n: int, k: int, arts: list[str], folder: Path):
        self.n, self.k = n, k
        self.text = text_of(n, arts)
        self.decision_text = decision_of(n, k, arts)
        self.before = parse(self.text).regulation
        self.decision = parse_decision(self.decision_text)
        self.result = apply(self.before, self.decision)
        self.after = self.result.regulation
        self.link = Link.from_result(self.result, self.decision.title)
        slug = f"synthetic-{n}-{k}"
        manifest = {
            "slug": slug, "title": TITLE, "short_name": TITLE, "kind": "地方性法规",
            "issuing_bodies": ["某省人民代表大会常务委员会"],
            "texts": [{"id": "original-2020-01-01", "role": "original",
                       "file": "original-2020-01-01.txt"},
                      {"id": "decision-2024-01-01", "role": "decision",
                       "file": "decision-2024-01-01.txt"}],
            "events": [{"kind": "enactment", "adopted": dt.date(2020, 1, 1),
                        "in_force": dt.date(2020, 3, 1), "text": "original-2020-01-01"},
                       {"kind": "amendment", "title": DECISION_TITLE,
                        "text": "decision-2024-01-01", "adopted": dt.date(2024, 1, 1),
                        "in_force": dt.date(2024, 3, 1)}],
        }
        write_work(folder / slug, manifest, {"original-2020-01-01.txt": self.text,
                                             "decision-2024-01-01.txt": self.decision_text})
        self.work = load_work(folder / slug)

    def runner(self, op: str, sweep: str):
        return {
            "parse": (lambda: parse_decision(self.decision_text)) if sweep == "items"
            else (lambda: parse(self.text)),
            "apply": lambda: apply(self.before, self.decision),
            "invert": lambda: invert(self.after, self.decision),
            "consolidate": lambda: consolidate(self.work, dt.date(2024, 6, 1)),
            "compare linked": lambda: compare(self.before, self.after, self.link),
            "compare unlinked": lambda: compare(self.before, self.after),
        }[op]


# ---- measuring -------------------------------------------------------------------------------


def timed(fn, repeat: int) -> float:
    """The median of ``repeat`` runs (one run when a run takes over a second)."""
    times = []
    for _ in range(repeat):
        gc.collect()  # also with the collector off (--no-gc): a clean start for each run
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > 1.0:
            break
    return statistics.median(times)


def peak(fn) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def exponent(sizes, times) -> float:
    """The slope of the least-squares line through (log size, log time)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
            / sum((x - mx) ** 2 for x in xs))


def sweep(name: str, sizes, make, ops, repeat: int, memory: bool) -> dict[str, float]:
    unit = "articles" if name == "articles" else "items"
    print(f"\n== {name} sweep: " + ", ".join(f"{s:,}" for s in sizes) + f" {unit}")
    rows = {op: [] for op in ops}
    mem = {}
    for i, size in enumerate(sizes):
        case = make(size)
        for op in ops:
            rows[op].append(timed(case.runner(op, name), repeat))
            if memory and i == len(sizes) - 1:
                mem[op] = peak(case.runner(op, name))
        print(f"  {size:>6,} {unit}: " + "  ".join(f"{op} {rows[op][-1] * 1000:.0f} ms"
                                                  for op in ops), flush=True)
    print(f"  {'operation':<17}" + "".join(f"{s:>10,}" for s in sizes)
          + "  exponent" + ("  peak MB" if memory else ""))
    exps = {}
    for op in ops:
        exps[op] = exponent(sizes, rows[op])
        label = "parse (decision)" if op == "parse" and name == "items" else op
        print(f"  {label:<17}" + "".join(f"{t * 1000:>8.0f}ms" for t in rows[op])
              + f"  {exps[op]:8.2f}" + (f"  {mem[op]:7.1f}" if memory else ""))
    return exps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dev", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "corpus-dev")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--articles", default="500,1000,2000,4500,9000")
    ap.add_argument("--items", default="10,30,100,300,1000")
    ap.add_argument("--items-articles", type=int, default=2000)
    ap.add_argument("--only", default=",".join(OPS), help="operations, comma-separated")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--no-gc", action="store_true",
                    help="time with the cyclic garbage collector off (what it adds to the growth)")
    args = ap.parse_args()
    if args.no_gc:
        gc.disable()
    ops = [op.strip() for op in args.only.split(",") if op.strip()]
    unknown = set(ops) - set(OPS)
    if unknown:
        sys.exit(f"unknown operations: {', '.join(sorted(unknown))}; known: {', '.join(OPS)}")
    arts = real_articles(args.corpus_dev)
    print(f"{len(arts)} real articles to build from")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        worst = {}
        if args.articles:
            sizes = [int(s) for s in args.articles.split(",")]
            exps = sweep("articles", sizes, lambda n: Case(n, 20, arts, folder), ops,
                         args.repeat, not args.no_memory)
            worst.update({f"{op} (articles)": e for op, e in exps.items()})
        if args.items:
            sizes = [int(s) for s in args.items.split(",")]
            exps = sweep("items", sizes, lambda k: Case(args.items_articles, k, arts, folder),
                         ops, args.repeat, not args.no_memory)
            worst.update({f"{op} (items)": e for op, e in exps.items()})
    over = {k: e for k, e in worst.items() if e > 1.1}
    print("\nexponents above 1.1: " + (", ".join(f"{k} {e:.2f}" for k, e in over.items())
                                       if over else "none"))


if __name__ == "__main__":
    main()
