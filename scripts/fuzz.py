#!/usr/bin/env python3
"""Mutation fuzzing of amendment decisions (issue 13, point 4): no traceback for any input.

Run on demand (the test suite runs a bounded, deterministic share of the same in
tests/test_fuzz.py):

    .venv/bin/python scripts/fuzz.py --mutants 10000 [--seed 1] [--shared ../shared]

Seeds are the real decisions — the bundled corpus (corpus/*/decision-*.txt, each with the text
before it) and, when present, ../shared/decisions-dev/*/decision.md (with ``<law>/before.md``)
and ../shared/corpus-dev triples.  Each mutant is a seed (whole, or its header with a few of its
items) changed by one to four edits: a span deleted, duplicated or swapped, a Chinese numeral,
quote, 第X条 fragment, item label, verb or punctuation mark inserted, a numeral replaced, a byte
of the UTF-8 text broken.  Every mutant goes through ``parse_decision``, ``apply``,
``apply_partial`` and ``preview`` against the seed's base text, and only the project's own errors
may come out: ``DecisionError`` (``ApplyError`` is one) from ``parse_decision`` and ``apply``,
nothing at all from ``apply_partial`` (an ``engine-failed`` item is an internal error caught) and
``preview``.  Anything else is a crash; each distinct crash (stage, exception type, innermost
frame in ``amend``) is minimised and printed.  Errors must also say where: an error with a clause
but no line is a finding too (``unlocated``).

Prints: tried / passed / crashes (mutants), distinct crashes with their minimised inputs.  Exit 1
when anything crashed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # fuzz the working tree, not an installed copy
    sys.path.insert(0, str(REPO))

from amend.apply import apply  # noqa: E402
from amend.apply.partial import ENGINE_FAILED, apply_partial  # noqa: E402
from amend.decision.diagnose import DecisionError  # noqa: E402
from amend.decision.parser import parse_decision  # noqa: E402
from amend.preview import preview  # noqa: E402
from amend.structure import parse_source  # noqa: E402

DEFAULT_SHARED = Path(os.environ.get("AMEND_SHARED", REPO.parent / "shared"))

# ---------------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class Seed:
    name: str
    decision: str
    base: str  # the text of the regulation before the decision
    target: str | None = None


_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})\.(txt|md)$")


def _bundled(repo: Path) -> list[Seed]:
    out = []
    for decision in sorted((repo / "corpus").glob("*/decision-*.txt")):
        m = _DATED.search(decision.name)
        if not m:
            continue
        texts = [p for p in decision.parent.glob("*-*.txt")
                 if not p.name.startswith(("decision", "republished")) and _DATED.search(p.name)
                 and _DATED.search(p.name).group(1) < m.group(1)]
        if texts:
            base = max(texts, key=lambda p: _DATED.search(p.name).group(1))
            out.append(Seed(f"corpus/{decision.parent.name}/{decision.name}",
                            decision.read_text(encoding="utf-8"), base.read_text(encoding="utf-8")))
    return out


def _shared(shared: Path) -> list[Seed]:
    out: list[Seed] = []
    seen: set[tuple[str, str]] = set()
    for decision in sorted((shared / "decisions-dev").glob("*/decision.md")):
        text = decision.read_text(encoding="utf-8")
        for before in sorted(decision.parent.glob("*/before.md")):
            if (text, before.parent.name) in seen:
                continue
            seen.add((text, before.parent.name))
            out.append(Seed(f"decisions-dev/{decision.parent.name}/{before.parent.name}", text,
                            before.read_text(encoding="utf-8")))
    for manifest in sorted((shared / "corpus-dev").glob("*/manifest.json")):
        try:
            triples = json.loads(manifest.read_text(encoding="utf-8")).get("triples") or []
        except (OSError, ValueError):
            continue
        for t in triples:
            try:
                d = (manifest.parent / t["decision"]).read_text(encoding="utf-8")
                b = (manifest.parent / t["before"]).read_text(encoding="utf-8")
            except (KeyError, TypeError, OSError):
                continue
            out.append(Seed(f"corpus-dev/{manifest.parent.name}/{t['decision']}", d, b,
                            target=manifest.parent.name))
    return out


def find_seeds(shared: Path | None = DEFAULT_SHARED, repo: Path = REPO) -> list[Seed]:
    """The bundled seeds, plus those of ``shared`` when it exists; seeds whose base text does
    not parse are left out (the fuzzer mutates decisions, not bases)."""
    seeds = _bundled(repo)
    if shared is not None and shared.is_dir():
        seeds += _shared(shared)
    return [s for s in seeds if base_of(s.base) is not None]


@functools.lru_cache(maxsize=None)
def base_of(text: str):
    try:
        return parse_source(text).regulation
    except ValueError:
        return None


# ------------------------------------------------------------------------ windows of a seed

_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d+[.、．])")


def blocks(text: str) -> tuple[str, list[str]]:
    """(header, items): the lines before the first item, and each item with its lines."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _ITEM_START.match(line.strip())]
    if not starts:
        return text, []
    header = "\n".join(lines[:starts[0]])
    items = ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]
    return header, items


