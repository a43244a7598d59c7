"""Redlines between two versions: of a work on two dates, or of two files.

Contract: ``between_dates(work, start, end)`` consolidates the work on both dates and compares
the two texts; when the later text was made from the earlier one by applying decisions (the same
base, the earlier steps a prefix of the later ones) the comparison is linked to those decisions
(``Link``), so that renumbering comes from the decisions and each change names its item.  When
there is no text in force on a date it raises ``NotInForce`` with the timeline's bilingual
reason.  ``between_files(old, new, decision=None)`` compares two texts, linked to ``decision``
when one is given (it is applied to ``old``; the comparison is still against ``new`` as written).
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from amend.apply import apply
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


def _in_force(work: Work, day: dt.date) -> Consolidation:
    c = consolidate(work, day)
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


def between_dates(work: Work, start: dt.date, end: dt.date) -> Redline:
    old, new = _in_force(work, start), _in_force(work, end)
    changes = compare(old.regulation, new.regulation, _link(old, new))
    return Redline(changes, start.isoformat(), end.isoformat(), old.regulation, new.regulation)


def between_files(old_text: str, new_text: str, *, decision_text: str | None = None,
                  target: str | None = None, old_name: str = "", new_name: str = "") -> Redline:
    old = parse_source(old_text).regulation
    new = parse_source(new_text).regulation
    link = None
    if decision_text is not None:
        decision = parse_decision(decision_text)
        link = Link.from_result(apply(old, decision, target=target), decision.title)
    return Redline(compare(old, new, link), old_name, new_name, old, new)
