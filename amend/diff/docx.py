"""The 修改前后对照表 of a redline context (context.py) as a Word document, built with python-docx.

Contract: ``comparison_table(ctx)`` returns the bytes of an A4 portrait .docx: the title
"《…》修改前后对照表", the two version names, the decisions and a summary, then one table
原条文 | 修改后条文 | 说明 (42.5% / 42.5% / 15%, 'Table Grid' borders, the header row repeated
on every page) with one row per article whose kind is not "unchanged".  Old text is on the left
(deleted runs struck through in red), new text on the right (inserted runs underlined in blue),
each line its own paragraph indented by level, each side in its own order (an unchanged line
only on the old side, the new side saying "（第一款至第三款未修改）" for each run of them, unless
the context was built with ``full_table``); lacunae
(〔原文不详：…〕) are grey italic notes, never struck.  Every run names a Latin and an East Asian
font (Times New Roman, 宋体 / 黑体), so Word and LibreOffice do not fall back to a Western font
for Chinese text.  The output depends on ``ctx`` only: core properties carry a fixed date and the
zip entries fixed timestamps, so the same context gives the same bytes.  python-docx is an
optional extra (``pip install 'amend[docx]'``); without it ``comparison_table`` raises
``RuntimeError``.  A control character in the texts (a terminal escape, a NUL: XML cannot hold
most of them) is neither dropped nor passed on: ``comparison_table`` raises
``ControlCharacterError`` naming each one — the article, the side, the line and the character
position, in Chinese and English — and returns no document.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
import re
import zipfile

from amend import numerals

LATIN = "Times New Roman"
BODY = "宋体"  # SimSun
HEADING = "黑体"  # SimHei

#: Colours (hex RGB) of deleted, inserted and unknown (lacuna) text.
DELETED, INSERTED, LACUNA = "C00000", "0033CC", "808080"

#: Fixed date written into the core properties, so output does not depend on the clock.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)

PAGE_W, PAGE_H = 21.0, 29.7  # cm, A4 portrait
MARGIN_TB, MARGIN_LR = 2.5, 2.2  # cm
COLUMNS = (0.425, 0.425, 0.15)
BODY_PT, TITLE_PT, SUBTITLE_PT, NOTE_PT = 10.5, 18, 12, 9  # 五号, 小二, 小四, 小五
INDENT_PT = 2 * BODY_PT  # two characters per level

HEADER = ("原条文", "修改后条文", "说明")
LEGEND = "说明：删除线（红色）为删去的文字，下划线（蓝色）为增加的文字，灰色斜体为原文不详的说明。"
#: …and, unless the table repeats them (--full-table), where unchanged lines are.
LEGEND_ONCE = "未修改的款、项只在原条文一栏列出，修改后条文一栏注明“未修改”。"


#: Control characters (C0 but tab, line feed and carriage return; DEL; C1), and what XML cannot
#: hold at all (lone surrogates, U+FFFE, U+FFFF).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SHOWN = 20  # positions named in the message; the rest are counted


class ControlCharacterError(ValueError):
    """Texts of the table hold control characters: ``found`` lists (where in Chinese, where in
    English, 1-based character position in that line, the character)."""

    def __init__(self, found: list[tuple[str, str, int, str]]):
        self.found = found
        shown = found[:_SHOWN]
        more_zh = f"等{len(found)}处" if len(found) > _SHOWN else f"共{len(found)}处"
        more_en = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
        self.zh = ("文本中含有控制字符，不能写入Word文件，未生成对照表（" + more_zh + "）：" +
                   "；".join(f"{wz}第{col}个字符 U+{ord(ch):04X}" for wz, _, col, ch in shown))
        self.en = ("the texts hold control characters, which a Word file cannot take; no table "
                   "was written: " + "; ".join(f"{we}, character {col}: U+{ord(ch):04X}"
                                               for _, we, col, ch in shown) + more_en)
        super().__init__(f"{self.zh} / {self.en}")


class _Found:
    """Where the text being written stands, and the control characters met so far."""

    def __init__(self) -> None:
        self.where = ("", "")
        self.found: list[tuple[str, str, int, str]] = []
        # a paragraph element → characters left out (the element itself is the key: an id()
        # could be reused by a later paragraph once an earlier proxy is collected)
        self.dropped: dict = {}


_FOUND: contextvars.ContextVar[_Found | None] = contextvars.ContextVar("docx_found", default=None)


def _at(zh: str, en: str) -> None:
    found = _FOUND.get()
    if found is not None:
        found.where = (zh, en)


def _checked(paragraph, text: str) -> str:
    """``text`` with its control characters noted (position counted in the paragraph as it
    reads so far) and left out of the run; the caller refuses the document when any were."""
    if not _CONTROL.search(text):
        return text
    found = _FOUND.get()
    if found is None:
        raise ControlCharacterError([("", "", m.start() + 1, m.group()) for m in _CONTROL.finditer(text)])
    key = paragraph._p
    before = len(paragraph.text) + found.dropped.get(key, 0)
    for m in _CONTROL.finditer(text):
        found.found.append((*found.where, before + m.start() + 1, m.group()))
    cleaned = _CONTROL.sub("", text)
    found.dropped[key] = found.dropped.get(key, 0) + len(text) - len(cleaned)
    return cleaned


def _docx():
    try:
        import docx
    except ImportError as err:
        raise RuntimeError(
            "生成 Word 对照表需要 python-docx，请安装：pip install 'amend[docx]'"
            " / The Word comparison table needs python-docx: pip install 'amend[docx]'"
        ) from err
    return docx


# ---- low-level formatting ---------------------------------------------------------------------

def _set_fonts(rpr, east: str, latin: str = LATIN) -> None:
    """Name the Latin and the East Asian font on an rPr element (and drop theme fonts, which
    would otherwise win over the names)."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east)
    fonts.set(qn("w:hint"), "eastAsia")  # “”、…… and the like in the Chinese font


