"""Benchmark: the drafter's preview against the number of items (issue 13, point 6).  On demand:

    python benchmarks/bench_preview.py [--items 150 300 600] [--repeat 3] [--errors-every 5]
                                       [--one-by-one]

For each size N it builds a regulation of N + 40 articles (chapters of 25) and a draft decision
of N items, one per article, cycling through the common kinds — words substituted, an article
replaced, a paragraph added, a paragraph deleted, an article deleted (with "对条文顺序作相应调整") —
and, every ``--errors-every`` items (default 5: a draft under review with one item in five
wrong), one that cannot be applied (words not in the article).  It prints the median time of
``preview(base, draft)`` over ``--repeat`` runs for each N, and the exponent k of time ∝ N^k
between successive sizes and over the whole range (1 is linear; issue 13 measured 0.39 / 2.47 / 7.89 s for 150 / 300 / 600 items,
k ≈ 2.2).  ``--one-by-one`` measures the rule as it was applied before (one whole application
per failing item: ``amend.preview._exclude_one_by_one``), for comparison in the same run
conditions.  Nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # _timing
sys.path.insert(0, str(HERE.parent))  # the working tree, not an installed copy

from _timing import median  # noqa: E402

from amend import preview as preview_module  # noqa: E402
from amend.numerals import article_label  # noqa: E402
from amend.preview import preview  # noqa: E402
from amend.structure import parse  # noqa: E402

TITLE = "示例管理条例"


def base_text(articles: int) -> str:
    lines = [TITLE]
    for k in range(1, articles + 1):
        if k % 25 == 1:
            lines.append(f"第{_cn(k // 25 + 1)}章 第{k // 25 + 1}部分")
        cite = f"违反本条例{article_label(k - 1)}规定的，" if k > 1 and k % 7 == 0 else ""
        lines.append(f"{article_label(k)} {cite}主管部门应当依法履行第{k}项管理职责，加强监督检查。")
        lines.append(f"本条所称主管部门，是指第{k}类事项的示例主管部门。")
    return "\n".join(lines)


def _cn(n: int) -> str:
    from amend.numerals import int_to_cn

    return int_to_cn(n)


def draft_text(items: int, errors_every: int) -> str:
    out = [f"示例省人民代表大会常务委员会关于修改《{TITLE}》的决定（草案）",
           f"示例省人民代表大会常务委员会决定对《{TITLE}》作如下修改："]
    for i in range(1, items + 1):
        a = article_label(i + 20)
        if errors_every and i % errors_every == 0:
            clause = f"将{a}中的“并不存在的词语”修改为“某些词语”。"
        else:
            clause = (
                f"将{a}中的“依法履行”修改为“依照法律、法规履行”。",
                f"将{a}修改为：“主管部门应当履行第{i}项新的管理职责。”",
                f"在{a}中增加一款，作为第三款：“有关部门应当予以配合。”",
                f"删去{a}第二款。",
                f"删去{a}。",
            )[i % 5]
        out.append(f"{_cn(i)}、{clause}")
    out.append("此外，对条文顺序作相应调整。")
    out.append("本决定自公布之日起施行。")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, nargs="+", default=[150, 300, 600])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--errors-every", type=int, default=5, help="0: a draft with no error")
    ap.add_argument("--one-by-one", action="store_true",
                    help="leave failing items out one whole application at a time (the old way)")
    args = ap.parse_args()
    if args.one_by_one:
        preview_module._apply_all = lambda base, decision, target: \
            preview_module._exclude_one_by_one(base, decision, target, [], [])
    times = []
    for n in args.items:
        base = parse(base_text(n + 40)).regulation
        draft = draft_text(n, args.errors_every)
        result = preview(base, draft)  # warm-up, and a check that the draft reads as intended
        errors = sum(1 for p in result.problems if p.severity == "error")
        t = median(lambda: preview(base, draft), args.repeat)
        times.append(t)
        print(f"{n:5d} items ({len(draft) // 1000} KB, {errors} items in error, "
              f"{len(result.excluded)} left out): median {t:7.3f} s", flush=True)
    for (n1, t1), (n2, t2) in zip(zip(args.items, times), zip(args.items[1:], times[1:])):
        print(f"  {n1} → {n2}: ×{t2 / t1:.2f}, exponent {math.log(t2 / t1) / math.log(n2 / n1):.2f}")
    if len(times) > 2:
        n1, n2, t1, t2 = args.items[0], args.items[-1], times[0], times[-1]
        print(f"  overall exponent {math.log(t2 / t1) / math.log(n2 / n1):.2f} (1 = linear)")


if __name__ == "__main__":
    main()
