"""Sequence algorithms shared by the engine, the aligner and the drafter.

Contract: ``longest_increasing(values)`` gives the indices of one longest strictly increasing
subsequence of ``values``, deterministically (at each length the run ending on the smallest
value seen last is kept: the same choice wherever it is used, so that the drafter predicts the
engine's reading of moved articles and the aligner its chain of paired articles).
"""

from __future__ import annotations


def longest_increasing(values: list) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # index of the smallest tail of each length
    back: list[int | None] = []
    for i, v in enumerate(values):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if values[tails[mid]] < v:
                lo = mid + 1
            else:
                hi = mid
        back.append(tails[lo - 1] if lo else None)
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    out, i = set(), tails[-1] if tails else None
    while i is not None:
        out.add(i)
        i = back[i]
    return out