def window(text: str, first: int, count: int) -> str:
    """The header of ``text`` with ``count`` of its items from ``first`` (``count`` 0: whole)."""
    header, items = blocks(text)
    if count <= 0 or not items:
        return text
    first %= len(items)
    return "\n".join([header, *items[first:first + count]])


# ---------------------------------------------------------------------------------- mutations

#: What is inserted: numerals (valid and not), quotes, 第X条 fragments, item labels, verbs,
#: punctuation, line breaks and the odd control or invisible character.
TOKENS = (
    "一", "二", "三", "四", "五", "十", "百", "千", "零", "〇", "两", "五五", "四五", "十十", "百十", "一千零",
    "“", "”", "“”", "\"", "「", "」", "‘", "’",
    "第", "条", "款", "项", "目", "章", "节", "编", "之一", "之", "第百条", "第四五条", "第零条", "第三条",
    "第二款", "第二项", "第八款", "第一章", "第二节", "第三条第二款", "第四条之一", "第九千九百九十九条",
    "（五五）", "（一）", "（百）", "(三)", "1.", "1、", "（1）", "一、", "五五、", "\n一、", "\n（二）",
    "\n第二条 ", "\n第一章 总则\n", "\n（五五）", "\n（千）", "\n第四五条 ", "\n第百条", "\n第零条 ",
    "\n第二章\n", "\n人\n", "”\n", "“\n", "：\n", "\n1.", "\n（1）",
    "作为第二款", "改为第二款", "改为第二项", "修改为：", "修改为", "改为",
    "删去", "删除", "增加一条，作为第", "增加一款，作为第二款：", "增加一项，作为第三项：", "将", "中的",
    "在", "后", "前", "合并为", "分为两条", "单列一条", "并入", "统一修改为", "此外，对条文顺序作相应调整。",
    "，", "。", "；", "：", "、", "（", "）", "(", ")", "《", "》", "\n", "\n\n", " ", "\u3000",
    "\t", "\x00", "\x1b", "\u200b", "\ufeff", "\r",
)
#: Mutation kinds, insertion (the most fruitful) weighted up.
KINDS = ("delete", "duplicate", "swap", "insert", "insert", "insert", "numeral", "byte", "line")
_HOT = set("第条款项章节“”、（）：。；\n")
_NUMERALS = "零一二三四五六七八九十百千两"


@dataclass(frozen=True)
class Edit:
    kind: str
    at: int  # position, taken modulo the text length
    token: int  # index into TOKENS (insert) or a length / second position
    hot: bool = True  # move ``at`` to the next "interesting" character


def _pos(text: str, at: int, hot: bool) -> int:
    """``at`` in ``text``; when ``hot``, the next interesting place within 40 characters —
    just inside a quote or after a colon (where new text starts), else before a label's
    characters or punctuation."""
    if not text:
        return 0
    p = at % (len(text) + 1)
    if hot:
        for q in range(p, min(len(text), p + 40)):
            if text[q] in _HOT:
                return q + 1 if text[q] in "“：\n" else q
    return p