def _run(paragraph, text: str, *, font: str = BODY, size: float = BODY_PT, bold: bool = False,
         italic: bool = False, strike: bool = False, underline: bool = False,
         color: str | None = None):
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(_checked(paragraph, text))
    _set_fonts(run._element.get_or_add_rPr(), font)
    f = run.font
    f.size = Pt(size)
    if bold:
        f.bold = True
    if italic:
        f.italic = True
    if strike:
        f.strike = True
    if underline:
        f.underline = True
    if color:
        f.color.rgb = RGBColor.from_string(color)
    return run


def _paragraph(container, *, level: int | None = None, align=None):
    """A new paragraph in a cell or the document body (see ``_format``)."""
    return _format(container.add_paragraph(), level=level, align=align)


def _format(p, *, level: int | None = None, align=None):
    """``level`` 0 = 款 (first line indented two characters), 1 = 项, 2+ = 目 (the whole line
    indented two characters per level)."""
    from docx.shared import Pt

    fmt = p.paragraph_format
    if level == 0:
        fmt.first_line_indent = Pt(INDENT_PT)
    elif level:
        fmt.left_indent = Pt(INDENT_PT * level)
    if align is not None:
        fmt.alignment = align
    return p


def _cell_paragraph(cell, *, level: int | None = None, align=None):
    """A paragraph of a table cell: the cell's own empty first paragraph the first time (every
    paragraph made here gets an alignment, so a used one is told apart), then new ones."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    align = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and first._p.pPr is None and not first.runs:
        return _format(first, level=level, align=align)
    return _paragraph(cell, level=level, align=align)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fixed_layout(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)


def _page_number_footer(section) -> None:
    """Centred "第 N 页" with a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, **attrs: str):
        el = OxmlElement(tag)
        for name, value in attrs.items():
            el.set(qn(name), value)
        return el

    p = section.footer.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "第 ", size=9)
    _run(p, "", size=9)._element.append(element("w:fldChar", **{"w:fldCharType": "begin"}))
    instr = element("w:instrText", **{"xml:space": "preserve"})
    instr.text = " PAGE "
    _run(p, "", size=9)._element.append(instr)
    _run(p, "", size=9)._element.append(element("w:fldChar", **{"w:fldCharType": "separate"}))
    _run(p, "1", size=9)
    _run(p, "", size=9)._element.append(element("w:fldChar", **{"w:fldCharType": "end"}))
    _run(p, " 页", size=9)


# ---- document setup ---------------------------------------------------------------------------

def _setup(document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    styles = document.styles
    # Document defaults: no theme fonts, Chinese as the East Asian language.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, BODY)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.2

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_W), Cm(PAGE_H)
    section.top_margin = section.bottom_margin = Cm(MARGIN_TB)
    section.left_margin = section.right_margin = Cm(MARGIN_LR)
    section.header_distance = section.footer_distance = Cm(1.5)
    _page_number_footer(section)


