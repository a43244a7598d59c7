"""The new text as a Word document with real tracked changes: ``amend diff … --format docx
--track-changes``.

Contract: ``tracked_document(old, new, changes, date=None)`` returns the bytes of an A4 .docx
whose body is the text of ``new`` laid out as the consolidated document (amend/textdoc.py: the
title, the 题注, the preamble, centred division headings, each article's label in bold and its
paragraphs, items and subitems indented), in which every difference from ``old`` is a Word
revision by the author "amend": inserted text in ``w:ins``, deleted text in ``w:del`` (as
``w:delText``), and a paragraph only one version has carries an inserted or deleted paragraph
mark (``w:pPr/w:rPr/w:ins|w:del``).  Accepting every revision gives exactly ``new``, rejecting
every one gives exactly ``old``, line by line.  Paired lines come from ``changes`` (the
alignment and the inline diff of the redline, amend/diff/changes.py and textdiff.py) and
paired division headings from ``heading_pairs``; a pair that would cross another (an article
moved, a paragraph put before an earlier one) is shown as deleted in its old place and
inserted in its new one, so both orders hold.  ``date`` (the day the later text takes effect,
else the decision's adoption) is written as every revision's ``w:date``; without it the
attribute is left out.  Fonts, fixed core properties and the stable zip are those of the
对照表 (docx.py), so the same input gives the same bytes; control characters raise
``ControlCharacterError`` as there.  ``revision_date(work, start, end)`` gives the date for a
work's two dates.
"""

from __future__ import annotations

import datetime as dt
import io

from amend.codecache import attrs

from amend import numerals
from amend.diff import docx as base
from amend.diff import textdiff
from amend.diff.changes import Changes, heading_pairs
from amend.model import Article, Regulation, is_lacuna
from amend.sequences import longest_increasing

AUTHOR = "amend"

#: Between an article's label and its text, as in the consolidated document.
GAP = "\u3000"


@attrs.frozen
class Unit:
    """One paragraph of one version: ``style`` title | note | preamble | heading | line |
    attachment; ``level`` the heading depth or the line's level (0 款, 1 项, 2+ 目); ``label``
    the article label on an article's first line."""

    key: tuple
    text: str
    style: str
    level: int = 0
    label: str = ""


# ---- the paragraphs of one version ------------------------------------------------------------

def _article_units(index: int, article: Article) -> list[Unit]:
    """The lines of an article, keyed as changes.py names their places ("第二款（三）")."""
    out: list[Unit] = []

    def nodes(children, level: int, where: str) -> None:
        for node in children:
            at = f"{where}{node.label}"
            out.append(Unit(("art", index, at), node.label + node.text, "line", level))
            nodes(node.subitems if level == 1 else node.children, level + 1, at)

    for k, p in enumerate(article.paragraphs, 1):
        where = f"第{numerals.int_to_cn(k)}款"
        out.append(Unit(("art", index, where), p.text, "line", 0,
                        article.label if k == 1 else ""))
        nodes(p.items, 1, where)
    if not article.paragraphs:  # a label alone
        out.append(Unit(("art", index, ""), "", "line", 0, article.label))
    return out


def units(reg: Regulation) -> list[Unit]:
    """Every paragraph of ``reg`` below the title and the 题注, in document order."""
    out: list[Unit] = []
    if reg.preamble is not None:
        if reg.preamble.heading:
            out.append(Unit(("preamble-heading",), reg.preamble.heading, "heading"))
        out.extend(Unit(("preamble", k), text, "preamble")
                   for k, text in enumerate(reg.preamble.paragraphs))
    located = {id(loc.article): n for n, loc in enumerate(reg.located)}
    divisions = 0

    def walk(nodes, depth: int) -> None:
        nonlocal divisions
        for node in nodes:
            if isinstance(node, Article):
                out.extend(_article_units(located[id(node)], node))
                continue
            out.append(Unit(("division", divisions), node.heading, "heading", depth))
            divisions += 1
            walk(node.children, depth + 1)

    walk(reg.body, 0)
    for k, x in enumerate(reg.attachments):
        out.append(Unit(("attachment", k), x.heading, "heading"))
        out.extend(Unit(("attachment", k, n), line, "attachment")
                   for n, line in enumerate(x.lines))
    return out


def _note(reg: Regulation) -> str | None:
    if reg.note is None or not reg.note.lines:
        return None
    text = "\n".join(reg.note.lines)
    return f"（{text}）" if reg.note.bracketed else text


# ---- pairing ----------------------------------------------------------------------------------