def edit(text: str, e: Edit) -> str:
    p = _pos(text, e.at, e.hot)
    n = 1 + e.token % 8
    match e.kind:
        case "delete":
            return text[:p] + text[p + n:]
        case "duplicate":
            return text[:p + n] + text[p:p + n] + text[p + n:]
        case "swap":
            q = _pos(text, e.at + 7 * e.token + 1, e.hot)
            a, b = sorted((p, q))
            if a == b:
                return text
            m = min(n, b - a)
            return text[:a] + text[b:b + m] + text[a + m:b] + text[a:a + m] + text[b + m:]
        case "insert":
            return text[:p] + TOKENS[e.token % len(TOKENS)] + text[p:]
        case "numeral":
            for q in range(p, len(text)):
                if text[q] in _NUMERALS:
                    return text[:q] + _NUMERALS[e.token % len(_NUMERALS)] + text[q + 1:]
            return text
        case "byte":
            raw = bytearray(text.encode("utf-8"))
            if not raw:
                return text
            q = len(text[:p].encode("utf-8")) % len(raw)
            if e.token % 2:
                del raw[q]
            else:
                raw[q] ^= 1 << (e.token % 8)
            return raw.decode("utf-8", errors="replace")
        case "line":
            lines = text.split("\n")
            i, j = e.at % len(lines), e.token % len(lines)
            if e.token % 3 == 0:
                lines.insert(j, lines[i])
            elif e.token % 3 == 1:
                del lines[i]
            else:
                lines[i], lines[j] = lines[j], lines[i]
            return "\n".join(lines)
    raise ValueError(f"unknown mutation kind {e.kind!r}")


def mutate(text: str, edits) -> str:
    for e in edits:
        text = edit(text, e)
    return text


def random_edits(rng: random.Random) -> list[Edit]:
    return [Edit(rng.choice(KINDS), rng.randrange(1 << 20), rng.randrange(1 << 10), rng.random() < 0.7)
            for _ in range(rng.randint(1, 4))]


# ---------------------------------------------------------------------------------- the check


