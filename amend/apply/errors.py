"""Errors and warnings raised while applying a decision to a text.

Contract: ``ApplyError`` is a ``DecisionError`` (so it renders the same way: item, line, column,
the clause with a caret under the position, a Chinese and an English message) raised when an
operation cannot be applied exactly — a missing target, a phrase not found, two operations on one
provision, an impossible renumbering.  ``at(source, needle, zh, en)`` builds one with the caret
under ``needle`` inside the clause.  ``ApplyWarning`` is a named, suspicious-but-applied result
(several occurrences of a phrase, a reference left pointing at a deleted article, an inserted
article at a chapter boundary), with the item and the article it concerns.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend.decision.diagnose import DecisionError
from amend.ops import Source


#: What kind of failure an ``ApplyError`` is (stable; the drafter's preview reports it as is).
CODES = ("target-missing", "words-not-found", "same-provision-twice", "renumbering-disagrees",
         "cannot-apply")


class ApplyError(DecisionError):
    """An operation that cannot be applied exactly; nothing is returned as if it were right.
    ``code`` is one of ``CODES``."""

    code = "cannot-apply"


def item_label(source: Source | None, omnibus: bool = False) -> str | None:
    """"三"; "二十五（一）" for a sub-item of a grouped item ("二十五、对部分条文作以下修改："); in an
    omnibus decision the item inside its section ("1"); None for unnumbered clauses."""
    if source is None or source.item is None:
        return None
    if source.section and not omnibus:
        return f"{source.section}（{source.item}）"
    return source.item


def at(source: Source | None, needle: str | None, zh: str, en: str, *,
       omnibus: bool = False, code: str = "cannot-apply") -> ApplyError:
    """An ``ApplyError`` for the clause of ``source`` with the caret under ``needle``."""
    if code not in CODES:
        raise ValueError(f"unknown ApplyError code {code!r}")
    if source is None:
        return _coded(ApplyError(zh, en), code)
    clause = source.clause
    column = clause.find(needle) if needle else -1
    column = max(column, 0)
    first_line = clause.find("\n")
    same_line = first_line < 0 or column < first_line
    col = source.col + column if same_line else 0
    line = source.line if same_line else source.line + clause.count("\n", 0, column)
    if not same_line:
        col = column - clause.rfind("\n", 0, column)
    return _coded(ApplyError(zh, en, item=item_label(source, omnibus),
                             section=source.section if omnibus else None, clause=clause,
                             column=column, line=line, col=col), code)


def _coded(error: ApplyError, code: str) -> ApplyError:
    error.code = code
    return error


@attrs.frozen
class ApplyWarning:
    """A suspicious result: ``code`` is stable, ``message`` bilingual, ``item`` the decision item,
    ``article`` the label of the article concerned (in the amended numbering unless stated),
    ``cited`` for a reference warning the (number, sub) of the cited article before the decision."""

    code: str
    message: str
    item: str | None = None
    article: str | None = None
    cited: tuple[int, int] | None = None
