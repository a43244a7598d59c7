"""The self-check: a drafted decision is read and applied with the project's own engine, and
the result compared with the text it was drafted to produce.

Contract: ``check(old, new, text)`` parses ``text`` (``parse_decision``), applies it to ``old``
(``apply``, the section bound to ``old``'s title) and compares the result with ``new``: every
article by number and words (paragraphs, items, subitems), the chapters and sections (their
headings in order, and the division each article sits in).  The title and the preamble are
compared too but only reported (``notes``): no item is drafted for them.  It returns a ``Check``:
``ok`` only when everything is equal; otherwise each ``Mismatch`` names the place ("第十二条",
"第三章", "标题"), what ``new`` has and what the decision gives, or ``error`` holds the
engine's message (a clause it cannot read or apply) with the item it names.  It never raises
for a decision the engine refuses.
"""

from __future__ import annotations

from amend.codecache import attrs

from amend.apply import ApplyError, ApplyResult, apply
from amend.decision import DecisionError, parse_decision
from amend.model import Regulation
from amend.ops import Decision
from amend.structure import render_article


@attrs.frozen
class Mismatch:
    """Where the applied decision differs from the text wanted: ``expected`` is ``new``'s text
    of the place, ``got`` the engine's (None: absent on that side)."""

    where: str
    expected: str | None
    got: str | None


@attrs.frozen
class Check:
    ok: bool
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None
    error_item: str | None = None
    decision: Decision | None = None
    result: ApplyResult | None = None
    #: differences in the title or preamble: not drafted, not part of ``ok`` (``notes``)
    notes: tuple[Mismatch, ...] = ()

    @property
    def warnings(self) -> tuple:
        return self.result.warnings if self.result is not None else ()


def _outline(reg: Regulation) -> list[tuple[str, str]]:
    """(article label, the headings of the divisions it sits in) in order, and the headings."""
    out = []
    for loc in reg.located:
        heads = " / ".join(d.heading for d in (loc.part, loc.subpart, loc.chapter, loc.section)
                           if d is not None)
        out.append((loc.article.label, heads))
    return out


def compare(got: Regulation, new: Regulation) -> tuple[Mismatch, ...]:
    """Article for article, then divisions, then the title (see the module contract)."""
    out: list[Mismatch] = []
    mine = {a.label: a for a in got.articles()}
    wanted = {a.label: a for a in new.articles()}
    for label in dict.fromkeys([*wanted, *mine]):
        a, b = mine.get(label), wanted.get(label)
        if a is None or b is None or a.paragraphs != b.paragraphs:
            out.append(Mismatch(label, render_article(b) if b else None,
                                render_article(a) if a else None))
    if [a.label for a in got.articles()] != [a.label for a in new.articles()] and not out:
        out.append(Mismatch("条文顺序", " ".join(wanted), " ".join(mine)))
    got_heads = [d.heading for d in got.divisions()]
    new_heads = [d.heading for d in new.divisions()]
    if got_heads != new_heads:
        missing = [h for h in new_heads if h not in got_heads]
        extra = [h for h in got_heads if h not in new_heads]
        out.append(Mismatch(missing[0] if missing else (extra[0] if extra else "章节"),
                            "\n".join(new_heads), "\n".join(got_heads)))
    else:
        for (label, heads), (_, wanted_heads) in zip(_outline(got), _outline(new)):
            if heads != wanted_heads:
                out.append(Mismatch(label, wanted_heads, heads))
                break
    return tuple(out)


def notes(got: Regulation, new: Regulation) -> tuple[Mismatch, ...]:
    """Differences outside the articles and divisions — the title and the preamble (in the
    development corpus mostly the source's header lines) — which no item is drafted for."""
    out = []
    if got.title != new.title:
        out.append(Mismatch("标题", "\n".join(new.title), "\n".join(got.title)))
    if got.preamble != new.preamble:
        out.append(Mismatch("序言", "\n".join(new.preamble.paragraphs) if new.preamble else None,
                            "\n".join(got.preamble.paragraphs) if got.preamble else None))
    return tuple(out)


def check(old: Regulation, new: Regulation, text: str) -> Check:
    try:
        decision = parse_decision(text)
    except DecisionError as exc:
        return Check(False, error=str(exc), error_item=getattr(exc, "item", None))
    try:
        result = apply(old, decision, target="".join(old.title))
    except ApplyError as exc:
        return Check(False, error=str(exc), error_item=getattr(exc, "item", None),
                     decision=decision)
    except (DecisionError, ValueError) as exc:
        return Check(False, error=str(exc), decision=decision)
    found = compare(result.regulation, new)
    return Check(not found, found, decision=decision, result=result,
                 notes=notes(result.regulation, new))