class Crash(Exception):
    """Something other than the project's own errors came out of ``stage``."""

    def __init__(self, stage: str, error: BaseException, detail: str = ""):
        self.stage, self.error, self.detail = stage, error, detail
        frames = [f for f in traceback.extract_tb(error.__traceback__) if "/amend/" in f.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        self.signature = (stage, type(error).__name__, where)
        super().__init__(f"{stage}: {type(error).__name__} at {where}: {error}{detail}")


def _located(error: DecisionError, stage: str) -> None:
    """The project's errors say where: a clause comes with a line (and the caret inside it)."""
    if error.clause and (error.line < 1 or not 0 <= error.column <= len(error.clause)):
        raise Crash(stage, error, " (error with a clause but no line, or the caret outside it)")


def check(regulation, text: str, target: str | None = None) -> str:
    """Run every entry point on ``text``; raise ``Crash`` when anything but the project's own
    errors escapes.  Returns how far it got ("parsed", "applied", "refused", "unreadable")."""
    outcome = "applied"
    try:
        decision = parse_decision(text)
    except DecisionError as error:
        _located(error, "parse_decision")
        decision, outcome = None, "unreadable"
    except Exception as error:  # noqa: BLE001 - that is what is being looked for
        raise Crash("parse_decision", error) from error
    if decision is not None:
        try:
            apply(regulation, decision, target=target)
        except DecisionError as error:
            _located(error, "apply")
            outcome = "refused"
        except Exception as error:  # noqa: BLE001
            raise Crash("apply", error) from error
    try:
        partial = apply_partial(regulation, text, target=target)
    except Exception as error:  # noqa: BLE001
        raise Crash("apply_partial", error) from error
    for skipped in partial.skipped:
        if skipped.code == ENGINE_FAILED:
            raise Crash("apply_partial", skipped.error, " (engine-failed)")
        _located(skipped.error, "apply_partial")
    try:
        shown = preview(regulation, text, target=target)
    except Exception as error:  # noqa: BLE001
        raise Crash("preview", error) from error
    for p in shown.problems:
        if p.clause and p.line < 1:
            raise Crash("preview", ValueError(p.render()), " (problem with a clause but no line)")
    return outcome


def signature_of(regulation, text: str, target: str | None):
    try:
        check(regulation, text, target)
    except Crash as crash:
        return crash.signature
    return None


def minimise(regulation, text: str, target: str | None, signature, budget: int = 400) -> str:
    """Delta debugging: drop lines, then shrinking chunks of characters, while the same crash
    (same signature) still happens; at most ``budget`` checks."""
    tries = 0

    def same(candidate: str) -> bool:
        nonlocal tries
        tries += 1
        return signature_of(regulation, candidate, target) == signature

    lines = text.split("\n")
    i = 0
    while i < len(lines) and tries < budget:
        candidate = lines[:i] + lines[i + 1:]
        if candidate and same("\n".join(candidate)):
            lines = candidate
        else:
            i += 1
    text = "\n".join(lines)
    size = max(1, len(text) // 4)
    while size >= 1 and tries < budget:
        i, changed = 0, False
        while i < len(text) and tries < budget:
            candidate = text[:i] + text[i + size:]
            if candidate.strip() and same(candidate):
                text, changed = candidate, True
            else:
                i += size
        if not changed:
            size //= 2
    return text


# ---------------------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mutants", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1, help="random seed (runs are reproducible)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--no-minimise", action="store_true")
    ap.add_argument("--progress", type=int, default=500, help="print a line every N mutants")
    args = ap.parse_args(argv)

    seeds = find_seeds(args.shared)
    if not seeds:
        print("no seeds found", file=sys.stderr)
        return 2
    print(f"{len(seeds)} seeds ({sum(1 for s in seeds if s.name.startswith('corpus/'))} bundled); "
          f"{args.mutants} mutants, random seed {args.seed}", flush=True)
    rng = random.Random(args.seed)
    tried = passed = 0
    outcomes: dict[str, int] = {}
    crashes: dict[tuple, list] = {}  # signature → [count, seed, mutant, message]
    t0 = time.perf_counter()
    for k in range(args.mutants):
        seed = rng.choice(seeds)
        count = 0 if rng.random() < 0.3 else rng.randint(1, 3)
        source = window(seed.decision, rng.randrange(1 << 16), count)
        mutant = mutate(source, random_edits(rng))
        tried += 1
        try:
            outcome = check(base_of(seed.base), mutant, seed.target)
        except Crash as crash:
            entry = crashes.setdefault(crash.signature, [0, seed, mutant, str(crash)])
            entry[0] += 1
            if len(mutant) < len(entry[2]):
                entry[1:] = [seed, mutant, str(crash)]
        else:
            passed += 1
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if args.progress and (k + 1) % args.progress == 0:
            print(f"  {k + 1}: {passed} passed, {tried - passed} crashed "
                  f"({len(crashes)} distinct), {time.perf_counter() - t0:.0f} s", flush=True)
    elapsed = time.perf_counter() - t0
    print(f"\ntried {tried}, passed {passed}, crashes {tried - passed} "
          f"({len(crashes)} distinct) in {elapsed:.0f} s")
    print("passed mutants by outcome: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    for signature, (count, seed, mutant, message) in sorted(crashes.items(), key=lambda kv: -kv[1][0]):
        print(f"\n== {count}× {' / '.join(signature)}\n   seed: {seed.name}\n   {message[:300]}")
        if not args.no_minimise:
            mutant = minimise(base_of(seed.base), mutant, seed.target, signature)
        print("   minimised input:\n" + "\n".join("   | " + line for line in mutant.split("\n")))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
