"""A draft for people and programs: the JSON dict, the failure report, the Word document.

Contract: ``draft_dict(d)`` is the JSON view (``ok``, ``text`` — the decision, present even when
the check failed so that a program can show it *as failed* —, ``items``: number, kind, old and new
article, clauses; ``reorder``, ``rounds``, ``escalated``, ``error``, ``mismatches``, ``notes``,
``warnings``); ``failure_lines(d)`` the bilingual lines saying where the applied decision
differs from the text wanted; ``to_docx(text)`` the decision as an A4 Word document (python-docx,
the ``docx`` extra), bytes.
"""

from __future__ import annotations

import io

from amend import numerals
from amend.draft import Draft
from amend.draft.plan import clause


def _label(key) -> str | None:
    return numerals.article_label(*key) if key is not None else None


def draft_dict(d: Draft) -> dict:
    c = d.check
    return {
        "ok": d.ok,
        "text": d.text,
        "items": [{"number": numerals.int_to_cn(k), "kind": it.kind, "old": _label(it.old),
                   "new": _label(it.new), "clauses": [clause(op) for op in it.ops]}
                  for k, it in enumerate(d.items, 1)],
        "reorder": d.plan.reorder,
        "rounds": d.rounds,
        "escalated": [_label(k) for k in d.escalated],
        "error": c.error,
        "mismatches": [{"where": m.where, "expected": m.expected, "got": m.got}
                       for m in c.mismatches],
        "notes": [{"where": m.where, "expected": m.expected, "got": m.got} for m in c.notes],
        "warnings": [{"code": w.code, "message": w.message} for w in c.warnings],
    }


def failure_lines(d: Draft) -> list[str]:
    c = d.check
    out = ["自检未通过：按本决定修改后的文本与新文本不一致，决定未输出 / self-check failed: the "
           "decision applied to the old text does not give the new text; no decision was written"]
    if c.error:
        out.append(f"引擎无法读取或适用所拟决定 / the engine cannot read or apply the draft:\n{c.error}")
    for m in c.mismatches[:20]:
        out.append(f"{m.where}：应为 / expected:\n  {m.expected}\n  实得 / got:\n  {m.got}")
    if len(c.mismatches) > 20:
        out.append(f"……另有{len(c.mismatches) - 20}处 / … {len(c.mismatches) - 20} more")
    return out


def to_docx(text: str) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    lines = text.rstrip("\n").split("\n")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(lines[0])
    run.bold, run.font.size = True, Pt(16)
    for line in lines[1:]:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
