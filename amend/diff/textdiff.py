"""Inline differences between two strings of Chinese legal text.

Contract: ``diff(old, new)`` returns a tuple of ``Segment`` values (op "=", "-" or "+", text)
whose "=" and "-" texts concatenate to ``old`` and whose "=" and "+" texts concatenate to
``new``.  It runs diff-match-patch's ``diff_main`` with ``Diff_Timeout = 0`` (an optimal diff,
the same on any machine under any load) and then its own cleanup for Chinese, which has no spaces
to anchor diff-match-patch's semantic cleanup: (1) a lone insertion or deletion slides to the
place where its edges fall best — after a full stop, before a pause mark ("书记员[+、司法技术人员+]"),
at a word boundary; (2) every change widens to word boundaries of both texts (the rjieba
segmenter, jieba's dictionary; punctuation and the ends of a number are boundaries, the inside of
a number never is), so no change cuts a word ("[-告知-][+通知+]", not "[-告-][+通+]知"); (3) an
unchanged run caught between two changes is folded into them when it is one or two letters
("[-供-]热[-单位-][+经营企业+]" → "[-供热单位-][+热经营企业+]"; punctuation and digits are never
folded) or short beside both changes, so that a replaced phrase reads as one deletion and one
insertion instead of confetti.  A changed number is thus shown whole
("第[-二百零七-][+二百一十一+]条", not "第二百[-零七-][+一十一+]条"), and a list member added after
another reads as decisions word it: "[+法官助理、+]书记员[+、司法技术人员+]".
fast-diff-match-patch is used when installed (``engine()`` says which); the tests check that its
output equals the pure-Python one on the corpus.  The segmenter is imported on the first diff,
so commands that never diff do not load its dictionary.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

from amend.codecache import attrs
from diff_match_patch import diff_match_patch

EQUAL, DELETE, INSERT = "=", "-", "+"

#: Longest unchanged run (in characters) folded into the surrounding changes.
FOLD = 2
#: An unchanged run between two changes is folded into them too when each change (the longer of
#: its deletion and insertion) is at least this many times as long: "[-…十个字…-]规定[+…十个字…+]".
#: diff-match-patch's own rule is 1×, which eats whole words of Chinese ("书记员" between
#: "法官助理、" and "、司法技术人员").
SHORT_BESIDE = 3


@attrs.frozen
class Segment:
    op: str  # "=", "-" or "+"
    text: str


_OPS = {0: EQUAL, -1: DELETE, 1: INSERT}


def _pure(old: str, new: str) -> list[tuple[str, str]]:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return [(_OPS[op], text) for op, text in dmp.diff_main(old, new, False)]


def _pure_semantic(old: str, new: str) -> list[tuple[str, str]]:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(_OPS[op], text) for op, text in diffs]


try:  # optional: the same algorithm in C++ (pip install fast-diff-match-patch)
    import fast_diff_match_patch as _fast
except ImportError:  # pragma: no cover - depends on the environment
    _fast = None


def _quick(old: str, new: str, cleanup: str = "No") -> list[tuple[str, str]]:
    return [(op, text) for op, text in _fast.diff(old, new, timelimit=0, checklines=False,
                                                  cleanup=cleanup, counts_only=False)]


_ENGINE = _quick if _fast is not None else _pure


def engine() -> str:
    """Which implementation ``diff`` uses: "fast-diff-match-patch" or "diff-match-patch"."""
    return "fast-diff-match-patch" if _ENGINE is _quick else "diff-match-patch"


# ---- word boundaries ----------------------------------------------------------------------------

#: Characters of a number: a changed number is shown whole ("第[-二百零七-][+二百一十一+]条"),
#: never as a changed digit inside it ("第二百[-零七-][+一十一+]条").
NUMERAL = frozenset("〇零一二三四五六七八九十百千万亿两0123456789０１２３４５６７８９")

_segmenter = None


def _cut(text: str) -> list[str]:
    """The words of ``text`` by jieba's dictionary alone (rjieba, imported on first use: its
    dictionary takes ~0.2 s).  Without the HMM guesses, which join unknown runs of single
    letters into one "word" ("市和区")."""
    global _segmenter
    if _segmenter is None:
        import rjieba

        _segmenter = rjieba
    return _segmenter.cut(text, False)


#: Marks the segmenter always cuts at: a clause between two of them is segmented on its own
#: (jieba segments each run of Han letters and ASCII letters and digits by itself), so only the
#: clauses a change touches are cut.
_CLAUSE = re.compile("[^，。、；：？！（）《》〈〉“”‘’〔〕【】「」…—　 \t\n]+")


class _Words:
    """The offsets in a text where a change may begin or end (``i in words``): the ends of the
    text, the edges of every word and of every punctuation mark, never between two characters
    of a number.  A long dictionary word that is two words of two letters or more splits
    between them: "书面|通知", "人民代表大会|常务委员会"; "书记员" does not.  Only the clauses
    asked about are segmented, once each."""

    __slots__ = ("text", "_spans", "_clauses")

    def __init__(self, text: str):
        self.text = text
        self._spans: list[int] = []  # start, stop, start, stop… of the clauses (on first use)
        self._clauses: dict[int, list[int]] = {}  # clause start → its word ends

    def __contains__(self, i: int) -> bool:
        text = self.text
        if i <= 0 or i >= len(text):
            return True
        a, b = text[i - 1], text[i]
        if a in NUMERAL and b in NUMERAL:
            return False
        if (a in NUMERAL) != (b in NUMERAL) or not (a + b).isalnum():  # not two letters
            return True
        ends = self._ends(i)
        k = bisect.bisect_left(ends, i)
        if ends[k] == i:
            return True
        start, stop = ends[k - 1], ends[k]  # inside the word text[start:stop]
        return (i - start >= 2 and stop - i >= 2 and _segmenter.has_word(text[start:i])
                and _segmenter.has_word(text[i:stop]))

    def _ends(self, i: int) -> list[int]:
        """The word ends (offsets in the text) of the clause around offset ``i``, which lies
        between two letters of it."""
        if not self._spans:
            self._spans = [x for m in _CLAUSE.finditer(self.text) for x in m.span()]
        k = bisect.bisect_left(self._spans, i) - 1  # spans[k] < i < spans[k + 1]
        start = self._spans[k]
        ends = self._clauses.get(start)
        if ends is None:
            stop = self._spans[k + 1]
            ends = list(itertools.accumulate(map(len, _cut(self.text[start:stop])), initial=start))
            if ends[-1] != stop:  # the segmenter lost or added characters: every offset is one
                ends = list(range(start, stop + 1))
            self._clauses[start] = ends
        return ends


def boundaries(text: str) -> frozenset[int]:
    """Every offset of ``text`` where a change may begin or end (see ``_Words``)."""
    words = _Words(text)
    return frozenset(i for i in range(len(text) + 1) if i in words)


# ---- the changes as runs ----------------------------------------------------------------------
# A run is one maximal run of changes, as a tuple (a0, a1, b0, b1): old[a0:a1] became new[b0:b1].
# What lies between two runs is the same in both texts.

Run = tuple[int, int, int, int]


def _runs(diffs: list[tuple[str, str]]) -> list[Run]:
    out: list[Run] = []
    a = b = 0
    for op, text in diffs:
        if op == EQUAL:
            a, b = a + len(text), b + len(text)
            continue
        a2, b2 = (a + len(text), b) if op == DELETE else (a, b + len(text))
        if out and out[-1][1] == a and out[-1][3] == b:
            out[-1] = (out[-1][0], a2, out[-1][2], b2)
        else:
            out.append((a, a2, b, b2))
        a, b = a2, b2
    return out


def _segments(runs: list[Run], old: str, new: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    a = 0
    for a0, a1, b0, b1 in runs:
        out += [(EQUAL, old[a:a0]), (DELETE, old[a0:a1]), (INSERT, new[b0:b1])]
        a = a1
    out.append((EQUAL, old[a:]))
    return [(op, text) for op, text in out if text]


# ---- (1) sliding a lone insertion or deletion ---------------------------------------------------

#: "。|": a change that starts a sentence, or "|，", "|、": a clause or list member that follows
#: its anchor, the way decisions word it ("在“书记员”后增加“、司法技术人员”").
SENTENCE_END = frozenset("。；！？")
PAUSE = frozenset("，、：")
OPENING = frozenset("（《“‘〔【")
CLOSING = frozenset("）》”’〕】")


def _score(text: str, i: int, words: _Words) -> int:
    """How good offset ``i`` of ``text`` is for an edge of a change."""
    if i <= 0 or i >= len(text):
        return 6
    a, b = text[i - 1], text[i]
    if a in SENTENCE_END:
        return 5
    if b in PAUSE:
        return 4
    if a in PAUSE or b in OPENING or a in CLOSING:
        return 3
    if b in SENTENCE_END or b in CLOSING or a in OPENING:
        return 2
    return 1 if i in words else 0


def _slide(runs: list[Run], old: str, new: str, old_words, new_words) -> list[Run]:
    """Move each lone insertion or deletion, within the unchanged text around it, to the place
    where its edges read best (both edges in its own text and the join in the other), the
    leftmost of the best.  The texts are unchanged: only the cut moves."""
    out = list(runs)
    for i, (a0, a1, b0, b1) in enumerate(out):
        if a0 == a1:  # "[+…+]": slides in new, joins in old
            own, own_words, other, other_words = new, new_words, old, old_words
            s0, s1, o0 = b0, b1, a0
            lo = out[i - 1][3] if i else 0
            hi = out[i + 1][2] if i + 1 < len(out) else len(new)
        elif b0 == b1:  # "[-…-]": slides in old, joins in new
            own, own_words, other, other_words = old, old_words, new, new_words
            s0, s1, o0 = a0, a1, b0
            lo = out[i - 1][1] if i else 0
            hi = out[i + 1][0] if i + 1 < len(out) else len(old)
        else:
            continue
        left = 0
        while s0 - left > lo and own[s0 - left - 1] == own[s1 - left - 1]:
            left += 1
        right = 0
        while s1 + right < hi and own[s0 + right] == own[s1 + right]:
            right += 1
        if not left and not right:
            continue
        best, best_d = -1, 0
        for d in range(-left, right + 1):
            score = (_score(own, s0 + d, own_words) + _score(own, s1 + d, own_words)
                     + _score(other, o0 + d, other_words))
            if score >= best:  # the rightmost of the best: "不得指定[+或者变相指定+]"
                best, best_d = score, d
        d = best_d
        out[i] = (a0 + d, a1 + d, b0 + d, b1 + d)
    return out


# ---- (2) widening to word boundaries ------------------------------------------------------------

def _marks_only(run: Run, old: str, new: str) -> bool:
    """"乡[-、-]镇": a change of punctuation alone, which stays as it is even where the text
    without it reads as one word ("乡镇")."""
    changed = old[run[0]:run[1]] + new[run[2]:run[3]]
    return not any(ch.isalnum() for ch in changed)


def _snap(runs: list[Run], old_words: _Words, new_words: _Words) -> list[Run]:
    """Widen each run until both its edges are word boundaries in both texts; a run that reaches
    its neighbour joins it.  A change of punctuation alone is not widened."""
    old, new = old_words.text, new_words.text
    runs = [(run, _marks_only(run, old, new)) for run in runs]
    out: list[Run] = []
    for (a0, a1, b0, b1), marks in runs:  # left edges
        while (not marks and not (a0 in old_words and b0 in new_words)
               and not (out and out[-1][1] == a0)):
            a0, b0 = a0 - 1, b0 - 1
        if out and out[-1][1] == a0:
            a0, _, b0, _ = out.pop()
        out.append((a0, a1, b0, b1))
    done: list[Run] = []
    for a0, a1, b0, b1 in reversed(out):  # right edges, from the right
        marks = _marks_only((a0, a1, b0, b1), old, new)
        while (not marks and not (a1 in old_words and b1 in new_words)
               and not (done and done[-1][0] == a1)):
            a1, b1 = a1 + 1, b1 + 1
        if done and done[-1][0] == a1:
            _, a1, _, b1 = done.pop()
        done.append((a0, a1, b0, b1))
    return done[::-1]


# ---- (3) folding short unchanged runs -----------------------------------------------------------

def _foldable(text: str) -> bool:
    """"的", "热": a short run of letters; never punctuation or digits (they anchor the reader)."""
    return 0 < len(text) <= FOLD and all(unicodedata.category(ch).startswith("L") for ch in text)


def _size(run: Run) -> int:
    return max(run[1] - run[0], run[3] - run[2])


def _number_unit(p: Run, q: Run, old: str, new: str) -> bool:
    """Whether a change before or after the unchanged text between runs p and q is a number
    (on either side), the text then being its unit: 年, 条, 元."""
    return any(ch in NUMERAL for ch in (old[p[0]:p[1]][-1:], new[p[2]:p[3]][-1:],
                                         old[q[0]:q[1]][:1], new[q[2]:q[3]][:1]) if ch)


def _fold_runs(runs: list[Run], old: str, new: str) -> list[Run]:
    """Fold the unchanged text between two runs into them when it is one or two letters that
    are not the unit of a changed number ("[-2007-][+2025+]年[-12-][+1+]月" keeps its "年") nor
    next to a change of punctuation alone ("区[-、县-]和乡[-、-]镇"), or when it is short beside
    both runs (SHORT_BESIDE)."""
    out: list[Run] = []
    for run in runs:
        out.append(run)
        while len(out) >= 2:
            p, q = out[-2], out[-1]
            between = old[p[1]:q[0]]
            if not (len(between) * SHORT_BESIDE <= min(_size(p), _size(q))
                    or (_foldable(between) and not _number_unit(p, q, old, new)
                        and not _marks_only(p, old, new) and not _marks_only(q, old, new))):
                break
            out[-2:] = [(p[0], q[1], p[2], q[3])]
    return out


def _fold(diffs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``_fold_runs`` on a list of (op, text) segments."""
    old = "".join(text for op, text in diffs if op != INSERT)
    new = "".join(text for op, text in diffs if op != DELETE)
    return _segments(_fold_runs(_runs(diffs), old, new), old, new)