def _fix_package(document, title: str) -> None:
    """Fixed core properties and no stale thumbnail from python-docx's template."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    core = document.core_properties
    core.author = "amend"
    core.last_modified_by = "amend"
    core.title = title
    core.subject = ""
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.revision = 1
    core.created = core.modified = core.last_printed = FIXED_DATE
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---- the table --------------------------------------------------------------------------------

def _on_side(line: dict, side: str) -> bool:
    return line[side] is not None


def _side_runs(line: dict, side: str) -> list[tuple[str, str]]:
    """(style, text) runs of one line on one side; style: plain, deleted, inserted, lacuna."""
    keep = "-" if side == "old" else "+"
    unknown = line["kind"] == "unresolved" and side == "old"
    runs = []
    for op, text in line["ops"]:
        if op != "=" and op != keep:
            continue
        if unknown:
            runs.append(("lacuna", text))
        else:
            runs.append(("plain" if op == "=" else ("deleted" if op == "-" else "inserted"), text))
    return runs


def _write_runs(p, runs: list[tuple[str, str]]) -> None:
    for style, text in runs:
        if style == "deleted":
            _run(p, text, strike=True, color=DELETED)
        elif style == "inserted":
            _run(p, text, underline=True, color=INSERTED)
        elif style == "lacuna":
            _run(p, text, italic=True, color=LACUNA)
        else:
            _run(p, text)


def _labels(article: dict, side: str) -> list[str]:
    labels = article.get(f"{side}_labels")
    if labels is None:
        labels = article[side].split("、") if article[side] else []
    return list(labels)


_PARAGRAPH = re.compile(r"^第([〇零一二三四五六七八九十百千两]+)款")


def _in_order(lines: list[dict], side: str, labels: list[str]) -> list[dict]:
    """The lines of one side in that side's own order.  Lines come in the order of the pairs,
    which is the new text's; where a split or a reordering puts an old paragraph after a later
    one ("第二款" before "第一款"), the old side is put back in its order: by article, then by
    paragraph number (items keep their place behind their paragraph).  Lines whose place cannot
    be read are left as they are."""
    owner = f"{side}_article"
    keys = []
    for index, line in enumerate(lines):
        match = _PARAGRAPH.match(line[side] or "")
        if match is None:
            return lines
        try:
            number = numerals.cn_to_int(match.group(1))
        except ValueError:
            return lines
        article = line.get(owner)
        keys.append((labels.index(article) if article in labels else 0, number, index))
    return [lines[k[2]] for k in sorted(keys)]


def _fill_side(cell, article: dict, side: str) -> None:
    """One side of an article: its label(s) in bold, then its lines; for splits and merges each
    article's label starts its own lines."""
    labels = _labels(article, side)
    lines = _in_order([line for line in article["lines"] if _on_side(line, side)], side, labels)
    if side == "new":  # an unchanged line is shown once, on the old side: a note stands for a run
        lines = [line for line in lines if not line.get("elided") or line.get("elision")]
    owner = f"{side}_article"
    grouped = len(labels) > 1 and any(line.get(owner) for line in lines)
    shown: list[str] = []
    current = None if grouped else (article[side] or "")
    label_pending = not grouped
    side_zh, side_en = ("原条文", "text before") if side == "old" else ("修改后条文", "amended text")
    for n, line in enumerate(lines, 1):
        if grouped and line.get(owner) != current:
            current = line.get(owner)
            label_pending = True
        name = current or article[side] or ""
        _at(f"{name}（{side_zh}）第{n}行", f"{name} ({side_en}), line {n}")
        p = _cell_paragraph(cell, level=line["level"])
        if label_pending and current:
            _run(p, current, bold=True)
            _run(p, "\u3000")
            shown.append(current)
        label_pending = False
        if side == "new" and line.get("elision"):
            _run(p, f"（{line['elision']}未修改）", italic=True, color=LACUNA)
            continue
        _write_runs(p, _side_runs(line, side))
    # Labels no line belongs to (or an article without lines): the label alone.
    for label in labels:
        if label in shown or (not grouped and shown):
            continue
        _at(f"{label}（{side_zh}）", f"{label} ({side_en})")
        p = _cell_paragraph(cell, level=0)
        _run(p, label, bold=True)
        if lines:
            _run(p, "\u3000")
            _run(p, "（条文内容未列出）", italic=True, color=LACUNA)


