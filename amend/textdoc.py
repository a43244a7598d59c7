"""The text in force as a print-ready document: ``amend consolidate --format html|docx``.

Contract: ``html(ctx)`` and ``docx(ctx)`` present one ``amend.views.document_context`` dict —
the centred title (without 书名号), the 题注, a status block (the period this version was in
force, its status 现行有效 / 已被修改 / 尚未施行, the decisions applied, the check against a
republished text and its result), for a reconstructed text the sentence that says so and names
the lacunae, then the preamble, chapter and section headings (centred), the articles (label in
bold, every paragraph with a first-line indent of two characters, items and subitems indented
by level, lacunae grey italic), each article's 沿革 in small print, and the attachments.  HTML is
the Jinja2 template renderers/consolidated.html.j2; the Word document (A4) is built with
python-docx (the ``docx`` extra) with the fonts, fixed dates and stable zip of the 对照表
(amend/diff/docx.py), so the same context gives the same bytes.  A control character in the
text raises ``ControlCharacterError`` as there.
"""

from __future__ import annotations

import io

from amend.render import template


def html(ctx: dict) -> str:
    return template("consolidated.html.j2").render(**ctx)


def docx(ctx: dict) -> bytes:
    from amend.diff import docx as base
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lib = base._docx()
    found = base._Found()
    token = base._FOUND.set(found)
    center = WD_ALIGN_PARAGRAPH.CENTER
    try:
        document = lib.Document()
        base._setup(document)
        title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        title.paragraph_format.alignment = center
        title.paragraph_format.space_after = Pt(6)
        base._at("标题", "the title")
        base._run(title, ctx["title"], font=base.HEADING, size=base.TITLE_PT)
        if ctx["note"]:
            base._at("题注", "the history note")
            p = base._paragraph(document, align=center)
            base._run(p, "（" + "\n".join(ctx["note"]) + "）")
        _status(document, ctx)
        if ctx["reconstructed"]:
            p = base._paragraph(document)
            p.paragraph_format.space_after = Pt(6)
            base._at("推导说明", "the reconstruction notice")
            base._run(p, ctx["reconstructed"]["sentence"], bold=True, color=base.DELETED)
        for line in ctx["preamble"]:
            base._at("序言", "the preamble")
            base._run(base._paragraph(document, level=0), line)
        for a in ctx["articles_list"]:
            _article(document, a)
        for x in ctx["attachments"]:
            base._at(x["heading"], x["heading"])
            p = base._paragraph(document, align=center)
            p.paragraph_format.space_before = Pt(12)
            base._run(p, x["heading"], font=base.HEADING)
            for line in x["lines"]:
                base._run(base._paragraph(document), line)
    finally:
        base._FOUND.reset(token)
    if found.found:
        raise base.ControlCharacterError(found.found)
    base._fix_package(document, ctx["title"])
    buffer = io.BytesIO()
    document.save(buffer)
    return base._stable_zip(buffer.getvalue())


def _status(document, ctx: dict) -> None:
    """The status block: one small paragraph per field, in a one-cell bordered table."""
    from amend.diff import docx as base

    rows = [("有效期间", ctx["period_zh"] or "不详"),
            ("效力状态", f"{ctx['state_zh']}（{ctx['date']}）")]
    decisions = "；".join(ctx["decision_lines"])
    rows.append(("适用的决定", decisions or "无（本版本为制定或修订时的文本）"))
    rows.append(("核对", "；".join(k["line"] for k in ctx["checks"]) or ctx["unchecked"] or ""))
    if ctx["pending_lines"]:
        rows.append(("尚未施行", "；".join(ctx["pending_lines"])))
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    cell = table.rows[0].cells[0]
    for name, value in rows:
        base._at(f"状态栏“{name}”", f"the status field {name}")
        p = base._cell_paragraph(cell)
        base._run(p, f"{name}：", size=base.NOTE_PT, bold=True)
        base._run(p, value, size=base.NOTE_PT)
    document.add_paragraph()


def _article(document, a: dict) -> None:
    from amend.diff import docx as base
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for h in a["headings"]:
        base._at(h["text"], h["text"])
        p = base._paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_before = Pt(12 if h["level"] == 0 else 6)
        p.paragraph_format.space_after = Pt(6)
        base._run(p, h["text"], font=base.HEADING if h["level"] == 0 else base.BODY,
                  bold=h["level"] == 0)
    for n, line in enumerate(a["lines"], 1):
        base._at(f"{a['label']}第{n}行", f"{a['label']}, line {n}")
        p = base._paragraph(document, level=0 if line["level"] == 0 else line["level"])
        if line["level"]:  # items: first-line indent as well, by level
            p.paragraph_format.left_indent = None
            p.paragraph_format.first_line_indent = Pt(base.INDENT_PT * (line["level"] + 1))
        if n == 1:
            base._run(p, a["label"], font=base.HEADING, bold=True)
            base._run(p, "\u3000")
        if line["lacuna"]:
            base._run(p, line["text"], italic=True, color=base.LACUNA)
        else:
            base._run(p, line["text"])
    entries = [a["history_compact"]] if a["history_compact"] else \
        [f"{h['kind_zh']}：{h['line']}" for h in a["history"]]
    for text in entries:
        p = base._paragraph(document)
        p.paragraph_format.left_indent = Pt(base.INDENT_PT)
        base._run(p, text, size=base.NOTE_PT, color=base.LACUNA)