def _fits(segments, old: str, new: str) -> bool:
    return textdiff.side(segments, "-") == old and textdiff.side(segments, "+") == new


def _pairs(old: Regulation, new: Regulation, changes: Changes, olds: list[Unit],
           news: list[Unit]) -> list[tuple[int, int, tuple]]:
    """(old unit index, new unit index, inline segments) of every paired paragraph."""
    at_old = {u.key: i for i, u in enumerate(olds)}
    at_new = {u.key: j for j, u in enumerate(news)}
    article_old: dict[str, int] = {}
    article_new: dict[str, int] = {}
    for n, loc in enumerate(old.located):
        article_old.setdefault(loc.article.label, n)
    for n, loc in enumerate(new.located):
        article_new.setdefault(loc.article.label, n)
    out = []

    def add(key_old, key_new, segments=None) -> None:
        i, j = at_old.get(key_old), at_new.get(key_new)
        if i is None or j is None:
            return
        if segments is None:
            segments = textdiff.diff(olds[i].text, news[j].text)
        if _fits(segments, olds[i].text, news[j].text):  # else: deleted and inserted
            out.append((i, j, tuple(segments)))

    for a in changes.articles:
        for line in a.lines:
            if line.old is None or line.new is None:
                continue
            label_old = line.old_article or (a.old[0] if a.old else None)
            label_new = line.new_article or (a.new[0] if a.new else None)
            if label_old not in article_old or label_new not in article_new:
                continue
            add(("art", article_old[label_old], line.old),
                ("art", article_new[label_new], line.new), line.segments)
    for j, i in heading_pairs(old, new).items():
        add(("division", i), ("division", j))
    if old.preamble is not None and new.preamble is not None:
        add(("preamble-heading",), ("preamble-heading",))
        for k in range(min(len(old.preamble.paragraphs), len(new.preamble.paragraphs))):
            add(("preamble", k), ("preamble", k))
    for k in range(min(len(old.attachments), len(new.attachments))):
        add(("attachment", k), ("attachment", k))
        for n in range(min(len(old.attachments[k].lines), len(new.attachments[k].lines))):
            add(("attachment", k, n), ("attachment", k, n))
    return out


def merged(old: Regulation, new: Regulation, changes: Changes) -> list[tuple]:
    """The paragraphs of the tracked document in order: ("=", old unit, new unit, segments),
    ("-", old unit, None, None) or ("+", None, new unit, None).  The paired ones form the
    longest chain in both orders; between two of them the deleted come before the inserted."""
    olds, news = units(old), units(new)
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    pairs = []
    for p in sorted(_pairs(old, new, changes, olds, news), key=lambda p: (p[1], p[0])):
        if p[0] not in seen_old and p[1] not in seen_new:  # one partner each
            seen_old.add(p[0])
            seen_new.add(p[1])
            pairs.append(p)
    chain = [pairs[k] for k in sorted(longest_increasing([p[0] for p in pairs]))]
    out: list[tuple] = []
    i = j = 0
    for oi, nj, segments in chain + [(len(olds), len(news), None)]:
        out.extend(("-", olds[k], None, None) for k in range(i, oi))
        out.extend(("+", None, news[k], None) for k in range(j, nj))
        if segments is not None:
            out.append(("=", olds[oi], news[nj], segments))
        i, j = oi + 1, nj + 1
    return out


# ---- Word revisions ---------------------------------------------------------------------------