def diff(old: str, new: str) -> tuple[Segment, ...]:
    """The inline difference old → new (see the module contract)."""
    if old == new:
        return (Segment(EQUAL, old),) if old else ()
    if not old or not new:
        return (Segment(DELETE, old),) if old else (Segment(INSERT, new),)
    old_words, new_words = _Words(old), _Words(new)
    runs = _runs(_ENGINE(old, new))
    runs = _slide(runs, old, new, old_words, new_words)
    runs = _fold_runs(_snap(runs, old_words, new_words), old, new)
    return tuple(Segment(op, text) for op, text in _segments(runs, old, new))


def raw(old: str, new: str, *, fast: bool = False) -> list[tuple[str, str]]:
    """diff-match-patch's own output (semantic cleanup, no Chinese pass), for comparisons."""
    return _quick(old, new, "Semantic") if fast else _pure_semantic(old, new)


def runs(segments) -> list[Run]:
    """(old start, old end, new start, new end) of each maximal run of changes in ``segments``."""
    return _runs([(s.op, s.text) for s in segments])


def side(segments, which: str) -> str:
    """The old ("-") or new ("+") text the segments describe."""
    return "".join(s.text for s in segments if s.op in (EQUAL, which))


def marked(segments) -> str:
    """"…[-old-][+new+]…": the plain-text redline used in reports and golden files."""
    return "".join(s.text if s.op == EQUAL else f"[{s.op}{s.text}{s.op}]" for s in segments)
