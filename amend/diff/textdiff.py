"""Inline differences between two strings of Chinese legal text.

Contract: ``diff(old, new)`` returns a tuple of ``Segment`` values (op "=", "-" or "+", text)
whose "=" and "-" texts concatenate to ``old`` and whose "=" and "+" texts concatenate to
``new``.  It runs diff-match-patch with ``Diff_Timeout = 0`` (an optimal diff, the same on any
machine under any load), then semantic cleanup, then one pass for Chinese, which has no spaces
to anchor the cleanup: an unchanged run of one or two characters caught between two changes
("[-供-]热[-单位-][+经营企业+]") is folded into the change, so that a replaced phrase reads as
one deletion and one insertion instead of confetti (punctuation and digits are never folded), and
a changed number is shown whole ("第[-二百零七-][+二百一十一+]条", not "第二百[-零七-][+一十一+]条").
fast-diff-match-patch is used when installed (``engine()`` says which); the tests check that its
output equals the pure-Python one on the corpus.
"""

from __future__ import annotations

import unicodedata

import attrs
from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = "=", "-", "+"

#: Longest unchanged run (in characters) folded into the surrounding changes.
FOLD = 2


@attrs.frozen
class Segment:
    op: str  # "=", "-" or "+"
    text: str


def _pure(old: str, new: str) -> list[tuple[str, str]]:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [({0: EQUAL, -1: DELETE, 1: INSERT}[op], text) for op, text in diffs]


try:  # optional: the same algorithm in C++ (pip install fast-diff-match-patch)
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the environment
    _fast = None


def _quick(old: str, new: str) -> list[tuple[str, str]]:
    return [(op, text) for op, text in _fast.diff(old, new, timelimit=0, checklines=False,
                                                  cleanup="Semantic", counts_only=False)]


_ENGINE = _quick if _fast is not None else _pure


def engine() -> str:
    """Which implementation ``diff`` uses: "fast-diff-match-patch" or "diff-match-patch"."""
    return "fast-diff-match-patch" if _ENGINE is _quick else "diff-match-patch"


def _foldable(text: str) -> bool:
    """"的", "热": a short run of letters; never punctuation or digits (they anchor the reader)."""
    return 0 < len(text) <= FOLD and all(unicodedata.category(ch).startswith("L") for ch in text)


def _fold(diffs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold short unchanged runs between two changes into them, then merge neighbours."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(diffs):
        between = 0 < i < len(diffs) - 1 and diffs[i - 1][0] != EQUAL and diffs[i + 1][0] != EQUAL
        if op == EQUAL and between and _foldable(text):
            out.append((DELETE, text))
            out.append((INSERT, text))
        else:
            out.append((op, text))
    return _merge(out)


#: Characters of a number: a changed number is shown whole ("第[-二百零七-][+二百一十一+]条"),
#: never as a changed digit inside it ("第二百[-零七-][+一十一+]条").
NUMERAL = frozenset("〇零一二三四五六七八九十百千万亿两0123456789０１２３４５６７８９")


def _whole_numbers(diffs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Move the numeral characters of an unchanged run that touch a changed numeral into the
    change, on both sides, so that a number is replaced as a whole."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(diffs):
        if op != EQUAL:
            out.append((op, text))
            continue
        head = tail = ""
        if i > 0 and diffs[i - 1][1][-1:] in NUMERAL:
            k = 0
            while k < len(text) and text[k] in NUMERAL:
                k += 1
            head, text = text[:k], text[k:]
        if i + 1 < len(diffs) and diffs[i + 1][1][:1] in NUMERAL:
            k = len(text)
            while k > 0 and text[k - 1] in NUMERAL:
                k -= 1
            text, tail = text[:k], text[k:]
        out.extend([(DELETE, head), (INSERT, head), (EQUAL, text), (DELETE, tail), (INSERT, tail)])
    return _merge(out)


def _merge(diffs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Within each run of changes, all deletions first then all insertions, each as one piece."""
    out: list[tuple[str, str]] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush():
        if dels:
            out.append((DELETE, "".join(dels)))
        if ins:
            out.append((INSERT, "".join(ins)))
        dels.clear()
        ins.clear()

    for op, text in diffs:
        if not text:
            continue
        if op == DELETE:
            dels.append(text)
        elif op == INSERT:
            ins.append(text)
        else:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
    flush()
    return out


def diff(old: str, new: str) -> tuple[Segment, ...]:
    """The inline difference old → new (see the module contract)."""
    if old == new:
        return (Segment(EQUAL, old),) if old else ()
    if not old or not new:
        return (Segment(DELETE, old),) if old else (Segment(INSERT, new),)
    diffs = _whole_numbers(_fold(_merge(_ENGINE(old, new))))
    return tuple(Segment(op, text) for op, text in diffs)


def raw(old: str, new: str, *, fast: bool = False) -> list[tuple[str, str]]:
    """diff-match-patch's own output (semantic cleanup, no Chinese pass), for comparisons."""
    return _quick(old, new) if fast else _pure(old, new)


def side(segments, which: str) -> str:
    """The old ("-") or new ("+") text the segments describe."""
    return "".join(s.text for s in segments if s.op in (EQUAL, which))


def marked(segments) -> str:
    """"…[-old-][+new+]…": the plain-text redline used in reports and golden files."""
    return "".join(s.text if s.op == EQUAL else f"[{s.op}{s.text}{s.op}]" for s in segments)
