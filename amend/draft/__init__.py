"""Drafting: the 修改决定 that turns one version of a text into another, self-checked.

Contract: ``draft(old, new, title=None, commencement=…)`` takes two ``Regulation`` values and
returns a ``Draft``: the decision text in the standard phrasing (``amend.decision.render``:
numbered items 一、二、… in the text order of ``new``, then 此外，对条文顺序作相应调整 when
surviving articles change number, 本决定自…起施行 and 《…》根据本决定作相应修改，重新公布), the
planned items (``plan.py``: which article each item is about and what it does), and the
``Check`` (``check.py``): the text parsed with ``parse_decision`` and applied to ``old`` with
``apply`` must give ``new`` article for article, with its chapters, sections and title.
Where the first draft does not (a word edit the engine reads otherwise, a cross-reference the
renumbering updates differently), the articles concerned are restated whole and the decision
drafted again, up to ``ROUNDS`` times; ``Draft.ok`` is False when it still does not, and
``Draft.check`` says where.  A caller must never present a draft that is not ``ok`` as right.
The result depends only on the inputs.
"""

from __future__ import annotations

import datetime

from amend.codecache import attrs

from amend.decision.render import ON_PROMULGATION, render_decision
from amend.draft.check import Check, Mismatch, check
from amend.draft.plan import Plan, PlannedItem, plan, writable
from amend.model import Regulation

#: Drafting rounds (the first, then each restating what the check found wrong).
ROUNDS = 4


@attrs.frozen
class Draft:
    text: str
    plan: Plan
    check: Check
    rounds: int
    #: old article keys restated whole because a finer form did not check
    escalated: tuple[tuple[int, int], ...] = ()

    @property
    def ok(self) -> bool:
        return self.check.ok

    @property
    def items(self) -> tuple[PlannedItem, ...]:
        """The numbered items (closing clauses are not items)."""
        return self.plan.items


def default_title(target: str) -> str:
    return f"关于修改《{target}》的决定"


def write(p: Plan, target: str, title: str | None = None,
          commencement: str | datetime.date | None = ON_PROMULGATION) -> str:
    """The decision text of a plan."""
    return render_decision(title or default_title(target), target,
                           [writable(it.ops) for it in p.items], reorder=p.reorder,
                           commencement=commencement, republish=True)


def _to_restate(p: Plan, c: Check, old: Regulation, new: Regulation) -> set:
    """Old article keys whose items the check found wrong."""
    out = set()
    by_new = {it.new: it for it in p.items if it.new is not None}
    new_keys = {a.label: a.key for a in new.articles()}
    old_of_new = {new.articles()[j].key: old.articles()[i].key for i, j in p.pairing.pairs}
    if c.error is not None and c.error_item:
        numbered = [it for it in p.items]
        try:
            from amend import numerals

            index = numerals.cn_to_int(c.error_item) - 1
        except ValueError:
            index = -1
        if 0 <= index < len(numbered) and numbered[index].old is not None:
            out.add(numbered[index].old)
    for m in c.mismatches:
        key = new_keys.get(m.where)
        if key in old_of_new:
            out.add(old_of_new[key])
        elif key in by_new and by_new[key].old is not None:
            out.add(by_new[key].old)
    return out


def draft(old: Regulation, new: Regulation, *, title: str | None = None,
          commencement: str | datetime.date | None = ON_PROMULGATION) -> Draft:
    """Draft and check the decision turning ``old`` into ``new`` (module contract)."""
    target = "".join(old.title)
    restate: set = set()
    for rounds in range(1, ROUNDS + 1):
        p = plan(old, new, frozenset(restate))
        text = write(p, target, title, commencement)
        c = check(old, new, text)
        more = _to_restate(p, c, old, new) - restate if not c.ok else set()
        if c.ok or not more:
            break
        restate |= more
    return Draft(text, p, c, rounds, tuple(sorted(restate)))


__all__ = ["Check", "Draft", "Mismatch", "PlannedItem", "ROUNDS", "check", "draft", "plan",
           "write"]
