"""Which operations of a decision apply to a given regulation.

Contract: ``select(decision, title)`` returns every operation of a single-target decision, and
for an omnibus decision (等N件) the operations of the one section bound to ``title``.  Section
titles are matched after normalising the ways one title is written (〈〉 for 《》 inside a title,
with or without "中华人民共和国"); SPC decisions name the target by its *old* title, which the
amendment itself may change, so a near match (ratio ≥ 0.9, difflib) is accepted when it is the
only one, and so is a part of one title only (``--target 罚款限额``).  No match, or two equally
good ones, is an ``ApplyError`` listing the sections.
Closing clauses outside any section (commencement, republication) apply to every target.
"""

from __future__ import annotations

import re

from amend.apply.errors import ApplyError
from amend.ops import Decision

_NEAR = 0.9


def canonical_title(title: str) -> str:
    """A title reduced for matching: 〈〉→《》, no 中华人民共和国, no spaces or book marks."""
    t = title.replace("〈", "《").replace("〉", "》")
    t = t.replace("中华人民共和国", "")
    return re.sub(r"[\s《》]", "", t)


def section_for(decision: Decision, title: str) -> str | None:
    """The number of the section bound to ``title`` (None for a single-target decision)."""
    if not decision.sections:
        return None
    want = canonical_title(title)
    exact = [s.number for s in decision.sections if canonical_title(s.target) == want]
    if len(exact) == 1:
        return exact[0]
    # --target 罚款限额: a part of one section's title, and of no other
    within = [s.number for s in decision.sections if want and want in canonical_title(s.target)]
    if len(within) == 1 and not exact:
        return within[0]
    from difflib import SequenceMatcher  # a near match: only for an omnibus target not named exactly

    scored = sorted(
        ((SequenceMatcher(None, canonical_title(s.target), want).ratio(), k, s.number)
         for k, s in enumerate(decision.sections)),
        reverse=True,
    )
    best = scored[0]
    if best[0] >= _NEAR and (len(scored) == 1 or scored[1][0] < best[0]):
        return best[2]
    names = "；".join(f"{s.number}、{s.target}" for s in decision.sections)
    raise ApplyError(f"决定中没有针对《{title}》的部分（各部分：{names}）",
                     f"the omnibus decision has no section for {title!r} (sections: {names})")


def select(decision: Decision, title: str):
    """The operations of ``decision`` that apply to the regulation titled ``title``."""
    number = section_for(decision, title)
    if number is None:
        return decision.operations
    return tuple(op for item in decision.items if item.section in (number, None) for op in item.ops)
