"""Redlines between two versions: of a work on two dates, or of two files.

Contract: ``between_dates(work, start, end)`` consolidates the work on both dates and compares
the two texts; when the later text was made from the earlier one by applying decisions (the same
base, the earlier steps a prefix of the later ones) the comparison is linked to those decisions
(``Link``), so that renumbering comes from the decisions and each change names its item.  When
there is no text in force on a date it raises ``NotInForce`` with the timeline's bilingual
reason.  ``between_files(old, new, decision=None)`` compares two texts, linked to ``decision``
when one is given (it is applied to ``old``; the comparison is still against ``new`` as written).
With ``partial=True`` each decision is applied as far as it can be (amend/apply/partial.py): the
``Redline`` lists the items left out and, by article label on each side, what they concern.
"""

from __future__ import annotations

import datetime as dt
import functools

from amend.codecache import attrs

from amend.apply import apply
from amend import numerals
from amend.apply.partial import Skipped, apply_partial, identity, note
from amend.consolidate import Consolidation, consolidate
from amend.corpus import Work
from amend.decision.parser import parse_decision
from amend.diff import Changes, Link, compare
from amend.model import Regulation
from amend.structure import parse_source


class NotInForce(LookupError):
    """No text of the work is in force on a date (zh, en)."""


@attrs.frozen
class Redline:
    changes: Changes
    old_name: str
    new_name: str
    old: Regulation
    new: Regulation
    #: partial application: (decision title, item left out) pairs, and the notes by article
    #: label on each side ("第七条" → "《…》第二项（原第七条）")
    skipped: tuple[tuple[str | None, Skipped], ...] = ()
    marks_old: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    marks_new: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    notes: tuple[str, ...] = ()  # notes naming no article


def _in_force(work: Work, day: dt.date, partial: bool = False) -> Consolidation:
    c = consolidate(work, day, partial=partial)
    if not c.in_force:
        raise NotInForce(c.plan.message_zh, c.plan.message_en)
    return c


def _link(old: Consolidation, new: Consolidation) -> Link | None:
    """The decisions that turn ``old``'s text into ``new``'s, when one was made from the other."""
    if old.plan.base != new.plan.base or len(old.steps) > len(new.steps):
        return None
    if [s.event for s in old.steps] != [s.event for s in new.steps[:len(old.steps)]]:
        return None
    links = [Link.from_result(s.result, s.decision.title) for s in new.steps[len(old.steps):]]
    return functools.reduce(Link.then, links) if links else None


def between_dates(work: Work, start: dt.date, end: dt.date, *, partial: bool = False) -> Redline:
    old, new = _in_force(work, start, partial), _in_force(work, end, partial)
    changes = compare(old.regulation, new.regulation, _link(old, new))
    skipped = tuple(dict.fromkeys((s.decision.title, k) for c in (old, new) for s, k in c.skipped))
    m_old, m_new = old.marks, new.marks
    return Redline(changes, start.isoformat(), end.isoformat(), old.regulation, new.regulation,
                   skipped, m_old.by_label(), m_new.by_label(),
                   tuple(dict.fromkeys(m_old.document + m_new.document)))


def between_files(old_text: str, new_text: str, *, decision_text: str | None = None,
                  target: str | None = None, old_name: str = "", new_name: str = "",
                  partial: bool = False) -> Redline:
    old = parse_source(old_text).regulation
    new = parse_source(new_text).regulation
    link = None
    if decision_text is not None and partial:
        p = apply_partial(old, decision_text, target=target)
        result = p.result if p.result is not None else identity(old)
        if p.decision is not None and p.result is not None:
            link = Link.from_result(result, p.decision.title)
        marks = p.marks(old)
        by_old = {}
        for s in p.skipped:
            for key in s.keys:
                label = numerals.article_label(*key)
                by_old[label] = by_old.get(label, ()) + (note(s, p.title),)
        return Redline(compare(old, new, link), old_name, new_name, old, new,
                       tuple((p.title, s) for s in p.skipped), by_old, marks.by_label(),
                       marks.document)
    if decision_text is not None:
        decision = parse_decision(decision_text)
        link = Link.from_result(apply(old, decision, target=target), decision.title)
    return Redline(compare(old, new, link), old_name, new_name, old, new)