def _placeholder(cell, text: str, *, grey: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = _cell_paragraph(cell, align=WD_ALIGN_PARAGRAPH.CENTER)
    if grey:
        _run(p, text, italic=True, color=LACUNA)
    else:
        _run(p, text)


def _item_note(article: dict, decisions: list[str]) -> str | None:
    item = article.get("item")
    if not item:
        return None
    causes = article.get("causes") or []
    sources = []
    for c in causes:
        if c.get("decision") not in sources:
            sources.append(c.get("decision"))
    if len(sources) > 1:  # context.py already wrote "《…》第X项；…"
        return item
    if len(decisions) > 1 and sources and sources[0]:
        return f"{sources[0]}第{item}项"
    return f"决定第{item}项"


def _notes(article: dict, decisions: list[str]) -> list[str]:
    notes = ["条文序号调整" if article["kind"] == "renumbered" else article["kind_zh"]]
    item = _item_note(article, decisions)
    if item:
        notes.append(item)
    old_div, new_div = article.get("division_old"), article.get("division_new")
    if old_div and new_div and old_div != new_div:
        notes.append(f"由{old_div}移至{new_div}")
    return notes


def _fill_row(row, article: dict, decisions: list[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    left, right, note = row.cells
    kind = article["kind"]
    if article["old"]:
        _fill_side(left, article, "old")
    else:
        _placeholder(left, "（原文不详）" if kind == "unresolved" else "（无）",
                     grey=kind == "unresolved")
    if article["new"]:
        _fill_side(right, article, "new")
    else:
        _placeholder(right, "（无对应条文）" if kind == "unresolved" else "（删去）",
                     grey=kind == "unresolved")
    name = article["new"] or article["old"] or ""
    _at(f"{name}的说明栏", f"the notes of {name}")
    for text in _notes(article, decisions):
        p = _cell_paragraph(note, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, text, size=NOTE_PT)


def _fill_heading_row(row, h: dict) -> None:
    """A division heading renamed, added or deleted: the old heading (struck when deleted),
    the new one (underlined), and 章节标题修改 / 增加 / 删去 with its item."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    left, right, note = row.cells
    name = h["new"] or h["old"] or ""
    _at(f"章节标题{name}", f"the heading {name}")
    if h["old"]:
        p = _cell_paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER)
        if h["kind"] == "deleted":
            _run(p, h["old"], bold=True, strike=True, color=DELETED)
        else:
            _run(p, h["old"], bold=True)
    else:
        _placeholder(left, "（无）")
    if h["new"]:
        p = _cell_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, h["new"], bold=True, underline=True, color=INSERTED)
    else:
        _placeholder(right, "（删去）")
    for text in [f"章节{h['kind_zh']}"] + ([h["item_zh"]] if h["item_zh"] else []):
        p = _cell_paragraph(note, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, text, size=NOTE_PT)


def _heading_block(document, ctx: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    center = WD_ALIGN_PARAGRAPH.CENTER
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    first.paragraph_format.alignment = center
    first.paragraph_format.space_after = Pt(6)
    _at("标题", "the title")
    _run(first, f"《{ctx['title']}》修改前后对照表", font=HEADING, size=TITLE_PT)

    p = _paragraph(document, align=center)
    _at("版本名称", "the version names")
    _run(p, f"{ctx['old']['name']} → {ctx['new']['name']}", size=SUBTITLE_PT)
    for k, decision in enumerate(ctx["decisions"], 1):
        p = _paragraph(document, align=center)
        _at(f"第{k}个决定的名称", f"the name of decision {k}")
        _run(p, f"依据：{decision}")
    _at("摘要", "the summary")
    summary = " · ".join(f"{s['label']} {s['count']}" for s in ctx.get("summary_zh", []))
    p = _paragraph(document, align=center)
    p.paragraph_format.space_before = Pt(6)
    _run(p, f"条文 {ctx['old']['articles']} → {ctx['new']['articles']}" +
         (f"：{summary}" if summary else ""))
    p = _paragraph(document)
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(6)
    _run(p, LEGEND + ("" if ctx.get("full_table", True) else LEGEND_ONCE), size=9, color=LACUNA)


def _table(document, ctx: dict) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Emu

    rows = [a for a in ctx["articles"] if a["kind"] != "unchanged"]
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    total = Cm(PAGE_W - 2 * MARGIN_LR)
    widths = [Emu(int(total * share)) for share in COLUMNS]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width

    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, HEADER, widths, strict=True):
        cell.width = width
        _shade(cell, "D9D9D9")
        p = _cell_paragraph(cell, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, text, font=HEADING, bold=True)

    for h in ctx.get("headings", []):
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        _fill_heading_row(row, h)
    for article in rows:
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        _fill_row(row, article, ctx["decisions"])
    if not rows and not ctx.get("headings"):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[2])
        _placeholder(merged, "两个版本的条文没有差异。")


def comparison_table(ctx: dict) -> bytes:
    """The 修改前后对照表 of ``ctx`` (a ``redline_context`` dict) as .docx bytes."""
    docx = _docx()
    found = _Found()
    token = _FOUND.set(found)
    try:
        document = docx.Document()
        _setup(document)
        _heading_block(document, ctx)
        _table(document, ctx)
    finally:
        _FOUND.reset(token)
    if found.found:
        raise ControlCharacterError(found.found)
    _fix_package(document, f"《{ctx['title']}》修改前后对照表")
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())
