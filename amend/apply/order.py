"""Final order and numbering: stated positions first, the rest fill in.

Contract: ``place`` implements the rule of 修正 by decision for any level (条, 款, 项): entries
with a stated final position ("作为第六条", "作为第二款") take it; the surviving original entries
fill the other positions in their original order; entries "at the end" (增加规定 with no
position) follow.  A position outside 1..n or claimed twice is a ``PlacementError``.  ``Numbering``
decides whether articles are renumbered 1..n (the reorder boilerplate, or explicit renumbering)
or keep their numbers (第X条之N insertions, deletions that leave a gap as 刑法 does).
"""

from __future__ import annotations

from typing import Generic, Sequence, TypeVar

from amend.codecache import attrs

from amend.numerals import int_to_cn

T = TypeVar("T")

_EN = {"条": "article", "款": "paragraph", "项": "item"}


class PlacementError(ValueError):
    """A stated position that cannot be honoured; ``entry`` is the offending entry."""

    def __init__(self, zh: str, en: str, entry=None, needle: str | None = None):
        self.zh, self.en, self.entry, self.needle = zh, en, entry, needle
        super().__init__(f"{zh} / {en}")


@attrs.frozen
class Fixed(Generic[T]):
    position: int
    entry: T


def place(others: Sequence[T], fixed: Sequence[Fixed[T]], end: Sequence[T] = (),
          unit: str = "条") -> list[T]:
    """``others`` in order around ``fixed`` entries at their 1-based positions, then ``end``."""
    n = len(others) + len(fixed)
    slots: list = [None] * n
    taken: dict[int, T] = {}
    for f in fixed:
        if not 1 <= f.position <= n:
            raise PlacementError(
                f"第{int_to_cn(f.position)}{unit}超出了修改后的范围（修改后共{n}{unit}）",
                f"{_EN[unit]} {f.position} is outside the amended text ({n} {_EN[unit]}s)", f.entry,
                f"第{int_to_cn(f.position)}{unit}")
        if f.position in taken:
            raise PlacementError(
                f"两处修改都要作为第{int_to_cn(f.position)}{unit}", f"two amendments both claim position "
                f"{f.position} ({_EN[unit]})", f.entry, f"第{int_to_cn(f.position)}{unit}")
        taken[f.position] = f.entry
        slots[f.position - 1] = f
    rest = iter(others)
    out: list[T] = []
    for slot in slots:
        out.append(slot.entry if slot is not None else next(rest))
    return out + list(end)