class _Revisions:
    """Numbered w:ins / w:del elements by one author on one date."""

    def __init__(self, date: dt.date | None) -> None:
        self.date = f"{date.isoformat()}T00:00:00Z" if date else None
        self.next = 1

    def element(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next))
        el.set(qn("w:author"), AUTHOR)
        if self.date:
            el.set(qn("w:date"), self.date)
        self.next += 1
        return el

    def run(self, p, text: str, op: str, **fmt) -> None:
        """A run of ``text``: plain ("="), inserted ("+") or deleted ("-")."""
        from docx.oxml.ns import qn

        if not text:
            return
        run = base._run(p, text, **fmt)
        if op == "=":
            return
        el = run._element
        wrapper = self.element("w:ins" if op == "+" else "w:del")
        el.addprevious(wrapper)
        wrapper.append(el)
        if op == "-":
            for t in el.findall(qn("w:t")):
                t.tag = qn("w:delText")

    def mark(self, p, op: str) -> None:
        """The paragraph mark inserted ("+") or deleted ("-")."""
        from docx.oxml import OxmlElement

        ppr = p._p.get_or_add_pPr()
        rpr = ppr.find(_qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self.element("w:ins" if op == "+" else "w:del"))


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _paragraph(document, unit: Unit):
    """A body paragraph laid out for ``unit`` as the consolidated document lays it out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if unit.style == "heading":
        p = base._paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_before = Pt(12 if unit.level == 0 else 6)
        p.paragraph_format.space_after = Pt(6)
        return p
    if unit.style == "line":
        p = base._paragraph(document, level=0 if unit.level == 0 else unit.level)
        if unit.level:  # items: first-line indent as well, by level
            p.paragraph_format.left_indent = None
            p.paragraph_format.first_line_indent = Pt(base.INDENT_PT * (unit.level + 1))
        return p
    if unit.style == "preamble":
        return base._paragraph(document, level=0)
    return base._paragraph(document)


def _fmt(unit: Unit) -> dict:
    if unit.style == "heading":
        return {"font": base.HEADING if unit.level == 0 else base.BODY, "bold": unit.level == 0}
    if unit.style == "line" and is_lacuna(unit.text):
        return {"italic": True, "color": base.LACUNA}
    return {}


def _label(rev: _Revisions, p, old: Unit | None, new: Unit | None) -> None:
    """"第三十二条　": the label in bold; a changed number is one deletion and one insertion."""
    a, b = (old.label if old else ""), (new.label if new else "")
    head = {"font": base.HEADING, "bold": True}
    if a == b:
        rev.run(p, a, "=", **head)
        rev.run(p, GAP if a else "", "=")
        return
    if a and b:
        rev.run(p, a, "-", **head)
        rev.run(p, b, "+", **head)
        rev.run(p, GAP, "=")
        return
    if a:  # a line that began an article begins none now
        rev.run(p, a + GAP, "-", **head)
    else:
        rev.run(p, b + GAP, "+", **head)


def _write(document, rev: _Revisions, op: str, old: Unit | None, new: Unit | None,
           segments) -> None:
    unit = new if new is not None else old
    where = unit.label or unit.text[:12]
    base._at(where, where)
    p = _paragraph(document, unit)
    if unit.style == "line":
        _label(rev, p, old if op != "+" else None, new if op != "-" else None)
    if op == "=":
        lacuna = _fmt(old)
        for s in segments:
            rev.run(p, s.text, s.op, **(lacuna if s.op == "-" else _fmt(new)))
        return
    rev.run(p, unit.text, op, **_fmt(unit))
    rev.mark(p, op)


def _top(document, rev: _Revisions, old: str | None, new: str | None, first=None, **fmt):
    """The title or the 题注: one centred paragraph, diffed."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if old is None and new is None:
        return
    p = first if first is not None else base._paragraph(document)
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if old is None or new is None:
        rev.run(p, new or old, "+" if new is not None else "-", **fmt)
        rev.mark(p, "+" if new is not None else "-")
        return
    for s in textdiff.diff(old, new):
        rev.run(p, s.text, s.op, **fmt)


def tracked_document(old: Regulation, new: Regulation, changes: Changes, *,
                     date: dt.date | None = None) -> bytes:
    """``new`` with the changes from ``old`` as Word revisions (see the module contract)."""
    from docx.shared import Pt

    lib = base._docx()
    found = base._Found()
    token = base._FOUND.set(found)
    rev = _Revisions(date)
    title_old, title_new = "".join(old.title), "".join(new.title)
    try:
        document = lib.Document()
        base._setup(document)
        first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        first.paragraph_format.space_after = Pt(6)
        base._at("标题", "the title")
        _top(document, rev, title_old, title_new, first, font=base.HEADING, size=base.TITLE_PT)
        base._at("题注", "the history note")
        _top(document, rev, _note(old), _note(new))
        for op, o, n, segments in merged(old, new, changes):
            _write(document, rev, op, o, n, segments)
    finally:
        base._FOUND.reset(token)
    if found.found:
        raise base.ControlCharacterError(found.found)
    base._fix_package(document, title_new or title_old)
    buffer = io.BytesIO()
    document.save(buffer)
    return base._stable_zip(buffer.getvalue())


def revision_date(work, start: dt.date, end: dt.date) -> dt.date | None:
    """The date of the revisions between a work's texts on ``start`` and ``end``: the day the
    last event that made the later text takes effect (else its adoption), None when the two
    dates share one text."""
    from amend import timeline

    before, after = timeline.plan(work, start), timeline.plan(work, end)
    earlier = [e for e in (before.base, *before.steps) if e is not None]
    later = [e for e in (after.base, *after.steps) if e is not None and e not in earlier]
    if not later:
        return None
    event = later[-1]
    return timeline.effective(event) or event.adopted
